"""Which published areas are the municipality's own, its comparison group and the country.

One matching rule everywhere (``docs/national.md``, «Områder»): names compare by
:func:`area_key` (case, a trailing «Kommune» and spacing do not matter); when both the
published row and the municipality's sheet give a three-digit code, the codes decide.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from toolkit.published.areas import area_key
from toolkit.register import Economy, National
from toolkit.schema import COUNTRY_CODE

COUNTRY_NAME = "Hele landet"
GROUP_NAME = "Sammenligningsgruppen"


@dataclass(frozen=True)
class Area:
    """One area as the pages name it: ``name`` is the Danish display name."""

    name: str
    key: str
    code: str | None


@dataclass(frozen=True)
class Areas:
    """The own municipality, its comparison group and the country, with what did not match."""

    own: Area | None
    group: tuple[Area, ...]
    country: Area
    # Danish sentences: own municipality not named / not in the data, a group member not found
    problems: tuple[str, ...]


COUNTRY = Area(COUNTRY_NAME, area_key(COUNTRY_NAME), COUNTRY_CODE)


def area_rows(frame: pd.DataFrame, area: Area) -> pd.Series:
    """Which rows of a national table (columns ``area``, ``area_code``) are ``area``."""
    codes = frame["area_code"]
    by_code = codes.notna() & (codes == area.code) if area.code else False
    by_name = frame["area"].map(area_key) == area.key
    if area.code is None:
        return by_name
    # Codes win when both sides have one; a row without a code falls back on its name.
    return pd.Series(by_code, index=frame.index) | (codes.isna() & by_name)


def resolve_areas(economy: Economy, national: National) -> Areas:
    """The areas to show, from the sheets Kommune and Sammenligningskommuner in oekonomi.xlsx.

    ``problems`` says, in Danish, what a reader must know: the municipality is not named, or
    the municipality or a comparison municipality is not in the published figures (only
    checked when there are published figures to look in).
    """
    problems: list[str] = []
    published = _published_areas(national)
    own = _own_area(economy)
    if own is None:
        problems.append(
            "Kommunens navn står ikke i arket Kommune i oekonomi.xlsx, så kommunens egne tal "
            "kan ikke findes i de nationale tal."
        )
    elif len(published) and not area_rows(published, own).any():
        problems.append(f"{own.name} findes ikke i de nationale tal (Jobindsats og Befolkning).")
    group: list[Area] = []
    for row in economy.comparison_group.itertuples(index=False):
        member = _area(str(row.name), row.code)
        if own is not None and _same(member, own):
            continue  # the municipality is shown as itself, not also as its own comparison
        if any(_same(member, earlier) for earlier in group):
            continue  # «Vejle» and «Vejle Kommune» are one member, counted once in the pool
        group.append(member)
        if len(published) and not area_rows(published, member).any():
            problems.append(
                f"Sammenligningskommunen {member.name} findes ikke i de nationale tal; den "
                "tæller ikke med i sammenligningsgruppen."
            )
    return Areas(own, tuple(group), COUNTRY, tuple(problems))


def _own_area(economy: Economy) -> Area | None:
    name, code = economy.municipality_name, economy.municipality_code
    if name is None:
        return None
    return _area(name, code)


def _area(name: str, code: object) -> Area:
    text = str(code).strip() if isinstance(code, str) and code.strip() else None
    return Area(" ".join(name.split()), area_key(name), text)


def _same(one: Area, other: Area) -> bool:
    if one.code and other.code:
        return one.code == other.code
    return one.key == other.key


def _published_areas(national: National) -> pd.DataFrame:
    """Every distinct (area, area_code) in the national tables."""
    frames = [t.loc[:, ["area", "area_code"]] for t in national.tables().values()]
    return pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)
