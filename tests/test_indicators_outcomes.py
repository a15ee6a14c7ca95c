"""Outcome indicators, each checked against numbers worked out by hand on a tiny register."""

from __future__ import annotations

from typing import Any

import toolkit.indicators.outcomes  # noqa: F401  (registers the outcome indicators)
from tests.indicator_data import d, economy, register, tabulate

RF, JA = "ressourceforloeb", "jobafklaring"


def _course(cid: str, pid: str, scheme: str, start: str, end: str = "", why: str = "") -> dict:
    row: dict[str, Any] = {"course_id": cid, "person_id": pid, "scheme": scheme}
    row["start"] = d(start)
    if end:
        row["end"], row["exit_reason"] = d(end), why
    return row


COURSES = [
    _course("C1", "P1", RF, "2024-01-01", "2024-01-31", "ordinaer_beskaeftigelse"),  # 31 days
    _course("C2", "P2", RF, "2024-01-10", "2024-02-01", "flyttet"),  # 23 days
    _course("C3", "P3", RF, "2024-02-01", "2024-02-29", "nyt_forloeb"),  # 29 days
    _course("C4", "P4", RF, "2024-01-15", "2024-02-10", "uddannelse"),  # 17 + 10 = 27 days
    _course("C5", "P5", RF, "2024-02-20", "2024-02-20", "doed"),  # 1 day
    _course("C6", "P6", JA, "2024-01-05", "2024-04-10", "fleksjob"),  # ends after the as-of
    _course("C7", "P1", JA, "2024-02-01"),  # running
]
CITIZENS = [  # P6 is missing: nothing known about them
    {"person_id": "P1", "birth_year": 1990, "support_at_entry": "sygedagpenge"},
    {"person_id": "P2", "birth_year": 1980, "support_at_entry": "kontanthjaelp"},
    {"person_id": "P3", "birth_year": 1985, "support_at_entry": "sygedagpenge"},
    {"person_id": "P4", "birth_year": 2000, "support_at_entry": "sygedagpenge"},
    {"person_id": "P5", "birth_year": 1970, "support_at_entry": "anden"},
]


def _goal(gid: str, course: str, created: str, achieved: str = "", kind: str = "delmaal") -> dict:
    row: dict[str, Any] = {"goal_id": gid, "course_id": course, "goal_kind": kind}
    row["created"] = d(created)
    if achieved:
        row["achieved"] = d(achieved)
    return row


GOALS = [
    _goal("G1", "C1", "2024-01-31", "2024-02-15"),  # January, achieved
    _goal("G2", "C2", "2024-01-01"),  # January, not achieved
    _goal("G3", "C1", "2024-01-15", "2024-01-20"),  # January, achieved (same person as G1)
    _goal("G4", "C1", "2024-01-10", "2024-01-11", kind="slutmaal"),  # not a delmål
    _goal("G5", "C3", "2024-02-01", "2024-04-05"),  # February, achieved after the as-of
    _goal("G6", "C4", "2024-02-29", "2024-02-29"),  # February, achieved the same day
]
PROGRESSION = [
    {"person_id": "P1", "date": d("2024-01-05"), "score": 3},
    {"person_id": "P1", "date": d("2024-01-31"), "score": 5},
    {"person_id": "P1", "date": d("2024-02-01"), "score": 6},  # alone in February
    {"person_id": "P2", "date": d("2024-01-20"), "score": 7},  # rows out of date order
    {"person_id": "P2", "date": d("2024-01-10"), "score": 4},
    {"person_id": "P3", "date": d("2024-02-10"), "score": 5},
    {"person_id": "P3", "date": d("2024-02-25"), "score": 4},
    {"person_id": "P4", "date": d("2024-03-15"), "score": 2},
    {"person_id": "P4", "date": d("2024-04-02"), "score": 9},  # after the as-of date
]


def results(
    indicator_id: str,
    level: str = "month",
    as_of: str = "2024-03-31",
    first: str = "2024-01-01",
    courses: list[dict] | None = None,
    citizens: list[dict] | None = None,
) -> dict[tuple, tuple[float, int]]:
    """(period, *dimensions) -> (value rounded to 4 decimals, n)."""
    reg = register(
        courses=COURSES if courses is None else courses,
        citizens=CITIZENS if citizens is None else citizens,
        goals=GOALS,
        progression=PROGRESSION,
    )
    return tabulate(
        reg, economy(), indicator_id, level=level, first=first, as_of=as_of, with_n=True
    )


def test_exit_reason_pct_shares_sum_to_100_per_scheme() -> None:
    assert results("exit_reason_pct") == {
        ("2024-01", RF, "ordinaer_beskaeftigelse"): (100.0, 1),  # C1 ends on the 31st
        ("2024-02", RF, "doed"): (25.0, 1),
        ("2024-02", RF, "flyttet"): (25.0, 1),  # C2 ends on the 1st
        ("2024-02", RF, "nyt_forloeb"): (25.0, 1),
        ("2024-02", RF, "uddannelse"): (25.0, 1),
        # C6 ends on 10 April, after the as-of date: not ended yet, so no jobafklaring row.
    }


def test_exit_reason_pct_knows_only_ends_up_to_the_as_of_date() -> None:
    # On 15 February C3 (29th) and C5 (20th) have not ended yet.
    assert results("exit_reason_pct", as_of="2024-02-15") == {
        ("2024-01", RF, "ordinaer_beskaeftigelse"): (100.0, 1),
        ("2024-02", RF, "flyttet"): (50.0, 1),
        ("2024-02", RF, "uddannelse"): (50.0, 1),
    }
    assert results("exit_reason_pct", level="quarter")[("2024-Q1", RF, "doed")] == (20.0, 1)


def test_exit_to_work_or_education_pct_leaves_moved_and_dead_out() -> None:
    assert results("exit_to_work_or_education_pct") == {
        ("2024-01", RF): (100.0, 1),
        # C3 nyt_forloeb stays in the denominator, C2 flyttet and C5 doed do not: 1 of 2.
        ("2024-02", RF): (50.0, 1),  # n: the smaller side, one person each
    }
    later = results("exit_to_work_or_education_pct", as_of="2024-04-30")
    assert later[("2024-04", JA)] == (100.0, 1)  # C6's fleksjob exit, now known
    # Q1: C1 and C4 of C1, C3, C4.
    assert results("exit_to_work_or_education_pct", level="quarter") == {
        ("2024-Q1", RF): (round(200 / 3, 4), 1)
    }


def test_course_duration_days_median_takes_the_mean_of_the_middle_two() -> None:
    assert results("course_duration_days_median") == {
        ("2024-01", RF): (31.0, 1),  # 1 to 31 January, both ends counted
        ("2024-02", RF): (25.0, 4),  # 1, 23, 27, 29 -> (23 + 27) / 2
    }
    later = results("course_duration_days_median", as_of="2024-04-30")
    assert later[("2024-04", JA)] == (27 + 29 + 31 + 10, 1)


def test_subgoals_achieved_pct_by_month_created_as_known_on_the_as_of_date() -> None:
    assert results("subgoals_achieved_pct") == {
        ("2024-01",): (round(200 / 3, 4), 1),  # G1, G3 of G1-G3; G4 is a slutmål
        ("2024-02",): (50.0, 1),  # G6 of G5, G6: G5 is achieved only on 5 April
    }
    assert results("subgoals_achieved_pct", as_of="2024-04-30")[("2024-02",)] == (100.0, 2)


def test_progression_change_mean_over_persons_with_two_scores_in_the_period() -> None:
    assert results("progression_change_mean") == {
        ("2024-01",): (2.5, 2),  # P1 3 -> 5, P2 4 -> 7 (by date, not row order)
        ("2024-02",): (-1.0, 1),  # P3 5 -> 4; P1 has one score in February
        # March: P4 has one score; the April score lies after the as-of date.
    }
    assert results("progression_change_mean", level="quarter") == {
        ("2024-Q1",): (round(5 / 3, 4), 3)  # P1 3 -> 6, P2 +3, P3 -1
    }


def test_course_starts_from_sickness_benefit_pct_by_scheme() -> None:
    assert results("course_starts_from_sickness_benefit_pct") == {
        ("2024-01", JA): (0.0, 1),  # P6 has no citizen row: not known to come from it
        ("2024-01", RF): (round(200 / 3, 4), 1),  # P1, P4 of P1, P2, P4: n is P2
        ("2024-02", JA): (100.0, 1),  # P1
        ("2024-02", RF): (50.0, 1),  # P3 of P3, P5
    }


def test_active_under_40_pct_by_scheme_with_unknown_ages_left_out() -> None:
    assert results("active_under_40_pct") == {
        ("2024-01", RF): (round(200 / 3, 4), 1),  # P1 (34), P4 (24) of P1, P2 (44), P4
        ("2024-02", JA): (100.0, 1),  # P1; P6 has no birth year
        ("2024-02", RF): (50.0, 2),  # P3 (39), P4 of P2, P3, P4, P5: two on each side
        ("2024-03", JA): (100.0, 1),
    }


def test_active_under_40_pct_takes_age_on_the_last_day_in_the_period() -> None:
    courses = [_course("C1", "P1", RF, "2023-12-20", "2024-01-05", "andet")]
    citizens = [{"person_id": "P1", "birth_year": 1984}]
    assert results(
        "active_under_40_pct", first="2023-12-01", courses=courses, citizens=citizens
    ) == {
        ("2023-12", RF): (100.0, 1),  # 39 in 2023
        ("2024-01", RF): (0.0, 1),  # 40 in 2024
    }
