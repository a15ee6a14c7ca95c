"""The political committees (udvalg) in the data and the departments under each.

Committees come from the sheet Afdelinger in oekonomi.xlsx (``economy.departments``, column
``committee``). A user may name one loosely: case does not matter, «ae», «oe» and «aa» stand
for «æ», «ø» and «å», the suffix «udvalget» may be left out (and with it the linking «s»:
«beskaeftigelse» is Beskæftigelsesudvalget), a department code (BESK) names its committee,
and an unambiguous beginning of at least three letters is enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit import formats
from toolkit.briefing.model import BriefingError
from toolkit.register import Economy

__all__ = ["BriefingError", "Committee", "committees", "normalise", "resolve"]

_SUFFIXES = ("udvalget", "udvalg")
_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


@dataclass(frozen=True)
class Committee:
    """A committee and its departments (codes and names, in the sheet's order)."""

    name: str
    departments: tuple[str, ...]
    department_names: tuple[str, ...]

    def department_label(self, code: str) -> str:
        return dict(zip(self.departments, self.department_names, strict=True)).get(code, code)


def normalise(text: str) -> str:
    """«Beskæftigelsesudvalget» and «beskaeftigelse» both give «beskaeftigelse»."""
    key = text.strip().lower().translate(_LETTERS)
    key = re.sub(r"[^a-z0-9]", "", key)
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    if key.endswith("s") and len(key) > 3:
        key = key[:-1]
    return key


def committees(economy: Economy) -> tuple[Committee, ...]:
    """Every committee named in the departments sheet, sorted by name (Danish letters last)."""
    frame = economy.departments
    if frame.empty or "committee" not in frame:
        return ()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for row in frame.itertuples(index=False):
        name = row.committee
        if not isinstance(name, str) or not name.strip():
            continue
        department_name = row.name if isinstance(row.name, str) and row.name else row.department
        grouped.setdefault(str(name).strip(), []).append(
            (str(row.department), str(department_name))
        )
    return tuple(
        Committee(
            name,
            tuple(code for code, _ in members),
            tuple(label for _, label in members),
        )
        for name, members in sorted(grouped.items(), key=lambda item: normalise(item[0]))
    )


def _listing(found: tuple[Committee, ...]) -> str:
    return formats.listing([c.name for c in found])


def resolve(economy: Economy, name: str) -> Committee:
    """The committee ``name`` means, or a ``BriefingError`` listing the committees."""
    found = committees(economy)
    if economy.departments.empty:
        raise BriefingError(
            "Der er ingen oekonomi.xlsx indlæst i denne data-version, så der er ingen udvalg "
            "at lave en briefing til. Indlæs oekonomi.xlsx (arket Afdelinger med kolonnen "
            "Udvalg) og prøv igen."
        )
    if not found:
        raise BriefingError(
            "Der er ingen udvalg i data: kolonnen Udvalg i arket Afdelinger (oekonomi.xlsx) "
            "er tom. Udfyld den og indlæs regnearket igen."
        )
    key = normalise(name)
    if not key:
        raise BriefingError(f"Angiv et udvalg. Udvalgene i data er {_listing(found)}.")
    exact = [c for c in found if normalise(c.name) == key]
    if exact:
        return exact[0]
    by_code = [c for c in found if any(d.lower() == name.strip().lower() for d in c.departments)]
    if len(by_code) == 1:
        return by_code[0]
    if len(key) >= 3:
        starts = [c for c in found if normalise(c.name).startswith(key)]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            raise BriefingError(
                f"«{name.strip()}» kan være flere udvalg: {_listing(tuple(starts))}. "
                "Skriv mere af navnet."
            )
    raise BriefingError(
        f"Udvalget «{name.strip()}» findes ikke i data. Udvalgene er {_listing(found)}."
    )
