"""The rehabilitation team's indicators, checked against numbers worked out by hand."""

from __future__ import annotations

from typing import Any

import toolkit.indicators.team  # noqa: F401  (registers the module until __init__ does)
from tests.indicator_data import d, economy, register, tabulate

MEETINGS: list[dict[str, Any]] = [
    # M1 has two departments' rows: its cases must still count once
    {"meeting_id": "M1", "date": d("2024-01-10"), "department": "BESK", "participants": 2},
    {"meeting_id": "M1", "date": d("2024-01-10"), "department": "SOC", "participants": 1},
    {"meeting_id": "M2", "date": d("2024-02-14"), "department": "BESK", "participants": 2},
    {"meeting_id": "M3", "date": d("2024-04-03"), "department": "BESK", "participants": 2},
]


def _case(meeting: str, person: str, present: bool | None) -> dict[str, Any]:
    return {
        "meeting_id": meeting,
        "person_id": person,
        "case_type": "ressourceforloeb",
        "recommendation": "ressourceforloeb",
        "goal_in_recommendation": True,
        "citizen_present": present,
    }


CASES = [
    _case("M1", "P1", True),
    _case("M1", "P2", True),
    _case("M1", "P3", False),
    _case("M1", "P4", None),  # unknown: not counted at all
    _case("M2", "P5", True),
    _case("M2", "P6", True),
    _case("M3", "P7", False),  # April: after the as-of date
]


def test_citizen_present_pct_counts_known_cases_dated_by_meeting() -> None:
    reg = register(meetings=MEETINGS, cases=CASES)
    values = tabulate(reg, economy(), "citizen_present_pct", as_of="2024-03-31", with_n=True)
    assert values == {
        ("2024-01",): (66.6667, 1),  # 2 of 3 known; n: the smaller side (P3 absent)
        ("2024-02",): (100, 2),  # all present: n is everyone
    }


def test_citizen_present_pct_by_quarter() -> None:
    reg = register(meetings=MEETINGS, cases=CASES)
    values = tabulate(reg, economy(), "citizen_present_pct", level="quarter", as_of="2024-04-30")
    assert values == {("2024-Q1",): 80, ("2024-Q2",): 0}  # 4 of 5; P7 absent
