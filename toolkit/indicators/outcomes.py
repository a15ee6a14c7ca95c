"""Outcomes: how courses end, how long they last, and whether citizens move forward."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.spans import event_period, scheme_persons, share, tidy

# Exits that count as a success: the citizen went to work, education or a flex job.
WORK_OR_EDUCATION = ("ordinaer_beskaeftigelse", "uddannelse", "fleksjob")
# Exits the municipality could not influence: left out of the denominator entirely.
NOT_INFLUENCEABLE = ("flyttet", "doed")


def _ended_courses(ctx: Context) -> pd.DataFrame:
    """Courses ending in a requested period (and on or before the as-of date), with a reason.

    A course without an exit reason breaks validation; it is left out rather than shown as
    a reason of its own, so each scheme's reasons still sum to 100.
    """
    courses = ctx.register.courses
    ended = courses.assign(period=event_period(courses["end"], ctx))
    return ended.dropna(subset=["period", "exit_reason"])


@indicator(
    label="Afslutningsårsager",
    definition="Andel af de forløb, der sluttede i perioden, fordelt på afslutningsårsag. "
    "Årsagerne i en ordning summer til 100 %.",
    unit="%",
    family="outcome",
    dimensions=("scheme", "exit_reason"),
    source="Jobindsats: afgang",
)
def exit_reason_pct(ctx: Context) -> pd.DataFrame:
    ended = _ended_courses(ctx)
    grouped = ended.groupby(["period", "scheme", "exit_reason"], observed=True)
    out = grouped.agg(ends=("person_id", "size"), n=("person_id", "nunique")).reset_index()
    total = out.groupby(["period", "scheme"], observed=True)["ends"].transform("sum")
    out["value"] = out["ends"] / total * 100
    return tidy(out, ("scheme", "exit_reason"))


@indicator(
    label="Afgang til job eller uddannelse",
    definition="Andel af de forløb, der sluttede i perioden, som endte i ordinær "
    "beskæftigelse, uddannelse eller fleksjob. Forløb, der sluttede fordi borgeren flyttede "
    "eller døde, tæller ikke med.",
    unit="%",
    family="outcome",
    dimensions=("scheme",),
    higher_is_better=True,
)
def exit_to_work_or_education_pct(ctx: Context) -> pd.DataFrame:
    ended = _ended_courses(ctx)
    ended = ended[~ended["exit_reason"].isin(NOT_INFLUENCEABLE)]
    ended = ended.assign(success=ended["exit_reason"].isin(WORK_OR_EDUCATION))
    return tidy(share(ended, ["period", "scheme"], "success"), ("scheme",))


@indicator(
    label="Forløbenes varighed (median)",
    definition="Medianvarigheden i dage af de forløb, der sluttede i perioden, fra "
    "startdato til slutdato (begge dage med).",
    unit="dage",
    family="outcome",
    dimensions=("scheme",),
)
def course_duration_days_median(ctx: Context) -> pd.DataFrame:
    courses = ctx.register.courses
    # Duration does not depend on the exit reason, so a course without one still counts.
    ended = courses.assign(period=event_period(courses["end"], ctx)).dropna(subset=["period"])
    ended = ended.assign(days=(ended["end"] - ended["start"]).dt.days + 1)
    grouped = ended.groupby(["period", "scheme"], observed=True)
    # pandas' median takes the mean of the two middle values of an even count.
    out = grouped.agg(value=("days", "median"), n=("person_id", "nunique")).reset_index()
    return tidy(out, ("scheme",))


@indicator(
    label="Opnåede delmål",
    definition="Andel af de delmål, der blev oprettet i perioden, som var nået på "
    "opgørelsesdatoen.",
    unit="%",
    family="outcome",
    higher_is_better=True,
)
def subgoals_achieved_pct(ctx: Context) -> pd.DataFrame:
    goals = ctx.register.goals
    subgoals = goals[goals["goal_kind"] == "delmaal"]
    subgoals = subgoals.assign(period=event_period(subgoals["created"], ctx))
    subgoals = subgoals.dropna(subset=["period"])
    # An achievement dated after the as-of date is not yet known.
    achieved = subgoals["achieved"].notna() & (subgoals["achieved"] <= pd.Timestamp(ctx.as_of))
    persons = ctx.register.courses.drop_duplicates("course_id").set_index("course_id")
    subgoals = subgoals.assign(achieved_now=achieved).join(persons["person_id"], on="course_id")
    return tidy(share(subgoals, ["period"], "achieved_now"), ())


@indicator(
    label="Ændring i progression",
    definition="Gennemsnitlig ændring i progressionsscore (sidste minus første måling i "
    "perioden) for borgere med mindst to målinger i perioden.",
    unit="point",
    family="outcome",
    higher_is_better=True,
)
def progression_change_mean(ctx: Context) -> pd.DataFrame:
    scores = ctx.register.progression.dropna(subset=["score", "date"])
    scores = scores.assign(period=event_period(scores["date"], ctx)).dropna(subset=["period"])
    scores = scores.sort_values("date", kind="stable")
    per_person = scores.groupby(["period", "person_id"], observed=True)["score"].agg(
        ["first", "last", "size"]
    )
    per_person = per_person[per_person["size"] >= 2].reset_index()
    per_person["change"] = (per_person["last"] - per_person["first"]).astype("float64")
    grouped = per_person.groupby("period", observed=True)
    out = grouped.agg(value=("change", "mean"), n=("person_id", "nunique")).reset_index()
    return tidy(out, ())


@indicator(
    label="Tilgang fra sygedagpenge",
    definition="Andel af de forløb, der startede i perioden, hvor borgeren var på "
    "sygedagpenge ved første forelæggelse.",
    unit="%",
    family="outcome",
    dimensions=("scheme",),
)
def course_starts_from_sickness_benefit_pct(ctx: Context) -> pd.DataFrame:
    courses = ctx.register.courses
    started = courses.assign(period=event_period(courses["start"], ctx))
    started = started.dropna(subset=["period"])
    support = ctx.register.citizens.drop_duplicates("person_id").set_index("person_id")
    # A citizen missing from the citizen table is not known to come from sickness benefit.
    from_sickness = started["person_id"].map(support["support_at_entry"]) == "sygedagpenge"
    started = started.assign(from_sickness=from_sickness.fillna(False).astype("bool"))
    return tidy(share(started, ["period", "scheme"], "from_sickness"), ("scheme",))


# The 2013 reform's age threshold for førtidspension; Jobindsats' bands for ressourceforløb.
AGE_THRESHOLD = 40


@indicator(
    label="Borgere under 40 år i forløb",
    definition="Andel af borgerne med et aktivt forløb i ordningen i perioden, som er under "
    "40 år. Alderen er fødselsåret trukket fra året for borgerens sidste dag i forløbet i "
    "perioden; borgere uden kendt fødselsår tæller ikke med.",
    unit="%",
    family="outcome",
    dimensions=("scheme",),
    source="Jobindsats: aldersgrupperne under 40 år / 40+ år",
)
def active_under_40_pct(ctx: Context) -> pd.DataFrame:
    birth_years = ctx.register.citizens.drop_duplicates("person_id").set_index("person_id")
    persons = scheme_persons(ctx)
    birth_year = persons["person_id"].map(birth_years["birth_year"]).astype("float64")
    # Age is taken on the person's last day in the scheme within the period (Jobindsats:
    # last day of the spell or period); the register only holds the birth year, and a
    # month, quarter or year never crosses a new year, so that day's year is the period's.
    period_year = np.array([p.start.year for p in ctx.periods])[persons["period"].cat.codes]
    persons = persons.assign(under=(period_year - birth_year) < AGE_THRESHOLD)
    persons = persons[birth_year.notna()]
    return tidy(share(persons, ["period", "scheme"], "under", one_row_per_person=True), ("scheme",))
