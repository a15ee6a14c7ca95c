"""The ministry's benchmark (Jobindsats Y30R21) for the municipality, its group and the country.

Published figures, shown as published (``docs/national.md``, «Benchmark»).
"""

from __future__ import annotations

import pandas as pd

from toolkit.national.areas import Area, area_rows, resolve_areas
from toolkit.register import Economy, National

COLUMNS = {
    "period": "str",
    "period_kind": "str",
    "role": "str",
    "area": "str",
    "expected": "float64",
    "actual": "float64",
    "difference": "float64",
    "rank": "Int64",
    "ranked": "Int64",
    "mark": "str",
}


def benchmark_places(
    economy: Economy, national: National, *, group: str = "Ydelsesgrupper i alt"
) -> pd.DataFrame:
    """The benchmark rows of the own municipality, the group members and the country.

    Columns: period, period_kind, role («own», «group», «country»), area (display name),
    expected, actual, difference, rank (Int64|NA: 1 is best), ranked (how many areas have a
    rank in that period: «nr. 12 af 98»), mark (the publisher's). Sorted by period, then
    role, then the order of the sheet Sammenligningskommuner.
    """
    areas = resolve_areas(economy, national)
    published = national.benchmark
    published = published[published["group"] == group]
    ranked = published[published["rank"].notna()].groupby("period")["area"].nunique()
    roles: list[tuple[str, Area]] = []
    if areas.own is not None:
        roles.append(("own", areas.own))
    roles += [("group", member) for member in areas.group]
    roles.append(("country", areas.country))
    parts = []
    for order, (role, area) in enumerate(roles):
        rows = published[area_rows(published, area)]
        parts.append(rows.assign(role=role, area=area.name, order=order))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})
    out = pd.concat(parts, ignore_index=True).sort_values(["period", "order"], kind="stable")
    out["ranked"] = out["period"].map(ranked).fillna(0)
    return out.loc[:, list(COLUMNS)].astype(COLUMNS).reset_index(drop=True)
