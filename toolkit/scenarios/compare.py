"""Scenarios side by side with the baseline: the municipality's cost per year without and
with each scenario (baseline − net result), tidy for one chart."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit.scenarios.baseline import Baseline
from toolkit.scenarios.model import TRENDS, Scenario
from toolkit.scenarios.projection import price_level

BASELINE_LABEL = "Uden scenarie"


def compare(
    baseline: Baseline, scenarios: Sequence[Scenario], projections: pd.DataFrame
) -> pd.DataFrame:
    """year, series, label, amount: the kommune's baseline spending per year (series
    "basis", or "basis_<trend>" when the scenarios use different trends) over every year any
    scenario covers, and each scenario's spending in its own years (series = its ID), in the
    results' price level (the scenarios share the workbook's price index)."""
    trends = list(dict.fromkeys(s.baseline_trend for s in scenarios))
    years = sorted({y for s in scenarios for y in s.years})
    rows: list[tuple[int, str, str, float]] = []
    factor = price_level(baseline, scenarios[0]).register if scenarios else 1.0
    costs = {
        trend: {y: c * factor for y, c in baseline.municipal_cost(years, trend).items()}
        for trend in trends
    }
    for trend in trends:
        series = "basis" if len(trends) == 1 else f"basis_{trend}"
        label = BASELINE_LABEL
        if len(trends) > 1:
            label += f" ({TRENDS.get(trend, trend).lower()})"
        rows += [(y, series, label, costs[trend][y]) for y in years]
    municipal = projections[projections["purse"] == "kommune"]
    net = municipal.groupby(["scenario", "year"])["amount"].sum()
    for scenario in scenarios:
        for year in scenario.years:
            value = float(net.get((scenario.scenario_id, year), 0.0))
            cost = costs[scenario.baseline_trend][year]
            rows.append((year, scenario.scenario_id, scenario.name, cost - value))
    frame = pd.DataFrame(rows, columns=["year", "series", "label", "amount"])
    return frame.astype({"year": "int64", "series": "str", "label": "str", "amount": "float64"})
