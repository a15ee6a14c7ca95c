"""Status after the course: the rule and its two indicators against a register worked out by
hand (every status, every horizon, a follow-up not complete yet, a citizen who moved, the
order of several payments in one month)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tests.indicator_data import d, economy, register, tabulate
from toolkit.indicators import compute, publish
from toolkit.indicators.follow_up import STATUS_ORDER, last_whole_month, status_after_end
from toolkit.indicators.pooling import by_department
from toolkit.schema import BENEFIT_STATUS
from toolkit.ui.selection import Selection, restrict

RF, JA = "ressourceforloeb", "jobafklaring"
AS_OF = "2025-06-30"  # the as-of month is June 2025


def _course(
    cid: str, pid: str, scheme: str, end: str = "", why: str = "", dept: str = "BESK"
) -> dict[str, Any]:
    row: dict[str, Any] = {"course_id": cid, "person_id": pid, "scheme": scheme}
    row |= {"start": d("2023-01-02"), "coordinating_department": dept}
    if end:
        row["end"], row["exit_reason"] = d(end), why
    return row


COURSES = [
    _course("C1", "A", RF, "2024-12-15", "andet"),  # months 2025-01, -03, -06, -12
    _course("C2", "B", JA, "2024-11-30", "anden_ydelse", dept="SOC"),  # 2024-12, 2025-02, -05, -11
    _course("C3", "C", RF, "2024-05-10", "flyttet"),  # 2024-06, -08, -11, 2025-05
    _course("C4", "D", RF, "2025-01-20", "foertidspension"),  # 2025-02, -04, -07, 2026-01
    _course("C5", "E", "fleksjob", "2024-10-31", "andet"),  # not followed: another scheme
    _course("C6", "F", RF),  # running: not ended
    _course("C7", "G", RF, "2025-07-15", "andet"),  # ends after the as-of date
    _course("C8", "H", RF, "2025-06-05", "andet"),  # ended in the as-of month
    _course("C9", "I", JA, "2024-01-31", "andet", dept="SOC"),  # 2024-02, -04, -07, 2025-01
]
STATUS_ROWS = [
    ("A", "2025-01-01", "job_uddannelse"),  # wins over the ledighedsydelse paid that month
    ("A", "2025-03-01", "selvforsoerget"),
    ("C", "2025-05-01", "fraflyttet"),
    ("I", "2024-04-01", "foertidspension"),  # wins over kontanthjælp paid that month
    ("I", "2024-07-01", "sygedagpenge"),
    ("I", "2025-01-01", "ledighedsydelse"),
    ("H", "2025-07-01", "job_uddannelse"),  # after the as-of month: not yet known
]
PAYMENTS = [
    ("A", "2025-01-01", "ledighedsydelse", 5000.0),
    ("A", "2025-06-01", "foertidspension", 9000.0),  # several payments: fleksløntilskud wins
    ("A", "2025-06-01", "ledighedsydelse", 2000.0),
    ("A", "2025-06-01", "fleksloentilskud", 3000.0),
    ("B", "2024-12-01", "foertidspension", 9000.0),  # ledighedsydelse before førtidspension
    ("B", "2024-12-01", "ledighedsydelse", 4000.0),
    ("B", "2025-02-01", "sygedagpenge", 4000.0),  # førtidspension before sygedagpenge
    ("B", "2025-02-01", "foertidspension", 9000.0),
    ("B", "2025-05-01", "kontanthjaelp", 4000.0),  # sygedagpenge before kontanthjælp
    ("B", "2025-05-01", "sygedagpenge", 4000.0),
    ("C", "2024-08-01", "kontanthjaelp", 0.0),  # nothing paid: the move decides
    ("C", "2024-11-01", "ressourceforloebsydelse", 100.0),  # a new course: anden ydelse
    ("D", "2025-02-01", "jobafklaringsydelse", 1000.0),
    ("I", "2024-02-01", "kontanthjaelp", 1000.0),
    ("I", "2024-04-01", "kontanthjaelp", 1000.0),
]
EXPECTED = {  # (course, horizon) -> status, None while the follow-up has not passed
    ("C1", 1): "job_uddannelse",
    ("C1", 3): "selvforsoerget",
    ("C1", 6): "fleksjob",  # June 2025 is the as-of month: it has passed
    ("C1", 12): None,
    ("C2", 1): "ledighedsydelse",
    ("C2", 3): "foertidspension",
    ("C2", 6): "sygedagpenge",
    ("C2", 12): None,
    ("C3", 1): "fraflyttet",
    ("C3", 3): "fraflyttet",
    ("C3", 6): "kontanthjaelp",  # a payment comes before the exit reason
    ("C3", 12): "fraflyttet",
    ("C4", 1): "kontanthjaelp",
    ("C4", 3): "ukendt",
    ("C4", 6): None,
    ("C4", 12): None,
    ("C8", 1): None,
    ("C8", 3): None,
    ("C8", 6): None,
    ("C8", 12): None,
    ("C9", 1): "kontanthjaelp",
    ("C9", 3): "foertidspension",
    ("C9", 6): "sygedagpenge",
    ("C9", 12): "ledighedsydelse",
}


def _register() -> Any:
    people = sorted({row["person_id"] for row in COURSES})
    citizens = [
        {"person_id": p, "support_at_entry": "kontanthjaelp" if p in "AB" else "sygedagpenge"}
        for p in people
    ]
    status_after = [{"person_id": p, "month": d(m), "status": s} for p, m, s in STATUS_ROWS]
    benefits = [
        {"person_id": p, "month": d(m), "benefit": b, "amount": a} for p, m, b, a in PAYMENTS
    ]
    return register(
        citizens=citizens, courses=COURSES, status_after=status_after, benefits=benefits
    )


def test_every_status_and_horizon_by_hand() -> None:
    rows = status_after_end(_register(), d(AS_OF))
    got = {
        (r.course_id, r.horizon): (None if pd.isna(r.status) else r.status)
        for r in rows.itertuples()
    }
    assert got == EXPECTED
    passed = {(r.course_id, r.horizon): r.passed for r in rows.itertuples()}
    assert passed == {key: status is not None for key, status in EXPECTED.items()}
    # Every status of the code list and «ukendt» occurs: the hand register covers them all.
    assert {s for s in EXPECTED.values() if s} == set(STATUS_ORDER)


def test_rows_carry_the_course_and_the_status_month() -> None:
    rows = status_after_end(_register(), d(AS_OF))
    c2 = rows[rows["course_id"] == "C2"].set_index("horizon")
    assert list(c2.columns) == [
        "course_id", "person_id", "scheme", "coordinating_department", "end", "month",
        "status", "passed",
    ]  # fmt: skip
    assert c2["month"].dt.strftime("%Y-%m").to_dict() == {
        1: "2024-12",
        3: "2025-02",
        6: "2025-05",
        12: "2025-11",
    }
    assert set(c2["person_id"]) == {"B"} and set(c2["coordinating_department"]) == {"SOC"}
    assert set(c2["scheme"]) == {JA}


def test_payment_order_is_the_documented_one() -> None:
    benefits = [benefit for benefit, _ in BENEFIT_STATUS]
    assert benefits[:5] == [
        "fleksloentilskud", "ledighedsydelse", "foertidspension", "sygedagpenge", "kontanthjaelp"
    ]  # fmt: skip
    # Two payments in one month, every pair: the earlier in the order decides.
    for first in range(len(BENEFIT_STATUS)):
        for later in range(first + 1, len(BENEFIT_STATUS)):
            reg = register(
                courses=[_course("K", "P", RF, "2024-01-31", "andet")],
                benefits=[
                    {"person_id": "P", "month": d("2024-02-01"), "benefit": b, "amount": 10.0}
                    for b in (BENEFIT_STATUS[later][0], BENEFIT_STATUS[first][0])
                ],
            )
            rows = status_after_end(reg, d("2024-03-31"), horizons=(1,))
            assert rows["status"].tolist() == [BENEFIT_STATUS[first][1]]


def test_a_course_ended_by_death_is_not_followed_up() -> None:
    died = register(courses=[_course("D1", "Z", RF, "2024-12-15", "doed"), *COURSES])
    rows = status_after_end(died, d(AS_OF))
    assert "D1" not in set(rows["course_id"])
    assert set(rows["course_id"]) == {"C1", "C2", "C3", "C4", "C8", "C9"}


def test_other_horizons_and_no_courses() -> None:
    rows = status_after_end(_register(), d(AS_OF), horizons=(2,))
    assert rows.set_index("course_id")["status"].to_dict()["C1"] == "ukendt"  # 2025-02: none
    empty = status_after_end(register(), d(AS_OF))
    assert empty.empty and "status" in empty.columns


def test_status_after_end_pct_by_end_year_by_hand() -> None:
    got = tabulate(
        _register(), economy(), "status_after_end_pct", level="year", as_of=AS_OF, with_n=True
    )
    # 2024, ressourceforløb: C1 (A) and C3 (C) ended; 2025: C4 (D) has passed 1 and 3
    # months, C8 (H) nothing yet. A share's n is the smaller side (1 of 2: 1 citizen).
    assert got[("2024", RF, "1", "job_uddannelse")] == (50.0, 1)
    assert got[("2024", RF, "1", "fraflyttet")] == (50.0, 1)
    assert got[("2024", RF, "1", "foertidspension")] == (0.0, 2)
    assert got[("2024", RF, "6", "fleksjob")] == (50.0, 1)
    assert got[("2024", RF, "6", "kontanthjaelp")] == (50.0, 1)
    assert got[("2024", RF, "12", "fraflyttet")] == (100.0, 1)  # C1's month is not reached
    assert got[("2025", RF, "1", "kontanthjaelp")] == (100.0, 1)
    assert got[("2025", RF, "3", "ukendt")] == (100.0, 1)
    assert not any(k[0] == "2025" and k[2] in ("6", "12") for k in got)  # nobody passed
    assert got[("2024", JA, "12", "ledighedsydelse")] == (100.0, 1)  # C9 only: C2 too recent
    # Each scheme, year and horizon sums to 100 over the statuses, «ukendt» included.
    groups: dict[tuple[str, ...], float] = {}
    for (period, scheme, horizon, _status), (value, _n) in got.items():
        groups[(period, scheme, horizon)] = groups.get((period, scheme, horizon), 0.0) + value
    assert groups and all(v == pytest.approx(100.0) for v in groups.values())
    assert {k[3] for k in got} == set(STATUS_ORDER)


def test_follow_up_pending_count_by_hand() -> None:
    got = tabulate(
        _register(), economy(), "follow_up_pending_count", level="year", as_of=AS_OF, with_n=True
    )
    assert got == {
        ("2024", JA, "12"): (1.0, 1),  # C2
        ("2024", RF, "12"): (1.0, 1),  # C1
        ("2025", RF, "1"): (1.0, 1),  # C8
        ("2025", RF, "3"): (1.0, 1),  # C8
        ("2025", RF, "6"): (2.0, 2),  # C4, C8
        ("2025", RF, "12"): (2.0, 2),  # C4, C8
    }


def test_status_after_end_pct_month_level_uses_the_end_month() -> None:
    got = tabulate(_register(), economy(), "status_after_end_pct", as_of=AS_OF)
    assert got[("2024-12", RF, "1", "job_uddannelse")] == 100.0  # C1 ended in December
    assert got[("2024-05", RF, "6", "kontanthjaelp")] == 100.0  # C3 ended in May


def test_department_and_target_group_filters() -> None:
    reg = _register()
    soc = by_department(reg, ("SOC",))
    rows = status_after_end(soc, d(AS_OF))
    assert set(rows["course_id"]) == {"C2", "C9"}
    target = restrict(reg, Selection(d("2024-01-01"), d(AS_OF), groups=("kontanthjaelp",)))
    rows = status_after_end(target, d(AS_OF))
    assert set(rows["course_id"]) == {"C1", "C2"}
    assert rows.set_index(["course_id", "horizon"])["status"].to_dict()[("C1", 1)] == (
        "job_uddannelse"
    )


def test_published_cells_of_few_citizens_are_hidden() -> None:
    out = compute(
        _register(),
        economy(),
        ids=["status_after_end_pct", "follow_up_pending_count"],
        level="year",
        first=d("2024-01-01"),
        as_of=d(AS_OF),
    )
    published = publish(out)
    small = out["n"] < 5
    assert small.any()
    assert published.loc[small.to_numpy(), "value"].isna().all()
    assert set(published.loc[small.to_numpy(), "suppressed"]) <= {"primær", "sekundær"}


def test_a_month_seen_for_a_few_days_is_not_yet_followed_up() -> None:
    # Data to 3 June 2025: June's payments are mostly missing, so June is not a status month
    # yet; to 30 June it is.
    early = status_after_end(_register(), d("2025-06-03")).set_index(["course_id", "horizon"])
    whole = status_after_end(_register(), d("2025-06-30")).set_index(["course_id", "horizon"])
    assert not early.loc[("C1", 6), "passed"] and whole.loc[("C1", 6), "passed"]
    assert last_whole_month(d("2025-06-30")) == last_whole_month(d("2025-07-15"))
