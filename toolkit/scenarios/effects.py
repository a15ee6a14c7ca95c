"""Saved person-years of a scenario's effects: overlapping effects combine on what is left,
persistence spreads an exit over the years the person stays out, deadweight removes what
would have happened anyway.

Every quantity may be a float or a NumPy vector of draws (the uncertainty simulation and
the break-even search evaluate many factor values in one pass), so arithmetic here uses
NumPy's elementwise functions and never branches on a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from toolkit.scenarios.baseline import Baseline
from toolkit.scenarios.model import (
    OUTCOMES,
    SCHEMES,
    Effect,
    Scenario,
    ScenarioError,
)
from toolkit.scenarios.paths import DESTINATIONS

Num = Any  # float, or a NumPy vector of draws
PERSISTENT_OUTCOME = "afgang_arbejde"  # only an exit lasts beyond the year it happens


@dataclass(frozen=True)
class Planned:
    """One effect, checked, with its persons and whether they were derived."""

    effect: Effect
    persons: float
    derived: bool
    years_per_person: float  # the scheme's person-years per person in the base year


def check_effect(scenario: Scenario, effect: Effect) -> None:
    name = scenario.describe()
    if effect.outcome not in OUTCOMES:
        raise ScenarioError(f"{name}: effekten «{effect.outcome}» findes ikke; brug en af "
                            f"{', '.join(OUTCOMES)}.")  # fmt: skip
    if effect.scheme not in SCHEMES:
        raise ScenarioError(f"{name}: ordningen «{effect.scheme}» findes ikke; brug en af "
                            f"{', '.join(SCHEMES)}.")  # fmt: skip
    if effect.destination is not None and effect.destination not in DESTINATIONS:
        raise ScenarioError(f"{name}: afgangen «{effect.destination}» findes ikke; brug en "
                            f"af {', '.join(DESTINATIONS)}.")  # fmt: skip


def plan(baseline: Baseline, scenario: Scenario, effect: Effect) -> Planned:
    check_effect(scenario, effect)
    facts = baseline.schemes.get(effect.scheme)
    per_person = 1.0
    if facts is not None and facts.persons > 0 and facts.person_years > 0:
        per_person = min(1.0, facts.person_years / facts.persons)
    if effect.persons is not None:
        return Planned(effect, effect.persons, False, per_person)
    if facts is None:
        raise ScenarioError(f"{scenario.describe()}: basisåret har ingen tal for "
                            f"{SCHEMES[effect.scheme].lower()}, så antal personer i "
                            "målgruppen kan ikke beregnes; udfyld «Personer pr. år» i "
                            "Effekter.")  # fmt: skip
    if effect.support_at_entry is None:
        persons = facts.persons
    else:
        persons = facts.persons_by_support.get(effect.support_at_entry, 0.0)
    return Planned(effect, persons, True, per_person)


def overlapping_groups(effects: Sequence[Effect]) -> list[list[int]]:
    """Indexes of effects that act on the same persons: the same scheme, and the same
    support at entry or one of them for the whole scheme. Effects on different supports of
    one scheme, with none for the whole scheme, are separate groups."""
    groups: dict[tuple[str, str | None], list[int]] = {}
    whole = {e.scheme for e in effects if e.support_at_entry is None}
    for index, effect in enumerate(effects):
        support = None if effect.scheme in whole else effect.support_at_entry
        groups.setdefault((effect.scheme, support), []).append(index)
    return list(groups.values())


def effect_weights(
    scenario: Scenario, effect: Effect, duration_factor: Num = 1.0
) -> dict[int, Num]:
    """Year -> the part of the year the effect covers (0-1)."""
    start = scenario.first_year + effect.delay_years
    end_of_horizon = scenario.first_year + scenario.horizon_years
    duration = end_of_horizon - start if effect.duration_years is None else effect.duration_years
    end = start + np.multiply(duration, duration_factor)
    return {y: np.clip(np.minimum(y + 1.0, end) - max(float(y), start), 0.0, 1.0)
            for y in scenario.years}  # fmt: skip


def saved_person_years(
    scenario: Scenario,
    planned: Sequence[Planned],
    *,
    size: Num = 1.0,
    duration: Num = 1.0,
    persistence: Num = 1.0,
    deadweight: Num = 1.0,
    persons: Num = 1.0,
) -> list[list[Num]]:
    """Per effect (in order) and year of the horizon, the person-years it saves.

    In each group of overlapping effects with persons P (the largest of them) and
    person-years H = P × the scheme's person-years per person, effect i alone would save
    a_i = p_i × size_i × unit_i × w_i person-years, at most its persons' p_i × h, a share
    f_i = min(a_i, p_i × h) / H; together
    they save H × (1 − Π(1 − f_i)), shared in proportion to a_i (so a larger effect never
    moves savings between effects priced differently). An exit (afgang_arbejde) then saves
    in the following years too, for its persistence in years; all is × (1 − deadweight).
    The arguments after ``planned`` are the sensitivity's multipliers.
    """
    n_years = scenario.horizon_years
    out: list[list[Num]] = [[0.0] * n_years for _ in planned]
    effects = [p.effect for p in planned]
    for group in overlapping_groups(effects):
        largest = max(planned[i].persons for i in group)
        group_years = largest * max(planned[i].years_per_person for i in group)
        if group_years <= 0:
            continue
        rates = {}
        for i in group:
            e = planned[i].effect
            rates[i] = planned[i].persons * e.size * OUTCOMES[e.outcome].factor / group_years
        # An effect on p_i persons saves at most their person-years, p_i × h.
        ceiling = {i: planned[i].persons * planned[i].years_per_person / group_years
                   for i in group}  # fmt: skip
        spans = {i: list(effect_weights(scenario, planned[i].effect, duration).values())
                 for i in group}  # fmt: skip
        for t in range(n_years):
            alone = {i: rates[i] * np.multiply(size, spans[i][t]) for i in group}
            total = sum(alone.values())
            left = 1.0
            for i, share in alone.items():
                left = left * (1.0 - np.minimum(ceiling[i], share))
            combined = group_years * np.multiply(persons, 1.0 - left)
            safe = np.where(np.asarray(total) > 0, total, 1.0)
            for i in group:
                out[i][t] = np.where(np.asarray(total) > 0, combined * alone[i] / safe, 0.0)
    for i, p in enumerate(planned):
        e = p.effect
        kept = 1.0 - np.clip(np.multiply((e.deadweight_pct or 0.0) / 100, deadweight), 0.0, 1.0)
        if e.outcome == PERSISTENT_OUTCOME:
            years = np.multiply(1.0 if e.persistence_years is None else e.persistence_years,
                                persistence)  # fmt: skip
            out[i] = _persist(out[i], years)
        out[i] = [np.multiply(v, kept) for v in out[i]]
    return out


def _persist(flow: list[Num], years: Num) -> list[Num]:
    """An exit in year y saves in year y + j the part of that year it still lasts:
    clip(years − j, 0, 1)."""
    n = len(flow)
    return [sum(flow[y] * np.clip(years - (t - y), 0.0, 1.0) for y in range(t + 1))
            for t in range(n)]  # fmt: skip


def overlaps(scenario: Scenario) -> list[list[Effect]]:
    """Groups of two or more effects that act on the same persons."""
    effects = list(scenario.effects)
    return [[effects[i] for i in g] for g in overlapping_groups(effects) if len(g) > 1]


def cap_multiplier(scenario: Scenario, planned: Sequence[Planned]) -> float:
    """The effect-size multiple beyond which every effect is capped at its group's
    person-years: a larger effect cannot change the result."""
    best = 1.0
    effects = [p.effect for p in planned]
    for group in overlapping_groups(effects):
        largest = max(planned[i].persons for i in group)
        group_years = largest * max(planned[i].years_per_person for i in group)
        for i in group:
            e = planned[i].effect
            rate = planned[i].persons * e.size * OUTCOMES[e.outcome].factor
            if rate > 0:
                best = max(best, group_years / rate)
    return best
