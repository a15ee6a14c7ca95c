"""The indicator catalogue: one small pure function per indicator, registered with its facts.

The function name is the indicator's id, its value in the tidy output's ``indicator``
column, its chart field and its test prefix. The decorator keeps the Danish label, unit and
definition next to the code, so dashboards, briefings, exports and the docs page all read
the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from toolkit.indicators.context import Context

Compute = Callable[[Context], pd.DataFrame]

FAMILIES = {
    "volume": "Omfang",
    "cost": "Økonomi pr. afdeling",
    "process": "Proces og kvalitet",
    "outcome": "Resultater",
}

# Dimension column -> Danish header, for every dimension any indicator may use.
DIMENSIONS = {
    "scheme": "Ordning",
    "exit_reason": "Afslutningsårsag",
    "case_type": "Sagstype",
    "recommendation": "Indstilling",
    "department": "Afdeling",
    "coordinating_department": "Koordinerende afdeling",
    "intervention_type": "Indsatstype",
    "refusal_reason": "Afvisningsårsag",
    "benefit": "Ydelse",
    "support_at_entry": "Forsørgelse ved start",
    "age_band": "Aldersgruppe",
    "horizon": "Måneder efter forløbet",
    "status": "Status efter forløbet",
}


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str  # Danish, short: a chart title
    definition: str  # Danish, one or two sentences a department head understands
    unit: str  # Danish unit as shown next to a value: "personer", "kr.", "dage", "%"
    family: str
    dimensions: tuple[str, ...]
    higher_is_better: bool | None  # None: neither (a volume, a cost)
    compute: Compute
    source: str = ""  # e.g. "Jobindsats: fuldtidspersoner" where the definition follows one
    about_persons: bool = True  # False: no persons behind the value (budgets), n is blank


REGISTRY: dict[str, Indicator] = {}


def indicator(
    *,
    label: str,
    definition: str,
    unit: str,
    family: str,
    dimensions: tuple[str, ...] = (),
    higher_is_better: bool | None = None,
    source: str = "",
    about_persons: bool = True,
) -> Callable[[Compute], Compute]:
    """Register the decorated function as an indicator named after the function."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimensions {unknown}")

    def register(compute: Compute) -> Compute:
        name = compute.__name__
        if name in REGISTRY:
            raise ValueError(f"indicator {name} registered twice")
        REGISTRY[name] = Indicator(
            name,
            label,
            definition,
            unit,
            family,
            dimensions,
            higher_is_better,
            compute,
            source,
            about_persons,
        )
        return compute

    return register


def get(indicator_id: str) -> Indicator:
    try:
        return REGISTRY[indicator_id]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise KeyError(f"Ukendt indikator «{indicator_id}». Kendte: {known}.") from None
