"""The Afdeling page's numbers: one compute per period selection (all departments, suppressed
together), from which a department is picked without computing again.

Suppression runs over every department at once, before a department is chosen: the
cross-department tables show a department both as payer and as coordinator, and both views
must hide the same cells. Totals over intervention types are published with the rows they
sum and suppressed together with them (:func:`toolkit.indicators.publish`, ``totals=``).

A chart whose numbers are all hidden for the chosen department is shown coarser
(:mod:`toolkit.ui.coarsen`): whole quarters or years, then its breakdown pooled (types,
refusal reasons), and for refusals at last every department together. The coarser frames
are computed for every department at once, the first time a department needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from toolkit.indicators import compute
from toolkit.indicators.cross import NO_COURSE
from toolkit.indicators.pooling import POOLED, pool
from toolkit.indicators.publishing import keep_dimensions, publish
from toolkit.periods import Level, Period, period_of, periods_between
from toolkit.register import Economy, Register
from toolkit.ui.coarsen import Ladder, Shown, Step, first_shown, steps
from toolkit.ui.selection import Selection, restrict, shift_months, year_earlier

TYPE_IDS = ("interventions_started_count", "intervention_cost_dkk")
WAITING_IDS = ("waiting_days_median", "waiting_now_count")
REFUSED_ID = "interventions_refused_pct"
COORDINATOR_ID = "intervention_cost_by_coordinator_dkk"
SCHEME_ID = "intervention_cost_by_scheme_dkk"
BUDGET_IDS = ("actual_dkk", "budget_dkk", "forecast_year_end_dkk", "budget_utilisation_pct")
CHART_IDS = (*TYPE_IDS, *WAITING_IDS, REFUSED_ID, COORDINATOR_ID, SCHEME_ID)
SUMMED_IDS = ("interventions_started_count", "intervention_cost_dkk", "waiting_now_count")
NO_COURSE_LABEL = "Uden forløb"
CROSS_IDS = (COORDINATOR_ID, SCHEME_ID)
# Figure -> its indicators and the poolings tried, in turn, when all its numbers are hidden.
FIGURES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "types": (TYPE_IDS, (("intervention_type",),)),
    "waiting": (WAITING_IDS, (("intervention_type",),)),
    "refused": ((REFUSED_ID,), (("refusal_reason",), ("refusal_reason", "department"))),
    "cross": (CROSS_IDS, ()),
}
NO_DATA = {
    "refused": "Ingen afviste eller afslåede indsatser i perioden for dette valg.",
    "types": "Afdelingen har ingen indsatser i perioden for dette valg.",
    "waiting": "Ingen indsatser har ventet i perioden for dette valg.",
    "cross": "Afdelingen har ingen udgifter til indsatser i perioden for dette valg.",
}
CROSS_VIEWS = ("pays_for", "schemes", "paid_by")
# Panel (one chart of a figure: an indicator or a cross view) -> its figure. Each panel is
# grouped coarser on its own, so one hidden panel does not coarsen the others.
PANELS = {
    **dict.fromkeys(TYPE_IDS, "types"),
    **dict.fromkeys(WAITING_IDS, "waiting"),
    "refused": "refused",
    **dict.fromkeys(CROSS_VIEWS, "cross"),
}


@dataclass(frozen=True)
class Computed:
    """One selection's suppressed tables over every department."""

    periods: list[Period]  # shown in the charts
    now: Period  # the period of the tiles ...
    before: Period  # ... and the same period a year earlier
    frame: pd.DataFrame  # CHART_IDS (+ totals of SUMMED_IDS over types), suppressed
    budget: pd.DataFrame  # BUDGET_IDS per month, January last year .. the last month
    first: date  # the selection's first day ...
    last_day: date  # ... and last day
    # Figure -> its suppressed frames per step (the asked step is ``frame``).
    ladders: dict[str, Ladder] = field(default_factory=dict)

    def labels(self, level: Level) -> list[str]:
        """The periods of ``level`` the charts show."""
        if level == self.periods[0].level:
            return [p.label for p in self.periods]
        return [p.label for p in periods_between(self.first, self.last_day, level)]


@dataclass(frozen=True)
class Department:
    """What the page shows for one department."""

    code: str
    periods: list[Period]
    now: Period
    before: Period
    by_type: pd.DataFrame  # TYPE_IDS per intervention type
    waiting: pd.DataFrame  # WAITING_IDS per intervention type
    refused: pd.DataFrame  # refused share per reason
    totals: pd.DataFrame  # SUMMED_IDS over all types, tile periods
    pays_for: pd.DataFrame  # this department's cost by coordinating department
    schemes: pd.DataFrame  # this department's cost by scheme
    paid_by: pd.DataFrame  # other departments' cost for citizens this one coordinates
    budget: pd.DataFrame  # BUDGET_IDS per month of the last month's year and the year before
    shown: dict[str, Shown] = field(default_factory=dict)  # panel -> its step and sentence


def compute_all(register: Register, economy: Economy, as_of: date, sel: Selection) -> Computed:
    """Every chart's numbers for the selection's periods, schemes and target group."""
    data = restrict(register, sel)
    periods = sel.periods
    last_day = min(periods[-1].end, as_of)
    frame = compute(
        data, economy, ids=list(CHART_IDS), level=sel.level,
        first=shift_months(periods[0].start, -12), last=last_day, as_of=as_of,
    )  # fmt: skip
    frame = publish(frame, totals=dict.fromkeys(SUMMED_IDS, "department"))
    end = min(sel.last, as_of)
    budget = compute(
        data, economy, ids=list(BUDGET_IDS), level="month",
        first=date(end.year - 1, 1, 1), last=end, as_of=as_of,
    )  # fmt: skip
    now = period_of(end, sel.level)
    before = period_of(year_earlier(now.start), sel.level)

    def coarser(ids: tuple[str, ...]) -> Callable[[Step], pd.DataFrame]:
        def at(step: Step) -> pd.DataFrame:
            return publish(compute(pool(data, step.pooled), economy, ids=list(ids),
                                   level=step.level, first=sel.first, last=last_day,
                                   as_of=as_of))  # fmt: skip

        return at

    ladders = {name: Ladder(coarser(ids)) for name, (ids, _) in FIGURES.items()}
    for ladder in ladders.values():
        ladder.seed(Step(sel.level), frame)
    return Computed(periods, now, before, frame, publish(budget), sel.first, last_day,
                    ladders)  # fmt: skip


def _rows(frame: pd.DataFrame, ids: tuple[str, ...], periods: list[str]) -> pd.DataFrame:
    return frame[frame["indicator"].isin(ids) & frame["period"].isin(periods)]


def _typed(frame: pd.DataFrame, code: str, ids: tuple[str, ...], labels: list[str]) -> pd.DataFrame:
    mine = frame[(frame["department"] == code) & frame["intervention_type"].notna()]
    return keep_dimensions(_rows(mine, ids, labels), "department", "intervention_type")


def _refused(frame: pd.DataFrame, code: str, labels: list[str]) -> pd.DataFrame:
    mine = frame[frame["department"].isin([code, POOLED])]
    return keep_dimensions(_rows(mine, (REFUSED_ID,), labels), "department", "refusal_reason")


def _cross(frame: pd.DataFrame, code: str, labels: list[str]) -> tuple[pd.DataFrame, ...]:
    """What the department pays for, by coordinator and by scheme, and what others pay for
    citizens it coordinates."""
    mine = frame[frame["department"] == code]
    coordinated = _rows(frame, (COORDINATOR_ID,), labels)
    paid_by = coordinated[(coordinated["coordinating_department"] == code)
                          & (coordinated["department"] != code)]  # fmt: skip
    return (
        keep_dimensions(
            _rows(mine, (COORDINATOR_ID,), labels), "department", "coordinating_department"
        ),
        keep_dimensions(_rows(mine, (SCHEME_ID,), labels), "department", "scheme"),
        keep_dimensions(paid_by, "department", "coordinating_department"),
    )


def shown_panel(computed: Computed, panel: str, code: str) -> Shown:
    """The panel's rows for the department at the first step where any is visible."""
    figure = PANELS[panel]
    _, poolings = FIGURES[figure]
    ladder = computed.ladders[figure]

    def rows_at(step: Step) -> pd.DataFrame:
        frame, labels = ladder.at(step), computed.labels(step.level)
        if panel == "refused":
            return _refused(frame, code, labels)
        if panel in CROSS_VIEWS:
            return _cross(frame, code, labels)[CROSS_VIEWS.index(panel)]
        return _typed(frame, code, (panel,), labels)

    level = computed.periods[0].level
    return first_shown(steps(level, *poolings), rows_at, computed.first, computed.last_day,
                       no_data=NO_DATA[figure])  # fmt: skip


def _joined(shown: dict[str, Shown], panels: tuple[str, ...]) -> pd.DataFrame:
    return pd.concat([shown[p].frame for p in panels], ignore_index=True)


def pick(computed: Computed, code: str) -> Department:
    """The department's rows of a computed selection (computing only a coarser step that a
    fully hidden panel needs, once per selection)."""
    shown = {panel: shown_panel(computed, panel, code) for panel in PANELS}
    frame = computed.frame
    mine = frame[frame["department"] == code]
    totals = mine[mine["intervention_type"].isna()]
    budget = computed.budget[computed.budget["department"] == code]
    return Department(
        code=code,
        periods=computed.periods,
        now=computed.now,
        before=computed.before,
        by_type=_joined(shown, TYPE_IDS),
        waiting=_joined(shown, WAITING_IDS),
        refused=shown["refused"].frame,
        totals=keep_dimensions(
            _rows(totals, SUMMED_IDS, [computed.now.label, computed.before.label]), "department"
        ),
        pays_for=shown["pays_for"].frame,
        schemes=shown["schemes"].frame,
        paid_by=shown["paid_by"].frame,
        budget=keep_dimensions(budget, "department"),
        shown=shown,
    )


def department_label(names: dict[str, str], code: object) -> str:
    if code == NO_COURSE:
        return NO_COURSE_LABEL
    return names.get(str(code), str(code))
