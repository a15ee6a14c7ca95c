"""The baseline from a register: base year, facts per scheme and intervention type, levels
and the trend rule, on a tiny register worked out by hand and on the sample municipality."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.indicator_data import d, economy, register
from toolkit.register import Economy, Register
from toolkit.scenarios import Baseline, base_year_of, build_baseline, trend_growth

# Ressourceforløb in 2024: P1 all year (366 days), P2 from 1 July (184 days): 2 persons,
# 1 + 184/366 person-years. P1 came from sygedagpenge, P2 from kontanthjælp.
# Fleksjob: P3 all year, coordinated by B; no budget account for it, no benefit.
# Ressourceforløbsydelse 2024: P1 12 × 10.000 with a 2.000 refund (20 %), P2 6 × 10.000
# with a 5.000 refund (50 %): gross 180.000 over 18 person-months = 120.000 per
# person-year; refund 24.000 + 30.000 = 54.000 = 30 % of the gross. 2023: P1 12 × 10.000,
# refund 2.000 a month: gross 120.000, refund 24.000.
# Mentor (department B in Takster): an actual cost of 36.600 kr. over 2024 (P1, on the
# ressourceforløb) and 36.500 kr. over 2023 (P9, without a course).
RESSOURCE_PY = 1 + 184 / 366


def _register() -> Register:
    benefits = [
        {"person_id": "P1", "month": d(f"{year}-{month:02d}-01"),
         "benefit": "ressourceforloebsydelse", "amount": 10_000.0, "refund": 2_000.0}
        for year in (2023, 2024) for month in range(1, 13)
    ] + [
        {"person_id": "P2", "month": d(f"2024-{month:02d}-01"),
         "benefit": "ressourceforloebsydelse", "amount": 10_000.0, "refund": 5_000.0}
        for month in range(7, 13)
    ]  # fmt: skip
    return register(
        citizens=[
            {"person_id": "P1", "support_at_entry": "sygedagpenge"},
            {"person_id": "P2", "support_at_entry": "kontanthjaelp"},
            {"person_id": "P3", "support_at_entry": "sygedagpenge"},
            {"person_id": "P9", "support_at_entry": "anden"},
        ],
        courses=[
            {"course_id": "C1", "person_id": "P1", "scheme": "ressourceforloeb",
             "start": d("2024-01-01"), "coordinating_department": "A"},
            {"course_id": "C2", "person_id": "P2", "scheme": "ressourceforloeb",
             "start": d("2024-07-01"), "coordinating_department": "A"},
            {"course_id": "C3", "person_id": "P3", "scheme": "fleksjob",
             "start": d("2024-01-01"), "coordinating_department": "B", "weekly_hours": 20.0},
        ],
        interventions=[
            {"intervention_id": "I1", "person_id": "P1", "course_id": "C1",
             "intervention_type": "mentor", "department": "B", "requested": d("2023-12-01"),
             "status": "afsluttet", "start": d("2024-01-01"), "end": d("2024-12-31"),
             "actual_cost": 36_600.0},
            {"intervention_id": "I2", "person_id": "P9", "intervention_type": "mentor",
             "department": "B", "requested": d("2022-12-01"), "status": "afsluttet",
             "start": d("2023-01-01"), "end": d("2023-12-31"), "actual_cost": 36_500.0},
        ],
        benefits=benefits,
    )  # fmt: skip


def _economy() -> Economy:
    return economy(
        departments=[{"department": "A", "name": "Afdeling A", "committee": "X"},
                     {"department": "B", "name": "Afdeling B", "committee": "Y"}],
        budget=[{"year": 2024, "department": "A", "account": "5.58.82.01",
                 "account_name": "Ressourceforløb", "budget_kind": "oprindeligt",
                 "amount": 1_000_000.0}],
        prices=[{"intervention_type": "mentor", "name": "Mentor", "department": "B",
                 "unit": "maaned", "price": 1_000.0, "valid_from": d("2020-01-01")},
                {"intervention_type": "kursus", "name": "Kursus", "department": "A",
                 "unit": "forloeb", "price": 5_000.0, "valid_from": d("2020-01-01")}],
    )  # fmt: skip


@pytest.fixture(scope="module")
def small() -> Baseline:
    return build_baseline(_register(), _economy(), as_of=d("2025-03-31"), version="v1")


def test_base_year_is_the_last_whole_year() -> None:
    assert base_year_of(d("2025-03-31")) == 2024
    assert base_year_of(d("2024-12-31")) == 2024
    assert base_year_of(d("2025-01-01")) == 2024


def test_small_register_base_year_and_departments(small: Baseline) -> None:
    assert small.base_year == 2024
    assert small.as_of == d("2025-03-31")
    assert small.version == "v1"
    assert dict(small.departments) == {"A": "Afdeling A", "B": "Afdeling B"}
    assert small.department_label("B") == "Afdeling B"


def test_scheme_facts(small: Baseline) -> None:
    facts = small.schemes["ressourceforloeb"]
    assert facts.persons == 2
    assert dict(facts.persons_by_support) == {"sygedagpenge": 1, "kontanthjaelp": 1}
    assert facts.person_years == pytest.approx(RESSOURCE_PY)
    # 180.000 kr. over 18 person-months × 12.
    assert facts.benefit_per_person_year == pytest.approx(120_000.0)
    # 54.000 ÷ 180.000.
    assert facts.refund_share == pytest.approx(0.30)
    # The budget holds 5.58.82 in A.
    assert facts.benefit_department == "A"
    # Mentor's 36.600 kr. in 2024 belong to P1's ressourceforløb, paid by B.
    assert dict(facts.intervention_cost_per_person_year) == pytest.approx(
        {"B": 36_600.0 / RESSOURCE_PY}
    )
    flex = small.schemes["fleksjob"]
    assert (flex.persons, flex.person_years) == (1, pytest.approx(1.0))
    assert flex.benefit_per_person_year is None  # no fleksløntilskud paid
    assert flex.benefit_department == "B"  # no budget account: the coordinating department
    pension = small.schemes["foertidspension"]
    assert (pension.persons, pension.benefit_department) == (0, None)


def test_intervention_type_facts(small: Baseline) -> None:
    mentor = small.intervention_types["mentor"]
    # 36.600 kr. ÷ 1 recipient in 2024 (P9's 2023 mentor is not the base year).
    assert (mentor.department, mentor.recipients) == ("B", 1)
    assert mentor.cost_per_recipient_year == pytest.approx(36_600.0)
    kursus = small.intervention_types["kursus"]
    assert (kursus.department, kursus.recipients, kursus.cost_per_recipient_year) == (
        "A", 0, None,
    )  # fmt: skip


def test_levels_and_trend(small: Baseline) -> None:
    levels = dict(small.levels)
    assert levels == pytest.approx({
        ("A", "kommune", "benefit_cost"): 180_000.0,
        ("A", "kommune", "refund"): -54_000.0,
        (None, "stat", "refund"): 54_000.0,
        ("B", "kommune", "intervention_cost"): 36_600.0,
    })  # fmt: skip
    growth = dict(small.growth)
    # Benefits 120.000 -> 180.000 (+50 %) and refunds 24.000 -> 54.000: capped at 10 %.
    assert growth[("A", "kommune", "benefit_cost")] == pytest.approx(0.10)
    assert growth[("A", "kommune", "refund")] == pytest.approx(0.10)
    assert growth[(None, "stat", "refund")] == pytest.approx(0.10)
    # Mentor 36.500 -> 36.600: not capped.
    assert growth[("B", "kommune", "intervention_cost")] == pytest.approx(36_600 / 36_500 - 1)
    trend = small.project([2025, 2026], "tendens")
    assert list(trend.columns) == ["year", "department", "purse", "item", "amount"]
    cost = trend[(trend["item"] == "benefit_cost")].set_index("year")["amount"]
    assert cost[2026] == pytest.approx(180_000.0 * 1.1**2)
    flat = small.project([2025, 2026], "flad")
    assert (flat.loc[flat["item"] == "benefit_cost", "amount"] == 180_000.0).all()
    # The municipality's spending: gross − refund + intervention cost.
    assert small.municipal_cost([2026], "flad") == {2026: pytest.approx(162_600.0)}


def test_trend_growth_rule() -> None:
    # Geometric mean over three years: 100 -> 133,1 is 10 % a year.
    assert trend_growth({2021: 100.0, 2022: 0.0, 2024: 133.1}, 2024) == pytest.approx(0.10)
    # Only two years known: one change.
    assert trend_growth({2023: 100.0, 2024: 105.0}, 2024) == pytest.approx(0.05)
    # Capped at ±10 %.
    assert trend_growth({2023: 100.0, 2024: 200.0}, 2024) == 0.10
    assert trend_growth({2023: 100.0, 2024: 10.0}, 2024) == -0.10
    # Four years back is too far; a partial first year is left out.
    assert trend_growth({2020: 1.0, 2024: 2.0}, 2024) == 0.0
    assert trend_growth({2022: 50.0, 2023: 100.0, 2024: 105.0}, 2024, 2023) == pytest.approx(0.05)
    # Nothing to compare, or a change of sign: flat.
    assert trend_growth({2024: 5.0}, 2024) == 0.0
    assert trend_growth({2023: -5.0, 2024: 5.0}, 2024) == 0.0


@pytest.mark.slow
def test_sample_municipality(sample_dir: Path) -> None:
    import toolkit

    dataset = toolkit.load(sample_dir)
    baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
    assert baseline.base_year == 2025
    assert set(baseline.departments) == {"BESK", "SOC", "SUND", "UNGE"}
    for code, facts in baseline.schemes.items():
        assert facts.persons > 0, code
        assert facts.person_years > 0, code
        assert facts.benefit_per_person_year and facts.benefit_per_person_year > 0, code
        assert 0 < facts.refund_share < 1, code
        assert facts.benefit_department in baseline.departments, code
    assert baseline.schemes["ressourceforloeb"].benefit_department == "BESK"
    mentor = baseline.intervention_types["mentor"]
    assert mentor.department == "BESK"
    assert mentor.recipients > 0
    assert mentor.cost_per_recipient_year and mentor.cost_per_recipient_year > 0
    assert all(v > 0 for k, v in baseline.levels.items() if k[2] != "refund" or k[1] == "stat")
    assert all(-0.1 <= g <= 0.1 for g in baseline.growth.values())


def test_benefit_accounts_and_own_benefits_name_codes_of_the_benefit_list() -> None:
    from toolkit import schema
    from toolkit.scenarios.baseline import BENEFIT_ACCOUNTS, SCHEME_BENEFIT
    from toolkit.workbook import scenario_rules

    codes = set(schema.BENEFIT.labels)
    assert set(BENEFIT_ACCOUNTS) <= codes  # no uddannelseshjælp: it is no Ydelse code
    assert set(SCHEME_BENEFIT.values()) <= codes
    assert scenario_rules.SCHEME_BENEFIT == SCHEME_BENEFIT  # the workbook's warning agrees
