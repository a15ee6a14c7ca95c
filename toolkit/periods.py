"""Calendar periods: months, quarters and years, their labels and the default as-of date.

The tidy indicator output names its periods ``2024-03`` (month), ``2024-Q1`` (quarter) and
``2024`` (year); people read them as "mar. 2024", "1. kvt. 2024" and "2024". Periods are
closed intervals of whole days (``end`` is the period's last day), the same convention as
every date range in the register. Pure functions, no I/O.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol, get_args

import numpy as np
import pandas as pd

Level = Literal["month", "quarter", "year"]
LEVELS: tuple[Level, ...] = get_args(Level)

# "maj" has no full stop: the whole name is already that short.
DANISH_MONTHS = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.",
                 "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")  # fmt: skip

_MONTHS_IN: dict[Level, int] = {"month": 1, "quarter": 3, "year": 12}
# ASCII digits only: \d alone would also take other scripts' digits, which int() accepts.
_MONTH_LABEL = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_QUARTER_LABEL = re.compile(r"(\d{4})-[Qq]([1-4])", re.ASCII)
_YEAR_LABEL = re.compile(r"\d{4}", re.ASCII)


@dataclass(frozen=True)
class Period:
    """One month, quarter or year: ``start`` is its first day, ``end`` its last (inclusive)."""

    level: Level
    start: date
    end: date

    def __post_init__(self) -> None:
        # A Period built by hand must be the one period_of() gives, or its label and its day
        # count would silently disagree.
        level = _check_level(self.level)
        if (self.start, self.end) != _bounds(self.start, level):
            raise ValueError(f"{self.start}–{self.end} er ikke en hel {_danish_level(level)}.")

    @property
    def label(self) -> str:
        """'2024-03', '2024-Q1' or '2024': the period value in the tidy output."""
        if self.level == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.level == "quarter":
            return f"{self.start.year:04d}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year:04d}"

    @property
    def danish(self) -> str:
        """'mar. 2024', '1. kvt. 2024' or '2024': the period as a reader sees it."""
        if self.level == "month":
            return f"{DANISH_MONTHS[self.start.month - 1]} {self.start.year}"
        if self.level == "quarter":
            return f"{(self.start.month - 1) // 3 + 1}. kvt. {self.start.year}"
        return str(self.start.year)

    @property
    def days(self) -> int:
        """Calendar days in the period, both ends counted."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        # A datetime (or pandas Timestamp) is a date subclass that refuses to compare with a
        # plain date, so it is reduced to its day first.
        if isinstance(day, datetime):
            day = day.date()
        return self.start <= day <= self.end


def _danish_level(level: Level) -> str:
    return {"month": "måned", "quarter": "kvartal", "year": "år"}[level]


def _check_level(level: str) -> Level:
    if level not in _MONTHS_IN:
        raise ValueError(f"Ukendt periodeniveau: {level!r} (brug {', '.join(LEVELS)}).")
    return level


def _first_month_index(day: date, level: Level) -> int:
    """Months since January of year 0 to the first month of the period holding ``day``."""
    months = _MONTHS_IN[level]
    return day.year * 12 + (day.month - 1) // months * months


def _bounds_of_index(index: int, level: Level) -> tuple[date, date]:
    year, month0 = divmod(index, 12)
    last_month = month0 + _MONTHS_IN[level]
    return date(year, month0 + 1, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def _bounds(day: date, level: Level) -> tuple[date, date]:
    return _bounds_of_index(_first_month_index(day, level), level)


def period_of(day: date, level: Level) -> Period:
    """The month, quarter or year that ``day`` falls in."""
    level = _check_level(level)
    return Period(level, *_bounds(day, level))


def periods_between(first: date, last: date, level: Level) -> list[Period]:
    """Every period that touches [first, last], in calendar order."""
    level = _check_level(level)
    if last < first:
        raise ValueError(f"Slutdatoen {last:%d-%m-%Y} ligger før startdatoen {first:%d-%m-%Y}.")
    step = _MONTHS_IN[level]
    begin = _first_month_index(first, level)
    stop = _first_month_index(last, level)
    return [period_of(date(i // 12, i % 12 + 1, 1), level) for i in range(begin, stop + 1, step)]


def parse_period(label: str) -> Period:
    """'2024-03', '2024-Q1' or '2024' -> the Period; a Danish ValueError for anything else."""
    text = label.strip()
    if match := _MONTH_LABEL.fullmatch(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return period_of(date(year, month, 1), "month")
    elif match := _QUARTER_LABEL.fullmatch(text):
        return period_of(date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1), "quarter")
    elif _YEAR_LABEL.fullmatch(text) and int(text) >= 1:
        return period_of(date(int(text), 1, 1), "year")
    raise ValueError(
        f"Ukendt periode: {label!r}. Skriv en måned som åååå-mm (fx 2024-03), et kvartal som "
        "åååå-Qn (fx 2024-Q1) eller et år som åååå (fx 2024)."
    )


def parse_month(text: str) -> date:
    """'2024-03' -> date(2024, 3, 1); the reader of ``--from``/``--to``."""
    match = _MONTH_LABEL.fullmatch(text.strip())
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1:
        return date(int(match[1]), int(match[2]), 1)
    raise ValueError(f"Ugyldig måned: {text!r}. Skriv måneden som åååå-mm, fx 2024-03.")


def label_series(dates: pd.Series, level: Level) -> pd.Series:
    """The period label of every date in a datetime64 column (NaT gives NA), vectorised.

    Only the distinct periods are formatted in Python; a million rows take milliseconds.
    """
    level = _check_level(level)
    months = dates.to_numpy(dtype="datetime64[M]")  # whole months since 1970-01, NaT kept
    missing = np.isnat(months)
    step = _MONTHS_IN[level]
    # Floor division keeps dates before 1970 in the right period.
    first_month = (months[~missing].astype(np.int64) + 1970 * 12) // step * step
    codes = np.full(len(months), -1, dtype=np.int64)
    codes[~missing], uniques = pd.factorize(first_month)
    labels = [Period(level, *_bounds_of_index(int(i), level)).label for i in uniques]
    # Code -1 (NaT) picks the trailing None, which the str dtype stores as missing.
    lookup = np.array([*labels, None], dtype=object)
    return pd.Series(lookup[codes], index=dates.index, name=dates.name, dtype="str")


class HasTables(Protocol):
    """Anything with the Register's ``tables()`` (a Register, an Economy, a test double)."""

    def tables(self) -> dict[str, pd.DataFrame]: ...


# Dates that lie ahead by design: a planned end says nothing about how far the data reach.
_NOT_OBSERVED = frozenset({"planned_end"})


# Where the register's observed history begins: courses, requests and meetings.
_FIRST_COLUMNS = {"courses": "start", "interventions": "requested", "meetings": "date"}


def first_date(register: HasTables) -> date | None:
    """The first day the register describes: the earliest course start, intervention
    request or meeting (None for an empty register)."""
    tables = register.tables()
    starts = [tables[name][column].min() for name, column in _FIRST_COLUMNS.items()
              if name in tables and column in tables[name]]  # fmt: skip
    known = [d for d in starts if pd.notna(d)]
    return min(known).date() if known else None


def as_of_default(register: HasTables, today: date | None = None) -> date:
    """The last date anywhere in the register's date columns, but never after today: the
    indicators' default as-of.

    Planned dates (``planned_end``) are left out: they are intentions, often in the future,
    and would make running courses accrue cost for days that have not happened. A mistyped
    year (2042 for 2024) cannot move the as-of date into the future either.
    """
    last: pd.Timestamp | None = None
    for frame in register.tables().values():
        for name in frame.columns:
            column = frame[name]
            if name in _NOT_OBSERVED or not pd.api.types.is_datetime64_any_dtype(column):
                continue
            top = column.max()
            if pd.notna(top) and (last is None or top > last):
                last = top
    if last is None:
        raise ValueError("Registret indeholder ingen datoer, så der er ingen opgørelsesdato. "
                         "Angiv den med --as-of.")  # fmt: skip
    return min(last.date(), today or date.today())


def periods_frame(periods: Sequence[Period]) -> pd.DataFrame:
    """period, start, end (datetime64[us]) and days per period: for vectorised overlap maths."""
    return pd.DataFrame({
        "period": pd.Series([p.label for p in periods], dtype="str"),
        "start": pd.Series([p.start for p in periods], dtype="datetime64[us]"),
        "end": pd.Series([p.end for p in periods], dtype="datetime64[us]"),
        "days": pd.Series([p.days for p in periods], dtype="int64"),
    })  # fmt: skip
