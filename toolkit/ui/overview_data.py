"""The Overblik page's numbers: one compute for the charts, year-to-date figures for the
tiles, and the flow of citizens through the effort. Every table leaves here suppressed.

The catalogue publishes an indicator's finest breakdown only. Where the page needs a total:
- kroner are summed over the breakdown and published as the breakdown's total row (the
  dimension NA), suppressed together with the rows it sums (so no hidden row can be
  recovered by subtraction); its ``n`` is the largest ``n`` summed, a lower bound of the
  persons behind it, so the total is hidden whenever that bound is small;
- a median or a share cannot be summed, so it is computed on a register whose dimension is
  pooled into one code (the same indicator, over everyone).

Citizens belong to a department through their courses' coordinating department (the
register's only link from a person to a department; ``persons_active_count`` and the exit
share have no department dimension): «Borgere i forløb» and «Afgang» for Socialafdelingen
count the courses Socialafdelingen coordinates. Money and waiting follow the interventions'
own department. A figure whose numbers are all hidden is shown coarser
(:mod:`toolkit.ui.coarsen`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from toolkit import privacy, schema
from toolkit.indicators import DIMENSIONS, compute
from toolkit.indicators.export import publishable
from toolkit.periods import Level, Period, period_of, periods_between
from toolkit.register import Economy, Register
from toolkit.ui.coarsen import Ladder, Shown, Step, first_shown, pool, steps
from toolkit.ui.frame import Selection, restrict, select_departments, shift_months

COST_IDS = ("intervention_cost_dkk", "meeting_staff_cost_dkk")
POOLED_IDS = ("waiting_days_median", "exit_to_work_or_education_pct")
POOLED = "alle"
FLOW_STEPS = (
    ("flow_support_recommendation", "Forsørgelse ved start → indstilling"),
    ("flow_recommendation_scheme", "Indstilling → ordning"),
    ("flow_scheme_exit", "Ordning → afslutning"),
)
PERSONS_ID = "persons_active_count"
NO_RECOMMENDATION = "Ingen sag i rehabiliteringsteamet"
STILL_RUNNING = "Stadig i forløb"


@dataclass(frozen=True)
class YearToDate:
    """Tile figures for Jan 1 to ``end``: department costs (with the total), pooled rows."""

    first: date
    end: date
    cost: pd.DataFrame  # intervention_cost_dkk totals per department and overall, suppressed
    pooled: pd.DataFrame  # waiting median and exit share over everyone, suppressed


@dataclass(frozen=True)
class Overview:
    periods: list[Period]  # shown in the charts
    persons: pd.DataFrame  # persons_active_count per scheme, shown periods, suppressed
    persons_shown: Shown  # the persons chart's step (coarser when all hidden) and sentence
    persons_now: Period  # the period of the persons tile ...
    persons_before: Period  # ... and the same period a year earlier
    persons_tile: pd.DataFrame  # persons_active_count for those two periods, suppressed
    cost: pd.DataFrame  # intervention totals per department + staff cost, suppressed
    cost_shown: Shown
    this_year: YearToDate
    last_year: YearToDate
    flow: pd.DataFrame  # step, source, target, value, n, suppressed


def year_earlier(day: date) -> date:
    year = day.year - 1
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def end_of_month(month: date, as_of: date) -> date:
    return min(period_of(month, "month").end, as_of)


def with_totals(frame: pd.DataFrame, indicator_id: str, dimension: str) -> pd.DataFrame:
    """The indicator's rows plus, per period and ``dimension`` value, a total over its other
    dimension (NA there), and a total over everything (both NA): kroner only."""
    rows = frame[frame["indicator"] == indicator_id]
    known = rows["value"].notna()
    by_dimension = rows[known].groupby(["period", dimension], observed=True)
    totals = by_dimension.agg(value=("value", "sum"), n=("n", "max")).reset_index()
    overall = (
        rows[known].groupby("period", observed=True).agg(value=("value", "sum"), n=("n", "max"))
    )
    totals = pd.concat([totals, overall.reset_index()], ignore_index=True)
    totals.insert(0, "indicator", indicator_id)
    totals = totals.reindex(columns=frame.columns)
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]):
            totals[column] = totals[column].astype("str")
    totals["n"] = totals["n"].astype("Int64")
    return pd.concat([rows, totals], ignore_index=True)


def totals_only(frame: pd.DataFrame, other: str) -> pd.DataFrame:
    return frame[frame[other].isna()].reset_index(drop=True)


def keep_dimensions(frame: pd.DataFrame, *dimensions: str) -> pd.DataFrame:
    """The frame without the dimension columns other than ``dimensions`` (all NA there)."""
    drop = [c for c in DIMENSIONS if c in frame.columns and c not in dimensions]
    return frame.drop(columns=drop).reset_index(drop=True)


def by_department(register: Register, departments: tuple[str, ...]) -> Register:
    """The courses coordinated by the chosen departments, their goals and their persons'
    progression (all when none is chosen)."""
    if not departments:
        return register
    courses = register.courses
    courses = courses[courses["coordinating_department"].isin(departments)]
    persons = courses["person_id"]
    return replace(
        register,
        courses=courses.reset_index(drop=True),
        goals=register.goals[register.goals["course_id"].isin(courses["course_id"])],
        progression=register.progression[register.progression["person_id"].isin(persons)],
    )


def pooled(register: Register, departments: tuple[str, ...]) -> Register:
    """The register with interventions of the chosen departments, courses they coordinate,
    and every department, intervention type and scheme pooled into one code."""
    register = by_department(register, departments)
    interventions = select_departments(register.interventions, departments)
    interventions = interventions.assign(department=POOLED, intervention_type=POOLED)
    courses = register.courses.assign(scheme=POOLED)
    for frame, columns in ((interventions, ("department", "intervention_type")),
                           (courses, ("scheme",))):  # fmt: skip
        for column in columns:
            frame[column] = frame[column].astype("str")
    return replace(register, interventions=interventions, courses=courses)


def year_to_date(register: Register, economy: Economy, end: date, sel: Selection) -> YearToDate:
    first = date(end.year, 1, 1)
    cost = compute(
        register, economy, ids=["intervention_cost_dkk"], level="year", first=first, as_of=end
    )
    cost = with_totals(select_departments(cost, sel.departments), "intervention_cost_dkk",
                       "department")  # fmt: skip
    pooled_rows = compute(
        pooled(register, sel.departments), economy, ids=list(POOLED_IDS), level="year",
        first=first, as_of=end,
    )  # fmt: skip
    return YearToDate(
        first,
        end,
        totals_only(publishable(cost), "intervention_type"),
        publishable(pooled_rows),
    )


def shown_labels(sel: Selection, level: Level, as_of: date) -> list[str]:
    """The labels of the whole periods of ``level`` covering the selection."""
    last_day = min(sel.periods[-1].end, as_of)
    return [p.label for p in periods_between(sel.first, last_day, level)]


def cost_rows(frame: pd.DataFrame, sel: Selection, labels: list[str]) -> pd.DataFrame:
    """Intervention cost per department (summed over types, suppressed with the types) and
    staff cost, in the ``labels`` periods."""
    frame = select_departments(frame, sel.departments)
    costs = with_totals(frame, "intervention_cost_dkk", "department")
    staff = frame[frame["indicator"] == "meeting_staff_cost_dkk"]
    cost = totals_only(publishable(pd.concat([costs, staff], ignore_index=True)),
                       "intervention_type")  # fmt: skip
    cost = cost[cost["period"].isin(labels) & cost["department"].notna()]
    return keep_dimensions(cost, "department")


def overview_data(register: Register, economy: Economy, as_of: date, sel: Selection) -> Overview:
    """Everything the Overblik page shows for the selection, suppressed."""
    data = restrict(register, sel)
    periods = sel.periods
    last_day = min(periods[-1].end, as_of)

    def at(register: Register, ids: tuple[str, ...], step: Step, first: date) -> pd.DataFrame:
        return compute(pool(register, step.pooled), economy, ids=list(ids), level=step.level,
                       first=first, last=last_day, as_of=as_of)  # fmt: skip

    asked = Step(sel.level)
    coordinated = by_department(data, sel.departments)
    persons = publishable(at(coordinated, (PERSONS_ID,), asked, shift_months(sel.first, -12)))
    persons_ladder = Ladder(lambda step: publishable(at(coordinated, (PERSONS_ID,), step,
                                                        sel.first)))  # fmt: skip
    persons_ladder.seed(asked, persons)
    persons_shown = first_shown(
        steps(sel.level, ("scheme",)),
        lambda step: keep_dimensions(_in(persons_ladder.at(step), sel, step, as_of), "scheme"),
        sel.first, last_day,
    )  # fmt: skip
    cost_ladder = Ladder(lambda step: cost_rows(at(data, COST_IDS, step, sel.first), sel,
                                                shown_labels(sel, step.level, as_of)))  # fmt: skip
    cost_shown = first_shown(steps(sel.level), cost_ladder.at, sel.first, last_day)
    now = period_of(min(sel.last, as_of), sel.level)
    before = period_of(year_earlier(now.start), sel.level)
    end = end_of_month(sel.last, as_of)
    return Overview(
        periods=periods,
        persons=persons_shown.frame,
        persons_shown=persons_shown,
        persons_now=now,
        persons_before=before,
        persons_tile=persons[persons["period"].isin([now.label, before.label])],
        cost=cost_shown.frame,
        cost_shown=cost_shown,
        this_year=year_to_date(data, economy, end, sel),
        last_year=year_to_date(data, economy, year_earlier(end), sel),
        flow=flow_table(data, sel, as_of),
    )


def _in(frame: pd.DataFrame, sel: Selection, step: Step, as_of: date) -> pd.DataFrame:
    return frame[frame["period"].isin(shown_labels(sel, step.level, as_of))]


# -- the flow of citizens -----------------------------------------------------------------


def flow_table(register: Register, sel: Selection, as_of: date) -> pd.DataFrame:
    """Persons per step of entry support → recommendation → scheme → exit, suppressed.

    The citizens are those whose first course in the chosen period started then (with a
    coordinating department among the chosen ones); the recommendation is the team's last
    before the course started.
    """
    courses = register.courses
    first, last = sel.periods[0].start, min(sel.periods[-1].end, as_of)
    started = courses[(courses["start"] >= pd.Timestamp(first))
                      & (courses["start"] <= pd.Timestamp(last))]  # fmt: skip
    if sel.departments:
        started = started[started["coordinating_department"].isin(sel.departments)]
    started = started.sort_values(["start", "course_id"]).drop_duplicates("person_id")
    support = register.citizens.set_index("person_id")["support_at_entry"]
    dates = register.meetings.groupby("meeting_id")["date"].min()
    cases = register.cases.assign(date=register.cases["meeting_id"].map(dates))
    cases = cases.merge(started[["person_id", "start"]], on="person_id")
    cases = cases[cases["date"] <= cases["start"]].sort_values("date")
    latest = cases.drop_duplicates("person_id", keep="last").set_index("person_id")
    ended = started["end"].notna() & (started["end"] <= pd.Timestamp(as_of))
    people = pd.DataFrame(
        {
            "person_id": started["person_id"].to_numpy(),
            "support": started["person_id"].map(support).map(_label(schema.SUPPORT_AT_ENTRY)),
            "recommendation": started["person_id"]
            .map(latest["recommendation"])
            .map(_label(schema.RECOMMENDATION))
            .fillna(NO_RECOMMENDATION),
            "scheme": started["scheme"].map(_label(schema.SCHEME)),
            "exit": started["exit_reason"]
            .where(ended)
            .map(_label(schema.EXIT_REASON))
            .fillna(STILL_RUNNING),
        }
    )
    pairs = zip(("support", "recommendation", "scheme"), ("recommendation", "scheme", "exit"),
                strict=True)  # fmt: skip
    links = []
    for (step, _), (source, target) in zip(FLOW_STEPS, pairs, strict=True):
        persons = people.groupby([source, target], observed=True)["person_id"].nunique()
        counts = persons.rename("value").reset_index()
        links.append(
            pd.DataFrame(
                {
                    "indicator": step,
                    "period": "alle",
                    "source": counts[source].astype("str"),
                    "target": counts[target].astype("str"),
                    "value": counts["value"].astype("float64"),
                    "n": counts["value"].astype("Int64"),
                }
            )
        )
    frame = pd.concat(links, ignore_index=True)
    dims = {step: ("source", "target") for step, _ in FLOW_STEPS}
    return privacy.suppress(frame, dims)


def _label(codes: schema.CodeList) -> dict[str, str]:
    return dict(codes.labels)


def flow_export(flow: pd.DataFrame) -> pd.DataFrame:
    """The flow table with Danish headers, for "Hent som Excel"."""
    titles = dict(FLOW_STEPS)
    return pd.DataFrame(
        {
            "Overgang": flow["indicator"].map(titles).astype("str"),
            "Fra": flow["source"],
            "Til": flow["target"],
            "Antal borgere": [None if pd.isna(v) else int(v) for v in flow["value"]],
            "Skjult": privacy.display_values(flow.assign(value=float("nan"))),
        }
    )
