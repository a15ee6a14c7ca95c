"""Scenarios: what happens, year by year and department by department, when money moves
between departments or is invested in an intervention (docs/scenarios.md is the model).

Pure computation on frames: no I/O, no widgets. The steps::

    baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
    scenarios = scenarios_from_tables(tables)          # the stored frames of scenarier.xlsx
    projection = project_all(baseline, scenarios)      # tidy: plus is a gain, minus a cost
    yearly(projection, scenarios)                      # net per year and scope, discounted
    summary(projection, scenarios)                     # one row per scenario
    who_pays_who_gains(projection)                     # per department
    compare(baseline, scenarios, projection)           # cost without and with, for a chart
    sensitivity(baseline, scenario)                    # the tornado (each assumption's range)
    simulate(baseline, scenario)                       # all ranges at once: interval, payback
    break_even_effect(baseline, scenario)              # the effect size that pays back
    adjust(scenario, effect_factor=1.2)                # the sliders

The Scenarier page, ``tvaerblik scenario`` and the briefing take the projection, results,
assumptions and (when asked for) the sensitivity from one assembly, written out by
``toolkit.scenarios.export``::

    report = scenario_report(baseline, scenarios, with_sensitivity=True)

A scenario that cannot be projected raises ``ScenarioError`` with a Danish sentence.
"""

from __future__ import annotations

from toolkit.scenarios.baseline import (
    SCHEME_BENEFIT,
    Baseline,
    SchemeFacts,
    TypeFacts,
    base_year_of,
    build_baseline,
    trend_growth,
)
from toolkit.scenarios.compare import compare
from toolkit.scenarios.effects import effect_weights, overlaps
from toolkit.scenarios.model import (
    ITEMS,
    OUTCOMES,
    PURSES,
    SCHEMES,
    SUPPORT_AT_ENTRY,
    TRENDS,
    ConsequencePrice,
    Effect,
    Investment,
    Outcome,
    Reallocation,
    Scenario,
    ScenarioError,
    VolumeChange,
    scenarios_from_tables,
    scenarios_to_tables,
)
from toolkit.scenarios.paths import consequence_prices
from toolkit.scenarios.price_level import PriceIndex, default_price_index, price_label
from toolkit.scenarios.projection import (
    Factors,
    discount_factors,
    inflow_person_years,
    net_result,
    project,
    project_all,
)
from toolkit.scenarios.report import CAVEAT, ScenarioReport, overlap_text, scenario_report
from toolkit.scenarios.results import (
    SCOPE_LABELS,
    break_even_year,
    summary,
    who_pays_who_gains,
    yearly,
)
from toolkit.scenarios.sensitivity import (
    BreakEven,
    adjust,
    break_even_effect,
    effect_label,
    sensitivity,
)
from toolkit.scenarios.uncertainty import PARAMETERS, Simulation, ranges, simulate

__all__ = [
    "CAVEAT",
    "ITEMS",
    "OUTCOMES",
    "PARAMETERS",
    "PURSES",
    "SCHEMES",
    "SCHEME_BENEFIT",
    "SCOPE_LABELS",
    "SUPPORT_AT_ENTRY",
    "TRENDS",
    "Baseline",
    "BreakEven",
    "ConsequencePrice",
    "Effect",
    "Factors",
    "Investment",
    "Outcome",
    "PriceIndex",
    "Reallocation",
    "Scenario",
    "ScenarioError",
    "ScenarioReport",
    "SchemeFacts",
    "Simulation",
    "TypeFacts",
    "VolumeChange",
    "adjust",
    "base_year_of",
    "break_even_effect",
    "break_even_year",
    "build_baseline",
    "compare",
    "consequence_prices",
    "default_price_index",
    "discount_factors",
    "effect_label",
    "effect_weights",
    "inflow_person_years",
    "net_result",
    "overlap_text",
    "overlaps",
    "price_label",
    "project",
    "project_all",
    "ranges",
    "scenario_report",
    "scenarios_from_tables",
    "scenarios_to_tables",
    "sensitivity",
    "simulate",
    "summary",
    "trend_growth",
    "who_pays_who_gains",
    "yearly",
]
