"""One published cell: a number or the publisher's mark, and a period in our notation.

Publishers write numbers as JSON numbers or as text with a decimal comma, a thousands dot
and non-breaking spaces; in place of a number they write a mark (``..`` for
«diskretioneret», ``-`` for nothing, …). A mark is kept as written, never turned into 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

# The marks Jobindsats and Statistikbanken put in place of a number; compared casefolded.
MARKS = frozenset({"..", "...", ".", "-", "–", "—", "*", "x", "(x)", ":", "null", "none", "nan"})
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_THOUSANDS_ONLY = re.compile(r"-?\d{1,3}(?:\.\d{3})+", re.ASCII)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)


class BadCell(ValueError):
    """Not a number and not a known mark; ``args[0]`` is one Danish sentence."""


@dataclass(frozen=True)
class Cell:
    """``value`` is NaN when the publisher wrote a mark (``mark``) or nothing (``mark`` None)."""

    value: float
    mark: str | None

    @property
    def missing(self) -> bool:
        return math.isnan(self.value)


EMPTY = Cell(math.nan, None)


def parse_cell(raw: object) -> Cell:
    """The number or mark in ``raw``; raises BadCell for anything else."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return EMPTY
    if isinstance(raw, bool):
        raise BadCell("Cellen skal rumme et tal, men rummer en sandhedsværdi.")
    if isinstance(raw, int | float):
        if math.isinf(raw):
            raise BadCell("Cellen rummer et uendeligt tal.")
        return Cell(float(raw), None)
    text = str(raw).strip()
    if not text:
        return EMPTY
    if text.casefold() in MARKS:
        return Cell(math.nan, text)
    compact = _SPACES.sub("", text)
    if "," in compact:
        compact = compact.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.fullmatch(compact):
        compact = compact.replace(".", "")  # Danish thousands: «1.234» is 1234, not 1,234
    if not _NUMBER.fullmatch(compact):
        raise BadCell("Cellen skal rumme et tal eller udgiverens tegn (fx ..), men rummer tekst.")
    return Cell(float(compact), None)


@dataclass(frozen=True)
class ParsedPeriod:
    label: str  # "2024-03", "2024-Q1", "2024"
    kind: str  # a PERIOD_KIND code


_MONTH = re.compile(r"(\d{4})\s*M(\d{2})", re.ASCII | re.IGNORECASE)
_QUARTER = re.compile(r"(\d{4})\s*[QK]([1-4])", re.ASCII | re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})(?:\s*Y)?", re.ASCII | re.IGNORECASE)
_ROLLING = re.compile(r"(\d{4})\s*QMAT0?([1-4])", re.ASCII | re.IGNORECASE)
_OURS_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_OURS_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.ASCII)


def parse_period(raw: object) -> ParsedPeriod | None:
    """Jobindsats' 2024M01, 2024Q1, 2024 (or 2024Y) and 2023QMAT02, Statistikbanken's
    2024K1, and our own 2024-01 / 2024-Q1; None for anything else."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a year typed into an Excel cell comes back as 2024.0
    return _parse_period_text(str(raw).strip() if raw is not None else "")


@lru_cache(maxsize=4096)  # a file names the same few hundred periods over and over
def _parse_period_text(text: str) -> ParsedPeriod | None:
    if match := _ROLLING.fullmatch(text):
        return ParsedPeriod(f"{match[1]}-Q{match[2]}", "rolling_year")
    for pattern in (_MONTH, _OURS_MONTH):
        if (match := pattern.fullmatch(text)) and 1 <= int(match[2]) <= 12:
            return ParsedPeriod(f"{match[1]}-{match[2]}", "month")
    for pattern in (_QUARTER, _OURS_QUARTER):
        if match := pattern.fullmatch(text):
            return ParsedPeriod(f"{match[1]}-Q{match[2]}", "quarter")
    if match := _YEAR.fullmatch(text):
        return ParsedPeriod(match[1], "year")
    return None


def looks_like_period(raw: object) -> bool:
    """A header cell that names a period, as the columns of a wide download do."""
    return raw not in (None, "") and parse_period(raw) is not None


def shown(raw: object) -> str:
    """A cell as the report quotes it (short, one line)."""
    text = " ".join(str(raw).split())
    return text if len(text) <= 60 else f"{text[:57]}…"
