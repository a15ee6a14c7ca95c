"""Process and quality indicators, each checked against numbers worked out by hand.

The register covers January-March 2024 (a leap year: February has 29 days).
"""

from __future__ import annotations

from typing import Any

import toolkit.indicators.process  # noqa: F401  (registers the family until __init__ does)
from tests.indicator_data import d, economy, register, tabulate


def _iv(
    iid: str, person: str, dept: str, requested: str, status: str, **more: Any
) -> dict[str, Any]:
    kind = {"BESK": "mentor", "SOC": "stoettekontakt"}[dept]
    row = {
        "intervention_id": iid,
        "person_id": person,
        "intervention_type": kind,
        "department": dept,
        "requested": d(requested),
        "status": status,
    }
    return row | {k: d(v) if k in ("start", "end") else v for k, v in more.items()}


INTERVENTIONS: list[dict[str, Any]] = [
    # waited 10 days; runs alongside I2 (another department) 1-15 February
    _iv(
        "I1",
        "P1",
        "BESK",
        "2024-01-10",
        "afsluttet",
        start="2024-01-20",
        end="2024-02-15",
        contact_person_id="S1",
    ),
    # waiting on 31 January, starts on the first day of the next month: waited 7 days
    _iv("I2", "P1", "SOC", "2024-01-25", "igangsat", start="2024-02-01", contact_person_id="S2"),
    # requested on the last day of January, still waiting then; open-ended
    _iv("I3", "P2", "BESK", "2024-01-31", "igangsat", start="2024-02-10", contact_person_id="S1"),
    # same department and same contact person as I3: neither parallel nor a second contact
    _iv(
        "I4",
        "P2",
        "BESK",
        "2024-02-12",
        "afsluttet",
        start="2024-02-20",
        end="2024-03-05",
        contact_person_id="S1",
    ),
    _iv("I5", "P3", "BESK", "2024-02-29", "venter"),
    _iv("I6", "P3", "SOC", "2024-02-05", "afvist", refusal_reason="kapacitet"),
    _iv("I7", "P2", "SOC", "2024-02-28", "afslaaet_af_borger", refusal_reason="borger_takker_nej"),
    _iv("I8", "P1", "SOC", "2024-02-10", "venter"),
    # P4: SOC all February, BESK from 1 March: back to back, never on the same day
    _iv(
        "I9",
        "P4",
        "SOC",
        "2024-02-01",
        "afsluttet",
        start="2024-02-01",
        end="2024-02-29",
        contact_person_id="S2",
    ),
    _iv("I10", "P4", "BESK", "2024-02-01", "igangsat", start="2024-03-01", contact_person_id="S3"),
]
COURSES: list[dict[str, Any]] = [
    {
        "course_id": "C1",
        "person_id": "P1",
        "scheme": "ressourceforloeb",
        "start": d("2024-01-15"),
        "end": d("2024-02-29"),
        "exit_reason": "nyt_forloeb",
    },
    {"course_id": "C2", "person_id": "P2", "scheme": "ressourceforloeb", "start": d("2024-01-31")},
    {"course_id": "C3", "person_id": "P3", "scheme": "jobafklaring", "start": d("2024-01-01")},
    {
        "course_id": "C4",
        "person_id": "P4",
        "scheme": "ressourceforloeb",
        "start": d("2024-02-01"),
        "end": d("2024-03-10"),
        "exit_reason": "andet",
    },
]
GOALS: list[dict[str, Any]] = [
    {"goal_id": "G1", "course_id": "C1", "goal_kind": "delmaal", "created": d("2024-01-31")},
    {"goal_id": "G2", "course_id": "C2", "goal_kind": "slutmaal", "created": d("2024-01-20")},
    {"goal_id": "G3", "course_id": "C2", "goal_kind": "delmaal", "created": d("2024-03-01")},
    {"goal_id": "G4", "course_id": "C4", "goal_kind": "slutmaal", "created": d("2024-02-01")},
]
MEETINGS: list[dict[str, Any]] = [
    {"meeting_id": "M1", "date": d("2024-01-10"), "department": "BESK"},
    {"meeting_id": "M1", "date": d("2024-01-10"), "department": "SOC"},
    {"meeting_id": "M2", "date": d("2024-02-07"), "department": "BESK"},
]
CASES: list[dict[str, Any]] = [
    {"meeting_id": "M1", "person_id": "P1", "goal_in_recommendation": True},
    {
        "meeting_id": "M1",
        "person_id": "P2",
        "goal_in_recommendation": False,
        "return_reason": "dokumentation",
    },
    {"meeting_id": "M2", "person_id": "P3"},  # not filled in: counts as without a goal
    {"meeting_id": "M2", "person_id": "P1", "goal_in_recommendation": True},
    {"meeting_id": "M2", "person_id": "P2", "goal_in_recommendation": True},
]


def values(
    indicator_id: str, level: str = "month", as_of: str = "2024-03-31", with_n: bool = False
) -> dict[tuple, Any]:
    reg = register(
        courses=COURSES, meetings=MEETINGS, cases=CASES, interventions=INTERVENTIONS, goals=GOALS
    )
    return tabulate(reg, economy(), indicator_id, level=level, as_of=as_of, with_n=with_n)


def test_waiting_days_median_takes_the_mean_of_the_two_middle_values() -> None:
    assert values("waiting_days_median", with_n=True) == {
        ("2024-01", "BESK", "mentor"): (10, 1),  # I1
        ("2024-02", "BESK", "mentor"): (9, 1),  # I3 10 and I4 8 days, both P2
        ("2024-02", "SOC", "stoettekontakt"): (3.5, 2),  # I2 7 days, I9 same day 0
        ("2024-03", "BESK", "mentor"): (29, 1),  # I10 1 Feb -> 1 Mar in a leap year
    }
    assert values("waiting_days_median", level="quarter") == {
        ("2024-Q1", "BESK", "mentor"): 10,  # 8, 10, 10, 29
        ("2024-Q1", "SOC", "stoettekontakt"): 3.5,
    }


def test_waiting_days_median_counts_only_starts_known_on_the_as_of_date() -> None:
    # On 15 February I4 has not started yet (20 February).
    assert values("waiting_days_median", as_of="2024-02-15")[("2024-02", "BESK", "mentor")] == 10


def test_waiting_days_p90_interpolates_linearly() -> None:
    assert values("waiting_days_p90") == {
        ("2024-01", "BESK", "mentor"): 10,
        ("2024-02", "BESK", "mentor"): 9.8,  # 8 + 0.9 x (10 - 8)
        ("2024-02", "SOC", "stoettekontakt"): 6.3,  # 0 + 0.9 x 7
        ("2024-03", "BESK", "mentor"): 29,
    }
    # Quarter: sorted 8, 10, 10, 29; position 0.9 x 3 = 2.7 -> 10 + 0.7 x 19
    assert values("waiting_days_p90", level="quarter")[("2024-Q1", "BESK", "mentor")] == 23.3


def test_waiting_now_count_counts_what_was_waiting_at_each_period_end() -> None:
    assert values("waiting_now_count", with_n=True) == {
        ("2024-01", "BESK", "mentor"): (1, 1),  # I3, requested on the last day
        ("2024-01", "SOC", "stoettekontakt"): (1, 1),  # I2, starts 1 February
        ("2024-02", "BESK", "mentor"): (2, 2),  # I5 requested 29 Feb, I10 starts 1 Mar
        ("2024-02", "SOC", "stoettekontakt"): (1, 1),  # I8; refused I6 and I7 never count
        ("2024-03", "BESK", "mentor"): (1, 1),  # I5
        ("2024-03", "SOC", "stoettekontakt"): (1, 1),  # I8
    }
    assert values("waiting_now_count", level="quarter") == {
        ("2024-Q1", "BESK", "mentor"): 1,
        ("2024-Q1", "SOC", "stoettekontakt"): 1,
    }


def test_waiting_now_count_at_the_as_of_date_includes_later_starts() -> None:
    # On 15 February I4 (now afsluttet, started 20 Feb) and I10 (1 Mar) were waiting.
    assert values("waiting_now_count", as_of="2024-02-15") == {
        ("2024-01", "BESK", "mentor"): 1,
        ("2024-01", "SOC", "stoettekontakt"): 1,
        ("2024-02", "BESK", "mentor"): 2,
        ("2024-02", "SOC", "stoettekontakt"): 1,
    }


def test_interventions_refused_pct_reasons_sum_to_the_department_share() -> None:
    # February SOC: I6, I7, I8 (venter), I9 requested -> 1 of 4 for each reason; n is the
    # one person refused for that reason, so suppression protects them.
    assert values("interventions_refused_pct", with_n=True) == {
        ("2024-02", "SOC", "borger_takker_nej"): (25, 1),
        ("2024-02", "SOC", "kapacitet"): (25, 1),
    }
    # Q1 SOC adds I2 (January): 5 requested.
    assert values("interventions_refused_pct", level="quarter") == {
        ("2024-Q1", "SOC", "borger_takker_nej"): 20,
        ("2024-Q1", "SOC", "kapacitet"): 20,
    }
    # On 15 February I7 (requested 28 Feb) is not yet known: 1 of I6, I8, I9.
    assert values("interventions_refused_pct", as_of="2024-02-15") == {
        ("2024-02", "SOC", "kapacitet"): 33.3333
    }


def test_a_refusal_without_a_reason_counts_as_andet_even_when_no_row_says_andet() -> None:
    # compute() reads code columns as categories; «andet» must be one though nobody wrote it.
    blank = [{**row, "refusal_reason": None} if row["intervention_id"] == "I6" else row
             for row in INTERVENTIONS]  # fmt: skip
    reg = register(courses=COURSES, meetings=MEETINGS, cases=CASES, interventions=blank)
    assert tabulate(reg, economy(), "interventions_refused_pct", as_of="2024-03-31") == {
        ("2024-02", "SOC", "andet"): 25,
        ("2024-02", "SOC", "borger_takker_nej"): 25,
    }


def test_goal_in_recommendation_pct_includes_returned_cases() -> None:
    assert values("goal_in_recommendation_pct", with_n=True) == {
        ("2024-01",): (50, 1),  # P2's returned case has no goal; n: the smaller side
        ("2024-02",): (66.6667, 1),  # P3's blank counts as without
    }


def test_plans_with_subgoal_pct_at_each_period_end() -> None:
    assert values("plans_with_subgoal_pct", with_n=True) == {
        ("2024-01",): (50, 1),  # C1's delmål created on 31 January counts; C2 has a slutmål
        ("2024-02",): (33.3333, 1),  # C1 ends on 29 Feb, still active; C2's delmål is 1 Mar
        ("2024-03",): (100, 1),  # only C2 runs at 31 March
    }
    # On 5 March C4 (ends 10 March) still runs and has no delmål.
    assert values("plans_with_subgoal_pct", as_of="2024-03-05")[("2024-03",)] == 50


def test_contact_persons_mean_counts_persons_without_interventions_as_zero() -> None:
    assert values("contact_persons_mean", with_n=True) == {
        ("2024-01", "jobafklaring"): (0, 1),
        ("2024-01", "ressourceforloeb"): (0.5, 2),  # P1 S1, P2 none yet
        ("2024-02", "jobafklaring"): (0, 1),
        ("2024-02", "ressourceforloeb"): (1.3333, 3),  # P1 S1+S2, P2 S1 twice, P4 S2
        ("2024-03", "jobafklaring"): (0, 1),
        ("2024-03", "ressourceforloeb"): (1, 2),  # P2 S1 (open-ended I3), P4 S3
    }


def test_parallel_interventions_pct_needs_a_shared_day() -> None:
    assert values("parallel_interventions_pct", with_n=True) == {
        ("2024-01",): (0, 2),
        ("2024-02",): (33.3333, 1),  # P1: BESK and SOC on 1-15 Feb
        ("2024-03",): (0, 2),  # P1's course ended; P4 back to back; P2 one department
    }
    assert values("parallel_interventions_pct", level="quarter") == {("2024-Q1",): 33.3333}
    # On 31 January P1's SOC intervention has not started.
    assert values("parallel_interventions_pct", as_of="2024-01-31") == {("2024-01",): 0}
