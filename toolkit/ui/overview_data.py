"""The Overblik page's numbers: one compute for the charts, year-to-date figures for the
tiles, and the flow of citizens through the effort. Every table leaves here suppressed.

Kroner per department are published with their total over the intervention types and over
everything (:func:`toolkit.indicators.publish`, ``totals=``); the waiting median and the
exit share over everyone are computed on a pooled register
(:func:`toolkit.indicators.pooling.pooled_departments`).

Citizens belong to a department through their courses' coordinating department (the
register's only link from a person to a department; ``persons_active_count`` and the exit
share have no department dimension): «Borgere i forløb» and «Afgang» for Socialafdelingen
count the courses Socialafdelingen coordinates. Money and waiting follow the interventions'
own department. A figure whose numbers are all hidden is shown coarser
(:mod:`toolkit.ui.coarsen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit import schema
from toolkit.indicators import compute
from toolkit.indicators.pooling import by_department, pool, pooled_departments
from toolkit.indicators.publishing import display_values, keep_dimensions, publish, totals_only
from toolkit.periods import Level, Period, period_of, periods_between
from toolkit.register import Economy, Register
from toolkit.ui.coarsen import Ladder, Shown, Step, first_shown, steps
from toolkit.ui.selection import (
    Selection,
    restrict,
    select_departments,
    shift_months,
    year_earlier,
)

COST_IDS = ("intervention_cost_dkk", "meeting_staff_cost_dkk")
POOLED_IDS = ("waiting_days_median", "exit_to_work_or_education_pct")
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


def end_of_month(month: date, as_of: date) -> date:
    return min(period_of(month, "month").end, as_of)


def year_to_date(register: Register, economy: Economy, end: date, sel: Selection) -> YearToDate:
    first = date(end.year, 1, 1)
    cost = compute(
        register, economy, ids=["intervention_cost_dkk"], level="year", first=first, as_of=end
    )
    cost = publish(select_departments(cost, sel.departments),
                   totals={"intervention_cost_dkk": "department"})  # fmt: skip
    pooled_rows = compute(
        pooled_departments(register, sel.departments), economy, ids=list(POOLED_IDS),
        level="year", first=first, as_of=end,
    )  # fmt: skip
    return YearToDate(first, end, totals_only(cost, "intervention_type"), publish(pooled_rows))


def shown_labels(sel: Selection, level: Level, as_of: date) -> list[str]:
    """The labels of the whole periods of ``level`` covering the selection."""
    last_day = min(sel.periods[-1].end, as_of)
    return [p.label for p in periods_between(sel.first, last_day, level)]


def cost_rows(frame: pd.DataFrame, sel: Selection, labels: list[str]) -> pd.DataFrame:
    """Intervention cost per department (summed over types, suppressed with the types) and
    staff cost, in the ``labels`` periods."""
    frame = select_departments(frame, sel.departments)
    published = publish(frame, totals={"intervention_cost_dkk": "department"})
    cost = totals_only(published, "intervention_type")
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
    persons = publish(at(coordinated, (PERSONS_ID,), asked, shift_months(sel.first, -12)))
    persons_ladder = Ladder(lambda step: publish(at(coordinated, (PERSONS_ID,), step,
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
    return publish(frame, dimensions=dims)


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
            "Skjult": display_values(flow.assign(value=float("nan"))),
        }
    )
