"""Volume indicators, each checked against numbers worked out by hand on a tiny register."""

from __future__ import annotations

import pytest

from tests.indicator_data import d, economy, register, tabulate
from toolkit.indicators import REGISTRY, compute

COURSES = [
    # P1 has two overlapping ressourceforløb; P2's runs on; P3 starts a flex job in March.
    {
        "course_id": "C1",
        "person_id": "P1",
        "scheme": "ressourceforloeb",
        "start": d("2024-01-15"),
        "end": d("2024-02-10"),
        "exit_reason": "nyt_forloeb",
    },
    {"course_id": "C2", "person_id": "P2", "scheme": "ressourceforloeb", "start": d("2024-01-31")},
    {
        "course_id": "C3",
        "person_id": "P1",
        "scheme": "ressourceforloeb",
        "start": d("2024-02-05"),
        "end": d("2024-02-20"),
        "exit_reason": "ordinaer_beskaeftigelse",
    },
    {
        "course_id": "C4",
        "person_id": "P3",
        "scheme": "fleksjob",
        "start": d("2024-03-01"),
        "weekly_hours": 12.0,
    },
]
MEETINGS = [
    {"meeting_id": "M1", "date": d("2024-01-10"), "department": "BESK", "participants": 2},
    {"meeting_id": "M1", "date": d("2024-01-10"), "department": "SOC", "participants": 1},
    {"meeting_id": "M2", "date": d("2024-02-07"), "department": "BESK", "participants": 2},
]
CASES = [
    {
        "meeting_id": "M1",
        "person_id": "P1",
        "case_type": "ressourceforloeb",
        "recommendation": "ressourceforloeb",
    },
    {
        "meeting_id": "M1",
        "person_id": "P2",
        "case_type": "jobafklaring",
        "recommendation": "anden_indsats",
        "return_reason": "dokumentation",
    },
    {"meeting_id": "M2", "person_id": "P3", "case_type": "fleksjob", "recommendation": "fleksjob"},
]
INTERVENTIONS = [
    {
        "intervention_id": "I1",
        "person_id": "P1",
        "intervention_type": "mentor",
        "department": "BESK",
        "requested": d("2024-01-10"),
        "status": "igangsat",
        "start": d("2024-01-20"),
    },
    {
        "intervention_id": "I2",
        "person_id": "P2",
        "intervention_type": "stoettekontakt",
        "department": "SOC",
        "requested": d("2024-02-01"),
        "status": "igangsat",
        "start": d("2024-03-05"),
    },
    {
        "intervention_id": "I3",
        "person_id": "P1",
        "intervention_type": "mentor",
        "department": "BESK",
        "requested": d("2024-03-10"),
        "status": "venter",
    },
]


def values(ids: str, level: str = "month", as_of: str = "2024-03-31") -> dict[tuple, float]:
    reg = register(courses=COURSES, meetings=MEETINGS, cases=CASES, interventions=INTERVENTIONS)
    return tabulate(reg, economy(), ids, level=level, as_of=as_of)


def test_persons_active_count_counts_each_person_once_per_scheme() -> None:
    assert values("persons_active_count") == {
        ("2024-01", "ressourceforloeb"): 2,  # P1 from the 15th, P2 on the 31st
        ("2024-02", "ressourceforloeb"): 2,  # P1 twice (C1, C3) counts once
        ("2024-03", "fleksjob"): 1,
        ("2024-03", "ressourceforloeb"): 1,  # P2 runs on to the as-of date
    }
    assert values("persons_active_count", level="quarter") == {
        ("2024-Q1", "fleksjob"): 1,
        ("2024-Q1", "ressourceforloeb"): 2,
    }


def test_persons_active_count_stops_at_the_as_of_date() -> None:
    assert values("persons_active_count", as_of="2024-01-20") == {
        ("2024-01", "ressourceforloeb"): 1  # P2 starts after the as-of date
    }


def test_course_starts_count_by_start_month() -> None:
    assert values("course_starts_count") == {
        ("2024-01", "ressourceforloeb"): 2,
        ("2024-02", "ressourceforloeb"): 1,
        ("2024-03", "fleksjob"): 1,
    }


def test_course_ends_count_by_reason_and_only_once_known() -> None:
    assert values("course_ends_count") == {
        ("2024-02", "ressourceforloeb", "nyt_forloeb"): 1,
        ("2024-02", "ressourceforloeb", "ordinaer_beskaeftigelse"): 1,
    }
    # On 15 February C3's end is still in the future: it is running, not ended.
    assert values("course_ends_count", as_of="2024-02-15") == {
        ("2024-02", "ressourceforloeb", "nyt_forloeb"): 1
    }


def test_full_time_persons_merges_a_persons_overlapping_courses() -> None:
    assert values("full_time_persons") == {
        ("2024-01", "ressourceforloeb"): round((17 + 1) / 31, 4),  # P1 15-31, P2 31
        ("2024-02", "ressourceforloeb"): round((20 + 29) / 29, 4),  # P1 1-20 once, P2 all
        ("2024-03", "fleksjob"): 1.0,
        ("2024-03", "ressourceforloeb"): 1.0,
    }
    assert values("full_time_persons", level="quarter")[("2024-Q1", "ressourceforloeb")] == round(
        (37 + 61) / 91, 4
    )


def test_rehab_cases_count_dates_cases_by_their_meeting() -> None:
    assert values("rehab_cases_count") == {
        ("2024-01", "jobafklaring", "anden_indsats"): 1,
        ("2024-01", "ressourceforloeb", "ressourceforloeb"): 1,
        ("2024-02", "fleksjob", "fleksjob"): 1,
    }


def test_cases_per_meeting_mean_counts_a_long_format_meeting_once() -> None:
    assert values("cases_per_meeting_mean") == {("2024-01",): 2.0, ("2024-02",): 1.0}


def test_interventions_started_count_ignores_those_still_waiting() -> None:
    assert values("interventions_started_count") == {
        ("2024-01", "BESK", "mentor"): 1,
        ("2024-03", "SOC", "stoettekontakt"): 1,
    }


def test_every_value_carries_its_number_of_persons() -> None:
    reg = register(courses=COURSES, meetings=MEETINGS, cases=CASES, interventions=INTERVENTIONS)
    out = compute(reg, economy(), first=d("2024-01-01"), as_of=d("2024-03-31"))
    about_persons = out["indicator"].map(lambda i: REGISTRY[i].about_persons)
    assert out.loc[about_persons, "n"].notna().all()
    assert out.loc[~about_persons, "n"].isna().all()
    rf_feb = out[(out["indicator"] == "course_ends_count") & (out["period"] == "2024-02")]
    assert rf_feb["n"].tolist() == [1, 1]


@pytest.mark.parametrize("level", ["month", "quarter", "year"])
def test_levels_label_their_periods(level: str) -> None:
    expected = {"month": "2024-01", "quarter": "2024-Q1", "year": "2024"}[level]
    assert (expected, "ressourceforloeb") in values("course_starts_count", level=level)
