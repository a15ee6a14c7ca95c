"""Properties every projection keeps, on generated scenarios over the hand-made baseline:
budget moved and refunds are conserved, a larger effect never makes the result worse, and
the fast path equals the tidy frame."""

from __future__ import annotations

from dataclasses import replace

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
)

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
