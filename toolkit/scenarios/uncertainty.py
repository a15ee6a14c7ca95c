"""How uncertain a scenario's result is: each assumption's low / likely / high (the sheet
Usikkerhed; blank = ±25 %), and a seeded simulation that varies them all at once.

The simulation draws each assumption's multiplier from a triangular distribution (low,
1, high) by the inverse of its distribution function applied to seeded uniform numbers, so
a collapsed range (low = high = 100 %) gives exactly the central case, and the same workbook
always gives the same interval. All draws go through the projection in one vectorised pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from toolkit import schema
from toolkit.scenarios.baseline import Baseline
from toolkit.scenarios.model import Scenario
from toolkit.scenarios.projection import Factors, discount_factors, yearly_net
from toolkit.scenarios.results import TOLERANCE

DEFAULT_LOW_PCT = 75.0
DEFAULT_HIGH_PCT = 125.0
# How a range the workbook left blank is marked wherever ranges are listed.
STANDARD_RANGE = f"standard ±{DEFAULT_HIGH_PCT - 100:g} %"
DRAWS = 2000
SEED = 2013  # the year of the førtidspension and fleksjob reform; any fixed number would do
LOW_QUANTILE, HIGH_QUANTILE = 0.05, 0.95

# Sheet code -> the projection's multiplier, in the order the tornado lists them.
PARAMETER_OF_CODE: dict[str, str] = {
    "effekt_stoerrelse": "effect_size",
    "effekt_varighed": "effect_duration",
    "virkning_varighed": "persistence",
    "doedvaegt": "deadweight",
    "konsekvenspriser": "consequence_prices",
    "indsatsudgift": "intervention_cost",
    "personer": "persons",
}
PARAMETERS: dict[str, str] = {
    parameter: str(schema.SCENARIO_PARAMETER.labels[code])
    for code, parameter in PARAMETER_OF_CODE.items()
}


@dataclass(frozen=True)
class Range:
    """One assumption's low and high as multipliers of the value entered."""

    parameter: str
    low: float
    high: float
    source: str | None
    given: bool  # False: the default ±25 %


def ranges(scenario: Scenario) -> list[Range]:
    """Every assumption's range, in the tornado's order."""
    given = {PARAMETER_OF_CODE.get(u.parameter, u.parameter): u for u in scenario.uncertainty}
    out = []
    for parameter in PARAMETERS:
        row = given.get(parameter)
        low = row.low_pct if row is not None and row.low_pct is not None else DEFAULT_LOW_PCT
        high = row.high_pct if row is not None and row.high_pct is not None else DEFAULT_HIGH_PCT
        given_here = row is not None and (row.low_pct, row.high_pct) != (None, None)
        out.append(Range(parameter, low / 100, high / 100, row.source if row else None,
                         given_here))  # fmt: skip
    return out


def triangular(uniform: np.ndarray, low: float, high: float) -> np.ndarray:
    """Inverse distribution function of the triangular (low, 1, high) distribution."""
    if high - low <= 0:
        return np.full_like(uniform, 1.0)
    split = (1.0 - low) / (high - low)
    below = low + np.sqrt(uniform * (high - low) * (1.0 - low))
    above = high - np.sqrt((1.0 - uniform) * (high - low) * (high - 1.0))
    return np.where(uniform < split, below, above)


@dataclass(frozen=True)
class Simulation:
    """The discounted net result over the horizon of every draw, and what it says."""

    net: np.ndarray  # one per draw

    @property
    def low(self) -> float:
        return float(np.quantile(self.net, LOW_QUANTILE))

    @property
    def high(self) -> float:
        return float(np.quantile(self.net, HIGH_QUANTILE))

    @property
    def median(self) -> float:
        return float(np.quantile(self.net, 0.5))

    @property
    def payback_probability(self) -> float:
        """Share of draws whose cumulative discounted result ends ≥ 0: exactly the draws
        with a payback year within the horizon (the last year qualifies when it is)."""
        return float(np.mean(self.net >= -TOLERANCE))


def draw_factors(scenario: Scenario, draws: int = DRAWS, seed: int = SEED) -> Factors:
    rng = np.random.default_rng(seed)
    uniforms = rng.random((len(PARAMETERS), draws))
    values: dict[str, Any] = {}
    for row, r in zip(uniforms, ranges(scenario), strict=True):
        values[r.parameter] = triangular(row, r.low, r.high)
    return Factors(**values)


def simulate(
    baseline: Baseline, scenario: Scenario, draws: int = DRAWS, seed: int = SEED
) -> Simulation:
    factors = draw_factors(scenario, draws, seed)
    weights = discount_factors(scenario)
    total = np.zeros(draws)
    for year, amount in zip(scenario.years, yearly_net(baseline, scenario, factors), strict=True):
        total = total + np.broadcast_to(np.asarray(amount, dtype=float) * weights[year], (draws,))
    return Simulation(total)
