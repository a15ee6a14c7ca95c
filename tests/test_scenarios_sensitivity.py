"""The tornado, the break-even effect size and the sliders, on hand-computed cases."""

from __future__ import annotations

import pytest

from tests.scenario_data import hand_baseline, scenario
from toolkit.scenarios import (
    PARAMETERS,
    ConsequencePrice,
    Effect,
    Investment,
    Reallocation,
    adjust,
    break_even_effect,
    net_result,
    sensitivity,
)

# 10 persons × 10 percentage points = 1 person-year saved a year; 100.000 kr. to A and
# 50.000 kr. to the stat per person-year. One more person on mentor: 30.000 kr. a year in B
# (derived). Three years at 3,5 %: the discount sum is 1 + 1/1,035 + 1/1,035² = 2,89969...
DISCOUNT_SUM = 1 + 1 / 1.035 + 1 / 1.035**2
PRICES = (
    ConsequencePrice("afgang_arbejde", "ressourceforloeb", "A", "kommune", 100_000.0, "Skøn"),
    ConsequencePrice("afgang_arbejde", "ressourceforloeb", None, "stat", 50_000.0, "Skøn"),
)
CASE = scenario(
    investments=(Investment("mentor", 1.0),),
    effects=(Effect("ressourceforloeb", "afgang_arbejde", 10.0, persons=10.0, source="X"),),
    consequence_prices=PRICES,
)


def test_tornado_hand_case() -> None:
    table = sensitivity(hand_baseline(), CASE)
    assert list(table.columns) == ["scenario", "parameter", "label", "low_pct", "high_pct",
                                   "given", "net_base", "net_low", "net_high"]  # fmt: skip
    # No row in Usikkerhed: every assumption at 75 % and 125 %.
    assert set(table["low_pct"]) == {75.0} and set(table["high_pct"]) == {125.0}
    assert not table["given"].any()
    assert set(table["parameter"]) == set(PARAMETERS)
    by = table.set_index("parameter")
    consequence = 100_000.0 * DISCOUNT_SUM  # the municipality's consequence total
    cost = 30_000.0 * DISCOUNT_SUM
    base = consequence - cost
    assert by["net_base"].round(6).eq(round(base, 6)).all()
    # ±25 % on the prices moves the net by exactly 25 % of the consequence total.
    assert by.loc["consequence_prices", "net_high"] == pytest.approx(base + 0.25 * consequence)
    assert by.loc["consequence_prices", "net_low"] == pytest.approx(base - 0.25 * consequence)
    # The effect size does the same here; the intervention cost the reverse on the cost.
    assert by.loc["effect_size", "net_high"] == pytest.approx(base + 0.25 * consequence)
    assert by.loc["intervention_cost", "net_high"] == pytest.approx(base - 0.25 * cost)
    # Persons scale the effect's persons and the investment's: ±25 % of both.
    assert by.loc["persons", "net_low"] == pytest.approx(0.75 * base)
    # Duration: 0,75 × 3 = 2,25 years (2026, 2027 whole, 2028 by a quarter); 1,25 × 3 is
    # beyond the horizon: no change.
    assert by.loc["effect_duration", "net_low"] == pytest.approx(
        100_000.0 * (1 + 1 / 1.035 + 0.25 / 1.035**2) - cost
    )
    assert by.loc["effect_duration", "net_high"] == pytest.approx(base)
    # Tornado order: largest range first.
    ranges = (table["net_high"] - table["net_low"]).abs().tolist()
    assert ranges == sorted(ranges, reverse=True)
    # Persistence: an exit counting 0,75 of a year loses 25 % of the consequence; 1,25 years
    # carry 0,25 of 2026's and 2027's exits into the next year.
    assert by.loc["persistence", "net_low"] == pytest.approx(base - 0.25 * consequence)
    assert by.loc["persistence", "net_high"] == pytest.approx(
        base + 0.25 * 100_000.0 * (1 / 1.035 + 1 / 1.035**2)
    )
    # A deadweight of 0 % has nothing to vary: the smallest range, last.
    assert table.iloc[-1]["parameter"] == "deadweight"
    assert by.loc["deadweight", "net_low"] == pytest.approx(base)
    assert by.loc["deadweight", "net_high"] == pytest.approx(base)
    assert table.set_index("parameter").loc["effect_size", "label"] == "Effektens størrelse"


def test_break_even_multiplier_pays_back_exactly() -> None:
    # 10 more on mentor cost 300.000 a year; the effect saves 100.000 a year: × 3.
    case = scenario(
        investments=(Investment("mentor", 10.0),),
        effects=CASE.effects,
        consequence_prices=PRICES,
    )
    result = break_even_effect(hand_baseline(), case)
    assert result.multiplier == pytest.approx(3.0)
    assert len(result.sizes) == 1
    label, size = result.sizes[0]
    assert "Ressourceforløb" in label
    assert size == pytest.approx(30.0)
    scaled = adjust(case, effect_factor=result.multiplier)
    assert net_result(hand_baseline(), scaled) == pytest.approx(0.0, abs=1e-6)


def test_break_even_with_a_delayed_effect() -> None:
    case = scenario(
        investments=(Investment("mentor", 10.0, startup_cost=50_000.0),),
        effects=(Effect("ressourceforloeb", "afgang_arbejde", 10.0, persons=10.0,
                        delay_years=1.0),),
        consequence_prices=PRICES,
    )  # fmt: skip
    result = break_even_effect(hand_baseline(), case)
    assert result.multiplier is not None and result.multiplier > 3
    scaled = adjust(case, effect_factor=result.multiplier)
    assert net_result(hand_baseline(), scaled) == pytest.approx(0.0, abs=1e-6)


def test_no_break_even_when_effects_cannot_pay_back() -> None:
    baseline = hand_baseline()
    without_effects = scenario(investments=(Investment("mentor", 1.0),))
    assert break_even_effect(baseline, without_effects).multiplier is None
    # An effect that costs the municipality (a negative price) makes things worse.
    costly = scenario(
        investments=(Investment("mentor", 1.0),),
        effects=CASE.effects,
        consequence_prices=(ConsequencePrice("afgang_arbejde", "ressourceforloeb", "A",
                                             "kommune", -5.0),),
    )  # fmt: skip
    assert break_even_effect(baseline, costly) == (None, ())
    # Only the stat gains: no break-even for the municipality.
    state_only = scenario(investments=(Investment("mentor", 1.0),), effects=CASE.effects,
                          consequence_prices=PRICES[1:])  # fmt: skip
    assert break_even_effect(baseline, state_only).multiplier is None


def test_break_even_is_zero_when_it_pays_without_effects() -> None:
    gain = scenario(investments=(Investment("mentor", -1.0),), effects=CASE.effects,
                    consequence_prices=PRICES)  # fmt: skip
    assert break_even_effect(hand_baseline(), gain).multiplier == 0.0


def test_adjust_sets_sizes_durations_and_amounts() -> None:
    case = scenario(
        reallocations=(Reallocation(2026, "A", "B", 1.0), Reallocation(2027, "A", "B", 2.0)),
        effects=(Effect("ressourceforloeb", "afgang_arbejde", 10.0, duration_years=1.0),
                 Effect("ressourceforloeb", "kortere_forloeb", 2.0)),
    )  # fmt: skip
    same = adjust(case)
    assert same == case
    changed = adjust(case, effect_factor=1.5, duration_years=2.5, reallocation_amount=7.0)
    assert [e.size for e in changed.effects] == [15.0, 3.0]
    assert [e.duration_years for e in changed.effects] == [2.5, 2.5]
    assert [r.amount for r in changed.reallocations] == [7.0, 7.0]
    assert [r.year for r in changed.reallocations] == [2026, 2027]
    assert case.effects[0].size == 10.0  # frozen: the original is untouched
