"""The projection: a scenario's effect on every purse and department, year by year.

Pure function of (baseline, scenario), following docs/scenarios.md. Amounts are
differences from the baseline in the results' price level: plus is a gain, minus a cost.
Every rule goes through one generator of contributions (``_contributions``) that
``project`` collects into one tidy frame and ``net_result`` sums without pandas. The
multipliers in ``Factors`` may be NumPy vectors: ``net_result`` then gives one net result
per draw (the simulation and the break-even search).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from toolkit.scenarios.baseline import Baseline, BenefitFacts, SchemeFacts, TypeFacts
from toolkit.scenarios.effects import plan, saved_person_years
from toolkit.scenarios.model import (
    ITEMS,
    MAX_HORIZON_YEARS,
    PURSES,
    SCHEMES,
    Scenario,
    ScenarioError,
    VolumeChange,
    scheme_label,
)
from toolkit.scenarios.paths import consequence_prices, scheme_benefit
from toolkit.scenarios.price_level import PriceIndex, default_price_index

COLUMNS = ("scenario", "year", "department", "purse", "item", "amount", "derived")
Num = Any  # float, or a NumPy vector of draws


@dataclass(frozen=True)
class Factors:
    """Multipliers of the assumptions (1: as entered), for the sensitivity analysis; each a
    float or a vector of draws."""

    effect_size: Num = 1.0
    effect_duration: Num = 1.0
    persistence: Num = 1.0
    deadweight: Num = 1.0
    consequence_prices: Num = 1.0
    intervention_cost: Num = 1.0
    persons: Num = 1.0


NEUTRAL = Factors()

# (year, department, purse, item, derived, amount)
Contribution = tuple[int, str | None, str, str, bool, Num]
# (scenario, year, department, purse, item, amount, derived): a row of the projection
Row = tuple[str, int, str | None, str, str, float, bool]


@dataclass(frozen=True)
class PriceLevel:
    """The results' price level and the two conversions into it."""

    year: int
    register: float  # × an amount derived from the register (base-year prices)
    typed: float  # × an amount typed in the workbook (its «Prisniveau (år)»)


def price_index_of(scenario: Scenario) -> PriceIndex:
    """The shipped price index with the workbook's Prisindeks rows in place of its years."""
    index = default_price_index()
    if scenario.price_index:
        index = index.with_points(
            {p.year: p.index for p in scenario.price_index},
            sources={p.year: p.source for p in scenario.price_index if p.source},
        )
    return index


def price_level(baseline: Baseline, scenario: Scenario) -> PriceLevel:
    year = baseline.price_level
    index = price_index_of(scenario)
    typed_year = scenario.price_level_year or year
    return PriceLevel(year, index.factor(baseline.base_year, year), index.factor(typed_year, year))


def discount_factors(scenario: Scenario) -> dict[int, float]:
    """Year -> 1 / (1 + r)^(year − first_year)."""
    r = scenario.discount_rate_pct / 100
    return {y: 1 / (1 + r) ** (y - scenario.first_year) for y in scenario.years}


def inflow_person_years(years_since_start: int, duration_years: float) -> float:
    """Person-years in a year of one person a year entering mid-year and staying
    ``duration_years``: the sum over the cohorts so far of each one's time in the year."""
    k = years_since_start
    return sum(max(0.0, min(k + 1.0, j + 0.5 + duration_years) - max(float(k), j + 0.5))
               for j in range(k + 1))  # fmt: skip


def _scheme(baseline: Baseline, scenario: Scenario, scheme: str, what: str) -> SchemeFacts:
    if scheme not in SCHEMES:
        raise ScenarioError(f"{scenario.describe()}: ordningen «{scheme}» findes ikke; brug "
                            f"en af {', '.join(SCHEMES)}.")  # fmt: skip
    facts = baseline.schemes.get(scheme)
    if facts is None:
        raise ScenarioError(f"{scenario.describe()}: basisåret har ingen tal for "
                            f"{scheme_label(scheme).lower()}, så {what} kan ikke beregnes; "
                            "udfyld dem i scenarier.xlsx.")  # fmt: skip
    return facts


def _replaced_benefit(
    baseline: Baseline, scenario: Scenario, change: VolumeChange
) -> BenefitFacts | None:
    """The facts of the benefit a scheme's extra persons would otherwise receive."""
    code = change.replaces_benefit
    if code is None:
        return None
    facts = baseline.benefits.get(code)
    if facts is None or facts.per_person_year is None or facts.department is None:
        raise ScenarioError(f"{scenario.describe()}: basisåret {baseline.base_year} har ingen "
                            f"udbetalinger af «{code}» i Ydelser, så det beløb, ændringen "
                            "sparer, kendes ikke; lad «I stedet for ydelse» stå tom, eller "
                            "indlæs Ydelser for basisåret.")  # fmt: skip
    return facts


def _no_base_persons(name: str, baseline: Baseline, change: VolumeChange) -> str:
    if change.scheme is not None:
        what = f"havde ingen personer i {scheme_label(change.scheme).lower()}"
    else:
        what = f"havde ingen modtagere af indsatstypen «{change.intervention_type}»"
    return (f"{name}: basisåret {baseline.base_year} {what}, så en ændring på "
            f"{change.change_pct:g} % giver ingen personer; angiv ændringen i antal personer "
            "(«Ændring (personer)»).")  # fmt: skip


def _type(baseline: Baseline, code: str) -> TypeFacts:
    return baseline.intervention_types.get(code) or TypeFacts()


def _check(scenario: Scenario) -> None:
    if not 1 <= scenario.horizon_years <= MAX_HORIZON_YEARS:
        raise ScenarioError(f"{scenario.describe()}: horisonten er {scenario.horizon_years} "
                            f"år; den skal være 1-{MAX_HORIZON_YEARS} år.")  # fmt: skip


def _volume_person_years(
    baseline: Baseline, scenario: Scenario, change: VolumeChange, delta: Num, facts: Any
) -> list[tuple[int, Num]]:
    """(year, person-years) of a volume change: a stock holds ``delta`` every year; an
    inflow of ``delta`` a year builds a stock over the scheme's mean course duration; a
    capacity caps either."""
    name = scenario.describe()
    start = scenario.first_year if change.from_year is None else change.from_year
    active = [y for y in scenario.years if y >= start]
    kind = change.kind or "bestand"
    if kind not in ("bestand", "tilgang"):
        raise ScenarioError(f"{name}: typen «{kind}» af en ændring i antal personer findes "
                            "ikke; brug bestand eller tilgang.")  # fmt: skip
    if kind == "tilgang":
        if change.scheme is None:
            raise ScenarioError(f"{name}: «Type» tilgang gælder kun en ordning; en indsatstype "
                                "regnes i helårspersoner (bestand).")  # fmt: skip
        duration = facts.mean_duration_years
        if not duration:
            raise ScenarioError(f"{name}: ingen forløb i {scheme_label(change.scheme).lower()} "
                                f"sluttede i basisåret {baseline.base_year}, så hvor længe de "
                                "nye borgere bliver, kendes ikke; angiv ændringen som bestand."
                                )  # fmt: skip
        amounts = [np.multiply(delta, inflow_person_years(y - start, duration)) for y in active]
    else:
        amounts = [delta for _ in active]
    if change.capacity is not None:
        amounts = [np.sign(a) * np.minimum(np.abs(a), change.capacity) for a in amounts]
    return list(zip(active, amounts, strict=True))


def _contributions(
    baseline: Baseline, scenario: Scenario, f: Factors = NEUTRAL
) -> Iterator[Contribution]:
    _check(scenario)
    years = scenario.years
    first, last = scenario.first_year, scenario.last_year
    name = scenario.describe()
    level = price_level(baseline, scenario)
    cost_factor = np.multiply(f.intervention_cost, level.register)

    for move in scenario.reallocations:
        if move.year not in years:
            raise ScenarioError(f"{name}: flytningen af budget fra {move.from_department} til "
                                f"{move.to_department} ligger i {move.year}, uden for "
                                f"scenariets år {first}-{last}; ret året.")  # fmt: skip
        amount = move.amount * level.typed
        yield move.year, move.from_department, "kommune", "budget_moved", False, -amount
        yield move.year, move.to_department, "kommune", "budget_moved", False, amount

    for change in scenario.volume_changes:
        if (change.scheme is None) == (change.intervention_type is None):
            raise ScenarioError(f"{name}: en ændring i antal personer skal have enten en "
                                "ordning eller en indsatstype (ikke begge).")  # fmt: skip
        facts: Any
        if change.scheme is not None:
            facts = _scheme(baseline, scenario, change.scheme, "ændringen i antal personer")
            base_persons = facts.persons
        else:
            facts = _type(baseline, str(change.intervention_type))
            base_persons = facts.person_years
        # A change in % derives its persons from the base year: its rows are derived.
        by_pct = change.change_persons is None
        if change.change_persons is not None:
            delta = change.change_persons
        elif change.change_pct is not None:
            if change.change_pct and not base_persons:
                raise ScenarioError(_no_base_persons(name, baseline, change))
            delta = base_persons * change.change_pct / 100
        else:
            raise ScenarioError(f"{name}: en ændring i antal personer mangler både antal og "
                                "procent; udfyld en af dem.")  # fmt: skip
        if not delta:
            continue
        yearly = _volume_person_years(baseline, scenario, change, np.multiply(delta, f.persons),
                                      facts)  # fmt: skip
        if change.scheme is not None:
            yield from _scheme_volume(baseline, scenario, change, facts, yearly, by_pct, level,
                                      cost_factor)  # fmt: skip
        else:
            code = str(change.intervention_type)
            if change.replaces_benefit is not None:
                raise ScenarioError(f"{name}: «I stedet for ydelse» gælder kun en ændring i en "
                                    f"ordning, ikke indsatstypen «{code}».")  # fmt: skip
            if facts.cost_per_person_year is None or facts.department is None:
                raise ScenarioError(f"{name}: indsatstypen «{code}» havde ingen modtagere i "
                                    f"basisåret {baseline.base_year}, så udgiften pr. "
                                    "helårsperson kendes ikke; angiv ændringen som en "
                                    "investering med driftsudgift pr. helårsperson."
                                    )  # fmt: skip
            for y, person_years in yearly:
                amount = -person_years * facts.cost_per_person_year * cost_factor
                yield y, facts.department, "kommune", "intervention_cost", by_pct, amount

    for inv in scenario.investments:
        kind = _type(baseline, inv.intervention_type)
        running, derived = inv.running_cost_per_person, False
        unit_factor = np.multiply(f.intervention_cost, level.typed)
        if running is None:
            running, derived = kind.cost_per_person_year, True
            unit_factor = cost_factor
            if running is None:
                raise ScenarioError(f"{name}: indsatstypen «{inv.intervention_type}» havde "
                                    f"ingen modtagere i basisåret {baseline.base_year}, så "
                                    "driftsudgiften pr. helårsperson kan ikke afledes; udfyld "
                                    "«Driftsudgift pr. person» i Investeringer.")  # fmt: skip
        payer = inv.paying_department or kind.department
        if payer is None:
            raise ScenarioError(f"{name}: indsatstypen «{inv.intervention_type}» står ikke i "
                                "Takster, så den betalende afdeling kendes ikke; udfyld "
                                "«Betalende afdeling» i Investeringer.")  # fmt: skip
        start = first if inv.from_year is None else inv.from_year
        stop = last if inv.to_year is None else inv.to_year
        active = [y for y in years if start <= y <= stop]
        amount = -inv.extra_persons * np.multiply(f.persons, running) * unit_factor
        if inv.extra_persons and running:
            for y in active:
                yield y, payer, "kommune", "intervention_cost", derived, amount
        if active and inv.startup_cost:
            startup = -inv.startup_cost * np.multiply(f.intervention_cost, level.typed)
            yield active[0], payer, "kommune", "intervention_cost", False, startup

    yield from _effect_contributions(baseline, scenario, f, level)


def _scheme_volume(
    baseline: Baseline,
    scenario: Scenario,
    change: VolumeChange,
    facts: SchemeFacts,
    yearly: list[tuple[int, Num]],
    by_pct: bool,
    level: PriceLevel,
    cost_factor: Num,
) -> Iterator[Contribution]:
    """A scheme's extra person-years: its benefit net of refund, the intervention cost per
    person-year, and the benefit they would otherwise have had, saved."""
    scheme = str(change.scheme)
    gross = scheme_benefit(scenario, scheme, facts) * level.register
    department = facts.benefit_department
    costs = sorted(facts.intervention_cost_per_person_year.items())
    replaced = _replaced_benefit(baseline, scenario, change)
    for y, person_years in yearly:
        yield y, department, "kommune", "benefit_cost", by_pct, -person_years * gross
        if facts.refund_share:
            refund = person_years * gross * facts.refund_share
            yield y, department, "kommune", "refund", by_pct, refund
            yield y, None, "stat", "refund", by_pct, -refund
        if replaced is not None:
            # The benefit the persons would otherwise have had is saved.
            saved = person_years * replaced.per_person_year * level.register
            yield y, replaced.department, "kommune", "benefit_cost", True, saved
            if replaced.refund_share:
                back = saved * replaced.refund_share
                yield y, replaced.department, "kommune", "refund", True, -back
                yield y, None, "stat", "refund", True, back
        for dep, cost in costs:
            yield y, dep, "kommune", "intervention_cost", by_pct, -person_years * cost * cost_factor


def _effect_contributions(
    baseline: Baseline, scenario: Scenario, f: Factors, level: PriceLevel
) -> Iterator[Contribution]:
    if not scenario.effects:
        return
    planned = [plan(baseline, scenario, e) for e in scenario.effects]
    saved = saved_person_years(scenario, planned, size=f.effect_size,
                               duration=f.effect_duration, persistence=f.persistence,
                               deadweight=f.deadweight, persons=f.persons)  # fmt: skip
    name = scenario.describe()
    for p, per_year in zip(planned, saved, strict=True):
        e = p.effect
        prices = consequence_prices(baseline, scenario, e.outcome, e.scheme, e.destination)
        for price in prices:
            if price.purse not in PURSES:
                raise ScenarioError(f"{name}: kassen «{price.purse}» i Konsekvenspriser findes "
                                    f"ikke; brug en af {', '.join(PURSES)}.")  # fmt: skip
            if price.purse == "kommune" and price.department is None:
                raise ScenarioError(f"{name}: en konsekvenspris for kommunen mangler en "
                                    "afdeling; udfyld «Afdeling».")  # fmt: skip
            department = price.department if price.purse == "kommune" else None
            converted = price.amount * (level.register if price.derived else level.typed)
            unit = np.multiply(converted, f.consequence_prices)
            flag = p.derived or price.derived
            for y, person_years in zip(scenario.years, per_year, strict=True):
                yield y, department, price.purse, "consequence", flag, person_years * unit


def project(baseline: Baseline, scenario: Scenario, factors: Factors = NEUTRAL) -> pd.DataFrame:
    """scenario, year, department, purse, item, amount, derived: one row per year,
    department, purse, item and derived flag (amounts summed), in the scenario's years and
    the results' price level."""
    return _frame(_collect(baseline, scenario, factors))


def project_all(baseline: Baseline, scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """``project`` of every scenario in one frame."""
    rows: list[Row] = []
    for scenario in scenarios:
        rows += _collect(baseline, scenario, NEUTRAL)
    return _frame(rows)


def _collect(baseline: Baseline, scenario: Scenario, factors: Factors) -> list[Row]:
    sums: dict[tuple[int, str | None, str, str, bool], float] = {}
    for year, department, purse, item, derived, amount in _contributions(
        baseline, scenario, factors
    ):
        key = (year, department, purse, item, derived)
        sums[key] = sums.get(key, 0.0) + float(amount)
    order = {item: i for i, item in enumerate(ITEMS)}
    purse_order = {p: i for i, p in enumerate(PURSES)}
    keys = sorted((k for k in sums if abs(sums[k]) > 1e-9),
                  key=lambda k: (k[0], purse_order.get(k[2], 9), k[1] or "",
                                 order.get(k[3], 9), k[4]))  # fmt: skip
    sid = scenario.scenario_id
    return [(sid, k[0], k[1], k[2], k[3], sums[k], k[4]) for k in keys]


def _frame(rows: list[Row]) -> pd.DataFrame:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    dtypes = ("str", "int64", "str", "str", "str", "float64", "bool")
    return pd.DataFrame({
        name: pd.Series(list(values), dtype=dtype)
        for name, values, dtype in zip(COLUMNS, columns, dtypes, strict=True)
    })  # fmt: skip


def yearly_net(baseline: Baseline, scenario: Scenario, factors: Factors = NEUTRAL) -> list[Num]:
    """The municipality's net result per year of the horizon (purse kommune), undiscounted;
    a vector per year when ``factors`` holds draws."""
    sums: dict[int, Num] = dict.fromkeys(scenario.years, 0.0)
    for year, _dep, purse, _item, _derived, amount in _contributions(baseline, scenario, factors):
        if purse == "kommune":
            sums[year] = sums[year] + amount
    return [sums[y] for y in scenario.years]


def net_result(
    baseline: Baseline,
    scenario: Scenario,
    *,
    discounted: bool = True,
    factors: Factors = NEUTRAL,
) -> Num:
    """The municipality's net result over the horizon (purse kommune, all departments): a
    float, or one per draw when ``factors`` holds vectors."""
    weights = discount_factors(scenario)
    total: Num = 0.0
    for year, amount in zip(scenario.years, yearly_net(baseline, scenario, factors), strict=True):
        total = total + (amount * weights[year] if discounted else amount)
    return total if np.ndim(total) else float(total)
