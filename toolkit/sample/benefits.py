"""Ydelser: monthly benefit payments while a citizen waits for the team or is in a course.

Spells: the support the citizen came from (sygedagpenge, kontanthjælp …) from the case's
preparation until the first course starts; ressourceforløbsydelse or jobafklaringsydelse
during a course; fleksløntilskud or førtidspension for the first year of a flex job or
pension; ledighedsydelse between the flex-job visitation and the job. Each spell becomes
one row per month, prorated for part months. The state refund follows the refund ladder by
weeks on public support; some rows leave it blank for the toolkit to estimate.
"""

from __future__ import annotations

import numpy as np

from toolkit import schema
from toolkit.sample._base import (
    AS_OF_DAY,
    NO_DAY,
    PERIOD_START_DAY,
    month_first_day,
    month_index,
    uniform_days,
    year_of,
)
from toolkit.sample.catalogue import (
    FLEX_HOURLY_WAGE,
    FLEX_SUBSIDY_MAX,
    FLEX_TAPER,
    LEDIGHEDSYDELSE,
    PENSION_COUPLE,
    PENSION_SINGLE,
    RATE_PROVIDER,
    RATE_SINGLE,
    SICK_PAY_WEEKLY_MAX,
    YOUTH_FACTOR,
)
from toolkit.sample.flow import FK, FP, JA, RF, Flow

SUPPORT_BENEFIT = {"sygedagpenge": "sygedagpenge", "kontanthjaelp": "kontanthjaelp",
                   "uddannelseshjaelp": "kontanthjaelp", "ledighedsydelse": "ledighedsydelse",
                   "jobafklaring": "jobafklaringsydelse"}  # fmt: skip
COURSE_BENEFIT = {RF: "ressourceforloebsydelse", JA: "jobafklaringsydelse",
                  FK: "fleksloentilskud", FP: "foertidspension"}  # fmt: skip
PRIOR_WEEKS = {
    "sygedagpenge": (22, 60),
    "kontanthjaelp": (30, 400),
    "uddannelseshjaelp": (20, 200),
    "jobafklaring": (52, 120),
    "ledighedsydelse": (30, 300),
    "selvforsoergende": (0, 0),
    "anden": (10, 100),
}
# A new flex job or pension is followed for its first year, the horizon of the effort's
# outcome measures; after that the citizen belongs to the ordinary flex-job or pension
# population, whose cost the Budget/Regnskab accounts (5.58.81, 5.48) carry. This also keeps
# Ydelser in proportion: at scale 50 it stays below Excel's 1.048.576 rows.
FOLLOWED_DAYS = 365
REFUND_BLANK = 0.12  # rows the controller leaves for the toolkit to estimate


def _ladder_pct(weeks: np.ndarray) -> np.ndarray:
    out = np.zeros(len(weeks))
    for low, high, pct in schema.REFUND_LADDER.default_rows:
        top = np.inf if high is None else float(high)  # type: ignore[arg-type]
        out[(weeks >= float(low)) & (weeks <= top)] = float(pct)  # type: ignore[arg-type]
    return out


def _table(mapping: dict[int, int], years: np.ndarray) -> np.ndarray:
    lookup = np.array([mapping[y] for y in sorted(mapping)], dtype=float)
    return lookup[np.clip(years - min(mapping), 0, len(lookup) - 1)]


def _spells(rng: np.random.Generator, flow: Flow) -> dict[str, np.ndarray]:
    c, cases, people = flow.courses, flow.cases, flow.people
    person_parts, benefit_parts, from_parts, to_parts, course_parts = [], [], [], [], []

    def add(person: np.ndarray, benefit: np.ndarray, first: np.ndarray, last: np.ndarray,
            course: np.ndarray) -> None:  # fmt: skip
        person_parts.append(person.astype(np.int64))
        benefit_parts.append(benefit.astype(object))
        from_parts.append(first.astype(np.int64))
        to_parts.append(last.astype(np.int64))
        course_parts.append(course.astype(np.int64))

    # Courses; a flex job or a pension only for its first year (see FOLLOWED_DAYS).
    end = np.where(c["end"] == NO_DAY, AS_OF_DAY, c["end"]).astype(np.int64)
    settled = np.isin(c["scheme"], [FK, FP])
    end[settled] = np.minimum(
        end[settled], c["start"][settled].astype(np.int64) + FOLLOWED_DAYS - 1
    )
    benefit = np.array([COURSE_BENEFIT[s] for s in c["scheme"]], dtype=object)
    add(c["person"], benefit, c["start"], end, np.arange(len(end)))

    # Ledighedsydelse from the flex-job visitation until the job starts.
    flex_cases = np.flatnonzero(cases["visit"] != NO_DAY)
    job_start = np.full(len(cases["person"]), NO_DAY, dtype=np.int64)
    from_case = c["case"] >= 0
    job_start[c["case"][from_case].astype(np.int64)] = c["start"][from_case]
    until = np.where(job_start[flex_cases] == NO_DAY, AS_OF_DAY, job_start[flex_cases] - 1)
    add(
        cases["person"][flex_cases],
        np.full(len(flex_cases), "ledighedsydelse", object),
        cases["visit"][flex_cases] + 1,
        until,
        np.full(len(flex_cases), -1),
    )

    # The support the citizen came from, before the first case until something else starts.
    first_case = np.flatnonzero(cases["source"] == "ny")
    person = cases["person"][first_case].astype(np.int64)
    support = people["support"][person]
    has_benefit = np.isin(support, list(SUPPORT_BENEFIT))
    first_case, person, support = first_case[has_benefit], person[has_benefit], support[has_benefit]
    meeting = cases["day"][first_case].astype(np.int64)
    begin = meeting - uniform_days(rng, 15, 75, len(first_case))
    next_course = np.full(int(people["age0"].shape[0]), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(next_course, c["person"].astype(np.int64), c["start"].astype(np.int64))
    visit = np.full(int(people["age0"].shape[0]), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(visit, cases["person"][flex_cases].astype(np.int64), cases["visit"][flex_cases])
    stop = np.minimum(next_course[person] - 1, visit[person])
    fallback = meeting + uniform_days(rng, 45, 180, len(person))
    stop = np.where(stop > AS_OF_DAY + 10_000, fallback, stop)
    add(
        person,
        np.array([SUPPORT_BENEFIT[s] for s in support], dtype=object),
        begin,
        stop,
        np.full(len(person), -1),
    )

    spells = {"person": np.concatenate(person_parts), "benefit": np.concatenate(benefit_parts),
              "from": np.concatenate(from_parts), "to": np.concatenate(to_parts),
              "course": np.concatenate(course_parts)}  # fmt: skip
    spells["from"] = np.maximum(spells["from"], PERIOD_START_DAY)
    spells["to"] = np.minimum(spells["to"], AS_OF_DAY)
    keep = spells["to"] >= spells["from"]
    return {name: values[keep] for name, values in spells.items()}


def benefits(rng: np.random.Generator, flow: Flow) -> dict[str, np.ndarray]:
    spells = _spells(rng, flow)
    people, courses = flow.people, flow.courses
    first_month = month_index(spells["from"])
    months = month_index(spells["to"]) - first_month + 1
    row = np.repeat(np.arange(len(months)), months)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(months) - months, months)
    month = first_month[row] + offset
    month_start = month_first_day(month)
    month_end = month_first_day(month + 1) - 1
    covered = (np.minimum(spells["to"][row], month_end)
               - np.maximum(spells["from"][row], month_start) + 1)  # fmt: skip
    fraction = covered / (month_end - month_start + 1)

    person = spells["person"][row]
    benefit = spells["benefit"][row]
    year = year_of(month_start)
    provider = people["provider"][person].astype(bool)
    age = people["age0"][person] + (month_start - people["day0"][person]) / 365.25
    base = np.where(provider, _table(RATE_PROVIDER, year), _table(RATE_SINGLE, year))
    hours = np.nan_to_num(courses["hours"][np.maximum(spells["course"][row], 0)].astype(float))
    wage = hours * 52 / 12 * _table(FLEX_HOURLY_WAGE, year)
    level = 0.75 + 0.25 * ((person * 2654435761) % 1000) / 1000  # part-time sick leave
    rate = np.select(
        [benefit == "ressourceforloebsydelse", benefit == "jobafklaringsydelse",
         benefit == "kontanthjaelp", benefit == "sygedagpenge", benefit == "ledighedsydelse",
         benefit == "fleksloentilskud", benefit == "foertidspension"],
        [base, base, np.where(age < 30, base * YOUTH_FACTOR, base),
         _table(SICK_PAY_WEEKLY_MAX, year) * 52 / 12 * level, _table(LEDIGHEDSYDELSE, year),
         np.maximum(_table(FLEX_SUBSIDY_MAX, year) - FLEX_TAPER * wage, 1500.0),
         np.where(people["single"][person].astype(bool), _table(PENSION_SINGLE, year),
                  _table(PENSION_COUPLE, year))],
        np.nan,
    )  # fmt: skip
    amount = np.round(rate * fraction, 2)

    # Weeks on public support: what the citizen had before the register, then continuous.
    support = people["support"]
    low = np.array([PRIOR_WEEKS[str(s)][0] for s in support])
    high = np.array([PRIOR_WEEKS[str(s)][1] for s in support])
    prior = np.rint(rng.uniform(low, high)).astype(np.int64)
    first_day = np.full(len(support), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_day, person, spells["from"][row])
    weeks = prior[person] + (month_start + 14 - first_day[person]) // 7 + 1
    return _merge_months(rng, person, benefit, month_start, amount, _ladder_pct(weeks))


def _merge_months(rng: np.random.Generator, person: np.ndarray, benefit: np.ndarray,
                  month_start: np.ndarray, amount: np.ndarray,
                  pct: np.ndarray) -> dict[str, np.ndarray]:  # fmt: skip
    """One row per citizen, month and benefit (two courses may share a month)."""
    codes, benefit_code = np.unique(benefit.astype(str), return_inverse=True)
    key = (person * 10_000 + (month_start - PERIOD_START_DAY + 400)) * 16 + benefit_code
    unique_key, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    total = np.zeros(len(unique_key))
    np.add.at(total, inverse, amount)
    refund = np.round(total * pct[first] / 100, 2)
    refund[rng.random(len(refund)) < REFUND_BLANK] = np.nan
    order = np.lexsort((benefit_code[first], month_start[first], person[first]))
    return {"person": person[first][order], "month": month_start[first][order],
            "benefit": codes[benefit_code[first]][order].astype(object),
            "amount": np.round(total, 2)[order], "refund": refund[order]}  # fmt: skip
