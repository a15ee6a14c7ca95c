"""Page 1 of a briefing: the orientation a committee reads first.

A header block, then «Sagsfremstilling»: three to six bullets, each made by one of the rules
below (documented with their thresholds and wording in docs/briefings.md), then «Økonomi»
(two lines from ``sections_money``) and «Indstilling». The rules are pure functions of
published cells and plain numbers; a hidden or missing value never makes a bullet.

- ``budget``: a committee department's forecast against its korrigeret budget; beyond
  ±``BUDGET_LIMIT`` % a merforbrug is bad, a mindreforbrug said without a verdict (the
  budget holds, but money not spent may be service not given); within, no bullet (the
  «Økonomi» lines say the budget holds).
- ``waiting``: a committee department's median waiting per intervention type against the
  target the municipality set (sheet Mål); without one the bullet says «ingen mål sat».
- ``goal``: goal attainment (delmål opnået, afgang til job eller uddannelse, sager med mål i
  indstillingen) against its target where set, and a change of more than ``POINTS_LIMIT``
  procentpoint against the same quarter last year.
- ``change``: the committee's other key figures changed by more than ``RELATIVE_LIMIT`` %
  (counts, amounts, days, means) or ``POINTS_LIMIT`` procentpoint (shares) against the same
  quarter last year; good or bad by the figure's direction, else said without a verdict.
- ``unchanged``: one bullet naming how many key figures stayed within the thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from toolkit import formats, schema
from toolkit.briefing import sentences
from toolkit.briefing.builder import Builder
from toolkit.briefing.model import Bullet, KeyFigure, Orientation
from toolkit.briefing.sentences import Cell, Kind
from toolkit.indicators import REGISTRY
from toolkit.indicators.budget_status import department_totals
from toolkit.register import Economy, Target

__all__ = [
    "BUDGET_LIMIT",
    "MAX_BULLETS",
    "POINTS_LIMIT",
    "RELATIVE_LIMIT",
    "TITLE",
    "beyond_limit",
    "budget_bullet",
    "change_bullet",
    "choose",
    "goal_bullet",
    "orientation",
    "waiting_bullet",
]

TITLE = "Orientering om status på den tværfaglige rehabiliteringsindsats"
RELATIVE_LIMIT = 10.0  # % of last year's value: counts, amounts, days, means
POINTS_LIMIT = 5.0  # procentpoint: shares
BUDGET_LIMIT = 1.0  # % of the korrigeret budget
MAX_BULLETS = 6
WAITING = "waiting_days_median"
# Goal attainment: (indicator, the dimension it is shown by, or "").
GOALS = (
    ("subgoals_achieved_pct", ""),
    ("exit_to_work_or_education_pct", "scheme"),
    ("goal_in_recommendation_pct", ""),
)
# Judged by their own rule, so the change rule leaves them out.
_OWN_RULE = frozenset(
    {"budget_dkk", "actual_dkk", "budget_utilisation_pct", "forecast_year_end_dkk", WAITING}
    | {indicator for indicator, _ in GOALS}
)
# Bad news first, then good, then the rest; the economy always leads.
_ORDER = {"bad": 0, "good": 1, "neutral": 2}


# -- the rules ------------------------------------------------------------------------------


def beyond_limit(current: Cell, previous: Cell, kind: Kind) -> bool:
    """True when both values are shown and the change is more than the rule's threshold:
    ``POINTS_LIMIT`` procentpoint for a share, ``RELATIVE_LIMIT`` % of last year's value
    else (from the unrounded values; a change from zero always counts). A change of exactly
    the threshold does not: the bullet says «mere end»."""
    if not (current.known and previous.known):
        return False
    now, before = float(current.value), float(previous.value)  # type: ignore[arg-type]
    if kind == "percent":
        return round(abs(now - before), 9) > POINTS_LIMIT
    if before == 0:
        return now != 0
    return round(abs(now - before) / abs(before) * 100, 9) > RELATIVE_LIMIT


def _judge(up: bool, direction_good: str) -> str:
    if direction_good not in ("op", "ned"):
        return "neutral"
    return "good" if up == (direction_good == "op") else "bad"


def change_bullet(
    label: str,
    current: Cell,
    previous: Cell,
    kind: Kind,
    previous_label: str,
    direction_good: str = "",
) -> Bullet | None:
    """Rule ``change``: a key figure moved beyond the threshold since last year."""
    if not beyond_limit(current, previous, kind):
        return None
    up = float(current.value) > float(previous.value)  # type: ignore[arg-type]
    judgement = _judge(up, direction_good)
    limit = POINTS_LIMIT if kind == "percent" else RELATIVE_LIMIT
    text = sentences.change_point(label, current, previous, kind, previous_label, judgement, limit)
    return Bullet(text, "change", judgement)


def budget_bullet(
    department: str, year: int, budget: float | None, forecast: float | None
) -> Bullet | None:
    """Rule ``budget``: the year's forecast more than ``BUDGET_LIMIT`` % over (bad) or under
    (neutral: «Budgettet holder.», not «den rigtige vej») the korrigeret budget; None within
    it (the «Økonomi» lines say the budget holds) or without a positive budget and a
    forecast to compare."""
    if budget is None or forecast is None or pd.isna(budget) or pd.isna(forecast):
        return None
    if budget <= 0:
        return None
    share = round((forecast - budget) / budget * 100, 9)
    if abs(share) <= BUDGET_LIMIT:
        return None
    judgement = "bad" if share > 0 else "neutral"
    text = sentences.spend_point(department, year, budget, forecast, judgement)
    return Bullet(text, "budget", judgement)


def waiting_bullet(
    department: str, medians: Sequence[tuple[str, Cell]], target: Target | None
) -> Bullet | None:
    """Rule ``waiting``: the shown medians of the department's intervention types against
    its target; None when every median is hidden or missing."""
    shown = [(name, float(cell.value)) for name, cell in medians if cell.known]  # type: ignore[arg-type]
    if not shown:
        return None
    if target is None:
        return Bullet(sentences.waiting_point(department, shown, [], ""), "waiting", "neutral")
    missed = [(name, days) for name, days in shown if not target.is_met(days)]
    goal = sentences.target_text("days", target.target, target.direction)
    text = sentences.waiting_point(department, shown, missed, goal)
    return Bullet(text, "waiting", "bad" if missed else "good")


def goal_bullet(
    label: str,
    current: Cell,
    previous: Cell,
    period_label: str,
    previous_label: str,
    target: Target | None,
) -> Bullet | None:
    """Rule ``goal``: a goal-attainment share against its target where one is set, and its
    change beyond ``POINTS_LIMIT`` procentpoint; None when neither applies or the share is
    hidden."""
    if not current.known:
        return None
    moved = beyond_limit(current, previous, "percent")
    if target is None and not moved:
        return None
    now = float(current.value)  # type: ignore[arg-type]
    fell = moved and now < float(previous.value)  # type: ignore[arg-type]
    met = target.is_met(now) if target is not None else True
    judgement = "bad" if fell or not met else "good"
    text = sentences.goal_point(
        label,
        current,
        period_label,
        target=sentences.target_text("percent", target.target, target.direction)
        if target is not None
        else "",
        target_met=met,
        change=sentences.goal_change(previous, current, previous_label, POINTS_LIMIT)
        if moved
        else "",
        judgement=judgement,
    )
    return Bullet(text, "goal", judgement)


def choose(bullets: Sequence[Bullet]) -> tuple[Bullet, ...]:
    """At most ``MAX_BULLETS``: the economy first, then bad news, good news, the rest, each
    group in the order the rules made them; the ``unchanged`` bullet only when room is left."""
    budget = [b for b in bullets if b.rule == "budget"]
    others = sorted(
        (b for b in bullets if b.rule not in ("budget", "unchanged")),
        key=lambda b: _ORDER.get(b.verdict, 2),
    )
    chosen = [*budget, *others][:MAX_BULLETS]
    rest = [b for b in bullets if b.rule == "unchanged"]
    if rest and len(chosen) < MAX_BULLETS:
        chosen.append(rest[0])
    return tuple(chosen)


# -- the orientation from a briefing's builder ------------------------------------------------


@dataclass(frozen=True)
class _Goal:
    indicator: str
    dims: Mapping[str, str]
    label: str


def orientation(
    b: Builder,
    figures: Sequence[KeyFigure],
    economy: Economy,
    *,
    municipality: str,
    economy_lines: tuple[str, ...],
    scenario_names: Sequence[str] = (),
) -> Orientation:
    """Page 1 for the builder's committee and quarter; ``municipality`` '' when unknown."""
    year = b.period.start.year
    bullets = [
        *_budget_bullets(b, year),
        *_waiting_bullets(b, economy, year),
        *_goal_bullets(b, economy, year),
    ]
    changed, unchanged = _change_bullets(b, figures)
    bullets += changed
    if unchanged:
        text = sentences.unchanged_point(unchanged, b.previous.danish)
        bullets.append(Bullet(text, "unchanged"))
    return Orientation(
        municipality=municipality,
        committee=b.committee.name,
        title=f"{TITLE}, {b.period.danish}",
        period=f"{b.period.danish} sammenlignet med {b.previous.danish}",
        data_as_of=f"Data opgjort {formats.day(b.as_of)}",
        bullets=choose(bullets),
        economy=economy_lines,
        recommendation=sentences.recommendation(list(scenario_names)),
    )


def _budget_bullets(b: Builder, year: int) -> list[Bullet]:
    if b.budget is None or b.budget.empty:
        return []
    totals = department_totals(b.budget)
    budgets = dict(zip(totals["department"], totals["budget_corrected"], strict=True))
    forecasts = dict(zip(totals["department"], totals["forecast"], strict=True))
    found: list[Bullet] = []
    for code in b.committee.departments:
        if code not in budgets:
            continue
        budget, forecast = float(budgets[code]), float(forecasts[code])
        bullet = budget_bullet(b.department(code), year, budget, forecast)
        if bullet is not None:
            found.append(bullet)
    return found


def _waiting_bullets(b: Builder, economy: Economy, year: int) -> list[Bullet]:
    found: list[Bullet] = []
    types = b.values.codes(WAITING, "intervention_type", (b.period,))
    for code in b.committee.departments:
        medians = [
            (b.intervention_names.get(t, t), b.values.cell(WAITING, b.period, department=code,
                                                           intervention_type=t))
            for t in types
        ]  # fmt: skip
        present = [(name, cell) for name, cell in medians if cell is not None]
        target = economy.targets_for(WAITING, department=code, year=year)
        bullet = waiting_bullet(b.department(code), present, target)
        if bullet is not None:
            b.used[WAITING] = None
            found.append(bullet)
    return found


def _goal_bullets(b: Builder, economy: Economy, year: int) -> list[Bullet]:
    found: list[Bullet] = []
    for goal in _goals(b):
        current = b.values.cell(goal.indicator, b.period, **goal.dims)
        previous = b.values.cell(goal.indicator, b.previous, **goal.dims)
        if current is None:
            continue
        target = economy.targets_for(goal.indicator, scheme=goal.dims.get("scheme"), year=year)
        bullet = goal_bullet(
            goal.label,
            current,
            previous or Cell(None),
            b.period.danish,
            b.previous.danish,
            target,
        )
        if bullet is not None:
            b.used[goal.indicator] = None
            found.append(bullet)
    return found


def _goals(b: Builder) -> list[_Goal]:
    goals: list[_Goal] = []
    for indicator, dim in GOALS:
        label = REGISTRY[indicator].label
        if not dim:
            goals.append(_Goal(indicator, {}, label))
            continue
        for code in b.values.codes(indicator, dim, (b.previous, b.period)):
            name = schema.SCHEME.label(code) if dim == "scheme" else code
            goals.append(_Goal(indicator, {dim: code}, f"{label}, {name.lower()}"))
    return goals


def _change_bullets(b: Builder, figures: Sequence[KeyFigure]) -> tuple[list[Bullet], int]:
    """The change rule's bullets for the key figures, and how many stayed within it."""
    found: list[Bullet] = []
    unchanged = 0
    for figure in figures:
        if figure.indicator in _OWN_RULE:
            continue
        dims = dict(figure.dims)
        current = b.values.cell(figure.indicator, b.period, **dims) or Cell(None)
        previous = b.values.cell(figure.indicator, b.previous, **dims) or Cell(None)
        bullet = change_bullet(
            figure.label,
            current,
            previous,
            b.kind(figure.indicator),
            b.previous.danish,
            figure.direction_good,
        )
        if bullet is not None:
            found.append(bullet)
        elif current.known and previous.known:
            unchanged += 1
    return found, unchanged
