"""Volume: how many citizens are in which scheme, what starts and ends, what the team sees."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.grouping import Groups
from toolkit.indicators.spans import (
    DAY,
    active_courses,
    count_with_persons,
    event_period,
    running_interventions,
    scheme_person_repeats,
    scheme_persons,
    tidy,
)


@indicator(
    label="Borgere i forløb",
    definition="Antal forskellige borgere med et aktivt forløb i ordningen i perioden. Et "
    "forløb er aktivt fra startdatoen til slutdatoen (begge med); uden slutdato kører det "
    "til opgørelsesdatoen.",
    unit="personer",
    family="volume",
    dimensions=("scheme",),
    source="Jobindsats: antal personer",
)
def persons_active_count(ctx: Context) -> pd.DataFrame:
    out = persons_per_scheme(ctx)
    out = out.assign(value=out["n"])
    return tidy(out, ("scheme",))


@indicator(
    label="Påbegyndte forløb",
    definition="Antal forløb med startdato i perioden.",
    unit="forløb",
    family="volume",
    dimensions=("scheme",),
    source="Jobindsats: tilgang",
)
def course_starts_count(ctx: Context) -> pd.DataFrame:
    courses = ctx.register.courses.assign(period=lambda f: event_period(f["start"], ctx))
    return tidy(
        count_with_persons(courses.dropna(subset=["period"]), ["period", "scheme"]), ("scheme",)
    )


@indicator(
    label="Afsluttede forløb",
    definition="Antal forløb med slutdato i perioden, fordelt på afslutningsårsag.",
    unit="forløb",
    family="volume",
    dimensions=("scheme", "exit_reason"),
    source="Jobindsats: afgang",
)
def course_ends_count(ctx: Context) -> pd.DataFrame:
    courses = ctx.register.courses.assign(period=lambda f: event_period(f["end"], ctx))
    ended = courses.dropna(subset=["period"])
    return tidy(
        count_with_persons(ended, ["period", "scheme", "exit_reason"]), ("scheme", "exit_reason")
    )


@indicator(
    label="Fuldtidspersoner",
    definition="Summen over borgerne af deres dage i ordningen i perioden divideret med "
    "periodens antal dage. En borger med flere samtidige forløb i samme ordning tæller kun "
    "én gang; ugentlige timer indgår ikke.",
    unit="fuldtidspersoner",
    family="volume",
    dimensions=("scheme",),
    source="Jobindsats: fuldtidspersoner (kalenderdage)",
)
def full_time_persons(ctx: Context) -> pd.DataFrame:
    active = active_courses(ctx)
    keys = ["period", "person_id", "scheme"]
    # Only a person's several courses in one scheme and period can overlap.
    merged = union_days(active[scheme_person_repeats(ctx)], keys)
    days = active["days"].to_numpy(dtype=np.float64)  # a copy: int days become float
    days[active.index.get_indexer(merged.index)] = merged["days"].to_numpy()
    groups = Groups(active, ["period", "scheme"])
    out = groups.keys.assign(days=groups.total(days))
    out = out.merge(persons_per_scheme(ctx), on=["period", "scheme"], how="left")
    period_days = {p.label: p.days for p in ctx.periods}
    out["value"] = out["days"] / out["period"].astype("str").map(period_days)
    return tidy(out, ("scheme",))


def persons_per_scheme(ctx: Context) -> pd.DataFrame:
    """period, scheme, n: the distinct persons in each scheme and period (shared)."""

    def make() -> pd.DataFrame:
        groups = Groups(scheme_persons(ctx), ["period", "scheme"])
        return groups.keys.assign(n=groups.size())

    return ctx.cached("persons_per_scheme", make)


def union_days(spans: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Days covered per group when spans (``from``/``to``, inclusive) may overlap: each
    span's days not already covered by an earlier one, under the span's own index label."""
    spans = spans.sort_values([*keys, "from"], kind="stable")
    reach = spans.groupby(keys, observed=True)["to"].cummax()
    previous_reach = reach.groupby([spans[k] for k in keys], observed=True).shift(1)
    effective_from = spans["from"].where(
        previous_reach.isna() | (spans["from"] > previous_reach), previous_reach + DAY
    )
    days = ((spans["to"] - effective_from).dt.days + 1).clip(lower=0)
    return spans.loc[:, keys].assign(days=days.to_numpy())


def _cases_with_dates(ctx: Context) -> pd.DataFrame:
    """Cases dated by their meeting."""
    meeting_dates = ctx.register.meetings.groupby("meeting_id")["date"].first()
    cases = ctx.register.cases.join(meeting_dates.rename("date"), on="meeting_id")
    return cases.assign(period=event_period(cases["date"], ctx)).dropna(subset=["period"])


@indicator(
    label="Sager i rehabiliteringsteamet",
    definition="Antal sager behandlet på rehabiliteringsteamets møder i perioden, efter "
    "sagstype og indstilling. En sag dateres efter mødet.",
    unit="sager",
    family="volume",
    dimensions=("case_type", "recommendation"),
)
def rehab_cases_count(ctx: Context) -> pd.DataFrame:
    cases = _cases_with_dates(ctx)
    return tidy(
        count_with_persons(cases, ["period", "case_type", "recommendation"]),
        ("case_type", "recommendation"),
    )


@indicator(
    label="Sager pr. møde",
    definition="Antal sager divideret med antal møder holdt i perioden. Der skal være "
    "mindst 5 sager pr. mødedag, før regionens økonomi for sundhedskoordinatoren hænger "
    "sammen (Mploys evaluering af reformen, 2013).",
    unit="sager pr. møde",
    family="volume",
    higher_is_better=True,
)
def cases_per_meeting_mean(ctx: Context) -> pd.DataFrame:
    meetings = ctx.register.meetings
    held = meetings.assign(period=event_period(meetings["date"], ctx)).dropna(subset=["period"])
    meeting_count = held.groupby("period")["meeting_id"].nunique()
    cases = _cases_with_dates(ctx).groupby("period")
    out = pd.DataFrame({"cases": cases.size(), "n": cases["person_id"].nunique()})
    out = out.join(meeting_count.rename("meetings"), how="inner").reset_index()
    out["value"] = out["cases"] / out["meetings"]
    return tidy(out, ())


@indicator(
    label="Igangsatte indsatser",
    definition="Antal indsatser med startdato i perioden, efter den afdeling der bevilger "
    "og betaler, og indsatstype.",
    unit="indsatser",
    family="volume",
    dimensions=("department", "intervention_type"),
)
def interventions_started_count(ctx: Context) -> pd.DataFrame:
    interventions = running_interventions(ctx)
    started = interventions.assign(period=event_period(interventions["start"], ctx))
    started = started.dropna(subset=["period"])
    return tidy(
        count_with_persons(started, ["period", "department", "intervention_type"]),
        ("department", "intervention_type"),
    )
