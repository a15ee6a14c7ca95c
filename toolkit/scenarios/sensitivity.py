"""How much the result hangs on each assumption: the tornado, the break-even effect size and
the page's sliders (``adjust``). All on ``net_result``'s fast path: no DataFrames but the
tornado's own."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from toolkit.scenarios.baseline import Baseline
from toolkit.scenarios.effects import cap_multiplier, plan
from toolkit.scenarios.model import OUTCOMES, SUPPORT_AT_ENTRY, Effect, Scenario, scheme_label
from toolkit.scenarios.projection import Factors, net_result
from toolkit.scenarios.uncertainty import PARAMETERS, ranges

GRID = 2001  # points per pass of the break-even search (two passes)


def sensitivity(baseline: Baseline, scenario: Scenario) -> pd.DataFrame:
    """scenario, parameter, label, low_pct, high_pct, given, net_base, net_low, net_high:
    the municipality's discounted net result with one assumption at a time at its low and
    at its high (the sheet Usikkerhed; blank ±25 %), largest range first (tornado order)."""
    base = net_result(baseline, scenario)
    rows = []
    for r in ranges(scenario):
        low = net_result(baseline, scenario, factors=Factors(**{r.parameter: r.low}))
        high = net_result(baseline, scenario, factors=Factors(**{r.parameter: r.high}))
        rows.append((scenario.scenario_id, r.parameter, PARAMETERS[r.parameter], r.low * 100,
                     r.high * 100, r.given, base, low, high))  # fmt: skip
    rows.sort(key=lambda row: -abs(row[8] - row[7]))
    columns = ["scenario", "parameter", "label", "low_pct", "high_pct", "given", "net_base",
               "net_low", "net_high"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"scenario": "str", "parameter": "str", "label": "str",
                         "low_pct": "float64", "high_pct": "float64", "given": "bool",
                         "net_base": "float64", "net_low": "float64",
                         "net_high": "float64"})  # fmt: skip


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
    """The smallest multiple k ≥ 0 of every effect size with a discounted net result ≥ 0.

    Overlapping effects and the cap at the group's person-years make the result non-linear
    in k, so it is searched: every k from 0 to the multiple at which all effects are capped
    in one vectorised pass, then the bracket found again at 2.000 times the resolution, and
    the zero interpolated within it."""
    if not scenario.effects:
        return BreakEven(None, ())
    planned = [plan(baseline, scenario, e) for e in scenario.effects]
    top = cap_multiplier(scenario, planned) * 1.0001
    low, high = 0.0, top
    net_low = net_high = 0.0
    for _ in range(2):
        grid = np.linspace(low, high, GRID)
        net = np.asarray(net_result(baseline, scenario, factors=Factors(effect_size=grid)))
        net = np.broadcast_to(net, grid.shape)
        paying = np.flatnonzero(net >= 0)
        if paying.size == 0:
            return BreakEven(None, ())
        first = int(paying[0])
        if first == 0:
            return BreakEven(float(grid[0]), tuple((effect_label(e), e.size * float(grid[0]))
                                                   for e in scenario.effects))  # fmt: skip
        low, high = float(grid[first - 1]), float(grid[first])
        net_low, net_high = float(net[first - 1]), float(net[first])
    # Within the last bracket the result is linear (a kink would be a cap: 1/4.000.000 of
    # the range away at most), so the zero is interpolated.
    k = low + (high - low) * (-net_low) / (net_high - net_low)
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
