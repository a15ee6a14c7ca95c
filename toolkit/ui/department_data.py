"""The Afdeling page's numbers: one compute per period selection (all departments, suppressed
together), from which a department is picked without computing again.

Suppression runs over every department at once, before a department is chosen: the
cross-department tables show a department both as payer and as coordinator, and both views
must hide the same cells. Totals over intervention types follow Overblik's rule
(:func:`toolkit.ui.overview_data.with_totals`): suppressed together with the rows they sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit.indicators import compute
from toolkit.indicators.cross import NO_COURSE
from toolkit.indicators.export import publishable
from toolkit.periods import Period, period_of
from toolkit.register import Economy, Register
from toolkit.ui.frame import Selection, restrict, shift_months
from toolkit.ui.overview_data import keep_dimensions, with_totals, year_earlier

TYPE_IDS = ("interventions_started_count", "intervention_cost_dkk")
WAITING_IDS = ("waiting_days_median", "waiting_now_count")
REFUSED_ID = "interventions_refused_pct"
COORDINATOR_ID = "intervention_cost_by_coordinator_dkk"
SCHEME_ID = "intervention_cost_by_scheme_dkk"
BUDGET_IDS = ("actual_dkk", "budget_dkk", "forecast_year_end_dkk", "budget_utilisation_pct")
CHART_IDS = (*TYPE_IDS, *WAITING_IDS, REFUSED_ID, COORDINATOR_ID, SCHEME_ID)
SUMMED_IDS = ("interventions_started_count", "intervention_cost_dkk", "waiting_now_count")
NO_COURSE_LABEL = "Uden forløb"


@dataclass(frozen=True)
class Computed:
    """One selection's suppressed tables over every department."""

    periods: list[Period]  # shown in the charts
    now: Period  # the period of the tiles ...
    before: Period  # ... and the same period a year earlier
    frame: pd.DataFrame  # CHART_IDS (+ totals of SUMMED_IDS over types), suppressed
    budget: pd.DataFrame  # BUDGET_IDS per month, January last year .. the last month


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


def compute_all(register: Register, economy: Economy, as_of: date, sel: Selection) -> Computed:
    """Every chart's numbers for the selection's periods, schemes and target group."""
    data = restrict(register, sel)
    periods = sel.periods
    last_day = min(periods[-1].end, as_of)
    frame = compute(
        data, economy, ids=list(CHART_IDS), level=sel.level,
        first=shift_months(periods[0].start, -12), last=last_day, as_of=as_of,
    )  # fmt: skip
    parts = [frame[~frame["indicator"].isin(SUMMED_IDS)]]
    parts += [with_totals(frame, i, "department") for i in SUMMED_IDS]
    frame = publishable(pd.concat(parts, ignore_index=True))
    end = min(sel.last, as_of)
    budget = compute(
        data, economy, ids=list(BUDGET_IDS), level="month",
        first=date(end.year - 1, 1, 1), last=end, as_of=as_of,
    )  # fmt: skip
    now = period_of(end, sel.level)
    before = period_of(year_earlier(now.start), sel.level)
    return Computed(periods, now, before, frame, publishable(budget))


def _rows(frame: pd.DataFrame, ids: tuple[str, ...], periods: list[str]) -> pd.DataFrame:
    return frame[frame["indicator"].isin(ids) & frame["period"].isin(periods)]


def pick(computed: Computed, code: str) -> Department:
    """The department's rows of a computed selection (no computing)."""
    frame = computed.frame
    shown = [p.label for p in computed.periods]
    mine = frame[frame["department"] == code]
    typed = mine[mine["intervention_type"].notna()]
    totals = mine[mine["intervention_type"].isna()]
    coordinated = _rows(frame, (COORDINATOR_ID,), shown)
    paid_by = coordinated[(coordinated["coordinating_department"] == code)
                          & (coordinated["department"] != code)]  # fmt: skip
    budget = computed.budget[computed.budget["department"] == code]
    return Department(
        code=code,
        periods=computed.periods,
        now=computed.now,
        before=computed.before,
        by_type=keep_dimensions(_rows(typed, TYPE_IDS, shown), "department", "intervention_type"),
        waiting=keep_dimensions(
            _rows(typed, WAITING_IDS, shown), "department", "intervention_type"
        ),
        refused=keep_dimensions(_rows(mine, (REFUSED_ID,), shown), "department", "refusal_reason"),
        totals=keep_dimensions(
            _rows(totals, SUMMED_IDS, [computed.now.label, computed.before.label]), "department"
        ),
        pays_for=keep_dimensions(
            _rows(mine, (COORDINATOR_ID,), shown), "department", "coordinating_department"
        ),
        schemes=keep_dimensions(_rows(mine, (SCHEME_ID,), shown), "department", "scheme"),
        paid_by=keep_dimensions(paid_by, "department", "coordinating_department"),
        budget=keep_dimensions(budget, "department"),
    )


def department_data(
    register: Register, economy: Economy, as_of: date, sel: Selection, code: str
) -> Department:
    return pick(compute_all(register, economy, as_of, sel), code)


def type_names(economy: Economy) -> dict[str, str]:
    """Intervention type code -> its Danish name from the Priser sheet."""
    prices = economy.prices.dropna(subset=["name"])
    prices = prices.sort_values("valid_from")  # the latest name wins
    pairs = zip(prices["intervention_type"], prices["name"], strict=True)
    return {str(code): str(name) for code, name in pairs}


def department_label(names: dict[str, str], code: object) -> str:
    if code == NO_COURSE:
        return NO_COURSE_LABEL
    return names.get(str(code), str(code))
