"""The rehabilitation team's work over time: meetings, cases, courses and re-presentations.

The meeting calendar comes first: one team meeting a week (several teams at larger scales,
fewer meetings at smaller ones), each with three to seven cases. Month by month the slots
are then filled: first with citizens who come back to the team (a jobafklaring or
ressourceforløb that runs out, a returned case that is ready again, a flex job that ends in
a pension application), then with citizens seen for the first time. Each case's
recommendation starts a course; a course either ends by itself (job, education, moved …)
or leads back to the team, which ends it when the next course starts.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.sample._base import (
    AS_OF_DAY,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    NO_DAY,
    PERIOD_START_DAY,
    Flags,
    Quota,
    day,
    flags_by_group,
    lognormal_days,
    month_first_day,
    month_index,
    scaled,
    take_by_group,
    uniform_days,
)

RF = "ressourceforloeb"
JA = "jobafklaring"
FK = "fleksjob"
FP = "foertidspension"
ANDEN = "anden_indsats"  # returned: other effort first
NEW = "ny"  # a citizen the team sees for the first time

SKIPPED_ISO_WEEKS = (29, 30, 52)  # no meeting in the summer holiday and at Christmas
STOCK_AT_START = {RF: 110, JA: 35}  # courses already running on 1 January 2022, scale 1
AGE_BANDS = ((18, 25), (25, 30), (30, 40), (40, 50), (50, 60), (60, 66))


def _q(rng: np.random.Generator, table: dict[str, float]) -> Quota[str]:
    return Quota(rng, list(table), list(table.values()))


class Streams:
    """Every categorical draw of the flow, as exact-share quota streams (see ``Quota``)."""

    def __init__(self, rng: np.random.Generator) -> None:
        def q(table: dict[str, float]) -> Quota[str]:
            return _q(rng, table)

        self.sex = q({"K": 0.60, "M": 0.40})
        self.support = q({"sygedagpenge": 0.60, "kontanthjaelp": 0.20, "uddannelseshjaelp": 0.03,
                          "jobafklaring": 0.05, "ledighedsydelse": 0.03, "selvforsoergende": 0.05,
                          "anden": 0.04})  # fmt: skip
        self.barrier = q({"helbred": 0.60, "sociale": 0.20, "faglige": 0.12, "andet": 0.08})
        self.age_band: Quota[int] = Quota(rng, list(range(len(AGE_BANDS))),
                                          [0.04, 0.06, 0.20, 0.28, 0.32, 0.10])  # fmt: skip
        self.provider = Flags(rng, 0.35)  # forsørger: higher ressourceforløbsydelse
        self.single = Flags(rng, 0.55)  # enlig pensionist
        self.blank_sex_year = Flags(rng, 0.10)  # Køn/Fødselsår left for the import to derive
        self.cases_per_meeting: Quota[int] = Quota(rng, [3, 4, 5, 6, 7],
                                                   [0.1, 0.2, 0.4, 0.2, 0.1])  # fmt: skip
        self.rec = {
            f"{NEW}:sygedagpenge": q({JA: 0.42, RF: 0.24, FK: 0.17, FP: 0.08, ANDEN: 0.09}),
            f"{NEW}:kontanthjaelp": q({RF: 0.45, FK: 0.12, FP: 0.09, ANDEN: 0.34}),
            f"{NEW}:uddannelseshjaelp": q({RF: 0.55, FK: 0.05, ANDEN: 0.40}),
            f"{NEW}:jobafklaring": q({RF: 0.45, FK: 0.30, FP: 0.20, ANDEN: 0.05}),
            f"{NEW}:ledighedsydelse": q({FK: 0.60, RF: 0.15, FP: 0.20, ANDEN: 0.05}),
            f"{NEW}:selvforsoergende": q({FK: 0.55, FP: 0.20, RF: 0.10, ANDEN: 0.15}),
            f"{NEW}:anden": q({RF: 0.40, FK: 0.25, FP: 0.20, ANDEN: 0.15}),
            JA: q({RF: 0.40, FK: 0.25, FP: 0.15, ANDEN: 0.20}),
            RF: q({FK: 0.48, FP: 0.25, RF: 0.20, ANDEN: 0.07}),
            ANDEN: q({RF: 0.50, FK: 0.25, FP: 0.15, ANDEN: 0.10}),
            FK: q({FP: 0.90, ANDEN: 0.10}),
        }
        self.case_type = {
            RF: q({RF: 0.72, FP: 0.12, FK: 0.08, "paragraf17": 0.05, JA: 0.03}),
            JA: q({JA: 0.88, RF: 0.07, "paragraf17": 0.05}),
            FK: q({FK: 0.85, RF: 0.05, FP: 0.05, "paragraf17": 0.05}),
            FP: q({FP: 0.80, "paragraf17": 0.12, FK: 0.04, RF: 0.04}),
            ANDEN: q({RF: 0.40, FK: 0.22, FP: 0.18, ANDEN: 0.10, "paragraf17": 0.10}),
        }
        # "Lidt mere end halvdelen" of RF recommendations name an employment goal; 89 % of
        # flex-job recommendations point at a job (seed 002, 2.5).
        self.goal = {RF: Flags(rng, 0.55), JA: Flags(rng, 0.60), FK: Flags(rng, 0.89),
                     FP: Flags(rng, 0.02), ANDEN: Flags(rng, 0.35)}  # fmt: skip
        self.present = Flags(rng, 0.97)
        self.return_reason = q({"lab_ikke_udtoemt": 0.28, "dokumentation": 0.25,
                                "behandling_foerst": 0.25, "andet": 0.22})  # fmt: skip
        self.minutes: Quota[float] = Quota(rng, [60.0, 45.0, 75.0, 30.0, 90.0, np.nan],
                                           [0.70, 0.10, 0.10, 0.02, 0.03, 0.05])  # fmt: skip
        self.planned_months: Quota[int] = Quota(rng, [12, 18, 24, 36, 48],
                                                [0.30, 0.25, 0.25, 0.15, 0.05])  # fmt: skip
        self.ja_planned = Flags(rng, 0.5)
        self.flex_hours: Quota[float] = Quota(
            rng,
            [2, 3, 4, 5, 6, 7, 7.5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 25, 30, 32, 37],
            [0.01, 0.02, 0.03, 0.05, 0.05, 0.03, 0.02, 0.06, 0.04, 0.05, 0.06, 0.14, 0.07, 0.06,
             0.09, 0.03, 0.04, 0.05, 0.02, 0.03, 0.02, 0.01, 0.02],
        )  # fmt: skip
        self.coordinating = {RF: q({"BESK": 0.82, "SOC": 0.08, "SUND": 0.04, "UNGE": 0.06}),
                             JA: q({"BESK": 0.95, "SUND": 0.05}), FK: q({"BESK": 1.0}),
                             FP: q({"BESK": 1.0})}  # fmt: skip
        self.follow = {RF: Flags(rng, 0.45), JA: Flags(rng, 0.50), FK: Flags(rng, 0.06),
                       ANDEN: Flags(rng, 0.45)}  # fmt: skip
        self.exit = {
            RF: q({"ordinaer_beskaeftigelse": 0.22, "uddannelse": 0.10, "anden_ydelse": 0.33,
                   "flyttet": 0.17, "doed": 0.04, "andet": 0.14}),
            JA: q({"ordinaer_beskaeftigelse": 0.55, "uddannelse": 0.04, "anden_ydelse": 0.22,
                   "flyttet": 0.07, "doed": 0.02, "andet": 0.10}),
            FK: q({"ordinaer_beskaeftigelse": 0.15, "anden_ydelse": 0.40, "flyttet": 0.25,
                   "doed": 0.05, "andet": 0.15}),
            FP: q({"doed": 0.55, "flyttet": 0.45}),
        }  # fmt: skip


class _Table:
    """Columns appended batch by batch, concatenated once at the end."""

    def __init__(self) -> None:
        self._parts: dict[str, list[np.ndarray]] = {}
        self.size = 0

    def append(self, **columns: np.ndarray) -> np.ndarray:
        n = len(next(iter(columns.values())))
        for name, values in columns.items():
            self._parts.setdefault(name, []).append(np.asarray(values))
        first = self.size
        self.size += n
        return np.arange(first, self.size)

    def column(self, name: str) -> np.ndarray:
        parts = self._parts.get(name, [])
        return np.concatenate(parts) if parts else np.empty(0)


@dataclass
class Flow:
    """Everything the flow decided, as parallel arrays (one element per row)."""

    people: dict[str, np.ndarray]
    meetings: dict[str, np.ndarray]  # meeting -> day
    cases: dict[str, np.ndarray]
    courses: dict[str, np.ndarray]


def meeting_calendar(rng: np.random.Generator, scale: float, streams: Streams) -> tuple[
        np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """(meeting day per meeting, slot day per case slot, meeting per slot), sorted by day."""
    first_tuesday = day("2022-01-04")
    days = np.arange(first_tuesday, AS_OF_DAY + 1, 7, dtype=np.int64)
    weeks = pd.DatetimeIndex(days.astype("datetime64[D]")).isocalendar().week.to_numpy()
    days = days[~np.isin(weeks, SKIPPED_ISO_WEEKS)]
    whole, part = int(scale), scale - int(scale)
    per_day = np.full(len(days), whole, dtype=np.int64)
    extra = rng.choice(len(days), size=round(part * len(days)), replace=False)
    per_day[extra] += 1
    if per_day.sum() == 0:
        per_day[len(days) // 2] = 1
    meeting_day = np.repeat(days, per_day)
    cases = streams.cases_per_meeting.take(len(meeting_day)).astype(np.int64)
    slot_meeting = np.repeat(np.arange(len(meeting_day)), cases)
    return meeting_day, meeting_day[slot_meeting], slot_meeting


class _Simulation:
    def __init__(self, rng: np.random.Generator, scale: float) -> None:
        self.rng = rng
        self.scale = scale
        self.q = Streams(rng)
        self.meeting_day, self.slot_day, self.slot_meeting = meeting_calendar(rng, scale, self.q)
        self.people = _Table()
        self.cases = _Table()
        self.courses = _Table()
        self.overrides = _Table()  # course, end, exit: a re-presentation ends the course
        # Citizens who want to see the team again: person, wished day, source, course.
        self._pending = {
            "person": np.empty(0, np.int64),
            "t": np.empty(0, np.int64),
            "source": np.empty(0, object),
            "course": np.empty(0, np.int64),
        }

    # people -------------------------------------------------------------------------------
    def add_people(self, first_days: np.ndarray, support: np.ndarray | None = None) -> np.ndarray:
        n = len(first_days)
        band = np.array(AGE_BANDS)[self.q.age_band.take_index(n)]
        age = self.rng.uniform(band[:, 0], band[:, 1])
        drawn_support = self.q.support.take(n)
        if support is not None:
            drawn_support = support
        return self.people.append(
            sex=self.q.sex.take(n), support=drawn_support, barrier=self.q.barrier.take(n),
            age0=age, day0=np.asarray(first_days, np.int64), provider=self.q.provider.take(n),
            single=self.q.single.take(n), blank=self.q.blank_sex_year.take(n),
        )  # fmt: skip

    def _age(self, person: np.ndarray, days: np.ndarray) -> np.ndarray:
        age0 = self.people.column("age0")[person]
        return age0 + (days - self.people.column("day0")[person]) / DAYS_PER_YEAR

    # courses ------------------------------------------------------------------------------
    def add_courses(self, person: np.ndarray, scheme: np.ndarray, start: np.ndarray,
                    case: np.ndarray, *, stock: bool = False) -> None:  # fmt: skip
        n = len(person)
        if n == 0:
            return
        rng = self.rng
        age = self._age(person, start)
        planned_end = np.full(n, NO_DAY, dtype=np.int64)
        duration = np.zeros(n, dtype=np.int64)
        hours = np.full(n, np.nan)
        for code in (RF, JA, FK, FP):
            rows = np.flatnonzero(scheme == code)
            k = len(rows)
            if code == RF:
                months = self.q.planned_months.take(k).astype(float)
                planned_end[rows] = start[rows] + np.rint(months * DAYS_PER_MONTH).astype(
                    np.int64) - 1  # fmt: skip
                stretch = np.exp(rng.normal(0.03, 0.25, k))
                duration[rows] = np.rint((planned_end[rows] - start[rows]) * stretch)
            elif code == JA:
                has_plan = self.q.ja_planned.take(k)
                planned_end[rows[has_plan]] = start[rows[has_plan]] + 182
                duration[rows] = lognormal_days(rng, 270, 0.5, k, 60, 1100)
            elif code == FK:
                young = age[rows] < 40  # a first flex job for the young is granted for 5 years
                planned_end[rows[young]] = start[rows[young]] + round(5 * DAYS_PER_YEAR) - 1
                duration[rows] = np.rint(rng.exponential(7 * DAYS_PER_YEAR, k)).astype(np.int64)
                hours[rows] = self.q.flex_hours.take(k).astype(float)
            else:
                duration[rows] = np.rint(rng.exponential(30 * DAYS_PER_YEAR, k)).astype(np.int64)
        duration = np.maximum(duration, 45)
        if stock:  # already running on 1 January 2022: it cannot have ended before
            too_short = start + duration < PERIOD_START_DAY + 10
            duration[too_short] = (PERIOD_START_DAY + 10 - start[too_short]
                                   + uniform_days(rng, 0, 365, int(too_short.sum())))  # fmt: skip
        coordinating = take_by_group(scheme, self.q.coordinating)
        coordinating[(coordinating == "UNGE") & (age >= 30)] = "BESK"
        follow = flags_by_group(scheme, self.q.follow)
        natural_end = start + duration
        ids = self.courses.append(
            person=person, scheme=scheme, start=start, planned_end=planned_end,
            coordinating=coordinating, hours=hours, natural_end=natural_end,
            natural_exit=take_by_group(scheme, self.q.exit), follow=follow,
            stock=np.full(n, stock), case=case,
        )  # fmt: skip
        lead = uniform_days(rng, 30, 75, n)
        t = np.maximum(natural_end - lead, start + 45)
        self._want(person[follow], t[follow], scheme[follow], ids[follow])

    def _want(self, person: np.ndarray, t: np.ndarray, source: np.ndarray,
              course: np.ndarray) -> None:  # fmt: skip
        for name, values in (("person", person), ("t", t), ("source", source), ("course", course)):
            self._pending[name] = np.concatenate([self._pending[name], values])

    # cases --------------------------------------------------------------------------------
    def episodes(self, person: np.ndarray, slot: np.ndarray, source: np.ndarray,
                 prev_course: np.ndarray) -> None:  # fmt: skip
        n = len(person)
        if n == 0:
            return
        rng, q = self.rng, self.q
        d = self.slot_day[slot]
        support = self.people.column("support")[person]
        group = np.where(source == NEW, np.char.add(f"{NEW}:", support.astype(str)), source)
        rec = take_by_group(group.astype(object), q.rec)
        age = self._age(person, d)
        rec[(rec == FP) & (age < 40)] = RF  # pension under 40 only in exceptional cases
        anden = rec == ANDEN
        return_reason = np.full(n, None, dtype=object)
        return_reason[anden] = q.return_reason.take(int(anden.sum()))
        delay = np.select(
            [rec == RF, rec == JA, rec == FK, rec == FP],
            [uniform_days(rng, 14, 45, n), uniform_days(rng, 7, 30, n),
             lognormal_days(rng, 80, 0.7, n, 14, 720), uniform_days(rng, 30, 90, n)],
            0,
        )  # fmt: skip
        start = d + delay
        visit = d + uniform_days(rng, 10, 30, n)  # visiteret til fleksjob: ledighedsydelse
        case_ids = self.cases.append(
            person=person, slot=slot, source=source, recommendation=rec,
            case_type=take_by_group(rec, q.case_type), goal=flags_by_group(rec, q.goal),
            present=q.present.take(n), return_reason=return_reason,
            minutes=q.minutes.take(n).astype(float),
            visit=np.where(rec == FK, visit, NO_DAY),
        )  # fmt: skip
        # The previous course ends when the next one starts (or at the flex-job visitation,
        # or soon after a returned case); a date after the as-of date leaves it running.
        prev = prev_course >= 0
        prev_end = np.select([rec == FK, anden], [visit, d + uniform_days(rng, 14, 45, n)],
                             start - 1)  # fmt: skip
        prev_exit = np.select(
            [rec == FK, rec == FP, anden],
            ["fleksjob", "foertidspension", "anden_ydelse"],
            "nyt_forloeb",
        )
        self.overrides.append(course=prev_course[prev], end=prev_end[prev],
                              exit=prev_exit[prev].astype(object))  # fmt: skip
        creates = ~anden & (start <= AS_OF_DAY)
        self.add_courses(person[creates], rec[creates], start[creates], case_ids[creates])
        again = np.zeros(n, dtype=bool)
        again[anden] = q.follow[ANDEN].take(int(anden.sum()))
        self._want(person[again], d[again] + uniform_days(rng, 150, 420, int(again.sum())),
                   np.full(int(again.sum()), ANDEN, dtype=object),
                   np.full(int(again.sum()), -1, dtype=np.int64))  # fmt: skip

    # the months ---------------------------------------------------------------------------
    def opening_stock(self) -> None:
        for scheme, count in STOCK_AT_START.items():
            k = scaled(count, self.scale)
            if scheme == RF:
                start = uniform_days(self.rng, day("2019-07-01"), day("2021-12-15"), k)
                people = self.add_people(start)
            else:  # jobafklaring is for citizens whose sickness benefit runs out
                start = uniform_days(self.rng, day("2021-03-01"), day("2021-12-15"), k)
                people = self.add_people(start, np.full(k, "sygedagpenge", dtype=object))
            self.add_courses(people, np.full(k, scheme, dtype=object), start,
                             np.full(k, -1, dtype=np.int64), stock=True)  # fmt: skip

    def run(self) -> Flow:
        self.opening_stock()
        months = np.arange(month_index(np.array([PERIOD_START_DAY]))[0],
                           month_index(np.array([AS_OF_DAY]))[0] + 2)  # fmt: skip
        bounds = month_first_day(months)
        for a, b in itertools.pairwise(bounds):
            lo, hi = np.searchsorted(self.slot_day, [a, b])
            pending = self._pending
            due = pending["t"] < b
            order = np.flatnonzero(due)[np.argsort(pending["t"][due], kind="stable")]
            # First free slot on or after the wished day; slots are handed out in wish order.
            lowest = np.searchsorted(self.slot_day[lo:hi], pending["t"][order])
            rank = np.arange(len(order))
            slot = np.maximum.accumulate(lowest - rank) + rank if len(order) else lowest
            matched = slot < hi - lo
            taken = order[matched]
            keep = np.ones(len(pending["t"]), dtype=bool)
            keep[taken] = False
            self._pending = {name: values[keep] for name, values in pending.items()}
            used = np.zeros(hi - lo, dtype=bool)
            used[slot[matched]] = True
            free = lo + np.flatnonzero(~used)
            newcomers = self.add_people(self.slot_day[free])
            self.episodes(
                np.concatenate([pending["person"][taken], newcomers]),
                np.concatenate([lo + slot[matched], free]),
                np.concatenate([pending["source"][taken], np.full(len(free), NEW, object)]),
                np.concatenate([pending["course"][taken], np.full(len(free), -1, np.int64)]),
            )
        return self._result()

    def _result(self) -> Flow:
        courses = {name: self.courses.column(name) for name in (
            "person", "scheme", "start", "planned_end", "coordinating", "hours", "natural_end",
            "natural_exit", "follow", "stock", "case")}  # fmt: skip
        end = courses["natural_end"].astype(np.int64).copy()
        exit_reason = courses["natural_exit"].astype(object).copy()
        target = self.overrides.column("course").astype(np.int64)
        end[target] = self.overrides.column("end").astype(np.int64)
        exit_reason[target] = self.overrides.column("exit")
        running = end > AS_OF_DAY
        end[running] = NO_DAY
        exit_reason[running] = None
        courses["end"] = end
        courses["exit_reason"] = exit_reason
        cases = {name: self.cases.column(name) for name in (
            "person", "slot", "source", "recommendation", "case_type", "goal", "present",
            "return_reason", "minutes", "visit")}  # fmt: skip
        cases["day"] = self.slot_day[cases["slot"].astype(np.int64)]
        cases["meeting"] = self.slot_meeting[cases["slot"].astype(np.int64)]
        people = {name: self.people.column(name) for name in (
            "sex", "support", "barrier", "age0", "day0", "provider", "single",
            "blank")}  # fmt: skip
        return Flow(people=people, meetings={"day": self.meeting_day}, cases=cases,
                    courses=courses)  # fmt: skip


def simulate(rng: np.random.Generator, scale: float) -> Flow:
    return _Simulation(rng, scale).run()
