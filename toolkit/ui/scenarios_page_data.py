"""The Scenarier page's numbers: the sliders' adjustments, the focused scenario and the chosen
ones read from :func:`toolkit.scenarios.scenario_report` (the assembly the command and the
briefing use too), and the page's sentences. This module adds no rule of its own.

Scenario amounts are budget money, not counts of persons: they are not subject to
small-cell suppression. Persons shown (a target group's persons in the base year) are,
through :func:`toolkit.indicators.publishing.display` (the assumption list:
``scenario_assumptions_data``).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit import formats
from toolkit.scenarios import (
    ITEMS,
    Baseline,
    Scenario,
    ScenarioReport,
    adjust,
    compare,
    scenario_report,
    scenarios_to_tables,
)
from toolkit.scenarios.compare import BASELINE_LABEL
from toolkit.ui.scenario_move_data import amount_text
from toolkit.workbook import write_workbook

SCENARIO_BOOK = "scenarier"
EFFECT_RANGE = (0, 200)  # % of the assumed effect
EFFECT_STEP = 5
DURATION_STEP = 0.5
AMOUNT_STEPS = 40  # the amount slider moves in 1/40 of its range


# -- the sliders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the sliders say for one scenario; None: as in the workbook.

    ``duration_touched``: the duration slider has been moved (since the last reset); from
    then on its value applies to every effect, also when it is back at its start value.
    """

    effect_pct: float = 100.0
    duration_years: float | None = None
    amount: float | None = None
    duration_touched: bool = False

    @property
    def is_default(self) -> bool:
        return self.effect_pct == 100.0 and self.duration_years is None and self.amount is None


@dataclass(frozen=True)
class Levers:
    """Which sliders apply to a scenario and where they start."""

    effect: bool
    duration: bool
    amount: bool
    duration_start: float  # the effects' duration (or the horizon, when it is open)
    duration_max: float
    amount_start: float  # the reallocations' amount per year
    amount_max: float
    amount_step: float


def levers(scenario: Scenario) -> Levers:
    effects, moves = scenario.effects, scenario.reallocations
    durations = [e.duration_years for e in effects if e.duration_years is not None]
    horizon = float(scenario.horizon_years)
    duration_start = min(max(durations), horizon) if durations else horizon
    amount = max((r.amount for r in moves), default=0.0)
    top = _nice_ceiling(max(2 * amount, 100_000.0))
    step = _step(top, amount)
    return Levers(
        effect=bool(effects),
        duration=bool(effects),
        amount=bool(moves),
        duration_start=duration_start,
        duration_max=horizon,
        amount_start=amount,
        amount_max=top,
        amount_step=step,
    )


def _step(top: float, start: float) -> float:
    """About 1/40 of the range, chosen so the workbook's amount lies on the slider's grid."""
    for step in (*(top / n for n in (AMOUNT_STEPS, 50, 80, 100, 200, 500, 1000)), 1000.0, 1.0):
        if abs(start / step - round(start / step)) < 1e-9:
            return step
    return top / AMOUNT_STEPS


def _nice_ceiling(value: float) -> float:
    """The next 1, 2 or 5 × 10^k at or above ``value``."""
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


def adjusted(scenario: Scenario, settings: Settings) -> Scenario:
    """The scenario with the sliders' values applied (unchanged when they are the default)."""
    if settings.is_default:
        return scenario
    return adjust(
        scenario,
        effect_factor=settings.effect_pct / 100,
        duration_years=settings.duration_years,
        reallocation_amount=settings.amount,
    )


NOT_APPLICABLE = "gælder ikke dette scenarie"


def slider_texts(scenario: Scenario, settings: Settings, effect: float, duration: float,
                 amount: float) -> tuple[str, str, str]:  # fmt: skip
    """The Danish readouts of the effect, duration and amount sliders at these values for
    the (unadjusted) ``scenario``: «80 % af den antagne effekt», «til horisontens slut»,
    «1,8 mio. kr.», or :data:`NOT_APPLICABLE`."""
    lever = levers(scenario)
    effect_text = f"{formats.percent(effect, 0)} af den antagne effekt"
    if not lever.duration:
        duration_text = NOT_APPLICABLE
    elif settings.duration_years is None and not any(e.duration_years for e in scenario.effects):
        duration_text = "til horisontens slut"
    else:
        duration_text = f"{formats.number(duration)} år"
    return (
        effect_text if lever.effect else NOT_APPLICABLE,
        duration_text,
        amount_text(amount) if lever.amount else NOT_APPLICABLE,
    )


# -- one scenario ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the page shows for the focused scenario (every amount in ``price_label``)."""

    scenario: Scenario  # adjusted
    price_label: str  # «2026-priser»
    projection: pd.DataFrame  # scenario, year, department, purse, item, amount, derived
    cumulative: pd.DataFrame  # year, cumulative, cumulative_discounted (municipality)
    net: float  # the municipality's net result over the horizon
    net_discounted: float
    net_low: float  # 5 % quantile of the simulated discounted net result
    net_high: float  # 95 % quantile
    payback_probability: float  # 0-1: share of draws paid back within the horizon
    break_even: int | None  # payback year, discounted
    break_even_undiscounted: int | None
    break_even_factor: float | None  # × every effect size to reach 0 (discounted)
    overlap: str  # «Effekterne overlapper: …», or ""
    payer: str | None  # department label
    payer_net: float | None
    gainer: str | None
    gainer_net: float | None
    sensitivity: pd.DataFrame  # scenario, parameter, label, low_pct, high_pct, given, net_*
    uncertainty: pd.DataFrame  # scenario, parameter, label, low_pct, high_pct, source, status
    who: pd.DataFrame  # who pays and who gains, per department, by net (payer first)
    assumptions: pd.DataFrame  # the report's: scenario, kind, what, value, unit, source, status


def _present(value: Any) -> bool:
    return value is not None and not bool(pd.isna(value))


def _year(value: Any) -> int | None:
    return int(value) if _present(value) else None


def _number(value: Any) -> float | None:
    return float(value) if _present(value) else None


def _name(value: Any) -> str | None:
    """A label of the summary's str columns, where a missing one may read «None»."""
    return str(value) if _present(value) and str(value) not in ("", "None") else None


def read_outcome(report: ScenarioReport) -> Outcome:
    """The page's reading of a report of one scenario, assembled with its sensitivity."""
    (scenario,) = report.scenarios
    years = report.yearly
    kommune = years[years["scope"] == "kommune"]
    row = report.summary.iloc[0]
    payer, gainer = _name(row["payer_label"]), _name(row["gainer_label"])
    return Outcome(
        scenario=scenario,
        price_label=report.price_label,
        projection=report.projection,
        cumulative=kommune[["year", "cumulative", "cumulative_discounted"]].reset_index(drop=True),
        net=float(row["net"]),
        net_discounted=float(row["net_discounted"]),
        net_low=float(row["net_low"]),
        net_high=float(row["net_high"]),
        payback_probability=float(row["payback_probability"]),
        break_even=_year(row["break_even_year"]),
        break_even_undiscounted=_year(row["break_even_year_undiscounted"]),
        break_even_factor=_number(row["break_even_effect_factor"]),
        overlap=str(row["overlap"]),
        payer=payer,
        payer_net=None if payer is None else _number(row["payer_net"]),
        gainer=gainer,
        gainer_net=None if gainer is None else _number(row["gainer_net"]),
        sensitivity=report.table("sensitivity"),
        uncertainty=report.uncertainty,
        who=report.who_pays,
        assumptions=report.assumptions,
    )


def outcome(baseline: Baseline, scenario: Scenario) -> Outcome:
    """The scenario's report, with its sensitivity, read for one scenario."""
    return read_outcome(scenario_report(baseline, [scenario], with_sensitivity=True))


class Reports:
    """Each scenario's report against one baseline, kept while the scenario is unchanged.

    A slider moves one scenario: the chosen others keep their reports, so their simulations
    (2.000 draws each) are not run again. Scenarios are frozen values, so an adjusted
    scenario is its own key; the oldest reports are let go beyond ``size``."""

    def __init__(self, baseline: Baseline, size: int = 64) -> None:
        self.baseline = baseline
        self.size = size
        self._kept: dict[Scenario, ScenarioReport] = {}

    def _keep(self, scenario: Scenario, report: ScenarioReport) -> ScenarioReport:
        self._kept.pop(scenario, None)
        self._kept[scenario] = report
        while len(self._kept) > self.size:
            del self._kept[next(iter(self._kept))]
        return report

    def report(self, scenario: Scenario, *, with_sensitivity: bool = False) -> ScenarioReport:
        """The scenario's report; a kept one with the sensitivity serves a plain request."""
        kept = self._kept.get(scenario)
        if kept is not None and (kept.sensitivity is not None or not with_sensitivity):
            return kept
        built = scenario_report(self.baseline, [scenario], with_sensitivity=with_sensitivity)
        return self._keep(scenario, built)

    def outcome(self, scenario: Scenario) -> Outcome:
        return read_outcome(self.report(scenario, with_sensitivity=True))


# -- all chosen scenarios -------------------------------------------------------------------


def series_name(scenario: Scenario) -> str:
    return f"{scenario.scenario_id} {scenario.name}"


@dataclass(frozen=True)
class Comparison:
    yearly: pd.DataFrame  # year, series, cost, baseline: for compare_chart
    summary: pd.DataFrame  # results.summary of the chosen scenarios
    costs: pd.DataFrame  # scenario, without, with: the kommune's cost over its years


def _projection_and_summary(
    baseline: Baseline, scenarios: Sequence[Scenario], reports: Reports | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if reports is None or not scenarios:
        report = scenario_report(baseline, scenarios)
        return report.projection, report.summary
    each = [reports.report(s) for s in scenarios]
    projection = pd.concat([r.projection for r in each], ignore_index=True)
    summaries = [r.summary.drop(columns="break_even_effect_factor", errors="ignore") for r in each]
    return projection, pd.concat(summaries, ignore_index=True)


def comparison(
    baseline: Baseline, scenarios: Sequence[Scenario], reports: Reports | None = None
) -> Comparison:
    """The chosen scenarios side by side with the baseline; ``reports``: the page's kept
    reports, reused for the scenarios that did not change."""
    projection, summary = _projection_and_summary(baseline, scenarios, reports)
    if not scenarios:
        empty = pd.DataFrame({"year": pd.Series(dtype="int64"), "series": pd.Series(dtype="str"),
                              "cost": pd.Series(dtype="float64"),
                              "baseline": pd.Series(dtype="bool")})  # fmt: skip
        return Comparison(empty, summary,
                          pd.DataFrame(columns=["scenario", "without", "with"]))  # fmt: skip
    frame = compare(baseline, scenarios, projection)
    by_id = {s.scenario_id: s for s in scenarios}
    is_base = ~frame["series"].isin(list(by_id))
    shown = [lbl if base else series_name(by_id[sid]) for sid, lbl, base in
             zip(frame["series"], frame["label"], is_base, strict=True)]  # fmt: skip
    chart = pd.DataFrame({"year": frame["year"], "series": shown, "cost": frame["amount"],
                          "baseline": is_base})  # fmt: skip
    bases = frame[is_base]
    trends = len(set(bases["series"]))
    costs = []
    for scenario in scenarios:
        # The baseline as compare() states it: in the results' price level, per trend.
        base = "basis" if trends == 1 else f"basis_{scenario.baseline_trend}"
        mine = bases[(bases["series"] == base) & bases["year"].isin(list(scenario.years))]
        own = frame[frame["series"] == scenario.scenario_id]
        costs.append((scenario.scenario_id, float(mine["amount"].sum()),
                      float(own["amount"].sum())))  # fmt: skip
    return Comparison(
        chart.reset_index(drop=True),
        summary,
        pd.DataFrame(costs, columns=["scenario", "without", "with"]),
    )


# -- texts -----------------------------------------------------------------------------------


def break_even_text(year: int | None) -> str:
    return str(year) if year is not None else "Ikke inden for horisonten"


def factor_text(factor: float | None, has_effects: bool = True) -> str:
    if not has_effects:
        return "Scenariet har ingen effekter"
    if factor is None:
        return "Findes ikke (en større effekt forbedrer ikke resultatet)"
    return f"{formats.percent(factor * 100, 0)} af den antagne effekt"


def millions_text(value: float) -> str:
    """«-2,9 mio. kr.» from a million, else «850.000 kr.»."""
    if abs(value) >= 1_000_000:
        return f"{formats.number(value / 1_000_000, 1)} mio. kr."
    return formats.kroner(value)


def interval_text(low: float, high: float, *, millions: bool = False) -> str:
    """«-1.234.567 kr. til 5.678.901 kr.» (``millions``: «-1,2 til 5,7 mio. kr.»); «–» when
    the simulation gave no interval."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return "–"
    if millions:
        return f"{formats.number(low / 1e6, 1)} til {formats.number(high / 1e6, 1)} mio. kr."
    return f"{formats.kroner(low)} til {formats.kroner(high)}"


def probability_text(share: float) -> str:
    """0.62 -> «62 %»; «–» when not computable."""
    return formats.percent(share * 100, 0) if math.isfinite(share) else "–"


def party_text(name: str | None, net: float | None) -> str:
    """«Socialafdelingen (netto -2,9 mio. kr.)»: the payer or gainer with its net result
    including budget moved; «Ingen» when no department pays (or gains)."""
    if name is None:
        return "Ingen"
    if net is None or not math.isfinite(net):
        return name
    return f"{name} (netto {millions_text(net)})"


def item_label(item: str) -> str:
    return ITEMS.get(item, item)


# -- the adjusted workbook -------------------------------------------------------------------


def scenario_workbook(scenarios: Sequence[Scenario]) -> bytes:
    """scenarier.xlsx of the scenarios as they are (adjusted), through the Excel border."""
    with tempfile.TemporaryDirectory(prefix="tvaerblik-") as folder:
        path = Path(folder) / "scenarier.xlsx"
        write_workbook(path, SCENARIO_BOOK, scenarios_to_tables(scenarios))
        return path.read_bytes()


def with_settings(scenarios: Sequence[Scenario],
                  settings: Mapping[str, Settings]) -> list[Scenario]:  # fmt: skip
    return [adjusted(s, settings.get(s.scenario_id, Settings())) for s in scenarios]


__all__ = [
    "BASELINE_LABEL",
    "NOT_APPLICABLE",
    "Comparison",
    "Levers",
    "Outcome",
    "Reports",
    "Settings",
    "adjusted",
    "break_even_text",
    "comparison",
    "factor_text",
    "interval_text",
    "levers",
    "millions_text",
    "outcome",
    "party_text",
    "probability_text",
    "read_outcome",
    "scenario_workbook",
    "series_name",
    "slider_texts",
    "with_settings",
]
