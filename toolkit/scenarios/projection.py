"""The projection: a scenario's effect on every purse and department, year by year.

Pure function of (baseline, scenario), following docs/scenarios.md. Amounts are
differences from the baseline: plus is a gain, minus a cost. Every rule goes through one
generator of contributions (``_contributions``) that ``project`` collects into one tidy
frame and ``net_result`` sums without pandas (the sensitivity's fast path).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from toolkit.scenarios.baseline import Baseline, BenefitFacts, SchemeFacts, TypeFacts
from toolkit.scenarios.model import (
    ITEMS,
    MAX_HORIZON_YEARS,
    OUTCOMES,
    PURSES,
    SCHEMES,
    ConsequencePrice,
    Effect,
    Scenario,
    ScenarioError,
    VolumeChange,
    scheme_label,
)

COLUMNS = ("scenario", "year", "department", "purse", "item", "amount", "derived")


@dataclass(frozen=True)
class Factors:
    """Multipliers of the assumptions (1: as entered), for the sensitivity analysis."""

    effect_size: float = 1.0
    effect_duration: float = 1.0
    consequence_prices: float = 1.0
    intervention_cost: float = 1.0
    persons: float = 1.0


NEUTRAL = Factors()

# (year, department, purse, item, derived, amount)
Contribution = tuple[int, str | None, str, str, bool, float]
# (scenario, year, department, purse, item, amount, derived): a row of the projection
Row = tuple[str, int, str | None, str, str, float, bool]


def discount_factors(scenario: Scenario) -> dict[int, float]:
    """Year -> 1 / (1 + r)^(year − first_year)."""
    r = scenario.discount_rate_pct / 100
    return {y: 1 / (1 + r) ** (y - scenario.first_year) for y in scenario.years}


def effect_weights(
    scenario: Scenario, effect: Effect, duration_factor: float = 1.0
) -> dict[int, float]:
    """Year -> the part of the year the effect covers (0-1)."""
    start = scenario.first_year + effect.delay_years
    end_of_horizon = scenario.first_year + scenario.horizon_years
    duration = end_of_horizon - start if effect.duration_years is None else effect.duration_years
    end = start + duration * duration_factor
    return {y: max(0.0, min(y + 1.0, end) - max(float(y), start)) for y in scenario.years}


def consequence_prices(
    baseline: Baseline, scenario: Scenario, outcome: str, scheme: str
) -> list[ConsequencePrice]:
    """The scenario's prices for (outcome, scheme), or the defaults derived from the
    baseline: a person-year out of the scheme saves its net benefit in the benefit
    department (kommune), the refund (stat) and the scheme's intervention cost per
    person-year in each department (kommune)."""
    given = [p for p in scenario.consequence_prices
             if p.outcome == outcome and p.scheme == scheme]  # fmt: skip
    if given:
        return given
    facts = _scheme(baseline, scenario, scheme, "konsekvenspriser")
    gross = _benefit(scenario, scheme, facts)
    refund = gross * facts.refund_share
    prices = [
        ConsequencePrice(outcome, scheme, facts.benefit_department, "kommune", gross - refund,
                         "Afledt af basisåret: ydelse minus refusion", derived=True),
        ConsequencePrice(outcome, scheme, None, "stat", refund,
                         "Afledt af basisåret: statsrefusion", derived=True),
    ]  # fmt: skip
    for department, cost in sorted(facts.intervention_cost_per_person_year.items()):
        prices.append(ConsequencePrice(outcome, scheme, department, "kommune", cost,
                                       "Afledt af basisåret: udgift til indsatser pr. "
                                       "helårsperson", derived=True))  # fmt: skip
    return prices


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


def _benefit(scenario: Scenario, scheme: str, facts: SchemeFacts) -> float:
    if facts.benefit_per_person_year is None or facts.benefit_department is None:
        raise ScenarioError(f"{scenario.describe()}: basisåret har ingen udbetalt ydelse "
                            f"(eller ingen afdeling der betaler den) for "
                            f"{scheme_label(scheme).lower()}; udfyld Konsekvenspriser for "
                            "ordningen, eller indlæs Ydelser og Budget.")  # fmt: skip
    return facts.benefit_per_person_year


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


def _type(baseline: Baseline, scenario: Scenario, code: str) -> TypeFacts:
    return baseline.intervention_types.get(code) or TypeFacts()


def _check(scenario: Scenario) -> None:
    if not 1 <= scenario.horizon_years <= MAX_HORIZON_YEARS:
        raise ScenarioError(f"{scenario.describe()}: horisonten er {scenario.horizon_years} "
                            f"år; den skal være 1-{MAX_HORIZON_YEARS} år.")  # fmt: skip


def _contributions(
    baseline: Baseline, scenario: Scenario, f: Factors = NEUTRAL
) -> Iterator[Contribution]:
    _check(scenario)
    years = scenario.years
    first, last = scenario.first_year, scenario.last_year
    name = scenario.describe()

    for move in scenario.reallocations:
        if move.year not in years:
            raise ScenarioError(f"{name}: flytningen af budget fra {move.from_department} til "
                                f"{move.to_department} ligger i {move.year}, uden for "
                                f"scenariets år {first}-{last}; ret året.")  # fmt: skip
        yield move.year, move.from_department, "kommune", "budget_moved", False, -move.amount
        yield move.year, move.to_department, "kommune", "budget_moved", False, move.amount

    for change in scenario.volume_changes:
        start = first if change.from_year is None else change.from_year
        active = [y for y in years if y >= start]
        if (change.scheme is None) == (change.intervention_type is None):
            raise ScenarioError(f"{name}: en ændring i antal personer skal have enten en "
                                "ordning eller en indsatstype (ikke begge).")  # fmt: skip
        if change.scheme is not None:
            facts = _scheme(baseline, scenario, change.scheme, "ændringen i antal personer")
            base_persons = facts.persons
        else:
            kind = _type(baseline, scenario, str(change.intervention_type))
            base_persons = kind.recipients
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
        delta *= f.persons
        if not delta or not active:
            continue
        if change.scheme is not None:
            gross = _benefit(scenario, change.scheme, facts)
            department = facts.benefit_department
            refund = delta * gross * facts.refund_share
            costs = sorted(facts.intervention_cost_per_person_year.items())
            replaced = _replaced_benefit(baseline, scenario, change)
            for y in active:
                yield y, department, "kommune", "benefit_cost", by_pct, -delta * gross
                if refund:
                    yield y, department, "kommune", "refund", by_pct, refund
                    yield y, None, "stat", "refund", by_pct, -refund
                if replaced is not None:
                    # The benefit the persons would otherwise have had is saved.
                    saved = delta * replaced.per_person_year  # type: ignore[operator]
                    yield y, replaced.department, "kommune", "benefit_cost", True, saved
                    if saved * replaced.refund_share:
                        back = saved * replaced.refund_share
                        yield y, replaced.department, "kommune", "refund", True, -back
                        yield y, None, "stat", "refund", True, back
                for dep, cost in costs:
                    amount = -delta * cost * f.intervention_cost
                    yield y, dep, "kommune", "intervention_cost", by_pct, amount
        else:
            code = str(change.intervention_type)
            if change.replaces_benefit is not None:
                raise ScenarioError(f"{name}: «I stedet for ydelse» gælder kun en ændring i en "
                                    f"ordning, ikke indsatstypen «{code}».")  # fmt: skip
            if kind.cost_per_recipient_year is None or kind.department is None:
                raise ScenarioError(f"{name}: indsatstypen «{code}» havde ingen modtagere i "
                                    f"basisåret {baseline.base_year}, så udgiften pr. person "
                                    "kendes ikke; angiv ændringen som en investering med "
                                    "driftsudgift pr. person.")  # fmt: skip
            amount = -delta * kind.cost_per_recipient_year * f.intervention_cost
            for y in active:
                yield y, kind.department, "kommune", "intervention_cost", by_pct, amount

    for inv in scenario.investments:
        kind = _type(baseline, scenario, inv.intervention_type)
        running, derived = inv.running_cost_per_person, False
        if running is None:
            running, derived = kind.cost_per_recipient_year, True
            if running is None:
                raise ScenarioError(f"{name}: indsatstypen «{inv.intervention_type}» havde "
                                    f"ingen modtagere i basisåret {baseline.base_year}, så "
                                    "driftsudgiften pr. person kan ikke afledes; udfyld "
                                    "«Driftsudgift pr. person» i Investeringer.")  # fmt: skip
        payer = inv.paying_department or kind.department
        if payer is None:
            raise ScenarioError(f"{name}: indsatstypen «{inv.intervention_type}» står ikke i "
                                "Takster, så den betalende afdeling kendes ikke; udfyld "
                                "«Betalende afdeling» i Investeringer.")  # fmt: skip
        start = first if inv.from_year is None else inv.from_year
        stop = last if inv.to_year is None else inv.to_year
        active = [y for y in years if start <= y <= stop]
        amount = -inv.extra_persons * f.persons * running * f.intervention_cost
        for y in active:
            if amount:
                yield y, payer, "kommune", "intervention_cost", derived, amount
        if active and inv.startup_cost:
            startup = -inv.startup_cost * f.intervention_cost
            yield active[0], payer, "kommune", "intervention_cost", False, startup

    for effect in scenario.effects:
        outcome = OUTCOMES.get(effect.outcome)
        if outcome is None:
            raise ScenarioError(f"{name}: effekten «{effect.outcome}» findes ikke; brug en af "
                                f"{', '.join(OUTCOMES)}.")  # fmt: skip
        if effect.scheme not in SCHEMES:
            raise ScenarioError(f"{name}: ordningen «{effect.scheme}» findes ikke; brug en af "
                                f"{', '.join(SCHEMES)}.")  # fmt: skip
        persons, derived = effect.persons, False
        if persons is None:
            facts = _scheme(baseline, scenario, effect.scheme, "antal personer i målgruppen")
            derived = True
            if effect.support_at_entry is None:
                persons = facts.persons
            else:
                persons = facts.persons_by_support.get(effect.support_at_entry, 0.0)
        per_year = persons * f.persons * effect.size * f.effect_size * outcome.factor
        if not per_year:
            continue
        prices = consequence_prices(baseline, scenario, effect.outcome, effect.scheme)
        weights = effect_weights(scenario, effect, f.effect_duration)
        for price in prices:
            if price.purse not in PURSES:
                raise ScenarioError(f"{name}: kassen «{price.purse}» i Konsekvenspriser findes "
                                    f"ikke; brug en af {', '.join(PURSES)}.")  # fmt: skip
            if price.purse == "kommune" and price.department is None:
                raise ScenarioError(f"{name}: en konsekvenspris for kommunen mangler en "
                                    "afdeling; udfyld «Afdeling».")  # fmt: skip
            department = price.department if price.purse == "kommune" else None
            unit = per_year * price.amount * f.consequence_prices
            flag = derived or price.derived
            for y, w in weights.items():
                if w and unit:
                    yield y, department, price.purse, "consequence", flag, unit * w


def project(baseline: Baseline, scenario: Scenario, factors: Factors = NEUTRAL) -> pd.DataFrame:
    """scenario, year, department, purse, item, amount, derived: one row per year,
    department, purse, item and derived flag (amounts summed), in the scenario's years."""
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
        sums[key] = sums.get(key, 0.0) + amount
    order = {item: i for i, item in enumerate(ITEMS)}
    purse_order = {p: i for i, p in enumerate(PURSES)}
    keys = sorted(sums, key=lambda k: (k[0], purse_order.get(k[2], 9), k[1] or "",
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


def net_result(
    baseline: Baseline,
    scenario: Scenario,
    *,
    discounted: bool = True,
    factors: Factors = NEUTRAL,
) -> float:
    """The municipality's net result over the horizon (purse kommune, all departments)."""
    weights = discount_factors(scenario) if discounted else None
    total = 0.0
    for year, _dep, purse, _item, _derived, amount in _contributions(baseline, scenario, factors):
        if purse == "kommune":
            total += amount * weights[year] if weights is not None else amount
    return total
