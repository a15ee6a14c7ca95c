"""The Rehabiliteringsteam page's numbers: one compute for the charts, the recommendations
over the chosen span, and the quarterly case counts behind the forecast. Every table
leaves here suppressed.

- Cases per period (all case types and recommendations) are the sum of ``rehab_cases_count``
  published as its total row (dimensions NA), suppressed together with the rows it sums (so
  no hidden cell can be recovered by subtraction); its ``n`` is the distinct persons of all
  the period's cases.
- Recommendations by case type are counted over the whole chosen span (the catalogue's
  definition with the span as one period), so a small month does not vanish from a sum.
- The forecast (:mod:`toolkit.forecast`) reads the whole quarters up to the as-of date. It is
  withheld when a quarter it rests on is suppressed: a mean of visible and hidden counts
  would give the hidden one away.
- A chart whose numbers are all hidden is recomputed by quarter or year
  (:mod:`toolkit.ui.coarsen`).

Cases, meetings and recommendations are the team's, not a department's: the department
filter chooses the staff cost only, and the page says so at each figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from toolkit.forecast import WINDOW, Forecast, forecast_next
from toolkit.indicators import compute
from toolkit.indicators.publishing import NOT_SUPPRESSED, keep_dimensions, publish
from toolkit.periods import Level, Period, label_series, period_of, periods_between
from toolkit.register import Economy, Register
from toolkit.ui.coarsen import Ladder, Shown, first_shown, steps
from toolkit.ui.selection import Selection, restrict, select_departments

CHART_IDS = (
    "cases_per_meeting_mean",
    "rehab_cases_count",
    "goal_in_recommendation_pct",
    "citizen_present_pct",
    "meeting_staff_cost_dkk",
)
QUALITY_IDS = ("goal_in_recommendation_pct", "citizen_present_pct")
CASES = "rehab_cases_count"
REGION_MINIMUM = 5  # cases per meeting day that make the region's economy work (seed 002)


@dataclass(frozen=True)
class Outlook:
    """The forecast of ``target``'s cases from ``history``'s whole quarters (suppressed)."""

    target: Period
    history: pd.DataFrame  # indicator, period, value, n, suppressed: whole quarters
    forecast: Forecast | None  # None: too little data, or a quarter it needs is hidden
    reason: str  # Danish: why there is no forecast ("" when there is one)


@dataclass(frozen=True)
class RehabTeam:
    periods: list[Period]
    span: str  # the chosen periods as a reader says them: "nov. 2025–okt. 2026"
    meetings_periods: list[Period]  # the meetings chart's periods (coarser when all hidden)
    shown: dict[str, Shown]  # "meetings", "quality", "staff": the step and its sentence
    meetings: pd.DataFrame  # cases_per_meeting_mean + total rehab_cases_count per period
    recommendations: pd.DataFrame  # rehab_cases_count over the span: case type × recommendation
    quality: pd.DataFrame  # goal_in_recommendation_pct and citizen_present_pct per period
    staff: pd.DataFrame  # meeting_staff_cost_dkk per period and department
    outlook: Outlook


def span_text(periods: list[Period]) -> str:
    first, last = periods[0].danish, periods[-1].danish
    return first if first == last else f"{first}–{last}"


def dated_cases(register: Register) -> pd.DataFrame:
    """The register's cases with their meeting's date."""
    dates = register.meetings.groupby("meeting_id")["date"].first()
    return register.cases.join(dates.rename("date"), on="meeting_id")


def recommendations(register: Register, periods: list[Period], last_day: date) -> pd.DataFrame:
    """Cases by case type and recommendation over the whole span, suppressed."""
    cases = dated_cases(register)
    inside = (cases["date"] >= pd.Timestamp(periods[0].start)) & (
        cases["date"] <= pd.Timestamp(last_day)
    )
    grouped = cases[inside].groupby(["case_type", "recommendation"], observed=True)
    counts = grouped.agg(value=("person_id", "size"), n=("person_id", "nunique")).reset_index()
    frame = pd.DataFrame(
        {
            "indicator": CASES,
            "period": span_text(periods),
            "case_type": counts["case_type"].astype("str"),
            "recommendation": counts["recommendation"].astype("str"),
            "value": counts["value"].astype("float64"),
            "n": counts["n"].astype("Int64"),
        }
    )
    return publish(frame)


def next_quarter(as_of: date) -> Period:
    """The quarter after the one holding ``as_of``: the one the region plans for."""
    return period_of(period_of(as_of, "quarter").end + timedelta(days=1), "quarter")


def quarter_counts(periods: list[str], values: list[int], persons: list[int]) -> pd.DataFrame:
    """The tidy frame of case counts per quarter (n: distinct persons)."""
    return pd.DataFrame(
        {
            "indicator": pd.Series([CASES] * len(periods), dtype="str"),
            "period": pd.Series(periods, dtype="str"),
            "value": pd.Series(values, dtype="float64"),
            "n": pd.Series(persons, dtype="Int64"),
        }
    )


def outlook(register: Register, as_of: date) -> Outlook:
    """Whole quarters' case counts up to ``as_of`` and the forecast of the next quarter."""
    target = next_quarter(as_of)
    cases = dated_cases(register)
    cases = cases[cases["date"].notna() & (cases["date"] <= pd.Timestamp(as_of))]
    if cases.empty:
        history = publish(quarter_counts([], [], []), dimensions={CASES: ()})
        return Outlook(target, history, None, "Der er ingen sager at bygge en prognose på.")
    first_month = period_of(cases["date"].min().date(), "month").start
    quarters = [
        q.label
        for q in periods_between(first_month, as_of, "quarter")
        if q.start >= first_month and q.end <= as_of
    ]
    labels = label_series(cases["date"], "quarter")
    grouped = cases.assign(period=labels).groupby("period", observed=True)
    value = grouped.size().reindex(quarters, fill_value=0)
    n = grouped["person_id"].nunique().reindex(quarters, fill_value=0)
    frame = quarter_counts(quarters, value.tolist(), n.tolist())
    history = publish(frame, dimensions={CASES: ()})
    if history.empty:
        return Outlook(target, history, None, "Der er endnu ikke et helt kvartal med sager.")
    window = history.tail(WINDOW)
    if (window["suppressed"] != NOT_SUPPRESSED).any():
        return Outlook(
            target, history, None,
            "Prognosen vises ikke, fordi et af de kvartaler, den bygger på, har for få sager.",
        )  # fmt: skip
    return Outlook(target, history, forecast_next(history["value"].tolist()), "")


def chart_frame(
    data: Register, economy: Economy, as_of: date, sel: Selection, level: Level
) -> pd.DataFrame:
    """The charts' indicators by ``level`` over the selection, the cases' total per period
    with them, suppressed."""
    periods = periods_between(sel.first, min(sel.periods[-1].end, as_of), level)
    last_day = min(periods[-1].end, as_of)
    frame = compute(
        data, economy, ids=list(CHART_IDS), level=level,
        first=periods[0].start, last=last_day, as_of=as_of,
    )  # fmt: skip
    frame = select_departments(frame, sel.departments)
    # The cases' total per period counts the distinct persons of all its cases exactly: the
    # ``n`` of ``cases_per_meeting_mean``, the same cases.
    per_meeting = frame[frame["indicator"] == "cases_per_meeting_mean"]
    persons = dict(zip(per_meeting["period"], per_meeting["n"], strict=True))
    shown = publish(frame, totals={CASES: "case_type"}, total_persons={CASES: persons})
    return shown[shown["period"].isin([p.label for p in periods])]


def _meetings(shown: pd.DataFrame) -> pd.DataFrame:
    is_total = (shown["indicator"] == CASES) & shown["case_type"].isna()
    is_total &= shown["recommendation"].isna()
    return keep_dimensions(shown[(shown["indicator"] == "cases_per_meeting_mean") | is_total])


def _quality(shown: pd.DataFrame) -> pd.DataFrame:
    return keep_dimensions(shown[shown["indicator"].isin(QUALITY_IDS)])


def _staff(shown: pd.DataFrame) -> pd.DataFrame:
    return keep_dimensions(shown[shown["indicator"] == "meeting_staff_cost_dkk"], "department")


def rehab_team_data(register: Register, economy: Economy, as_of: date, sel: Selection) -> RehabTeam:
    """Everything the Rehabiliteringsteam page shows for the selection, suppressed."""
    data = restrict(register, sel)
    periods = sel.periods
    last_day = min(periods[-1].end, as_of)
    ladder = Ladder(lambda step: chart_frame(data, economy, as_of, sel, step.level))
    figures = {"meetings": _meetings, "quality": _quality, "staff": _staff}

    def shown_at(rows: Callable[[pd.DataFrame], pd.DataFrame]) -> Shown:
        return first_shown(steps(sel.level), lambda step: rows(ladder.at(step)), sel.first,
                           last_day)  # fmt: skip

    shown = {name: shown_at(rows) for name, rows in figures.items()}
    meetings_level = shown["meetings"].step.level
    return RehabTeam(
        periods=periods,
        span=span_text(periods),
        meetings_periods=periods_between(sel.first, last_day, meetings_level),
        shown=shown,
        meetings=shown["meetings"].frame,
        recommendations=recommendations(data, periods, last_day),
        quality=shown["quality"].frame,
        staff=shown["staff"].frame,
        outlook=outlook(data, as_of),
    )
