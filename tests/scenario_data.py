"""A scenario baseline worked out by hand, and an empty scenario to fill in: shared by the
test_scenarios_*.py files, which check the model's rules against these kroner."""

from __future__ import annotations

from typing import Any

from toolkit.scenarios import Baseline, Scenario, SchemeFacts, TypeFacts
from toolkit.scenarios.baseline import BenefitFacts

# Base year 2025 (also the price level). Ressourceforløb: 100 persons (40 came from
# sygedagpenge, 60 from kontanthjælp), 80 person-years; gross benefit 120.000 kr. per
# person-year, paid by department A, of which the state refunds 25 % (30.000); intervention
# cost 20.000 kr. per person-year, paid by B. Mentor: delivered by B, 10 recipients, 30.000
# kr. per person-year (10 full years). Kursus: in Takster (department A) but nobody had it
# in the base year. Ressourceforløb's courses last 1,5 years on average and end in job or
# education (50 %), fleksjob (25 %) or kontanthjælp (25 %). Fleksjob: 100.000 kr. gross per
# person-year paid by A, 20 % refunded, interventions 5.000 kr. in B. Førtidspension:
# 150.000 kr. gross paid by A, 20 % refunded. Kontanthjælp: 80.000 kr., 25 % refunded, in A.
GROSS = 120_000.0
REFUND_SHARE = 0.25
SCHEME_COST_B = 20_000.0
MENTOR_COST = 30_000.0


def hand_baseline() -> Baseline:
    return Baseline(
        base_year=2025,
        departments={"A": "Afdeling A", "B": "Afdeling B"},
        schemes={
            "ressourceforloeb": SchemeFacts(
                persons=100.0,
                persons_by_support={"sygedagpenge": 40.0, "kontanthjaelp": 60.0},
                person_years=80.0,
                benefit_per_person_year=GROSS,
                refund_share=REFUND_SHARE,
                benefit_department="A",
                intervention_cost_per_person_year={"B": SCHEME_COST_B},
                mean_duration_years=1.5,
                exit_shares={"job_uddannelse": 0.5, "fleksjob": 0.25, "kontanthjaelp": 0.25},
            ),
            "fleksjob": SchemeFacts(
                persons=10.0,
                person_years=8.0,
                benefit_per_person_year=100_000.0,
                refund_share=0.2,
                benefit_department="A",
                intervention_cost_per_person_year={"B": 5_000.0},
            ),
            "foertidspension": SchemeFacts(
                persons=5.0,
                person_years=5.0,
                benefit_per_person_year=150_000.0,
                refund_share=0.2,
                benefit_department="A",
            ),
        },
        benefits={
            "kontanthjaelp": BenefitFacts(
                per_person_year=80_000.0, refund_share=0.25, department="A"
            ),
        },
        intervention_types={
            "mentor": TypeFacts(
                department="B",
                recipients=10.0,
                person_years=10.0,
                cost_per_person_year=MENTOR_COST,
            ),
            "kursus": TypeFacts(department="A"),
        },
        # Spending in the base year (plus is an expense): 80 py × 120.000 = 9.600.000 gross,
        # the refund 2.400.000 (minus for the kommune that receives it, plus for the stat),
        # intervention cost 1.900.000 in B.
        levels={
            ("A", "kommune", "benefit_cost"): 9_600_000.0,
            ("A", "kommune", "refund"): -2_400_000.0,
            (None, "stat", "refund"): 2_400_000.0,
            ("B", "kommune", "intervention_cost"): 1_900_000.0,
        },
        growth={
            ("A", "kommune", "benefit_cost"): 0.10,
            ("A", "kommune", "refund"): 0.10,
            (None, "stat", "refund"): 0.10,
            ("B", "kommune", "intervention_cost"): -0.05,
        },
    )


def scenario(**changes: Any) -> Scenario:
    """An empty three-year scenario from 2026 (3,5 %); ``changes`` fill in its fields."""
    fields: dict[str, Any] = {
        "scenario_id": "T1",
        "name": "Test",
        "description": None,
        "first_year": 2026,
        "horizon_years": 3,
    }
    fields.update(changes)
    return Scenario(**fields)
