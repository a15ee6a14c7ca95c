"""The catalogue's time measured against a fixed reference computation (issue 18).

Absolute times do not survive a noisy machine; a ratio does. The reference is ordinary pandas
work on the same register, written here and never in ``toolkit``, so no change to the
toolkit makes it faster or slower. Both are run in turns and the fastest run of each counts
(CPU time of this process: other processes on the machine do not count against it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from toolkit.indicators import compute
from toolkit.register import Economy, Register


def reference_work(register: Register) -> int:
    """Courses spread over their months with distinct persons per month and scheme, benefits
    summed per month and benefit with the persons paid, interventions counted per department
    and their course's scheme: the kinds of work every indicator does, done plainly."""
    courses = register.courses
    as_of = courses[["start", "end"]].max().max()
    start, end = courses["start"], courses["end"].fillna(as_of)
    months = (end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1
    expanded = courses.loc[courses.index.repeat(months.clip(lower=1)), ["person_id", "scheme"]]
    first_month = start.dt.year * 12 + start.dt.month - 1
    expanded["month"] = first_month.loc[expanded.index] + expanded.groupby(level=0).cumcount()
    active = expanded.groupby(["month", "scheme"])["person_id"].nunique()
    benefits = register.benefits.groupby(["month", "benefit"]).agg(
        amount=("amount", "sum"), persons=("person_id", "nunique")
    )
    schemes = courses[["course_id", "scheme"]]
    interventions = register.interventions.merge(schemes, on="course_id", how="left")
    counted = interventions.groupby(["department", "scheme"]).size()
    return len(active) + len(benefits) + len(counted)


REFERENCE_REPEATS = 10  # the reference runs this often per turn: about a third of the catalogue


@dataclass(frozen=True)
class Ratio:
    catalogue_s: float  # fastest CPU seconds of the whole catalogue, month level
    reference_s: float  # fastest CPU seconds of REFERENCE_REPEATS × reference_work

    @property
    def value(self) -> float:
        return self.catalogue_s / self.reference_s


def catalogue_ratio(register: Register, economy: Economy, rounds: int = 5) -> Ratio:
    """The catalogue's time over the reference's, both the fastest of ``rounds`` turns after
    one untimed turn (first calls fill caches and import lazily)."""

    def catalogue() -> None:
        compute(register, economy)

    def reference() -> None:
        for _ in range(REFERENCE_REPEATS):
            reference_work(register)

    catalogue(), reference()
    times = [(_cpu_seconds(catalogue), _cpu_seconds(reference)) for _ in range(rounds)]
    return Ratio(min(t[0] for t in times), min(t[1] for t in times))


def _cpu_seconds(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started
