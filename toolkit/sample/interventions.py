"""Indsatser: the interventions asked for in each course, granted or not.

A ressourceforløb recommendation names efforts on up to three tracks; seed 002 (2.5) counts
employment 75 %, social 55 % and health 87 % of recommendations, mentor support in 69 %
(mostly 2-3 hours a week). A jobafklaringsforløb gets fewer, a flex job rarely more than a
mentor. The first effort of each track is asked for within six weeks of the course start,
the rest later; the granting department may refuse, the citizen may decline, and the wait
differs by type (SEL § 85 for months, a mentor in about two weeks).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.sample._base import (
    AS_OF_DAY,
    NO_DAY,
    PERIOD_START_DAY,
    Flags,
    Quota,
    lognormal_days,
    uniform_days,
)
from toolkit.sample.catalogue import DEPARTMENTS, INTERVENTION_TYPES, TYPES_BY_CODE
from toolkit.sample.economy import price_on
from toolkit.sample.flow import FK, JA, RF, Flow

# Per scheme: the share of courses with each track, and the types a track draws from
# (type, share of the track's courses). Mentor is part of the employment track.
TRACKS = {
    RF: {"employment": 0.75, "social": 0.55, "health": 0.87, "education": 0.60},
    JA: {"employment": 0.45, "social": 0.12, "health": 0.65, "education": 0.40},
}
MENTOR_GIVEN_EMPLOYMENT = {RF: 0.69 / 0.75, JA: 0.45}
TRACK_TYPES = {
    "employment": (("virksomhedspraktik", 0.62), ("afklaring_ekstern", 0.20),
                   ("virksomhedskonsulent", 0.22), ("loentilskud", 0.15)),
    "social": (("stoettekontaktperson", 0.60), ("bostoette", 0.30),
               ("misbrugsbehandling", 0.20), ("samvaerstilbud", 0.15)),
    "health": (("psykologbehandling", 0.45), ("smertehaandtering", 0.28),
               ("genoptraening", 0.30), ("mestringsforloeb", 0.28)),
    "education": (("uddannelsesvejledning", 0.70), ("stu", 0.35), ("ung_mentor", 0.30)),
}  # fmt: skip
FLEX_TYPES = (("mentor", 0.12), ("virksomhedskonsulent", 0.10))
REFUSED = {"BESK": 0.03, "SOC": 0.14, "SUND": 0.06, "UNGE": 0.06}  # afvist by the department
DECLINED = 0.05  # afslået af borger
EXTERNAL_INVOICE = 0.3  # share of finished external efforts entered with the invoice amount
CONTACT_BLANK = 0.12
CONTACT_OTHER = 0.15  # another colleague than the citizen's usual one in that department
INITIALS_LETTERS = list("ABCDEFGHIJKLMNOPRSTUVYÆØÅ")


def _staff(rng: np.random.Generator, scale: float) -> dict[str, np.ndarray]:
    """Unique initials per department, sized to the scale (a caseload stays a caseload)."""
    sizes = {d.code: max(2, round(d.staff * scale)) for d in DEPARTMENTS}
    total = sum(sizes.values())
    length = 3 if total < len(INITIALS_LETTERS) ** 3 // 4 else 4
    seen: set[str] = set()
    pool: list[str] = []
    while len(pool) < total:
        letters = rng.choice(INITIALS_LETTERS, size=(total, length))
        for row in letters:
            text = "".join(row)
            if text not in seen and len(pool) < total:
                seen.add(text)
                pool.append(text)
    out, first = {}, 0
    for code, size in sizes.items():
        out[code] = np.array(pool[first : first + size], dtype=object)
        first += size
    return out


class _Plan:
    """Rows of (course, type, first-of-track) collected track by track."""

    def __init__(self) -> None:
        self.course: list[np.ndarray] = []
        self.kind: list[np.ndarray] = []
        self.first: list[np.ndarray] = []

    def add(self, course: np.ndarray, kind: np.ndarray | str, first: np.ndarray | bool) -> None:
        n = len(course)
        self.course.append(course)
        self.kind.append(np.broadcast_to(np.asarray(kind, dtype=object), (n,)).copy())
        self.first.append(np.broadcast_to(np.asarray(first, dtype=bool), (n,)).copy())

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (np.concatenate(self.course), np.concatenate(self.kind),
                np.concatenate(self.first))  # fmt: skip


def _plan(rng: np.random.Generator, flow: Flow, age_at_start: np.ndarray) -> _Plan:
    courses = flow.courses
    scheme = courses["scheme"]
    plan = _Plan()
    for code in (RF, JA):
        ids = np.flatnonzero(scheme == code)
        young = age_at_start[ids] < 30
        shares = TRACKS[code]
        has = {track: Flags(rng, share).take(len(ids)) for track, share in shares.items()}
        has["education"] &= young
        # Mentor: a share of the employment track, for the young often a youth mentor.
        mentor = np.zeros(len(ids), dtype=bool)
        emp = has["employment"]
        mentor[emp] = Flags(rng, MENTOR_GIVEN_EMPLOYMENT[code]).take(int(emp.sum()))
        youth_mentor = mentor & young & (rng.random(len(ids)) < 0.4)
        plan.add(ids[mentor & ~youth_mentor], "mentor", True)
        plan.add(ids[youth_mentor], "ung_mentor", True)
        for track, choices in TRACK_TYPES.items():
            on_track = has[track]
            started = mentor & ~youth_mentor if track == "employment" else np.zeros(len(ids), bool)
            for kind, share in choices:
                pick = on_track & (rng.random(len(ids)) < share)
                if kind == "stu":
                    pick &= age_at_start[ids] < 25
                if kind == "ung_mentor":
                    pick &= ~youth_mentor
                plan.add(ids[pick], kind, ~started[pick])
                started |= pick
            fallback = on_track & ~started  # every track named gets at least one effort
            plan.add(ids[fallback], choices[0][0], True)
    flex = np.flatnonzero(scheme == FK)
    for kind, share in FLEX_TYPES:
        pick = Flags(rng, share).take(len(flex))
        plan.add(flex[pick], kind, True)
    return plan


def interventions(rng: np.random.Generator, flow: Flow, price_table: pd.DataFrame,
                  scale: float) -> dict[str, np.ndarray]:  # fmt: skip
    courses, people = flow.courses, flow.people
    start_c = courses["start"].astype(np.int64)
    end_c = courses["end"].astype(np.int64)
    person_c = courses["person"].astype(np.int64)
    age_at_start = people["age0"][person_c] + (start_c - people["day0"][person_c]) / 365.25
    course, kind, first = _plan(rng, flow, age_at_start).arrays()
    n = len(course)
    department = np.array([TYPES_BY_CODE[k].department for k in kind], dtype=object)

    # When it was asked for: the first effort of a track soon after the start, others later.
    running_until = np.where(
        end_c[course] == NO_DAY,
        np.maximum(AS_OF_DAY, courses["planned_end"][course]),
        end_c[course],
    )
    span = np.maximum(running_until - start_c[course], 120)
    later = start_c[course] + np.rint(rng.uniform(60, np.maximum(61, 0.6 * span))).astype(np.int64)
    requested = np.where(first, start_c[course] + uniform_days(rng, 0, 45, n), later)

    # Refused by the department or declined by the citizen; otherwise a wait, then a run.
    draw = rng.random(n)
    refused_share = np.array([REFUSED[d] for d in department])
    status = np.where(
        draw < refused_share,
        "afvist",
        np.where(draw < refused_share + DECLINED, "afslaaet_af_borger", ""),
    )
    status = status.astype(object)
    wait = np.zeros(n, dtype=np.int64)
    duration = np.zeros(n, dtype=np.int64)
    for code, spec in TYPES_BY_CODE.items():
        rows = np.flatnonzero(kind == code)
        wait[rows] = lognormal_days(rng, spec.wait_median, spec.wait_sigma, len(rows), 1, 900)
        duration[rows] = lognormal_days(rng, spec.duration_median, spec.duration_sigma,
                                        len(rows), 14, 1500)  # fmt: skip
    start = requested + wait
    end = start + duration
    # Employment and youth efforts belong to the course and stop with it; social and health
    # services are granted under their own law and may go on.
    tied = np.isin(department, ["BESK", "UNGE"])
    course_ended = end_c[course] != NO_DAY
    never_started = tied & course_ended & (start > end_c[course]) & (status == "")
    end = np.where(tied & course_ended, np.minimum(end, end_c[course]), end)
    granted = status == ""
    status[granted & (start > AS_OF_DAY)] = "venter"
    status[granted & (start <= AS_OF_DAY) & (end > AS_OF_DAY)] = "igangsat"
    status[granted & (start <= AS_OF_DAY) & (end <= AS_OF_DAY)] = "afsluttet"
    has_start = np.isin(status, ["igangsat", "afsluttet"])
    start = np.where(has_start, start, NO_DAY)
    end = np.where(status == "afsluttet", end, NO_DAY)

    # Courses running before the register began: keep what was still open on 1 January 2022.
    stock = courses["stock"][course].astype(bool)
    closed_before = np.where(status == "afsluttet", end < PERIOD_START_DAY,
                             np.isin(status, ["afvist", "afslaaet_af_borger"])
                             & (requested < PERIOD_START_DAY))  # fmt: skip
    keep = (requested <= AS_OF_DAY) & ~never_started & ~(stock & closed_before)

    refusal = np.full(n, None, dtype=object)
    refused = status == "afvist"
    refusal[refused] = Quota(rng, ["kriterier_ikke_opfyldt", "allerede_kompenseret", "kapacitet",
                                   "oekonomi", "andet"],
                             [0.40, 0.20, 0.15, 0.10, 0.15]).take(int(refused.sum()))  # fmt: skip
    declined = status == "afslaaet_af_borger"
    refusal[declined] = Quota(rng, ["borger_takker_nej", "kan_ikke_deltage", "andet"],
                              [0.55, 0.35, 0.10]).take(int(declined.sum()))  # fmt: skip

    hours = np.full(n, np.nan)
    for spec in INTERVENTION_TYPES:
        rows = np.flatnonzero(kind == spec.code)
        if spec.hours is not None and len(rows):
            values, shares = spec.hours
            hours[rows] = Quota(rng, list(values), list(shares)).take(len(rows)).astype(float)

    actual = _invoices(rng, kind, status, start, end, hours, price_table)
    contact = _contacts(rng, person_c[course], department, scale)
    columns = {
        "person": person_c[course], "course": course, "intervention_type": kind,
        "department": department, "requested": requested, "status": status,
        "refusal_reason": refusal, "start": start, "end": end, "weekly_hours": hours,
        "actual_cost": actual, "contact_person": contact,
    }  # fmt: skip
    order = np.lexsort((columns["person"][keep], requested[keep]))
    return {name: values[keep][order] for name, values in columns.items()}


def _invoices(rng: np.random.Generator, kind: np.ndarray, status: np.ndarray,
              start: np.ndarray, end: np.ndarray, hours: np.ndarray,
              price_table: pd.DataFrame) -> np.ndarray:  # fmt: skip
    """Faktisk udgift for some finished external efforts: the invoice, near quantity × price."""
    n = len(kind)
    external = np.array([TYPES_BY_CODE[k].external for k in kind])
    invoiced = external & (status == "afsluttet") & (rng.random(n) < EXTERNAL_INVOICE)
    rows = np.flatnonzero(invoiced)
    weeks = (end[rows] - start[rows] + 1) / 7
    unit = np.array([TYPES_BY_CODE[k].unit for k in kind[rows]], dtype=object)
    quantity = np.select(
        [unit == "time", unit == "uge", unit == "maaned"],
        [np.nan_to_num(hours[rows]) * weeks, weeks, weeks * 7 / 30.44],
        1.0,
    )
    price = price_on(price_table, kind[rows], start[rows])
    actual = np.full(n, np.nan)
    actual[rows] = np.round(quantity * price * np.exp(rng.normal(0, 0.12, len(rows))), 0)
    return actual


def _contacts(rng: np.random.Generator, person: np.ndarray, department: np.ndarray,
              scale: float) -> np.ndarray:  # fmt: skip
    """Staff initials: usually the citizen's own contact in each department."""
    staff = _staff(rng, scale)
    out = np.full(len(person), None, dtype=object)
    for code, pool in staff.items():
        rows = np.flatnonzero(department == code)
        if not len(rows):
            continue
        usual = pool[(person[rows] * 7919 + int(rng.integers(0, len(pool)))) % len(pool)]
        other = pool[rng.integers(0, len(pool), len(rows))]
        chosen = np.where(rng.random(len(rows)) < CONTACT_OTHER, other, usual)
        chosen[rng.random(len(rows)) < CONTACT_BLANK] = None
        out[rows] = chosen
    return out
