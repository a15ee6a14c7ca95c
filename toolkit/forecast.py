"""Forecast of next quarter's rehab-team cases, for the region's planning.

The method is deliberately simple and stated in one Danish sentence on the page
(:data:`METHOD_DA`): the point is the mean of the last (up to) four whole quarters, so a
season cannot pull it either way; the 80 % interval is a normal approximation of a
prediction interval whose variance is the larger of the Poisson variance (the mean itself)
and the quarters' own sample variance, plus the uncertainty of the mean (variance / k).
Pure: quarterly counts in, a :class:`Forecast` out; no data access, no widgets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["METHOD_DA", "WINDOW", "Z80", "Forecast", "forecast_next"]

WINDOW = 4  # quarters in the trailing mean: one year, so every season counts once
Z80 = 1.2815515655446004  # the standard normal's 90 % quantile: a two-sided 80 % interval
METHOD_DA = (
    "Prognosen er gennemsnittet af antal sager i {quarters}. Intervallet "
    "på 80 % bygger på den største af to variationer: den tilfældige variation i et antal "
    "(Poisson: variansen er lig gennemsnittet) og den variation, der faktisk har været "
    "mellem kvartalerne, plus usikkerheden på selve gennemsnittet. Ca. 8 ud af 10 kvartaler "
    "bør lande i intervallet; ændrer visitationen sig, holder prognosen ikke."
)


@dataclass(frozen=True)
class Forecast:
    """The point forecast and its 80 % interval (cases), from ``quarters`` whole quarters."""

    point: float
    low: float
    high: float
    quarters: int  # how many quarters the mean is over
    sd: float  # the standard deviation of the prediction

    @property
    def method_da(self) -> str:
        quarters = (
            "det seneste hele kvartal"
            if self.quarters == 1
            else f"de seneste {self.quarters} hele kvartaler"
        )
        return METHOD_DA.format(quarters=quarters)


def forecast_next(counts: Sequence[float], window: int = WINDOW) -> Forecast:
    """Next quarter's cases from the quarterly counts, oldest first (whole quarters only).

    Raises ``ValueError`` when there is no quarter, or a count is negative or not a number.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    values = [float(c) for c in counts]
    if not values:
        raise ValueError("no quarters to forecast from")
    if any(math.isnan(v) or v < 0 for v in values):
        raise ValueError("quarterly counts must be non-negative numbers")
    recent = values[-window:]
    k = len(recent)
    mean = sum(recent) / k
    sample_var = sum((v - mean) ** 2 for v in recent) / (k - 1) if k > 1 else 0.0
    variance = max(mean, sample_var)
    sd = math.sqrt(variance * (1 + 1 / k))
    low = max(0.0, mean - Z80 * sd)
    return Forecast(point=mean, low=low, high=mean + Z80 * sd, quarters=k, sd=sd)
