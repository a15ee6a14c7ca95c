"""Published counts per 1.000 16-66-årige for the municipality, its group and the country.

The rules (pooling the group, a member with the publisher's mark, the population quarter)
are written in Danish in ``docs/national.md``, «Pr. 1.000 16-66-årige». Published counts are
not suppressed again: they keep the publisher's own marks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK
from toolkit.national.areas import GROUP_NAME, Area, area_rows, resolve_areas
from toolkit.national.population import population_for
from toolkit.register import Economy, National
from toolkit.schema import NATIONAL_MEASURE, NATIONAL_SCHEME, PERIOD_KIND

PER = 1000
ROLES = ("own", "group", "country")
COLUMNS = {
    "scheme": "str",
    "period": "str",
    "period_kind": "str",
    "role": "str",
    "area": "str",
    "count": "float64",
    "population": "Int64",
    "rate_per_1000": "float64",
    "mark": "str",
    "areas_counted": "Int64",
    "areas_in_group": "Int64",
}


@dataclass(frozen=True)
class _Figure:
    """One area's published count and population for one scheme and period."""

    count: float
    mark: str | None
    population: int | None


def rates(
    economy: Economy, national: National, *, measure: str = "persons", period_kind: str = "quarter"
) -> pd.DataFrame:
    """One row per scheme × period × role (own, group, country).

    Columns: scheme (NATIONAL_SCHEME code), period (label), period_kind, role, area (the
    municipality's name, «Sammenligningsgruppen», «Hele landet»), count (the published
    count; group: the pooled sum over members with both a count and a population),
    population (Int64|NA), rate_per_1000, mark (the publisher's mark, or «–» when the rate
    cannot be computed), areas_counted and areas_in_group (group only). A period is listed
    when any area of the three has a row for it.
    """
    if measure not in NATIONAL_MEASURE.codes:
        raise ValueError(f"Ukendt måletal: {measure!r}.")
    if period_kind not in PERIOD_KIND.codes:
        raise ValueError(f"Ukendt periodetype: {period_kind!r}.")
    areas = resolve_areas(economy, national)
    published = national.jobindsats
    published = published[
        (published["measure"] == measure) & (published["period_kind"] == period_kind)
    ]
    shown = [area for area in (areas.own, *areas.group, areas.country) if area is not None]
    counts = {area: _published_by_key(published[area_rows(published, area)]) for area in shown}
    populations = {area: _persons_by_quarter(national.population, area) for area in shown}
    rows: list[dict[str, object]] = []
    for scheme in NATIONAL_SCHEME.codes:
        periods = sorted({p for by_key in counts.values() for s, p in by_key if s == scheme})
        for period in periods:
            figures = {
                area: _figure(counts[area].get((scheme, period)), populations[area], period)
                for area in shown
            }
            base = {"scheme": scheme, "period": period, "period_kind": period_kind}
            if areas.own is not None:
                rows.append(base | _single("own", areas.own.name, figures[areas.own]))
            if areas.group:
                rows.append(base | _pooled([figures[member] for member in areas.group]))
            rows.append(base | _single("country", areas.country.name, figures[areas.country]))
    return _frame(rows)


def _published_by_key(rows: pd.DataFrame) -> dict[tuple[str, str], tuple[float, str | None]]:
    """(scheme, period) -> (value, the publisher's mark) of one area's rows."""
    return {
        (str(scheme), str(period)): (float(value), None if pd.isna(mark) else str(mark))
        for scheme, period, value, mark in zip(
            rows["scheme"], rows["period"], rows["value"], rows["mark"], strict=True
        )
    }


def _persons_by_quarter(population: pd.DataFrame, area: Area) -> dict[str, int]:
    rows = population[area_rows(population, area) & (population["period_kind"] == "quarter")]
    known = rows[rows["persons_16_66"].notna()]
    return dict(zip(known["period"], known["persons_16_66"].astype("int64"), strict=True))


def _figure(
    published: tuple[float, str | None] | None, persons_by_quarter: dict[str, int], period: str
) -> _Figure:
    population = population_for(persons_by_quarter, period)
    if published is None:
        return _Figure(np.nan, None, population)
    return _Figure(published[0], published[1], population)


def _single(role: str, name: str, figure: _Figure) -> dict[str, object]:
    computable = not np.isnan(figure.count) and bool(figure.population)
    rate = figure.count / figure.population * PER if computable and figure.population else np.nan
    mark = figure.mark if figure.mark is not None else (None if computable else NOT_COMPUTABLE_MARK)
    return {
        "role": role,
        "area": name,
        "count": figure.count,
        "population": figure.population,
        "rate_per_1000": rate,
        "mark": mark,
    }


def _pooled(members: list[_Figure]) -> dict[str, object]:
    """The group as one area: a member with a publisher's mark or without a population is
    left out of both sums, never counted as 0."""
    counted = [m for m in members if not np.isnan(m.count) and m.population]
    count = float(sum(m.count for m in counted)) if counted else np.nan
    population = sum(m.population or 0 for m in counted) if counted else None
    return {
        "role": "group",
        "area": GROUP_NAME,
        "count": count,
        "population": population,
        "rate_per_1000": count / population * PER if population else np.nan,
        "mark": None if counted else NOT_COMPUTABLE_MARK,
        "areas_counted": len(counted),
        "areas_in_group": len(members),
    }


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype(COLUMNS)
