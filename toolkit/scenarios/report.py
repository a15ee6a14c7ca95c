"""The one assembly of scenario results: every scenario projected against one baseline,
summarised, who pays and who gains, the assumptions it rests on and, when the caller asks
for it, the sensitivity (tornado and break-even effect).

The Scenarier page, ``tvaerblik scenario`` and the briefing all take their numbers from
:func:`scenario_report`; :mod:`toolkit.scenarios.export` writes a report out. The
sensitivity costs eleven projections a scenario, so it is computed only on request: the
briefing does not show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from toolkit.scenarios.baseline import Baseline
from toolkit.scenarios.model import OUTCOMES, PURSES, Scenario, scheme_label
from toolkit.scenarios.projection import consequence_prices, project_all
from toolkit.scenarios.results import summary, who_pays_who_gains, yearly
from toolkit.scenarios.sensitivity import break_even_effect, effect_label, sensitivity

TABLES = ("projection", "yearly", "summary", "who_pays", "sensitivity", "assumptions")
CAVEAT = (
    "Scenarier er beslutningsstøtte, ikke beslutningsgrundlag: de regner kun på de "
    "antagelser, der står i scenariet. Progression og livskvalitet for borgerne tæller også."
)


@dataclass(frozen=True)
class ScenarioReport:
    """Everything the page, the command and the briefing show about a set of scenarios.

    ``sensitivity`` is None, and ``summary`` has no ``break_even_effect_factor`` column,
    when the report was assembled without the sensitivity."""

    scenarios: tuple[Scenario, ...]
    base_year: int
    version: str | None
    projection: pd.DataFrame  # scenario, year, department, purse, item, amount, derived
    yearly: pd.DataFrame  # per scenario, year and scope: net and cumulative
    summary: pd.DataFrame  # one row per scenario
    who_pays: pd.DataFrame  # per scenario and department
    assumptions: pd.DataFrame  # every effect and consequence price, with its source
    sensitivity: pd.DataFrame | None  # the tornado of every scenario

    def table(self, name: str) -> pd.DataFrame:
        """One of :data:`TABLES`; ValueError for the sensitivity of a report without it."""
        if name not in TABLES:
            raise KeyError(name)
        frame: pd.DataFrame | None = getattr(self, name)
        if frame is None:
            raise ValueError(f"the report was assembled without the {name}")
        return frame


def scenario_report(
    baseline: Baseline, scenarios: Sequence[Scenario], *, with_sensitivity: bool = False
) -> ScenarioReport:
    """Project and summarise every scenario against ``baseline``; with ``with_sensitivity``
    also the tornado and the break-even effect size of each.

    Raises :class:`toolkit.scenarios.ScenarioError` (Danish) when a scenario needs a fact
    the baseline does not have.
    """
    departments = dict(baseline.departments)
    projection = project_all(baseline, scenarios)
    summary_frame = summary(projection, scenarios, departments=departments)
    tornado: pd.DataFrame | None = None
    if with_sensitivity:
        tornados = [sensitivity(baseline, s) for s in scenarios]
        tornado = pd.concat(tornados, ignore_index=True) if tornados else _empty_tornado()
        factors = {s.scenario_id: break_even_effect(baseline, s).multiplier for s in scenarios}
        summary_frame["break_even_effect_factor"] = pd.Series(
            [factors[s] for s in summary_frame["scenario"]], dtype="Float64"
        )
    return ScenarioReport(
        scenarios=tuple(scenarios),
        base_year=baseline.base_year,
        version=baseline.version,
        projection=projection,
        yearly=yearly(projection, scenarios, departments=departments),
        summary=summary_frame,
        who_pays=who_pays_who_gains(projection, departments=departments),
        assumptions=assumptions(baseline, scenarios),
        sensitivity=tornado,
    )


def assumptions(baseline: Baseline, scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """Every effect and consequence price a scenario rests on, with its source; derived
    prices are marked "afledt" and entered ones without a source "uden kilde"."""
    rows: list[dict[str, Any]] = []
    for scenario in scenarios:
        for effect in scenario.effects:
            outcome = OUTCOMES.get(effect.outcome)
            unit = outcome.unit if outcome else ""
            rows.append(
                {
                    "scenario": scenario.scenario_id,
                    "kind": "effekt",
                    "what": effect_label(effect),
                    "value": effect.size,
                    "unit": unit,
                    "source": effect.source or "",
                    "status": "uden kilde" if not effect.source else "",
                }
            )
        pairs = dict.fromkeys((e.outcome, e.scheme) for e in scenario.effects)
        for outcome_code, scheme in pairs:
            for price in consequence_prices(baseline, scenario, outcome_code, scheme):
                where = PURSES.get(price.purse, price.purse)
                if price.department:
                    where = f"{baseline.department_label(price.department)} ({where.lower()})"
                outcome = OUTCOMES.get(outcome_code)
                rows.append(
                    {
                        "scenario": scenario.scenario_id,
                        "kind": "konsekvenspris",
                        "what": f"{outcome.label if outcome else outcome_code}, "
                        f"{scheme_label(scheme)}: {where}",
                        "value": price.amount,
                        "unit": "kr. pr. helårsperson",
                        "source": price.source or "",
                        "status": "afledt"
                        if price.derived
                        else ("uden kilde" if not price.source else ""),
                    }
                )
    columns = ["scenario", "kind", "what", "value", "unit", "source", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: "str" for c in columns if c != "value"} | {"value": "float64"})


def _empty_tornado() -> pd.DataFrame:
    dtypes = {"scenario": "str", "parameter": "str", "label": "str", "net_base": "float64",
              "net_low": "float64", "net_high": "float64"}  # fmt: skip
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})
