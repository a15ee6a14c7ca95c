"""How much the result hangs on each assumption: the tornado, the break-even effect size and
the page's sliders (``adjust``). All on ``net_result``'s fast path: no DataFrames but the
tornado's own."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pandas as pd

from toolkit.scenarios.baseline import Baseline
from toolkit.scenarios.model import OUTCOMES, SUPPORT_AT_ENTRY, Effect, Scenario, scheme_label
from toolkit.scenarios.projection import Factors, net_result

PARAMETERS: dict[str, str] = {
    "effect_size": "Effektens størrelse",
    "effect_duration": "Effektens varighed",
    "consequence_prices": "Konsekvenspriser",
    "intervention_cost": "Udgift til indsatser",
    "persons": "Antal personer",
}


def sensitivity(baseline: Baseline, scenario: Scenario, swing: float = 0.25) -> pd.DataFrame:
    """scenario, parameter, label, net_base, net_low, net_high: the municipality's
    discounted net result with one assumption at a time × (1 − swing) and × (1 + swing),
    largest range first (tornado order)."""
    base = net_result(baseline, scenario)
    rows = []
    for parameter, label in PARAMETERS.items():
        low = net_result(baseline, scenario, factors=Factors(**{parameter: 1 - swing}))
        high = net_result(baseline, scenario, factors=Factors(**{parameter: 1 + swing}))
        rows.append((scenario.scenario_id, parameter, label, base, low, high))
    rows.sort(key=lambda r: -abs(r[5] - r[4]))
    frame = pd.DataFrame(
        rows, columns=["scenario", "parameter", "label", "net_base", "net_low", "net_high"]
    )
    return frame.astype({"scenario": "str", "parameter": "str", "label": "str"})


class BreakEven(NamedTuple):
    """The smallest multiple of every effect size at which the discounted net result
    reaches 0 (0 when it already does without effects), and each effect's size at it;
    ``multiplier`` None when a larger effect does not improve the result."""

    multiplier: float | None
    sizes: tuple[tuple[str, float], ...]


def effect_label(effect: Effect) -> str:
    """Danish: «Kortere forløb, Ressourceforløb (Sygedagpenge)»."""
    outcome = OUTCOMES[effect.outcome].label if effect.outcome in OUTCOMES else effect.outcome
    group = scheme_label(effect.scheme)
    if effect.support_at_entry:
        group += f" ({SUPPORT_AT_ENTRY.get(effect.support_at_entry, effect.support_at_entry)})"
    return f"{outcome}, {group}"


def break_even_effect(baseline: Baseline, scenario: Scenario) -> BreakEven:
    """Solved exactly: the net result is linear in the effect size, a + b × k."""
    a = net_result(baseline, scenario, factors=Factors(effect_size=0.0))
    b = net_result(baseline, scenario) - a
    if b <= 1e-9 * max(1.0, abs(a)):
        return BreakEven(None, ())
    k = max(0.0, -a / b)
    return BreakEven(k, tuple((effect_label(e), e.size * k) for e in scenario.effects))


def adjust(
    scenario: Scenario,
    *,
    effect_factor: float = 1.0,
    duration_years: float | None = None,
    reallocation_amount: float | None = None,
) -> Scenario:
    """The scenario with every effect size × ``effect_factor``, every effect's duration set
    to ``duration_years`` and every reallocation's amount set to ``reallocation_amount``
    (None: unchanged)."""
    effects = tuple(
        replace(
            e,
            size=e.size * effect_factor,
            duration_years=e.duration_years if duration_years is None else duration_years,
        )
        for e in scenario.effects
    )
    moves = scenario.reallocations
    if reallocation_amount is not None:
        moves = tuple(replace(m, amount=reallocation_amount) for m in moves)
    return replace(scenario, effects=effects, reallocations=moves)
