"""The Scenarier page's numbers: the sliders' adjustments, the focused scenario and the chosen
ones read from :func:`toolkit.scenarios.scenario_report` (the assembly the command and the
briefing use too), and the page's sentences. This module adds no rule of its own.

Scenario amounts are budget money, not counts of persons: they are not subject to
small-cell suppression. Persons shown (a target group's persons in the base year) are,
through :func:`toolkit.indicators.publishing.display`.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit import formats
from toolkit.indicators.publishing import NOT_SUPPRESSED, PRIMARY, display, suppression_threshold
from toolkit.scenarios import (
    ITEMS,
    OUTCOMES,
    PURSES,
    SUPPORT_AT_ENTRY,
    Baseline,
    ConsequencePrice,
    Scenario,
    adjust,
    compare,
    consequence_prices,
    scenario_report,
    scenarios_to_tables,
)
from toolkit.scenarios.compare import BASELINE_LABEL
from toolkit.scenarios.model import scheme_label
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


# -- one scenario ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the page shows for the focused scenario."""

    scenario: Scenario  # adjusted
    projection: pd.DataFrame  # scenario, year, department, purse, item, amount, derived
    cumulative: pd.DataFrame  # year, cumulative, cumulative_discounted (municipality)
    net: float  # the municipality's net result over the horizon
    net_discounted: float
    break_even: int | None  # discounted
    break_even_undiscounted: int | None
    break_even_factor: float | None  # × every effect size to reach 0 (discounted)
    sensitivity: pd.DataFrame  # scenario, parameter, label, net_base, net_low, net_high
    who: pd.DataFrame  # who pays and who gains, per department


def _year(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def outcome(baseline: Baseline, scenario: Scenario) -> Outcome:
    """The scenario's report, with its sensitivity, read for one scenario."""
    report = scenario_report(baseline, [scenario], with_sensitivity=True)
    years = report.yearly
    kommune = years[years["scope"] == "kommune"]
    row = report.summary.iloc[0]
    factor = row["break_even_effect_factor"]
    return Outcome(
        scenario=scenario,
        projection=report.projection,
        cumulative=kommune[["year", "cumulative", "cumulative_discounted"]].reset_index(drop=True),
        net=float(row["net"]),
        net_discounted=float(row["net_discounted"]),
        break_even=_year(row["break_even_year"]),
        break_even_undiscounted=_year(row["break_even_year_undiscounted"]),
        break_even_factor=None if pd.isna(factor) else float(factor),
        sensitivity=report.table("sensitivity"),
        who=report.who_pays,
    )


# -- all chosen scenarios -------------------------------------------------------------------


def series_name(scenario: Scenario) -> str:
    return f"{scenario.scenario_id} {scenario.name}"


@dataclass(frozen=True)
class Comparison:
    yearly: pd.DataFrame  # year, series, cost, baseline: for compare_chart
    summary: pd.DataFrame  # results.summary of the chosen scenarios
    costs: pd.DataFrame  # scenario, without, with: the kommune's cost over its years


def comparison(baseline: Baseline, scenarios: Sequence[Scenario]) -> Comparison:
    """The chosen scenarios side by side with the baseline."""
    report = scenario_report(baseline, scenarios)
    if not scenarios:
        empty = pd.DataFrame({"year": pd.Series(dtype="int64"), "series": pd.Series(dtype="str"),
                              "cost": pd.Series(dtype="float64"),
                              "baseline": pd.Series(dtype="bool")})  # fmt: skip
        return Comparison(empty, report.summary,
                          pd.DataFrame(columns=["scenario", "without", "with"]))  # fmt: skip
    frame = compare(baseline, scenarios, report.projection)
    by_id = {s.scenario_id: s for s in scenarios}
    is_base = ~frame["series"].isin(list(by_id))
    shown = [lbl if base else series_name(by_id[sid]) for sid, lbl, base in
             zip(frame["series"], frame["label"], is_base, strict=True)]  # fmt: skip
    chart = pd.DataFrame({"year": frame["year"], "series": shown, "cost": frame["amount"],
                          "baseline": is_base})  # fmt: skip
    costs = []
    for scenario in scenarios:
        years = list(scenario.years)
        without = sum(baseline.municipal_cost(years, scenario.baseline_trend).values())
        mine = frame[(frame["series"] == scenario.scenario_id)]
        costs.append((scenario.scenario_id, without, float(mine["amount"].sum())))
    return Comparison(
        chart.reset_index(drop=True),
        report.summary,
        pd.DataFrame(costs, columns=["scenario", "without", "with"]),
    )


# -- texts -----------------------------------------------------------------------------------


def persons_text(value: float | None) -> str:
    """A number of persons in Danish; 1-4 as "<5" (a count of persons is suppressed)."""
    if value is None:
        return "–"
    limit = suppression_threshold()
    mark = PRIMARY if 0 < value < limit else NOT_SUPPRESSED
    return display(round(value), mark)


def break_even_text(year: int | None) -> str:
    return str(year) if year is not None else "Ikke inden for horisonten"


def factor_text(factor: float | None, has_effects: bool = True) -> str:
    if not has_effects:
        return "Scenariet har ingen effekter"
    if factor is None:
        return "Findes ikke (en større effekt forbedrer ikke resultatet)"
    return f"{formats.percent(factor * 100, 0)} af den antagne effekt"


def item_label(item: str) -> str:
    return ITEMS.get(item, item)


def purse_label(purse: str) -> str:
    return PURSES.get(purse, purse)


@dataclass(frozen=True)
class Assumption:
    """One line of the assumption list: the text and its marks."""

    group: str
    text: str
    derived: bool = False
    no_source: bool = False


def _years(first: int | None, last: int | None, scenario: Scenario) -> str:
    start = scenario.first_year if first is None else first
    end = scenario.last_year if last is None else last
    return str(start) if start == end else f"{start}–{end}"


def assumptions(scenario: Scenario, baseline: Baseline, names: Mapping[str, str],
                types: Mapping[str, str] | None = None) -> list[Assumption]:  # fmt: skip
    """Every assumption of the scenario in Danish, derived ones and those without a source
    marked."""
    types = types or {}

    def dep(code: str | None) -> str:
        return names.get(code, code) if code else "indsatstypens afdeling (afledt)"

    def kind_of(code: str | None) -> str:
        return types.get(str(code), str(code))

    out = [Assumption("Scenariet", f"{scenario.horizon_years} år fra {scenario.first_year}; "
                      f"diskonteringsrente {formats.percent(scenario.discount_rate_pct)}; "
                      f"priser i {scenario.price_level}-niveau.")]  # fmt: skip
    for move in scenario.reallocations:
        purpose = f" – {move.purpose}" if move.purpose else ""
        out.append(Assumption("Flyttet budget", f"{move.year}: {formats.kroner(move.amount)} "
                              f"fra {dep(move.from_department)} til {dep(move.to_department)}"
                              f"{purpose}"))  # fmt: skip
    for change in scenario.volume_changes:
        what = (scheme_label(change.scheme) if change.scheme
                else f"indsatstypen {kind_of(change.intervention_type)}")  # fmt: skip
        if change.change_persons is not None:
            size = f"{formats.number(change.change_persons)} personer"
        else:
            size = f"{formats.percent(change.change_pct or 0.0)} af basisårets personer"
        out.append(Assumption("Flere eller færre borgere",
                              f"{what}: {size} fra {_years(change.from_year, None, scenario)}",
                              derived=change.change_persons is None))  # fmt: skip
    for inv in scenario.investments:
        cost = inv.running_cost_per_person
        running = (f"drift {formats.kroner(cost)} pr. person pr. år" if cost is not None
                   else "drift pr. person som indsatstypens udgift pr. modtager i basisåret "
                        "(afledt)")  # fmt: skip
        out.append(Assumption(
            "Investering",
            f"{kind_of(inv.intervention_type)}: {formats.number(inv.extra_persons)} ekstra "
            f"personer pr. år, opstart {formats.kroner(inv.startup_cost)}, {running}; betales af "
            f"{dep(inv.paying_department)}; {_years(inv.from_year, inv.to_year, scenario)}",
            derived=cost is None or inv.paying_department is None,
        ))  # fmt: skip
    for effect in scenario.effects:
        kind = OUTCOMES.get(effect.outcome)
        label = _bare(kind.label) if kind else effect.outcome
        unit = kind.unit if kind else ""
        group = scheme_label(effect.scheme)
        if effect.support_at_entry:
            group += f", {SUPPORT_AT_ENTRY.get(effect.support_at_entry, effect.support_at_entry)}"
        duration = ("til horisontens slut" if effect.duration_years is None
                    else f"{formats.number(effect.duration_years)} år")  # fmt: skip
        if effect.persons is not None:
            persons = f"{persons_text(effect.persons)} personer"
        else:
            target = _target_persons(baseline, effect.scheme, effect.support_at_entry)
            persons = f"{persons_text(target)} personer (afledt: målgruppen i basisåret)"
        source = f"; kilde: {effect.source}" if effect.source else ""
        start = ("fra første år" if not effect.delay_years
                 else f"efter {formats.number(effect.delay_years)} år")  # fmt: skip
        out.append(Assumption(
            "Effekt",
            f"{group}: {label.lower()} {formats.number(effect.size)} {unit}, {start}, "
            f"varighed {duration}, {persons}{source}",
            derived=effect.persons is None,
            no_source=not effect.source,
        ))  # fmt: skip
    pairs = dict.fromkeys((e.outcome, e.scheme) for e in scenario.effects)
    prices = [p for pair in pairs for p in _prices(baseline, scenario, *pair)]
    prices += [p for p in scenario.consequence_prices if (p.outcome, p.scheme) not in pairs]
    for price in prices:
        kind = OUTCOMES.get(price.outcome)
        where = purse_label(price.purse)
        if price.department:
            where = f"{where}, {dep(price.department)}"
        if price.derived:  # what was derived: «ydelse minus refusion», «udgift til indsatser …»
            source = (
                f"; {price.source.removeprefix('Afledt af basisåret: ')}" if price.source else ""
            )
        else:
            source = f"; kilde: {price.source}" if price.source else ""
        unused = "" if (price.outcome, price.scheme) in pairs else " (bruges ikke: ingen effekt)"
        out.append(Assumption(
            "Konsekvenspris",
            f"{_bare(kind.label) if kind else price.outcome}, {scheme_label(price.scheme)}: "
            f"{formats.kroner(price.amount)} pr. sparet personår ({where}){source}{unused}",
            derived=price.derived,
            no_source=not price.source and not price.derived,
        ))  # fmt: skip
    return out


def _bare(label: str) -> str:
    """«Kortere forløb (måneder)» -> «Kortere forløb»: the unit is written after the size."""
    return re.sub(r"\s*\([^)]*\)$", "", label)


def _prices(baseline: Baseline, scenario: Scenario, outcome: str,
            scheme: str) -> list[ConsequencePrice]:  # fmt: skip
    """The prices the projection uses for (outcome, scheme); none when it cannot derive
    them (the projection then says why)."""
    try:
        return consequence_prices(baseline, scenario, outcome, scheme)
    except ValueError:
        return []


def _target_persons(baseline: Baseline, scheme: str, support: str | None) -> float | None:
    facts = baseline.schemes.get(scheme)
    if facts is None:
        return None
    if support is None:
        return facts.persons
    return facts.persons_by_support.get(support, 0.0)


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
    "Assumption",
    "Comparison",
    "Levers",
    "Outcome",
    "Settings",
    "adjusted",
    "assumptions",
    "break_even_text",
    "comparison",
    "factor_text",
    "levers",
    "outcome",
    "persons_text",
    "scenario_workbook",
    "with_settings",
]
