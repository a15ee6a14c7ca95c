"""The rules a committee's economist asks about, each against kroner worked out by hand:
overlapping effects, outcome paths, persistence, deadweight, inflow and stock, capacity and
one price level (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.scenario_data import hand_baseline, scenario
from toolkit.scenarios import (
    Effect,
    Investment,
    Reallocation,
    ScenarioError,
    VolumeChange,
    consequence_prices,
    inflow_person_years,
    net_result,
    overlap_text,
    project,
    scenario_report,
)
from toolkit.scenarios.model import PriceIndexPoint


def consequence(frame: pd.DataFrame, **where: Any) -> list[float]:
    """The consequence amounts per year of the horizon, summed over ``where``."""
    mask = frame["item"] == "consequence"
    for column, value in where.items():
        mask &= frame[column] == value
    sums = frame[mask].groupby("year")["amount"].sum()
    return [round(float(sums.get(y, 0.0)), 2) for y in (2026, 2027, 2028)]


def prices(effect: Effect, **changes: Any) -> dict[tuple[str | None, str], float]:
    s = scenario(effects=(effect,), **changes)
    found = consequence_prices(hand_baseline(), s, effect.outcome, effect.scheme,
                               effect.destination)  # fmt: skip
    return {(p.department, p.purse): round(p.amount, 2) for p in found}


# -- outcome paths --------------------------------------------------------------------------
# A person-year in ressourceforløb costs: A (benefit, net) 120.000 × 75 % = 90.000, the
# stat 30.000, B (interventions) 20.000. Fleksjob: A 100.000 × 80 % = 80.000, the stat
# 20.000, B 5.000. Kontanthjælp: A 80.000 × 75 % = 60.000, the stat 20.000. Job: nothing.


def test_an_exit_to_work_saves_the_whole_scheme_cost() -> None:
    effect = Effect("ressourceforloeb", "afgang_arbejde", 10.0, persons=50.0)
    assert prices(effect) == {("A", "kommune"): 90_000.0, ("B", "kommune"): 20_000.0,
                              (None, "stat"): 30_000.0}  # fmt: skip


def test_an_exit_to_fleksjob_saves_only_the_difference() -> None:
    effect = Effect("ressourceforloeb", "afgang_arbejde", 10.0, persons=50.0,
                    destination="fleksjob")  # fmt: skip
    assert prices(effect) == {("A", "kommune"): 10_000.0, ("B", "kommune"): 15_000.0,
                              (None, "stat"): 10_000.0}  # fmt: skip


def test_shorter_courses_end_where_the_schemes_courses_end() -> None:
    # Exits in the base year: job 50 %, fleksjob 25 %, kontanthjælp 25 %. The destination
    # costs A 0,25 × 80.000 + 0,25 × 60.000 = 35.000, the stat 0,25 × 20.000 + 0,25 ×
    # 20.000 = 10.000, B 0,25 × 5.000 = 1.250.
    effect = Effect("ressourceforloeb", "kortere_forloeb", 2.0, persons=50.0)
    assert prices(effect) == {("A", "kommune"): 55_000.0, ("B", "kommune"): 18_750.0,
                              (None, "stat"): 20_000.0}  # fmt: skip


def test_a_destination_more_expensive_than_the_scheme_costs_money() -> None:
    effect = Effect("ressourceforloeb", "afgang_arbejde", 10.0, persons=50.0,
                    destination="foertidspension")  # fmt: skip
    # Førtidspension: A 150.000 × 80 % = 120.000, the stat 30.000, no interventions.
    assert prices(effect) == {("A", "kommune"): -30_000.0, ("B", "kommune"): 20_000.0}


def test_a_default_price_never_credits_the_intervention_the_scenario_buys() -> None:
    # B's 20.000 is mentor 12.000 and kursus 8.000; the scenario buys mentor.
    baseline = hand_baseline()
    facts = replace(baseline.schemes["ressourceforloeb"],
                    intervention_cost_by_type={("B", "mentor"): 12_000.0,
                                               ("B", "kursus"): 8_000.0})  # fmt: skip
    baseline = replace(baseline, schemes={**baseline.schemes, "ressourceforloeb": facts})
    effect = Effect("ressourceforloeb", "afgang_arbejde", 10.0, persons=50.0)
    buying = scenario(effects=(effect,), investments=(Investment("mentor", 5.0),))
    found = consequence_prices(baseline, buying, "afgang_arbejde", "ressourceforloeb")
    assert {(p.department, p.purse): p.amount for p in found}[("B", "kommune")] == 8_000.0
    assert "uden de indsatser, scenariet selv køber" in found[0].source  # type: ignore[operator]
    not_buying = scenario(effects=(effect,))
    found = consequence_prices(baseline, not_buying, "afgang_arbejde", "ressourceforloeb")
    assert {(p.department, p.purse): p.amount for p in found}[("B", "kommune")] == 20_000.0


def test_a_destination_without_payments_is_a_danish_error() -> None:
    effect = Effect("ressourceforloeb", "afgang_arbejde", 10.0, persons=50.0,
                    destination="ledighedsydelse")  # fmt: skip
    with pytest.raises(ScenarioError, match="ingen udbetalinger af ledighedsydelse"):
        project(hand_baseline(), scenario(effects=(effect,)))


# -- overlap --------------------------------------------------------------------------------
# 50 persons in ressourceforløb, 0,8 person-years each (80 of 100): H = 40 person-years.
# 6 months shorter courses: 50 × 0,5 = 25 py, f = 25/40 = 0,625; 20 pp more exits: 50 ×
# 0,2 = 10 py, f = 0,25. Together 40 × (1 − 0,375 × 0,75) = 28,75 py (not 35), shared
# 0,625 : 0,25: 20,5357 py at A's 55.000 and 8,2143 py at A's 90.000 = 1.868.750 kr.

SHORTER = Effect("ressourceforloeb", "kortere_forloeb", 6.0, persons=50.0, source="x")
EXITS = Effect("ressourceforloeb", "afgang_arbejde", 20.0, persons=50.0, source="y")


def test_overlapping_effects_combine_on_what_is_left() -> None:
    frame = project(hand_baseline(), scenario(effects=(SHORTER, EXITS)))
    assert consequence(frame, department="A") == [1_868_750.0] * 3
    alone = project(hand_baseline(), scenario(effects=(SHORTER,)))
    assert consequence(alone, department="A") == [25 * 55_000.0] * 3


def test_overlap_is_named_where_the_scenario_is_shown() -> None:
    text = overlap_text(scenario(effects=(SHORTER, EXITS)))
    assert text.startswith("Effekterne overlapper: «Kortere forløb")
    assert "«Flere afgange til arbejde eller uddannelse" in text
    assert overlap_text(scenario(effects=(SHORTER,))) == ""
    report = scenario_report(hand_baseline(), [scenario(effects=(SHORTER, EXITS))])
    assert report.summary.loc[0, "overlap"] == text


def test_effects_on_different_target_groups_add_up() -> None:
    sick = replace(EXITS, support_at_entry="sygedagpenge", persons=20.0)
    cash = replace(EXITS, support_at_entry="kontanthjaelp", persons=20.0)
    frame = project(hand_baseline(), scenario(effects=(sick, cash)))
    # 20 × 0,2 = 4 py each, separately: 8 × 90.000 = 720.000 in A.
    assert consequence(frame, department="A") == [720_000.0] * 3
    assert overlap_text(scenario(effects=(sick, cash))) == ""


def test_a_single_effect_never_saves_more_than_the_groups_person_years() -> None:
    # 12 months shorter for 50 persons would be 50 py; the group has 40.
    whole_year = replace(SHORTER, size=12.0)
    frame = project(hand_baseline(), scenario(effects=(whole_year,)))
    assert consequence(frame, department="A") == [40 * 55_000.0] * 3


# -- persistence and deadweight -------------------------------------------------------------


def test_an_exit_saves_for_its_persistence() -> None:
    # 10 pp of 50 persons = 5 exits a year, each saving 90.000 in A a year it lasts.
    two = replace(EXITS, size=10.0, persistence_years=2.0)
    assert consequence(project(hand_baseline(), scenario(effects=(two,))), department="A") == [
        450_000.0, 900_000.0, 900_000.0]  # fmt: skip
    half = replace(EXITS, size=10.0, persistence_years=1.5)
    assert consequence(project(hand_baseline(), scenario(effects=(half,))), department="A") == [
        450_000.0, 675_000.0, 675_000.0]  # fmt: skip


def test_persistence_applies_to_exits_only() -> None:
    shorter = replace(SHORTER, size=2.0, persistence_years=3.0)
    frame = project(hand_baseline(), scenario(effects=(shorter,)))
    # 50 × 2/12 = 8,333 py × 55.000 every year, not accumulating.
    assert consequence(frame, department="A") == [round(50 * 2 / 12 * 55_000.0, 2)] * 3


def test_deadweight_removes_what_would_have_happened_anyway() -> None:
    effect = replace(EXITS, size=10.0, deadweight_pct=20.0)
    frame = project(hand_baseline(), scenario(effects=(effect,)))
    assert consequence(frame, department="A") == [360_000.0] * 3  # 5 × 0,8 × 90.000


# -- inflow, stock and capacity -------------------------------------------------------------


def test_inflow_builds_a_stock_over_the_course_duration() -> None:
    # Entering mid-year and staying 1,5 years: 0,5 in the first year, then 1,5 a year.
    assert [inflow_person_years(k, 1.5) for k in range(4)] == [0.5, 1.5, 1.5, 1.5]
    assert [inflow_person_years(k, 0.25) for k in range(2)] == [0.25, 0.25]
    assert [round(inflow_person_years(k, 22 / 12), 4) for k in range(3)] == [0.5, 1.5, 1.8333]


def test_a_volume_change_as_inflow_stock_and_capacity() -> None:
    def benefit(change: VolumeChange) -> list[float]:
        frame = project(hand_baseline(), scenario(volume_changes=(change,)))
        cost = frame[(frame["item"] == "benefit_cost") & (frame["department"] == "A")]
        return [round(float(a), 2) for a in cost.sort_values("year")["amount"]]

    stock = VolumeChange(scheme="ressourceforloeb", change_persons=10.0)
    assert benefit(stock) == [-1_200_000.0] * 3
    inflow = replace(stock, kind="tilgang")  # mean course 1,5 years: 5, 15, 15 py
    assert benefit(inflow) == [-600_000.0, -1_800_000.0, -1_800_000.0]
    capped = replace(inflow, capacity=12.0)
    assert benefit(capped) == [-600_000.0, -1_440_000.0, -1_440_000.0]


def test_an_inflow_in_an_intervention_type_is_a_danish_error() -> None:
    change = VolumeChange(intervention_type="mentor", change_persons=5.0, kind="tilgang")
    with pytest.raises(ScenarioError, match="tilgang gælder kun en ordning"):
        project(hand_baseline(), scenario(volume_changes=(change,)))


# -- one price level ------------------------------------------------------------------------
INDEX = (PriceIndexPoint(2024, 98.0), PriceIndexPoint(2025, 100.0), PriceIndexPoint(2026, 102.0))


def test_register_and_typed_amounts_are_converted_to_one_price_level() -> None:
    baseline = replace(hand_baseline(), price_level_year=2026)
    effect = replace(EXITS, size=10.0)
    move = Reallocation(2026, "A", "B", 98_000.0)
    s = scenario(effects=(effect,), reallocations=(move,), price_index=INDEX,
                 price_level_year=2024)  # fmt: skip
    frame = project(baseline, s)
    # Register-derived 90.000 in 2025-priser → × 1,02; 98.000 typed in 2024-priser → 102.000.
    assert consequence(frame, department="A") == [459_000.0] * 3
    moved = frame[frame["item"] == "budget_moved"].set_index("department")["amount"]
    assert round(float(moved["B"]), 2) == 102_000.0
    report = scenario_report(baseline, [s])
    assert report.price_label == "2026-priser"
    assert int(report.summary.loc[0, "price_level_year"]) == 2026


def test_no_price_index_rows_and_a_blank_price_level_change_nothing_in_base_prices() -> None:
    effect = replace(EXITS, size=10.0)
    frame = project(hand_baseline(), scenario(effects=(effect,)))
    assert consequence(frame, department="A") == [450_000.0] * 3


# -- uncertainty ----------------------------------------------------------------------------


def test_collapsed_ranges_simulate_the_central_case() -> None:
    from toolkit.scenarios import simulate
    from toolkit.scenarios.model import Uncertainty

    codes = ("effekt_stoerrelse", "effekt_varighed", "virkning_varighed", "doedvaegt",
             "konsekvenspriser", "indsatsudgift", "personer")  # fmt: skip
    fixed = tuple(Uncertainty(code, 100.0, 100.0) for code in codes)
    s = scenario(effects=(SHORTER, EXITS), investments=(Investment("mentor", 5.0),),
                 uncertainty=fixed)  # fmt: skip
    central = net_result(hand_baseline(), s)
    draws = simulate(hand_baseline(), s).net
    assert np.allclose(draws, central, rtol=1e-12, atol=1e-6)


def test_the_simulation_is_seeded_and_brackets_the_central_case() -> None:
    from toolkit.scenarios import simulate

    s = scenario(effects=(replace(EXITS, size=10.0),), investments=(Investment("mentor", 5.0),))
    first, second = simulate(hand_baseline(), s), simulate(hand_baseline(), s)
    assert np.array_equal(first.net, second.net)
    central = net_result(hand_baseline(), s)
    assert first.low < central < first.high
    assert 0.0 <= first.payback_probability <= 1.0


def test_a_new_course_in_the_same_scheme_saves_nothing_even_of_what_the_scenario_buys() -> None:
    # Exits: job 50 %, a new ressourceforløb 50 %. B's 20.000 is mentor 12.000 and kursus
    # 8.000; the scenario buys mentor, so the scheme's own cost in B is 8.000 and the new
    # course's half takes back exactly half of it: B 4.000, A 45.000, the stat 15.000.
    baseline = hand_baseline()
    facts = replace(baseline.schemes["ressourceforloeb"],
                    exit_shares={"job_uddannelse": 0.5, "ressourceforloeb": 0.5},
                    intervention_cost_by_type={("B", "mentor"): 12_000.0,
                                               ("B", "kursus"): 8_000.0})  # fmt: skip
    baseline = replace(baseline, schemes={**baseline.schemes, "ressourceforloeb": facts})
    buying = scenario(effects=(SHORTER,), investments=(Investment("mentor", 5.0),))
    found = consequence_prices(baseline, buying, "kortere_forloeb", "ressourceforloeb")
    assert {(p.department, p.purse): round(p.amount, 2) for p in found} == {
        ("A", "kommune"): 45_000.0,
        ("B", "kommune"): 4_000.0,
        (None, "stat"): 15_000.0,
    }
