"""The baseline from a register: base year, facts per scheme and intervention type, levels
and the trend rule, on a tiny register worked out by hand and on the sample municipality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.indicator_data import d, economy, register
from toolkit import schema
from toolkit.register import Economy, Register
from toolkit.scenarios import Baseline, base_year_of, build_baseline, trend_growth
from toolkit.scenarios.baseline import SchemeFacts, TypeFacts

# Ressourceforløb in 2024: P1 all year (366 days), P2 from 1 July (184 days): 2 persons,
# 1 + 184/366 person-years. P1 came from sygedagpenge, P2 from kontanthjælp.
# Fleksjob: P3 all year, coordinated by B; no budget account for it, no benefit.
# Ressourceforløbsydelse 2024: P1 12 × 10.000 with a 2.000 refund (20 %), P2 6 × 10.000
# with a 5.000 refund (50 %): gross 180.000 over 18 person-months = 120.000 per
# person-year; refund 24.000 + 30.000 = 54.000 = 30 % of the gross. 2023: P1 12 × 10.000,
# refund 2.000 a month: gross 120.000, refund 24.000.
# Mentor (department B in Takster): an actual cost of 36.600 kr. over 2024 (P1, on the
# ressourceforløb; 366 days = 366/365 person-years) and 36.500 kr. over 2023 (P9, without a
# course).
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
    assert dict(facts.intervention_cost_by_type) == pytest.approx(
        {("B", "mentor"): 36_600.0 / RESSOURCE_PY}
    )
    # No course ended in 2024.
    assert (facts.mean_duration_years, dict(facts.exit_shares)) == (None, {})
    flex = small.schemes["fleksjob"]
    assert (flex.persons, flex.person_years) == (1, pytest.approx(1.0))
    assert flex.benefit_per_person_year is None  # no fleksløntilskud paid
    assert flex.benefit_department == "B"  # no budget account: the coordinating department
    pension = small.schemes["foertidspension"]
    assert (pension.persons, pension.benefit_department) == (0, None)


def test_intervention_type_facts(small: Baseline) -> None:
    mentor = small.intervention_types["mentor"]
    # 36.600 kr. over the 366 days of 2024 (P9's 2023 mentor is not the base year): 366/365
    # person-years, so a full year (365 days) costs 36.500 kr.
    assert (mentor.department, mentor.recipients) == ("B", 1)
    assert mentor.person_years == pytest.approx(366 / 365)
    assert mentor.cost_per_person_year == pytest.approx(36_500.0)
    kursus = small.intervention_types["kursus"]
    assert (kursus.department, kursus.recipients, kursus.person_years) == ("A", 0, 0.0)
    assert kursus.cost_per_person_year is None


# 2023, as of 31-12-2023: mentor at 5.000 kr. a month (60.000 kr. a full year). P1 has it all
# year (365 days: 60.000 kr.), P2 from 1 July and still running on the as-of date (184 days:
# 30.246,58 kr.). Per recipient that is 45.123,29 kr.; per person-year 90.246,58 ÷ 549/365 =
# 60.000 kr. P3's mentor waits (dates given, never started): no days, no cost. Kursus (A) is
# 5.000 kr. per course, paid on the start date, and ran 10 days.
def _mentor_register() -> Register:
    mentor = {"intervention_type": "mentor", "department": "B", "requested": d("2022-12-01")}
    return register(
        citizens=[{"person_id": p, "support_at_entry": "kontanthjaelp"}
                  for p in ("P1", "P2", "P3")],
        courses=[
            {"course_id": "C1", "person_id": "P1", "scheme": "ressourceforloeb",
             "start": d("2023-01-01"), "coordinating_department": "A"},
            {"course_id": "C2", "person_id": "P2", "scheme": "ressourceforloeb",
             "start": d("2023-07-01"), "coordinating_department": "A"},
        ],
        interventions=[
            {**mentor, "intervention_id": "I1", "person_id": "P1", "course_id": "C1",
             "status": "afsluttet", "start": d("2023-01-01"), "end": d("2023-12-31")},
            {**mentor, "intervention_id": "I2", "person_id": "P2", "course_id": "C2",
             "status": "igangsat", "start": d("2023-07-01")},
            {**mentor, "intervention_id": "I3", "person_id": "P3", "status": "venter",
             "start": d("2023-01-01"), "end": d("2023-12-31")},
            {"intervention_id": "I4", "person_id": "P1", "course_id": "C1",
             "intervention_type": "kursus", "department": "A", "requested": d("2023-02-01"),
             "status": "afsluttet", "start": d("2023-03-01"), "end": d("2023-03-10")},
        ],
    )  # fmt: skip


def _mentor_economy() -> Economy:
    return economy(
        departments=[{"department": "A", "name": "Afdeling A", "committee": "X"},
                     {"department": "B", "name": "Afdeling B", "committee": "Y"}],
        prices=[{"intervention_type": "mentor", "name": "Mentor", "department": "B",
                 "unit": "maaned", "price": 5_000.0, "valid_from": d("2020-01-01")},
                {"intervention_type": "kursus", "name": "Kursus", "department": "A",
                 "unit": "forloeb", "price": 5_000.0, "valid_from": d("2020-01-01")}],
    )  # fmt: skip


def test_running_cost_is_per_person_year_not_per_recipient() -> None:
    baseline = build_baseline(_mentor_register(), _mentor_economy(), as_of=d("2023-12-31"))
    assert baseline.base_year == 2023
    mentor = baseline.intervention_types["mentor"]
    assert mentor.recipients == 2
    assert mentor.person_years == pytest.approx(549 / 365)
    assert mentor.cost_per_person_year == pytest.approx(60_000.0)
    kursus = baseline.intervention_types["kursus"]
    assert (kursus.recipients, kursus.person_years) == (1, pytest.approx(10 / 365))
    assert kursus.cost_per_person_year == pytest.approx(5_000.0 * 365 / 10)


def test_intervention_cost_by_type_splits_the_cost_per_person_year() -> None:
    baseline = build_baseline(_mentor_register(), _mentor_economy(), as_of=d("2023-12-31"))
    facts = baseline.schemes["ressourceforloeb"]
    # P1 all of 2023, P2 from 1 July: 1 + 184/365 person-years.
    person_years = 1 + 184 / 365
    assert facts.person_years == pytest.approx(person_years)
    mentor_cost = 60_000.0 + 60_000.0 * 184 / 365
    assert dict(facts.intervention_cost_by_type) == pytest.approx({
        ("B", "mentor"): mentor_cost / person_years,
        ("A", "kursus"): 5_000.0 / person_years,
    })  # fmt: skip
    assert dict(facts.intervention_cost_per_person_year) == pytest.approx(
        {"B": mentor_cost / person_years, "A": 5_000.0 / person_years}
    )


# Courses that ended in 2024 (as of 31-03-2025), days = end − start + 1:
# ressourceforløb: R1 547 days, ordinær beskæftigelse; R2 366, uddannelse; R3 640, anden
# ydelse; R4 29, fraflyttet; R5 184, nyt forløb; R6 31, no exit reason. R7 ended in 2023 and
# R8 in 2025: not the base year's. Jobafklaring: J1 121 days, død. Fleksjob: F1 to
# førtidspension, F2 to a new course.
def _exits_register() -> Register:
    def course(cid: str, scheme: str, start: str, end: str, reason: str | None) -> dict[str, Any]:
        return {
            "course_id": cid,
            "person_id": f"P{cid}",
            "scheme": scheme,
            "start": d(start),
            "end": d(end),
            "exit_reason": reason,
            "coordinating_department": "A",
        }

    return register(
        courses=[
            course("R1", "ressourceforloeb", "2023-01-01", "2024-06-30",
                   "ordinaer_beskaeftigelse"),
            course("R2", "ressourceforloeb", "2024-01-01", "2024-12-31", "uddannelse"),
            course("R3", "ressourceforloeb", "2022-07-01", "2024-03-31", "anden_ydelse"),
            course("R4", "ressourceforloeb", "2024-02-01", "2024-02-29", "flyttet"),
            course("R5", "ressourceforloeb", "2024-03-01", "2024-08-31", "nyt_forloeb"),
            course("R6", "ressourceforloeb", "2024-05-01", "2024-05-31", None),
            course("R7", "ressourceforloeb", "2022-01-01", "2023-12-31", "fleksjob"),
            course("R8", "ressourceforloeb", "2024-06-01", "2025-01-15", "foertidspension"),
            course("J1", "jobafklaring", "2024-01-01", "2024-04-30", "doed"),
            {**course("F1", "fleksjob", "2023-01-01", "2024-01-31", "foertidspension"),
             "weekly_hours": 10.0},
            {**course("F2", "fleksjob", "2024-01-01", "2024-01-31", "nyt_forloeb"),
             "weekly_hours": 10.0},
        ],
    )  # fmt: skip


def test_course_duration_and_exit_shares_of_the_base_year() -> None:
    baseline = build_baseline(_exits_register(), _economy(), as_of=d("2025-03-31"))
    ressource = baseline.schemes["ressourceforloeb"]
    assert ressource.mean_duration_years == pytest.approx(
        (547 + 366 + 640 + 29 + 184 + 31) / 6 / 365
    )
    # Four with a destination: two to job or education, one to kontanthjælp, one to a new
    # course (stays in the scheme); moving away and a blank reason are left out.
    assert dict(ressource.exit_shares) == pytest.approx(
        {"job_uddannelse": 0.5, "kontanthjaelp": 0.25, "ressourceforloeb": 0.25}
    )
    jobafklaring = baseline.schemes["jobafklaring"]
    assert jobafklaring.mean_duration_years == pytest.approx(121 / 365)
    assert dict(jobafklaring.exit_shares) == {}  # death says nothing about a destination
    flex = baseline.schemes["fleksjob"]
    assert dict(flex.exit_shares) == pytest.approx({"foertidspension": 0.5, "fleksjob": 0.5})
    pension = baseline.schemes["foertidspension"]
    assert (pension.mean_duration_years, dict(pension.exit_shares)) == (None, {})


def test_price_level_is_the_as_of_year_else_the_base_year(small: Baseline) -> None:
    assert small.price_level_year == 2025
    assert small.price_level == 2025
    assert Baseline(base_year=2024).price_level == 2024
    assert Baseline(base_year=2024, as_of=d("2025-06-30")).price_level == 2025
    assert Baseline(base_year=2024, as_of=d("2025-06-30"), price_level_year=2026).price_level == (
        2026
    )


def test_hand_built_facts_default_to_unknown() -> None:
    facts = SchemeFacts()
    assert (facts.mean_duration_years, dict(facts.exit_shares)) == (None, {})
    assert dict(facts.intervention_cost_by_type) == {}
    kind = TypeFacts()
    assert (kind.person_years, kind.cost_per_person_year) == (0.0, None)


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
    # Most recipients have a mentor for part of the year: fewer person-years than persons.
    assert 0 < mentor.person_years < mentor.recipients
    assert mentor.cost_per_person_year and mentor.cost_per_person_year > 0
    assert baseline.as_of is not None
    assert baseline.price_level == baseline.price_level_year == baseline.as_of.year
    for code, facts in baseline.schemes.items():
        # The split by type adds up to the cost per person-year of each paying department.
        by_department: dict[str, float] = {}
        for (department, _kind), cost in facts.intervention_cost_by_type.items():
            by_department[department] = by_department.get(department, 0.0) + cost
        assert by_department == pytest.approx(dict(facts.intervention_cost_per_person_year)), code
        if facts.exit_shares:
            assert sum(facts.exit_shares.values()) == pytest.approx(1.0), code
            assert set(facts.exit_shares) <= {*schema.SCENARIO_DESTINATION.labels, code}, code
    assert baseline.schemes["ressourceforloeb"].intervention_cost_by_type
    assert baseline.schemes["ressourceforloeb"].exit_shares
    duration = baseline.schemes["ressourceforloeb"].mean_duration_years
    assert duration is not None and 0 < duration < 10
    assert all(v > 0 for k, v in baseline.levels.items() if k[2] != "refund" or k[1] == "stat")
    assert all(-0.1 <= g <= 0.1 for g in baseline.growth.values())


def test_benefit_accounts_and_own_benefits_name_codes_of_the_benefit_list() -> None:
    from toolkit.scenarios.baseline import BENEFIT_ACCOUNTS, SCHEME_BENEFIT
    from toolkit.workbook import scenario_rules

    codes = set(schema.BENEFIT.labels)
    assert set(BENEFIT_ACCOUNTS) <= codes  # no uddannelseshjælp: it is no Ydelse code
    assert set(SCHEME_BENEFIT.values()) <= codes
    assert scenario_rules.SCHEME_BENEFIT == SCHEME_BENEFIT  # the workbook's warning agrees


# The account mapping (toolkit/data/benefit_accounts.csv): in 2024 ressourceforløb is
# coordinated by A, whose budget holds 5.58.82 (so A is where an unplaced benefit falls
# back to); kontanthjælp and sygedagpenge are paid. The budget line under test is in K.
def _mapping_baseline(account: str) -> Baseline:
    reg = register(
        courses=[{"course_id": "C1", "person_id": "P1", "scheme": "ressourceforloeb",
                  "start": d("2024-01-01"), "coordinating_department": "A"}],
        benefits=[{"person_id": "P5", "month": d("2024-01-01"), "benefit": "kontanthjaelp",
                   "amount": 10_000.0, "refund": 0.0},
                  {"person_id": "P6", "month": d("2024-01-01"), "benefit": "sygedagpenge",
                   "amount": 10_000.0, "refund": 0.0}],
    )  # fmt: skip
    budget = [
        {"year": 2024, "department": "A", "account": "5.58.82.01", "budget_kind": "oprindeligt",
         "amount": 1_000_000.0},
        {"year": 2024, "department": "K", "account": account, "budget_kind": "oprindeligt",
         "amount": 2_000_000.0},
    ]  # fmt: skip
    return build_baseline(reg, economy(budget=budget), as_of=d("2025-03-31"))


def test_kontanthjaelp_is_found_on_5_57_73() -> None:
    assert _mapping_baseline("5.57.73.001").benefits["kontanthjaelp"].department == "K"


def test_kontanthjaelp_is_no_longer_found_on_the_integration_programme() -> None:
    for account in ("5.46.61.001", "5.46.65.001"):
        # Kontanthjælp to foreigners in the integration programme is another benefit.
        assert _mapping_baseline(account).benefits["kontanthjaelp"].department == "A", account


def test_sygedagpenge_is_found_on_5_57_71_only() -> None:
    assert _mapping_baseline("5.57.71.001").benefits["sygedagpenge"].department == "K"
    # 5.57.72 is Sociale formål.
    assert _mapping_baseline("5.57.72.001").benefits["sygedagpenge"].department == "A"


def test_foertidspension_is_not_found_on_seniorpension_or_personal_supplements() -> None:
    assert _mapping_baseline("5.48.68").schemes["foertidspension"].benefit_department == "K"
    for account in ("5.48.65", "5.48.67"):
        # No førtidspension course either: nothing names its department.
        baseline = _mapping_baseline(account)
        assert baseline.schemes["foertidspension"].benefit_department is None, account
