"""From the generator's arrays to the register sheets, as a controller would type them.

Columns are the schema's canonical names in schema order. Values are raw: CPR numbers as
text "ddmmyy-xxxx", dates as ``datetime64[us]``, codes in lower case, department codes in
upper case, ja/nej as ``bool``, whole numbers as ``Int64``, blanks as NaN/NaT/None.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.sample._base import DAYS_PER_YEAR, Flags, Quota, to_datetime
from toolkit.sample.flow import Flow
from toolkit.sample.people import LAST_BIRTH_DAY, birth_parts, cpr_numbers

PREP_MINUTES = {15.0: 0.10, 30.0: 0.30, 45.0: 0.33, 60.0: 0.17, 90.0: 0.07, 120.0: 0.03}
HEALTH_ABSENT = 0.03  # the health department signed up but nobody came (seed 002, 2.3)
YOUTH_PRESENT_ANYWAY = 0.35  # the youth department also comes without a young citizen


def ids(prefix: str, n: int) -> np.ndarray:
    width = max(6, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def text(values: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def shaped(table: str, columns: dict[str, object]) -> pd.DataFrame:
    """A frame with exactly the schema's columns of ``table``, in schema order."""
    names = list(schema.sheet(table).column_names)
    missing = set(names) ^ set(columns)
    if missing:
        raise ValueError(f"{table}: columns differ from the schema: {sorted(missing)}")
    return pd.DataFrame({name: columns[name] for name in names})


def citizens(rng: np.random.Generator, flow: Flow) -> tuple[pd.DataFrame, np.ndarray]:
    """Borgere and the CPR number of each person (index = person number)."""
    people = flow.people
    born = people["day0"].astype(np.int64) - np.rint(people["age0"] * DAYS_PER_YEAR).astype(
        np.int64)  # fmt: skip
    born = np.minimum(born, LAST_BIRTH_DAY)
    male = people["sex"] == "M"
    cpr = cpr_numbers(rng, born, male)
    blank = people["blank"].astype(bool)
    sex = people["sex"].astype(object).copy()
    sex[blank] = None
    year = pd.array(birth_parts(born)[0], dtype="Int64")
    year[blank] = pd.NA
    frame = shaped("citizens", {
        "cpr": text(cpr), "sex": text(sex), "birth_year": year,
        "support_at_entry": text(people["support"]), "primary_barrier": text(people["barrier"]),
    })  # fmt: skip
    return frame, cpr


def courses(flow: Flow, cpr: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Forløb (sorted by start) and the course ID of each course number."""
    c = flow.courses
    order = np.lexsort((c["person"].astype(np.int64), c["start"].astype(np.int64)))
    course_id = np.empty(len(order), dtype=object)
    course_id[order] = ids("FL", len(order))
    frame = shaped("courses", {
        "course_id": text(course_id[order]), "cpr": text(cpr[c["person"][order].astype(np.int64)]),
        "scheme": text(c["scheme"][order]), "start": to_datetime(c["start"][order]),
        "planned_end": to_datetime(c["planned_end"][order]), "end": to_datetime(c["end"][order]),
        "exit_reason": text(c["exit_reason"][order]),
        "weekly_hours": c["hours"][order].astype(float),
        "coordinating_department": text(c["coordinating"][order]),
    })  # fmt: skip
    return frame, course_id


def meetings_and_cases(rng: np.random.Generator, flow: Flow,
                       cpr: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Møder (long: one row per department present) and Sager."""
    cases, people = flow.cases, flow.people
    meeting_day = flow.meetings["day"]
    n = len(meeting_day)
    meeting_id = ids("RM", n)
    person = cases["person"].astype(np.int64)
    meeting = cases["meeting"].astype(np.int64)
    age = people["age0"][person] + (cases["day"] - people["day0"][person]) / DAYS_PER_YEAR
    # The youth department must take part when a young citizen without education is
    # discussed; here whenever someone under 30 is on the agenda, and sometimes anyway.
    youth = np.zeros(n, dtype=bool)
    youth[meeting[age < 30]] = True
    youth |= Flags(rng, YOUTH_PRESENT_ANYWAY).take(n)
    health = np.where(Flags(rng, HEALTH_ABSENT).take(n), 0, 1)
    # Staff of five or six; with the citizen six or seven (seed 002, 2.3).
    staff = Quota(rng, [5, 6], [0.5, 0.5]).take(n).astype(np.int64)
    social = np.ones(n, dtype=np.int64)
    employment = staff - social - health - youth.astype(np.int64)
    per_department = {"BESK": employment, "SOC": social, "SUND": health,
                      "UNGE": np.where(youth, 1, -1)}  # fmt: skip
    rows_meeting, rows_department, rows_count = [], [], []
    for code, counts in per_department.items():
        present = np.flatnonzero(counts >= 0)
        rows_meeting.append(present)
        rows_department.append(np.full(len(present), code, dtype=object))
        rows_count.append(counts[present])
    m = np.concatenate(rows_meeting)
    dept = np.concatenate(rows_department)
    order = np.lexsort((dept.astype(str), m))
    m, dept, count = m[order], dept[order], np.concatenate(rows_count)[order]
    prep = Quota(rng, list(PREP_MINUTES), list(PREP_MINUTES.values())).take(len(m)).astype(float)
    meetings_frame = shaped("meetings", {
        "meeting_id": text(meeting_id[m]), "date": to_datetime(meeting_day[m]),
        "department": text(dept), "participants": pd.array(count, dtype="Int64"),
        "prep_minutes_per_case": prep,
    })  # fmt: skip

    order = np.lexsort((cases["slot"].astype(np.int64),))
    cases_frame = shaped("cases", {
        "meeting_id": text(meeting_id[meeting[order]]), "cpr": text(cpr[person[order]]),
        "case_type": text(cases["case_type"][order]),
        "recommendation": text(cases["recommendation"][order]),
        "goal_in_recommendation": cases["goal"][order].astype(bool),
        "citizen_present": cases["present"][order].astype(bool),
        "return_reason": text(cases["return_reason"][order]),
        "minutes": cases["minutes"][order].astype(float),
    })  # fmt: skip
    return meetings_frame, cases_frame


def interventions(rows: dict[str, np.ndarray], cpr: np.ndarray,
                  course_id: np.ndarray) -> pd.DataFrame:  # fmt: skip
    n = len(rows["person"])
    return shaped("interventions", {
        "intervention_id": text(ids("IN", n)), "cpr": text(cpr[rows["person"].astype(np.int64)]),
        "course_id": text(course_id[rows["course"].astype(np.int64)]),
        "intervention_type": text(rows["intervention_type"]),
        "department": text(rows["department"]), "requested": to_datetime(rows["requested"]),
        "status": text(rows["status"]), "refusal_reason": text(rows["refusal_reason"]),
        "start": to_datetime(rows["start"]), "end": to_datetime(rows["end"]),
        "weekly_hours": rows["weekly_hours"].astype(float),
        "actual_cost": rows["actual_cost"].astype(float),
        "contact_person": text(rows["contact_person"]),
    })  # fmt: skip


def goals(rows: dict[str, np.ndarray], course_id: np.ndarray) -> pd.DataFrame:
    order = np.lexsort((rows["course"].astype(np.int64), rows["created"].astype(np.int64)))
    return shaped("goals", {
        "goal_id": text(ids("MA", len(order))),
        "course_id": text(course_id[rows["course"][order].astype(np.int64)]),
        "goal_kind": text(rows["goal_kind"][order]),
        "goal_category": text(rows["goal_category"][order]),
        "created": to_datetime(rows["created"][order]),
        "achieved": to_datetime(rows["achieved"][order]),
    })  # fmt: skip


def progression(rows: dict[str, np.ndarray], cpr: np.ndarray) -> pd.DataFrame:
    order = np.lexsort((rows["person"], rows["day"]))
    return shaped("progression", {
        "cpr": text(cpr[rows["person"][order]]), "date": to_datetime(rows["day"][order]),
        "score": pd.array(rows["score"][order], dtype="Int64"),
    })  # fmt: skip


def benefits(rows: dict[str, np.ndarray], cpr: np.ndarray) -> pd.DataFrame:
    return shaped("benefits", {
        "cpr": text(cpr[rows["person"].astype(np.int64)]), "month": to_datetime(rows["month"]),
        "benefit": text(rows["benefit"]), "amount": rows["amount"].astype(float),
        "refund": rows["refund"].astype(float),
    })  # fmt: skip
