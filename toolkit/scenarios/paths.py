"""Outcome paths (as SØM prices them): an effect moves persons out of a scheme to a
destination, and a saved person-year is worth the difference between what a person-year
costs in the scheme and in the destination, per department and purse, after refund.

Costs here are in the base year's prices (the register's); the projection converts them to
the results' price level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from toolkit import schema
from toolkit.scenarios.baseline import Baseline, SchemeFacts
from toolkit.scenarios.model import (
    SCHEMES,
    ConsequencePrice,
    Effect,
    Scenario,
    ScenarioError,
    scheme_label,
)

SELF_SUPPORT = "job_uddannelse"
EXIT_MIX = "afgange"  # the scheme's exits in the base year, as a mix of destinations
DESTINATIONS: dict[str, str] = dict(schema.SCENARIO_DESTINATION.labels)
# The path an outcome takes when «Afgang til» is blank: more exits go to work or
# education; shorter courses and fewer waiting days end where the scheme's courses end.
DEFAULT_DESTINATION: dict[str, str] = {
    "afgang_arbejde": SELF_SUPPORT,
    "kortere_forloeb": EXIT_MIX,
    "faerre_ventedage": EXIT_MIX,
}

CostKey = tuple[str | None, str]  # (department or None, purse)


def destination_of(effect: Effect) -> str:
    """The effect's destination code, or EXIT_MIX."""
    return effect.destination or DEFAULT_DESTINATION.get(effect.outcome, SELF_SUPPORT)


def destination_label(code: str) -> str:
    if code == EXIT_MIX:
        return "basisårets afgange fra ordningen"
    return DESTINATIONS.get(code) or SCHEMES.get(code) or code


def path_text(code: str) -> str:
    """«afgang til fleksjob», or «afgang som basisårets afgange fra ordningen»."""
    if code == EXIT_MIX:
        return "afgang som basisårets afgange fra ordningen"
    return f"afgang til {destination_label(code).lower()}"


def bought_types(scenario: Scenario) -> frozenset[str]:
    """Intervention types the scenario buys: their cost is never counted as saved."""
    types = {i.intervention_type for i in scenario.investments}
    types |= {v.intervention_type for v in scenario.volume_changes if v.intervention_type}
    return frozenset(types)


def _add(costs: dict[CostKey, float], key: CostKey, amount: float) -> None:
    if amount:
        costs[key] = costs.get(key, 0.0) + amount


def scheme_benefit(scenario: Scenario, scheme: str, facts: SchemeFacts) -> float:
    """The scheme's gross benefit per person-year; ScenarioError when the base year has none
    or no department that pays it (a default price or a volume change needs both)."""
    if facts.benefit_per_person_year is None or facts.benefit_department is None:
        raise ScenarioError(f"{scenario.describe()}: basisåret har ingen udbetalt ydelse "
                            f"(eller ingen afdeling der betaler den) for "
                            f"{scheme_label(scheme).lower()}; udfyld Konsekvenspriser for "
                            "ordningen, eller indlæs Ydelser og Budget.")  # fmt: skip
    return facts.benefit_per_person_year


def scheme_cost(facts: SchemeFacts, excluded: Iterable[str] = ()) -> dict[CostKey, float]:
    """What a person-year in the scheme costs each (department, purse), after refund:
    the net benefit (kommune), the refund (stat) and intervention cost per person-year by
    department, without the ``excluded`` intervention types when the split by type is
    known."""
    costs: dict[CostKey, float] = {}
    if facts.benefit_per_person_year is not None and facts.benefit_department is not None:
        gross = facts.benefit_per_person_year
        _add(costs, (facts.benefit_department, "kommune"), gross * (1 - facts.refund_share))
        _add(costs, (None, "stat"), gross * facts.refund_share)
    skip = set(excluded)
    if facts.intervention_cost_by_type:
        for (department, kind), cost in sorted(facts.intervention_cost_by_type.items()):
            if kind not in skip:
                _add(costs, (department, "kommune"), cost)
    else:
        for department, cost in sorted(facts.intervention_cost_per_person_year.items()):
            _add(costs, (department, "kommune"), cost)
    return costs


def state_cost(
    baseline: Baseline, scenario: Scenario, state: str, origin: str
) -> dict[CostKey, float]:
    """Cost per person-year of a destination ``state``: self-support costs nothing; a
    scheme (fleksjob, førtidspension, or the origin itself for a new course) its net
    benefit and intervention cost; a benefit (ledighedsydelse, kontanthjælp) its net
    amount."""
    if state == SELF_SUPPORT:
        return {}
    name = scenario.describe()
    if state in SCHEMES:
        facts = baseline.schemes.get(state)
        if facts is None or facts.benefit_per_person_year is None:
            raise ScenarioError(f"{name}: basisåret {baseline.base_year} har ingen udbetalt "
                                f"ydelse i {scheme_label(state).lower()}, så en afgang fra "
                                f"{scheme_label(origin).lower()} dertil kan ikke prissættes; "
                                "vælg en anden «Afgang til», eller udfyld Konsekvenspriser."
                                )  # fmt: skip
        return scheme_cost(facts)
    benefit = baseline.benefits.get(state)
    if benefit is None or benefit.per_person_year is None or benefit.department is None:
        raise ScenarioError(f"{name}: basisåret {baseline.base_year} har ingen udbetalinger "
                            f"af {destination_label(state).lower()} i Ydelser, så en afgang "
                            "dertil kan ikke prissættes; vælg en anden «Afgang til», eller "
                            "udfyld Konsekvenspriser.")  # fmt: skip
    gross = benefit.per_person_year
    costs: dict[CostKey, float] = {}
    _add(costs, (benefit.department, "kommune"), gross * (1 - benefit.refund_share))
    _add(costs, (None, "stat"), gross * benefit.refund_share)
    return costs


def destination_mix(
    baseline: Baseline, scenario: Scenario, scheme: str, destination: str
) -> Mapping[str, float]:
    """Destination -> share: one destination, or the scheme's exits in the base year."""
    if destination != EXIT_MIX:
        return {destination: 1.0}
    facts = baseline.schemes.get(scheme)
    if facts is None or not facts.exit_shares:
        raise ScenarioError(f"{scenario.describe()}: ingen forløb i "
                            f"{scheme_label(scheme).lower()} sluttede i basisåret "
                            f"{baseline.base_year}, så hvor borgerne går hen, kendes ikke; "
                            "udfyld «Afgang til» i Effekter.")  # fmt: skip
    return facts.exit_shares


def default_prices(
    baseline: Baseline, scenario: Scenario, outcome: str, scheme: str, destination: str
) -> list[ConsequencePrice]:
    """The derived price per (department, purse): the scheme's cost per person-year minus
    the destination's (a mix weighted by its shares), in base-year prices."""
    facts = baseline.schemes.get(scheme) or SchemeFacts()
    scheme_benefit(scenario, scheme, facts)
    own = scheme_cost(facts, bought_types(scenario))
    price = dict(own)
    for state, share in sorted(destination_mix(baseline, scenario, scheme, destination).items()):
        # A new course in the same scheme costs what the scheme costs: no saving.
        costs = own if state == scheme else state_cost(baseline, scenario, state, scheme)
        for key, cost in costs.items():
            price[key] = price.get(key, 0.0) - share * cost
    source = (f"Afledt af basisåret: {scheme_label(scheme).lower()} minus "
              f"{destination_label(destination).lower()} pr. helårsperson, efter refusion"
              )  # fmt: skip
    if destination == EXIT_MIX:
        source = (f"Afledt af basisåret: {scheme_label(scheme).lower()} minus basisårets "
                  "afgange fra ordningen (vægtet efter andel) pr. helårsperson, efter refusion"
                  )  # fmt: skip
    if bought_types(scenario) and facts.intervention_cost_by_type:
        source += "; uden de indsatser, scenariet selv køber"
    order = {"kommune": 0, "region": 1, "stat": 2}
    keys = sorted(price, key=lambda k: (order.get(k[1], 9), k[0] or ""))
    return [
        ConsequencePrice(outcome, scheme, department, purse, price[(department, purse)],
                         source, derived=True)
        for department, purse in keys
        if abs(price[(department, purse)]) > 1e-9
    ]  # fmt: skip


def consequence_prices(
    baseline: Baseline,
    scenario: Scenario,
    outcome: str,
    scheme: str,
    destination: str | None = None,
) -> list[ConsequencePrice]:
    """The scenario's own prices for (outcome, scheme), or the derived default for the
    path to ``destination`` (None: the outcome's default path). The codes are checked where
    the effect is planned (``effects.check_effect``), before any price is asked for."""
    given = [p for p in scenario.consequence_prices
             if p.outcome == outcome and p.scheme == scheme]  # fmt: skip
    if given:
        return given
    path = destination or DEFAULT_DESTINATION.get(outcome, SELF_SUPPORT)
    return default_prices(baseline, scenario, outcome, scheme, path)
