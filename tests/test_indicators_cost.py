"""Cost indicators, each checked against kroner worked out by hand on a tiny register."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.indicator_data import d, economy, register, tabulate
from toolkit.indicators import compute

INTERVENTIONS = [
    # mentor by the hour: 7 h/week at 100 kr./h in January, 200 kr./h from February
    {
        "intervention_id": "I1",
        "person_id": "P1",
        "intervention_type": "mentor",
        "department": "BESK",
        "requested": d("2024-01-02"),
        "status": "igangsat",
        "start": d("2024-01-29"),
        "weekly_hours": 7.0,
    },
    # a course price: the whole 5.000 kr. on the start date
    {
        "intervention_id": "I2",
        "person_id": "P2",
        "intervention_type": "kursus",
        "department": "BESK",
        "requested": d("2024-01-02"),
        "status": "afsluttet",
        "start": d("2024-01-10"),
        "end": d("2024-03-10"),
    },
    # an actual cost of 1.000 kr. spread over its five days, whatever the week price says
    {
        "intervention_id": "I3",
        "person_id": "P2",
        "intervention_type": "stoettekontakt",
        "department": "SOC",
        "requested": d("2024-02-01"),
        "status": "afsluttet",
        "start": d("2024-02-20"),
        "end": d("2024-02-24"),
        "actual_cost": 1000.0,
    },
    # a month price of 3.650 kr. = 120 kr. a day, one day in each month
    {
        "intervention_id": "I4",
        "person_id": "P3",
        "intervention_type": "genoptraening",
        "department": "SUND",
        "requested": d("2024-01-02"),
        "status": "afsluttet",
        "start": d("2024-01-31"),
        "end": d("2024-02-01"),
    },
]
PRICES = [
    {
        "intervention_type": "mentor",
        "name": "Mentor",
        "department": "BESK",
        "unit": "time",
        "price": 100.0,
        "valid_from": d("2023-01-01"),
        "valid_to": d("2024-01-31"),
    },
    {
        "intervention_type": "mentor",
        "name": "Mentor",
        "department": "BESK",
        "unit": "time",
        "price": 200.0,
        "valid_from": d("2024-02-01"),
    },
    {
        "intervention_type": "kursus",
        "name": "Kursus",
        "department": "BESK",
        "unit": "forloeb",
        "price": 5000.0,
        "valid_from": d("2023-01-01"),
    },
    {
        "intervention_type": "stoettekontakt",
        "name": "SKP",
        "department": "SOC",
        "unit": "uge",
        "price": 700.0,
        "valid_from": d("2023-01-01"),
    },
    {
        "intervention_type": "genoptraening",
        "name": "Genoptræning",
        "department": "SUND",
        "unit": "maaned",
        "price": 3650.0,
        "valid_from": d("2023-01-01"),
    },
]
COURSES = [
    {"course_id": "C1", "person_id": "P1", "scheme": "ressourceforloeb", "start": d("2024-01-01")},
    {
        "course_id": "C2",
        "person_id": "P2",
        "scheme": "jobafklaring",
        "start": d("2024-01-15"),
        "end": d("2024-02-10"),
        "exit_reason": "anden_ydelse",
    },
]
MEETINGS = [
    {
        "meeting_id": "M1",
        "date": d("2024-01-10"),
        "department": "BESK",
        "participants": 2,
        "prep_minutes_per_case": 45.0,
    },
    {
        "meeting_id": "M1",
        "date": d("2024-01-10"),
        "department": "SOC",
        "participants": 1,
        "prep_minutes_per_case": 30.0,
    },
]
CASES = [
    {
        "meeting_id": "M1",
        "person_id": "P1",
        "case_type": "ressourceforloeb",
        "recommendation": "ressourceforloeb",
        "minutes": 60.0,
    },
    {
        "meeting_id": "M1",
        "person_id": "P2",
        "case_type": "jobafklaring",
        "recommendation": "jobafklaring",
    },  # no minutes: 60
]
BENEFITS = [
    {
        "person_id": "P1",
        "month": d("2024-01-01"),
        "benefit": "ressourceforloebsydelse",
        "amount": 10000.0,
        "refund": 8000.0,
    },
    {
        "person_id": "P1",
        "month": d("2024-02-01"),
        "benefit": "ressourceforloebsydelse",
        "amount": 10000.0,
    },  # month 2 on benefit: week 8, 40 %
    {
        "person_id": "P2",
        "month": d("2024-02-01"),
        "benefit": "kontanthjaelp",
        "amount": 5000.0,
    },  # first month on benefit: week 4, 80 %
]
ECONOMY = {
    "hourly_rates": [
        {"department": "BESK", "hourly_rate": 500.0},
        {"department": "SOC", "hourly_rate": 400.0},
    ],
    "prices": PRICES,
    "budget": [
        {
            "year": 2024,
            "department": "BESK",
            "account": "5.68.90",
            "budget_kind": "oprindeligt",
            "amount": 1_200_000.0,
        },
        {
            "year": 2024,
            "department": "BESK",
            "account": "5.68.90",
            "budget_kind": "korrigeret",
            "amount": 2_400_000.0,
        },
        {
            "year": 2024,
            "department": "BESK",
            "account": "5.58.82",
            "budget_kind": "oprindeligt",
            "amount": 1_200_000.0,
        },
        {
            "year": 2024,
            "department": "SOC",
            "account": "5.38.38",
            "budget_kind": "oprindeligt",
            "amount": 600_000.0,
        },
    ],
    "actuals": [
        {"year": 2024, "month": 1, "department": "BESK", "account": "5.68.90", "amount": 250_000.0},
        {"year": 2024, "month": 1, "department": "BESK", "account": "5.58.82", "amount": 50_000.0},
        {"year": 2024, "month": 2, "department": "BESK", "account": "5.68.90", "amount": 330_000.0},
        {"year": 2024, "month": 1, "department": "SOC", "account": "5.38.38", "amount": 40_000.0},
        # spending without a budget still shows
        {"year": 2024, "month": 2, "department": "SUND", "account": "4.62.82", "amount": 9_000.0},
    ],
}


def values(indicator: str, level: str = "month") -> dict[tuple, float]:
    reg = register(
        interventions=INTERVENTIONS,
        courses=COURSES,
        meetings=MEETINGS,
        cases=CASES,
        benefits=BENEFITS,
    )
    return tabulate(reg, economy(**ECONOMY), indicator, level=level, as_of="2024-02-29")


def test_intervention_cost_dkk_accrues_to_the_days_with_the_price_of_each_day() -> None:
    assert values("intervention_cost_dkk") == {
        ("2024-01", "BESK", "kursus"): 5000.0,  # the whole course price on 10 January
        ("2024-01", "BESK", "mentor"): 300.0,  # 29-31 January at 7 × 100 ÷ 7
        ("2024-01", "SUND", "genoptraening"): 120.0,  # 3.650 × 12 ÷ 365
        ("2024-02", "BESK", "mentor"): 5800.0,  # 29 days at the new price, to the as-of date
        ("2024-02", "SOC", "stoettekontakt"): 1000.0,  # the actual cost, not 5 × 100
        ("2024-02", "SUND", "genoptraening"): 120.0,
    }


def test_meeting_staff_cost_dkk_prices_each_departments_time() -> None:
    # BESK: 2 × (120 + 45 × 2) ÷ 60 × 500; SOC: 1 × (120 + 30 × 2) ÷ 60 × 400
    assert values("meeting_staff_cost_dkk") == {
        ("2024-01", "BESK"): 3500.0,
        ("2024-01", "SOC"): 1200.0,
    }


def test_benefit_cost_gross_dkk_by_benefit_and_month() -> None:
    assert values("benefit_cost_gross_dkk") == {
        ("2024-01", "ressourceforloebsydelse"): 10000.0,
        ("2024-02", "kontanthjaelp"): 5000.0,
        ("2024-02", "ressourceforloebsydelse"): 10000.0,
    }


def test_benefit_refund_dkk_estimates_a_blank_refund_from_the_ladder() -> None:
    assert values("benefit_refund_dkk") == {
        ("2024-01", "ressourceforloebsydelse"): 8000.0,  # given
        ("2024-02", "kontanthjaelp"): 4000.0,  # estimated: 80 % in the first month
        ("2024-02", "ressourceforloebsydelse"): 4000.0,  # estimated: 40 % in month two
    }


def test_benefit_cost_net_dkk_is_gross_minus_refund() -> None:
    assert values("benefit_cost_net_dkk") == {
        ("2024-01", "ressourceforloebsydelse"): 2000.0,
        ("2024-02", "kontanthjaelp"): 1000.0,
        ("2024-02", "ressourceforloebsydelse"): 6000.0,
    }


def test_budget_dkk_prefers_the_corrected_budget_and_shares_it_over_months() -> None:
    assert values("budget_dkk") == {
        ("2024-01", "BESK"): 300_000.0,  # (2.400.000 corrected + 1.200.000) ÷ 12
        ("2024-01", "SOC"): 50_000.0,
        ("2024-02", "BESK"): 300_000.0,
        ("2024-02", "SOC"): 50_000.0,
    }
    assert values("budget_dkk", level="year") == {
        ("2024", "BESK"): 3_600_000.0,
        ("2024", "SOC"): 600_000.0,
    }


def test_actual_dkk_sums_the_booked_months() -> None:
    assert values("actual_dkk") == {
        ("2024-01", "BESK"): 300_000.0,
        ("2024-01", "SOC"): 40_000.0,
        ("2024-01", "SUND"): 0.0,
        ("2024-02", "BESK"): 330_000.0,
        ("2024-02", "SOC"): 0.0,
        ("2024-02", "SUND"): 9_000.0,
    }


def test_budget_utilisation_pct_is_year_to_date() -> None:
    got = values("budget_utilisation_pct")
    assert got[("2024-01", "BESK")] == round(300_000 / 3_600_000 * 100, 4)
    assert got[("2024-02", "BESK")] == 17.5  # 630.000 of 3.600.000


def test_forecast_year_end_dkk_projects_the_run_rate() -> None:
    got = values("forecast_year_end_dkk")
    assert got[("2024-01", "BESK")] == 3_600_000.0  # 300.000 × 12
    assert got[("2024-02", "BESK")] == 3_780_000.0  # 630.000 + 315.000 × 10
    assert got[("2024-02", "SOC")] == 240_000.0


def test_forecast_variance_dkk_is_the_forecast_minus_the_annual_budget() -> None:
    got = values("forecast_variance_dkk")
    assert got[("2024-01", "BESK")] == 0.0  # 3.600.000 − 3.600.000 (korrigeret)
    assert got[("2024-02", "BESK")] == 180_000.0  # 3.780.000 − 3.600.000: a merforbrug
    assert got[("2024-02", "SOC")] == -360_000.0  # 240.000 − 600.000: a mindreforbrug
    assert got[("2024-02", "SUND")] == 54_000.0  # 9.000 × 12 ÷ 2 − no budget (0)


def test_cost_per_person_dkk_divides_by_persons_in_any_course() -> None:
    assert values("cost_per_person_dkk") == {
        ("2024-01", "BESK"): 4400.0,  # (300 + 5.000 + 3.500) ÷ 2 persons
        ("2024-01", "SOC"): 600.0,
        ("2024-01", "SUND"): 60.0,
        ("2024-02", "BESK"): 2900.0,
        ("2024-02", "SOC"): 500.0,
        ("2024-02", "SUND"): 60.0,
    }


def test_budget_dkk_and_actual_dkk_have_no_persons_behind_them() -> None:
    reg = register(interventions=INTERVENTIONS, courses=COURSES)
    out = compute(
        reg,
        economy(**ECONOMY),
        ids=["budget_dkk", "actual_dkk"],
        first=d("2024-01-01"),
        as_of=d("2024-02-29"),
    )
    assert out["n"].isna().all() and not out.empty
    assert pd.api.types.is_float_dtype(out["value"])


def test_cost_per_person_dkk_counts_the_persons_behind_the_departments_cost() -> None:
    reg = register(
        interventions=INTERVENTIONS,
        courses=COURSES,
        meetings=MEETINGS,
        cases=CASES,
        benefits=BENEFITS,
    )
    got = tabulate(reg, economy(**ECONOMY), "cost_per_person_dkk", as_of="2024-02-29", with_n=True)
    assert got[("2024-01", "BESK")] == (4400.0, 2)  # P1 (mentor, case), P2 (course, case)
    assert got[("2024-01", "SOC")] == (600.0, 2)  # the two cases at the meeting
    assert got[("2024-02", "SUND")] == (60.0, 1)  # P3's genoptræning only


@pytest.mark.parametrize(
    ("indicator_id", "level", "as_of"),
    [
        ("meeting_staff_cost_dkk", "year", "2024-12-31"),  # no rehab-team meetings yet
        ("cost_per_person_dkk", "quarter", "2024-03-31"),  # a course, no cost yet
    ],
)
def test_cost_indicators_without_cost_are_empty_not_an_error(
    indicator_id: str, level: str, as_of: str
) -> None:
    """A new municipality: a course, but no intervention or meeting cost."""
    course = {"course_id": "F1", "person_id": "P1", "scheme": "ressourceforloeb",
              "start": "2024-01-01", "coordinating_department": "BESK"}  # fmt: skip
    eco = economy(
        departments=[{"department": "BESK", "name": "Beskæftigelse", "committee": "U"}],
        hourly_rates=[{"department": "BESK", "hourly_rate": 500.0}],
    )
    out = compute(
        register(courses=[course]), eco, ids=[indicator_id], level=level,  # type: ignore[arg-type]
        as_of=d(as_of),
    )  # fmt: skip
    assert out.empty
