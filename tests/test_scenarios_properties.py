"""Properties every projection keeps, on generated scenarios over the hand-made baseline:
budget moved and refunds are conserved, a larger effect never makes the result worse, the
fast path equals the tidy frame, overlapping effects never save more than their group has
nor more than the sum of each alone, and the simulation with collapsed ranges is the
central case."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scenario_data import hand_baseline
from toolkit.scenarios import (
    ConsequencePrice,
    Effect,
    Investment,
    Reallocation,
    Scenario,
    VolumeChange,
    discount_factors,
    net_result,
    project,
    simulate,
)
from toolkit.scenarios.effects import plan, saved_person_years
from toolkit.scenarios.model import Uncertainty
from toolkit.scenarios.uncertainty import PARAMETER_OF_CODE

BASELINE = hand_baseline()
FIRST = 2026
DEPARTMENTS = st.sampled_from(["A", "B", "C"])
MONEY = st.floats(min_value=0, max_value=5_000_000, allow_nan=False)
SMALL = st.floats(min_value=0, max_value=50, allow_nan=False)
OUTCOMES = st.sampled_from(["afgang_arbejde", "kortere_forloeb", "faerre_ventedage"])


@st.composite
def scenarios(draw: st.DrawFn, *, non_negative_prices: bool = False) -> Scenario:
    horizon = draw(st.integers(1, 10))
    years = st.integers(FIRST, FIRST + horizon - 1)
    optional_year = st.none() | st.integers(FIRST - 1, FIRST + horizon)
    moves = draw(st.lists(st.builds(Reallocation, years, DEPARTMENTS, DEPARTMENTS, MONEY),
                          max_size=3))  # fmt: skip
    changes = draw(st.lists(
        st.one_of(
            st.builds(VolumeChange, scheme=st.just("ressourceforloeb"),
                      change_persons=st.floats(-20, 20), from_year=optional_year),
            st.builds(VolumeChange, intervention_type=st.just("mentor"),
                      change_pct=st.floats(-100, 100), from_year=optional_year),
        ),
        max_size=2,
    ))  # fmt: skip
    investments = draw(st.lists(
        st.builds(Investment, st.just("mentor"), SMALL, startup_cost=MONEY,
                  running_cost_per_person=st.none() | MONEY,
                  paying_department=st.none() | DEPARTMENTS,
                  from_year=optional_year, to_year=optional_year),
        max_size=2,
    ))  # fmt: skip
    effects = draw(st.lists(
        st.builds(Effect, st.just("ressourceforloeb"), OUTCOMES, SMALL,
                  support_at_entry=st.none() | st.just("sygedagpenge"),
                  delay_years=st.integers(0, 3).map(float),
                  duration_years=st.none() | st.floats(0.25, 8),
                  persons=st.none() | SMALL),
        max_size=3,
    ))  # fmt: skip
    amount = MONEY if non_negative_prices else st.floats(-1_000_000, 1_000_000)
    prices = draw(st.lists(
        st.builds(ConsequencePrice, OUTCOMES, st.just("ressourceforloeb"), DEPARTMENTS,
                  st.sampled_from(["kommune", "region", "stat"]), amount),
        max_size=4,
    ))  # fmt: skip
    return Scenario(
        "P", "Genereret", None, FIRST, horizon,
        discount_rate_pct=draw(st.floats(0, 10)),
        reallocations=tuple(moves), volume_changes=tuple(changes),
        investments=tuple(investments), effects=tuple(effects),
        consequence_prices=tuple(prices),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_budget_moved_and_refund_are_conserved(scenario: Scenario) -> None:
    frame = project(BASELINE, scenario)
    assert set(frame["year"]) <= set(scenario.years)
    for year in scenario.years:
        this = frame[frame["year"] == year]
        moved = this[this["item"] == "budget_moved"]
        assert (moved["purse"] == "kommune").all()
        assert abs(moved["amount"].sum()) < 1e-6
        refund = this[this["item"] == "refund"]
        assert set(refund["purse"]) <= {"kommune", "stat"}
        assert abs(refund["amount"].sum()) < 1e-6


@settings(max_examples=100, deadline=None)
@given(scenarios(non_negative_prices=True), st.floats(1, 5))
def test_a_larger_effect_never_gives_a_worse_result(scenario: Scenario, k: float) -> None:
    larger = replace(scenario, effects=tuple(replace(e, size=e.size * k)
                                             for e in scenario.effects))  # fmt: skip
    for discounted in (True, False):
        before = net_result(BASELINE, scenario, discounted=discounted)
        after = net_result(BASELINE, larger, discounted=discounted)
        assert after >= before - 1e-6 * max(1.0, abs(before))


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_fast_path_equals_the_frame(scenario: Scenario) -> None:
    frame = project(BASELINE, scenario)
    kommune = frame[frame["purse"] == "kommune"]
    weights = discount_factors(scenario)
    discounted = sum(a * weights[y] for y, a in zip(kommune["year"], kommune["amount"],
                                                     strict=True))  # fmt: skip
    tolerance = 1e-6 * max(1.0, float(frame["amount"].abs().sum()))
    assert abs(net_result(BASELINE, scenario) - discounted) <= tolerance
    undiscounted = float(kommune["amount"].sum())
    assert abs(net_result(BASELINE, scenario, discounted=False) - undiscounted) <= tolerance


def _saved(scenario: Scenario) -> list[float]:
    """Person-years the scenario's effects save per year of the horizon."""
    planned = [plan(BASELINE, scenario, e) for e in scenario.effects]
    per_effect = saved_person_years(scenario, planned)
    return [float(sum(effect[t] for effect in per_effect)) for t in range(scenario.horizon_years)]


def _group_years(scenario: Scenario) -> float:
    """The person-years of the largest group the effects act on (all are on ressourceforløb,
    0,8 person-years per person)."""
    return max((plan(BASELINE, scenario, e).persons for e in scenario.effects), default=0.0) * 0.8


ONE_GROUP = st.builds(Effect, st.just("ressourceforloeb"), OUTCOMES,
                      st.floats(0, 400, allow_nan=False),
                      delay_years=st.integers(0, 2).map(float),
                      duration_years=st.none() | st.floats(0.25, 8),
                      persons=st.floats(1, 80, allow_nan=False))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(ONE_GROUP, min_size=1, max_size=4), ONE_GROUP)
def test_adding_an_effect_never_saves_more_than_the_group_has(
    effects: list[Effect], added: Effect
) -> None:
    before = Scenario("P", "Genereret", None, FIRST, 4, effects=tuple(effects))
    after = replace(before, effects=(*effects, added))
    for saved in (_saved(before), _saved(after)):
        assert all(0.0 <= s <= _group_years(after) + 1e-9 for s in saved)
    assert all(a >= b - 1e-9 for a, b in zip(_saved(after), _saved(before), strict=True))


@settings(max_examples=150, deadline=None)
@given(st.lists(ONE_GROUP, min_size=2, max_size=4))
def test_combined_saving_is_at_most_the_sum_of_the_single_savings(effects: list[Effect]) -> None:
    together = Scenario("P", "Genereret", None, FIRST, 4, effects=tuple(effects))
    singles = [_saved(replace(together, effects=(e,))) for e in effects]
    for t, combined in enumerate(_saved(together)):
        assert combined <= sum(single[t] for single in singles) + 1e-9


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_the_simulation_with_collapsed_ranges_is_the_central_case(scenario: Scenario) -> None:
    collapsed = tuple(Uncertainty(code, 100.0, 100.0) for code in PARAMETER_OF_CODE)
    fixed = replace(scenario, uncertainty=collapsed)
    central = net_result(BASELINE, fixed)
    draws = simulate(BASELINE, fixed, draws=50).net
    assert np.allclose(draws, central, rtol=1e-9, atol=1e-6)
