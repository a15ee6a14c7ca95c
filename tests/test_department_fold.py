"""Who pays for whom, year to date, with thin departments folded into «Øvrige afdelinger»
(toolkit/indicators/pooling.py: fold_departments, toolkit/briefing/sections_cross.py): the fold is
computed again and suppressed again, never a sum of hidden cells."""

from __future__ import annotations

from typing import Any

from tests.indicator_data import d, economy, register, tabulate
from toolkit.briefing.content import parse_quarter
from toolkit.briefing.sections_cross import year_to_date_by_coordinator
from toolkit.indicators.pooling import OTHER_DEPARTMENTS, fold_departments
from toolkit.register import Dataset

PRICES = [{"intervention_type": "kursus", "name": "Kursus", "department": "BESK",
           "unit": "forloeb", "price": 1000.0, "valid_from": d("2023-01-01")}]  # fmt: skip


def _course(person: str, department: str) -> dict[str, Any]:
    return {"course_id": f"C{person}", "person_id": person, "scheme": "ressourceforloeb",
            "start": d("2024-01-01"), "coordinating_department": department}  # fmt: skip


def _course_paid_by(person: str, department: str, month: int) -> dict[str, Any]:
    """A 1.000 kr. course on the 10th of ``month`` for ``person``, paid by ``department``."""
    day = d(f"2024-{month:02d}-10")
    return {"intervention_id": f"I{person}", "person_id": person, "course_id": f"C{person}",
            "intervention_type": "kursus", "department": department, "requested": day,
            "status": "afsluttet", "start": day, "end": day}  # fmt: skip


# All coordinated by the jobcenter. It pays for 6 citizens itself; SUND pays for 2, UNGE for 3
# (one in each quarter): alone each is «<5», folded they are 5 citizens.
PERSONS = [f"P{i}" for i in range(11)]
PAYERS = ["BESK"] * 6 + ["SUND"] * 2 + ["UNGE"] * 3
MONTHS = [1, 2, 3, 4, 5, 6, 1, 4, 2, 5, 8]


def _dataset() -> Dataset:
    reg = register(
        courses=[_course(p, "BESK") for p in PERSONS],
        interventions=[
            _course_paid_by(p, payer, month)
            for p, payer, month in zip(PERSONS, PAYERS, MONTHS, strict=True)
        ],
    )
    return Dataset("v0001", reg, economy(prices=PRICES))


def test_folded_departments_carry_one_code() -> None:
    folded = fold_departments(_dataset().register, "department", ["SUND", "UNGE"])
    got = tabulate(folded, economy(prices=PRICES), "intervention_cost_by_coordinator_dkk",
                   level="year", as_of="2024-09-30", with_n=True)  # fmt: skip
    assert got == {
        ("2024", "BESK", "BESK"): (6000.0, 6),
        ("2024", OTHER_DEPARTMENTS, "BESK"): (5000.0, 5),  # 2 + 3 citizens, computed again
    }


def test_year_to_date_folds_the_hidden_payers_and_publishes_again() -> None:
    table, folded = year_to_date_by_coordinator(_dataset(), parse_quarter("2024-K3"))
    assert folded
    cells = {(r["department"], r["coordinating_department"]): (r["value"], r["suppressed"])
             for r in table.to_dict(orient="records")}  # fmt: skip
    assert cells[(OTHER_DEPARTMENTS, "BESK")][0] == 5000.0
    assert cells[("BESK", "BESK")][0] == 6000.0
    assert set(cells) == {("BESK", "BESK"), (OTHER_DEPARTMENTS, "BESK")}


def test_the_year_to_date_ends_with_the_quarter() -> None:
    # Up to June: UNGE's August course is not counted; SUND (2) and UNGE (2) are hidden
    # alone, folded 4 citizens are still fewer than 5: hidden again, not summed.
    table, folded = year_to_date_by_coordinator(_dataset(), parse_quarter("2024-K2"))
    assert folded
    other = table[table["department"] == OTHER_DEPARTMENTS].iloc[0]
    assert other["suppressed"] == "primær"
