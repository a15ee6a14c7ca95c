"""What a page's filters choose, as data: the :class:`Selection` and the register and rows it
keeps. No widgets here (an import contract says so), so the page data modules that build on
it are tested as data; the filter bar that produces a selection is
:class:`toolkit.ui.frame.FilterBar`.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from toolkit.periods import Level, Period, periods_between
from toolkit.register import Economy, Register


@dataclass(frozen=True)
class Selection:
    """What the filter bar says: whole months ``first``..``last`` (first days), the level,
    and the chosen codes (empty: all)."""

    first: date
    last: date
    level: Level = "month"
    departments: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # support_at_entry codes: the target group

    @property
    def periods(self) -> list[Period]:
        """The periods of ``level`` shown, from the one holding ``first`` to the one holding
        ``last``."""
        return periods_between(self.first, self.last, self.level)


def month_options(first: date, last: date) -> list[tuple[str, date]]:
    """Danish month names ("jan. 2025") and the months' first days, ``first``..``last``."""
    return [(p.danish, p.start) for p in periods_between(first, last, "month")]


def shift_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_earlier(day: date) -> date:
    """The same day a year earlier (29 February becomes the 28th)."""
    year = day.year - 1
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def restrict(register: Register, selection: Selection) -> Register:
    """The register of the chosen schemes' courses and the target group's citizens.

    A scheme keeps its courses and the persons who have one; a target group keeps the
    citizens with that support at entry. Every table about persons then keeps only them;
    goals follow their courses. Meetings stay (they are the team's, not a person's).
    """
    if not selection.schemes and not selection.groups:
        return register
    courses = register.courses
    citizens = register.citizens
    if selection.schemes:
        courses = courses[courses["scheme"].isin(selection.schemes)]
        citizens = citizens[citizens["person_id"].isin(courses["person_id"])]
    if selection.groups:
        citizens = citizens[citizens["support_at_entry"].isin(selection.groups)]
        courses = courses[courses["person_id"].isin(citizens["person_id"])]
    persons = citizens["person_id"]
    tables = register.tables()
    kept: dict[str, pd.DataFrame] = {"citizens": citizens, "courses": courses}
    for name in ("cases", "interventions", "progression", "benefits"):
        frame = tables[name]
        kept[name] = frame[frame["person_id"].isin(persons)]
    kept["goals"] = register.goals[register.goals["course_id"].isin(courses["course_id"])]
    return replace(register, **{n: f.reset_index(drop=True) for n, f in kept.items()})


def select_departments(frame: pd.DataFrame, departments: Sequence[str]) -> pd.DataFrame:
    """Rows of the chosen departments (all rows when none is chosen or the frame has no
    department column); rows without a department are kept."""
    if not departments or "department" not in frame.columns:
        return frame
    keep = frame["department"].isna() | frame["department"].isin(departments)
    return frame[keep].reset_index(drop=True)


def department_names(economy: Economy) -> list[tuple[str, str]]:
    """(code, Danish name) of every department, in the order of the Afdelinger sheet."""
    return list(economy.department_names().items())
