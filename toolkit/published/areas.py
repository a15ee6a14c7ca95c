"""Published areas: which rows are municipalities or the country, and their codes.

Codes come from a «101 København» label, else from ``toolkit/data/municipalities.csv``
(Danmarks Statistik's 98 municipalities and 000 Hele landet). A name that is not there (the
sample's fictional «Eksempel») simply has no code. Regions, RAR areas and «Uoplyst område»
are not compared with a municipality: the caller skips them and says how many.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_CODE_LABEL = re.compile(r"(\d{3})\s+(\S.*)", re.ASCII)
_SKIPPED = re.compile(r"(region|rar|landsdel)\b|uoplyst", re.IGNORECASE)
_TRAILING_KOMMUNE = re.compile(r"\s+kommune$")


@dataclass(frozen=True)
class PublishedArea:
    name: str  # as published, without a «101 » code prefix
    code: str | None


def read_area(raw: object) -> PublishedArea | None:
    """The area of a row, or None when it is a region, RAR area or unknown area."""
    return _read_area(str(raw if raw is not None else ""))


def is_skipped(raw: object) -> bool:
    return _is_skipped(str(raw if raw is not None else ""))


@lru_cache(maxsize=4096)  # a file names the same hundred areas over and over
def _read_area(raw: str) -> PublishedArea | None:
    text = " ".join(raw.split())
    code: str | None = None
    if match := _CODE_LABEL.fullmatch(text):
        code, text = match[1], match[2]
    if not text or _SKIPPED.match(text):
        return None
    code = code or municipality_codes().get(area_key(text))
    # A known municipality is stored under its one name, so «Vejle Kommune» in a new file
    # replaces the stored «Vejle» rows instead of standing beside them.
    return PublishedArea(municipality_names().get(code, text) if code else text, code)


@lru_cache(maxsize=4096)
def _is_skipped(raw: str) -> bool:
    text = " ".join(raw.split())
    if match := _CODE_LABEL.fullmatch(text):
        text = match[2]
    return bool(_SKIPPED.match(text))


@cache
def _shipped_list() -> tuple[tuple[str, str], ...]:
    """(code, name) of the country and the 98 municipalities, from the shipped list."""
    path = resources.files("toolkit").joinpath("data/municipalities.csv")
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple((row["code"], row["name"]) for row in csv.DictReader(lines))


@cache
def municipality_codes() -> dict[str, str]:
    """Lookup name -> three-digit code, from the shipped list."""
    return {area_key(name): code for code, name in _shipped_list()}


@cache
def municipality_names() -> dict[str, str]:
    """Three-digit code -> the name as Danmarks Statistik writes it."""
    return dict(_shipped_list())


def area_key(name: str) -> str:
    """The name as areas are compared everywhere (the shipped list, the comparison group, the
    published rows): casefolded, spaces collapsed, a trailing «kommune» dropped, so «Vejle
    Kommune», «vejle» and «Vejle  » are the same area."""
    return _TRAILING_KOMMUNE.sub("", " ".join(name.casefold().split()))


def municipality_count() -> int:
    """How many municipalities there are (98): a benchmark ranking all of them says «af 98»."""
    return sum(1 for code, _ in _shipped_list() if code != "000")
