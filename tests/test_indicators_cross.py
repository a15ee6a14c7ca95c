"""Across departments: a paying department's intervention cost by the course's coordinating
department and scheme, checked against kroner worked out by hand."""

from __future__ import annotations

from typing import Any

from tests.indicator_data import d, economy, register, tabulate

PRICES = [
    {
        "intervention_type": "stoettekontakt",
        "name": "SKP",
        "department": "SOC",
        "unit": "uge",
        "price": 700.0,  # 100 kr. a day
        "valid_from": d("2023-01-01"),
    },
    {
        "intervention_type": "kursus",
        "name": "Kursus",
        "department": "BESK",
        "unit": "forloeb",
        "price": 5000.0,  # all on the start date
        "valid_from": d("2023-01-01"),
    },
]
COURSES = [
    # P1's course is coordinated by the jobcenter, P2's by social
    {"course_id": "C1", "person_id": "P1", "scheme": "ressourceforloeb",
     "start": d("2024-01-01"), "coordinating_department": "BESK"},
    {"course_id": "C2", "person_id": "P2", "scheme": "jobafklaring",
     "start": d("2024-01-01"), "coordinating_department": "SOC"},
]  # fmt: skip


def _intervention(ident: str, person: str, course: str | None, kind: str, department: str,
                  start: str, end: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "intervention_id": ident,
        "person_id": person,
        "course_id": course,
        "intervention_type": kind,
        "department": department,
        "requested": d("2024-01-01"),
        "status": "afsluttet" if end else "igangsat",
        "start": d(start),
        "end": d(end) if end else None,
    }


INTERVENTIONS = [
    # social pays 10 days of contact person for the jobcenter's citizen: 1.000 kr. in January
    _intervention("I1", "P1", "C1", "stoettekontakt", "SOC", "2024-01-10", "2024-01-19"),
    # social pays 3 days in January and 2 in February for its own citizen: 300 + 200 kr.
    _intervention("I2", "P2", "C2", "stoettekontakt", "SOC", "2024-01-29", "2024-02-02"),
    # the jobcenter pays a course for social's citizen: 5.000 kr. on 5 February
    _intervention("I3", "P2", "C2", "kursus", "BESK", "2024-02-05", "2024-02-20"),
    # the jobcenter pays a course outside any course: «Uden forløb»
    _intervention("I4", "P3", None, "kursus", "BESK", "2024-01-15", "2024-01-20"),
]


def _data() -> tuple[Any, Any]:
    return (
        register(courses=COURSES, interventions=INTERVENTIONS),
        economy(prices=PRICES),
    )


def test_intervention_cost_by_coordinator_dkk_splits_by_who_coordinates() -> None:
    reg, eco = _data()
    got = tabulate(reg, eco, "intervention_cost_by_coordinator_dkk", as_of="2024-02-29",
                   with_n=True)  # fmt: skip
    assert got == {
        ("2024-01", "SOC", "BESK"): (1000.0, 1),  # what the jobcenter asks of social
        ("2024-01", "SOC", "SOC"): (300.0, 1),
        ("2024-01", "BESK", "uden_forloeb"): (5000.0, 1),
        ("2024-02", "SOC", "SOC"): (200.0, 1),
        ("2024-02", "BESK", "SOC"): (5000.0, 1),  # what social asks of the jobcenter
    }


def test_intervention_cost_by_coordinator_dkk_sums_to_intervention_cost() -> None:
    reg, eco = _data()
    cross = tabulate(reg, eco, "intervention_cost_by_coordinator_dkk", as_of="2024-02-29")
    plain = tabulate(reg, eco, "intervention_cost_dkk", as_of="2024-02-29")
    totals: dict[tuple[str, str], float] = {}
    for (period, department, _), value in cross.items():
        totals[(period, department)] = totals.get((period, department), 0.0) + value
    by_department: dict[tuple[str, str], float] = {}
    for (period, department, _), value in plain.items():
        key = (period, department)
        by_department[key] = by_department.get(key, 0.0) + value
    assert totals == by_department


def test_intervention_cost_by_scheme_dkk_splits_by_the_course_scheme() -> None:
    reg, eco = _data()
    got = tabulate(reg, eco, "intervention_cost_by_scheme_dkk", level="quarter",
                   as_of="2024-02-29")  # fmt: skip
    # scheme comes before department among the dimension columns
    assert got == {
        ("2024-Q1", "ressourceforloeb", "SOC"): 1000.0,
        ("2024-Q1", "jobafklaring", "SOC"): 500.0,
        ("2024-Q1", "jobafklaring", "BESK"): 5000.0,
        ("2024-Q1", "uden_forloeb", "BESK"): 5000.0,
    }
