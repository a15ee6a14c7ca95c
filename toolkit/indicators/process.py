"""Process and quality: how long citizens wait, what is refused, how plans and teams work.

For a share or a mean, ``n`` is the distinct persons in the population the value is computed
over (the denominator), because every one of them is behind the value. A share split by
reason is the exception: there ``n`` is the persons in the reason's own cell, so a reason
that concerns one or two citizens is suppressed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.spans import (
    DAY,
    active_courses,
    active_table,
    event_period,
    known_end,
    running_interventions,
    share,
    tidy,
)

_REFUSED = ("afvist", "afslaaet_af_borger")
_BY_TYPE = ("department", "intervention_type")


def _at_period_ends(starts: pd.Series, untils: pd.Series, ctx: Context) -> pd.DataFrame:
    """One row per (row, period) where the row's span [start, until] (inclusive) covers the
    period's end, or the as-of date when that comes first. Columns: ``row``, ``period``.

    Period ends are sorted, so each row's covered periods are one contiguous run found by
    binary search; only that run is expanded, never rows × periods.
    """
    as_of = pd.Timestamp(ctx.as_of)
    known = [p for p in ctx.periods if pd.Timestamp(p.start) <= as_of]
    ends = np.array([min(pd.Timestamp(p.end), as_of) for p in known], dtype="datetime64[us]")
    labels = np.array([p.label for p in known], dtype=object)
    valid = starts.notna() & untils.notna()
    lo = np.searchsorted(ends, starts[valid].to_numpy(dtype="datetime64[us]"), side="left")
    hi = np.searchsorted(ends, untils[valid].to_numpy(dtype="datetime64[us]"), side="right")
    counts = np.clip(hi - lo, 0, None)
    rows = np.repeat(starts.index[valid.to_numpy()].to_numpy(), counts)
    # Position within each row's run: 0, 1, ... added to the run's first period.
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    picks = np.repeat(lo, counts) + offsets
    return pd.DataFrame({"row": rows, "period": pd.Series(labels[picks], dtype="str")})


def _share(frame: pd.DataFrame, keys: list[str], flag: str) -> pd.DataFrame:
    return share(frame, keys, flag)


def _started(ctx: Context) -> pd.DataFrame:
    """Interventions started in a period (on or before the as-of date), with days waited."""
    interventions = running_interventions(ctx)
    started = interventions.assign(period=event_period(interventions["start"], ctx))
    started = started.dropna(subset=["period"])
    waited = (started["start"] - started["requested"]).dt.days.clip(lower=0)
    return started.assign(waiting=waited.astype("float64"))


@indicator(
    label="Ventetid til indsats (median)",
    definition="Medianen af dage fra anmodning til start for indsatser startet i perioden "
    "(0 dage, når indsatsen starter samme dag). Ved et lige antal indsatser er medianen "
    "gennemsnittet af de to midterste.",
    unit="dage",
    family="process",
    dimensions=_BY_TYPE,
    higher_is_better=False,
)
def waiting_days_median(ctx: Context) -> pd.DataFrame:
    started = _started(ctx)
    grouped = started.groupby(["period", *_BY_TYPE], observed=True)
    out = grouped.agg(value=("waiting", "median"), n=("person_id", "nunique")).reset_index()
    return tidy(out, _BY_TYPE)


@indicator(
    label="Ventetid til indsats (90 %-fraktil)",
    definition="Den ventetid i dage fra anmodning til start, som 90 % af indsatserne startet "
    "i perioden holder sig inden for. Beregnet med lineær interpolation mellem de to "
    "nærmeste ventetider (som Excels FRAKTIL.MEDTAG).",
    unit="dage",
    family="process",
    dimensions=_BY_TYPE,
    higher_is_better=False,
)
def waiting_days_p90(ctx: Context) -> pd.DataFrame:
    started = _started(ctx)
    grouped = started.groupby(["period", *_BY_TYPE], observed=True)
    out = pd.DataFrame(
        {"value": grouped["waiting"].quantile(0.9), "n": grouped["person_id"].nunique()}
    ).reset_index()
    return tidy(out, _BY_TYPE)


@indicator(
    label="Ventende indsatser ved periodens udgang",
    definition="Antal indsatser, der ved periodens sidste dag (eller opgørelsesdatoen, hvis "
    "den kommer før) var anmodet om, men endnu ikke startet. En indsats, der siden er "
    "startet, tæller som ventende i de perioder, der sluttede før dens startdato. Afviste "
    "og afslåede indsatser tælles ikke med, da registret ikke viser, hvornår de blev afvist.",
    unit="indsatser",
    family="process",
    dimensions=_BY_TYPE,
    higher_is_better=False,
)
def waiting_now_count(ctx: Context) -> pd.DataFrame:
    interventions = ctx.register.interventions
    open_ = interventions[~interventions["status"].isin(_REFUSED)]
    # Waiting runs from the request to the day before the start; with no start, to as-of.
    as_of = pd.Timestamp(ctx.as_of)
    untils = (open_["start"] - DAY).where(open_["start"].notna(), as_of)
    waiting = _at_period_ends(open_["requested"], untils.astype(open_["start"].dtype), ctx)
    waiting = waiting.join(interventions[["person_id", *_BY_TYPE]], on="row")
    grouped = waiting.groupby(["period", *_BY_TYPE], observed=True)
    out = grouped.agg(value=("row", "size"), n=("person_id", "nunique")).reset_index()
    return tidy(out, _BY_TYPE)


@indicator(
    label="Afviste og afslåede indsatser",
    definition="Andel af de indsatser, der blev anmodet om i perioden (uanset status, også "
    "ventende), som er afvist eller afslået af borgeren, efter afvisningsårsag. Årsagerne i "
    "en afdeling summerer til afdelingens samlede andel; mangler årsagen, tælles den som "
    "andet.",
    unit="%",
    family="process",
    dimensions=("department", "refusal_reason"),
    higher_is_better=False,
)
def interventions_refused_pct(ctx: Context) -> pd.DataFrame:
    interventions = ctx.register.interventions
    requested = interventions.assign(period=event_period(interventions["requested"], ctx))
    requested = requested.dropna(subset=["period"])
    keys = ["period", "department"]
    all_ = requested.groupby(keys, observed=True).size().rename("rows")
    refused = requested[requested["status"].isin(_REFUSED)]
    refused = refused.assign(refusal_reason=refused["refusal_reason"].fillna("andet"))
    # n is the persons refused for that reason: a share of 1 in 200 would otherwise pass
    # suppression on the 200 and still point at one citizen.
    hits = refused.groupby([*keys, "refusal_reason"], observed=True).agg(
        hits=("person_id", "size"), n=("person_id", "nunique")
    )
    out = hits.reset_index().join(all_, on=keys)
    out["value"] = 100 * out["hits"] / out["rows"]
    return tidy(out, ("department", "refusal_reason"))


@indicator(
    label="Sager med mål i indstillingen",
    definition="Andel af alle sager behandlet i rehabiliteringsteamet i perioden (også "
    "sager sendt retur), hvor indstillingen indeholder et mål. En sag dateres efter mødet; "
    "en sag uden oplysning tæller som uden mål.",
    unit="%",
    family="process",
    higher_is_better=True,
)
def goal_in_recommendation_pct(ctx: Context) -> pd.DataFrame:
    meeting_dates = ctx.register.meetings.groupby("meeting_id")["date"].first()
    cases = ctx.register.cases.join(meeting_dates.rename("date"), on="meeting_id")
    cases = cases.assign(
        period=event_period(cases["date"], ctx),
        has_goal=cases["goal_in_recommendation"].fillna(False).astype("bool"),
    ).dropna(subset=["period"])
    return tidy(_share(cases, ["period"], "has_goal"), ())


@indicator(
    label="Ressourceforløb med delmål",
    definition="Andel af de ressourceforløb, der er aktive på periodens sidste dag (eller "
    "opgørelsesdatoen, hvis den kommer før), som på den dag har mindst ét delmål oprettet.",
    unit="%",
    family="process",
    higher_is_better=True,
)
def plans_with_subgoal_pct(ctx: Context) -> pd.DataFrame:
    courses = ctx.register.courses
    courses = courses[courses["scheme"] == "ressourceforloeb"]
    active = _at_period_ends(courses["start"], known_end(courses["end"], ctx), ctx)
    active = active.join(courses[["course_id", "person_id"]], on="row")
    goals = ctx.register.goals
    first_subgoal = goals[goals["goal_kind"] == "delmaal"].groupby("course_id")["created"].min()
    active = active.join(first_subgoal.rename("first_subgoal"), on="course_id")
    ends = {p.label: min(pd.Timestamp(p.end), pd.Timestamp(ctx.as_of)) for p in ctx.periods}
    period_end = active["period"].map(ends).astype(courses["start"].dtype)
    active["has_subgoal"] = (active["first_subgoal"] <= period_end).fillna(False).astype("bool")
    return tidy(_share(active, ["period"], "has_subgoal"), ())


@indicator(
    label="Kontaktpersoner pr. borger",
    definition="Gennemsnitligt antal forskellige kontaktpersoner på de indsatser, en borger "
    "har aktive i perioden, blandt borgere i ordningen i perioden. Alle borgerens indsatser "
    "tæller, også dem uden forløbs-ID; en borger uden aktive indsatser tæller med 0.",
    unit="kontaktpersoner",
    family="process",
    dimensions=("scheme",),
    higher_is_better=False,
)
def contact_persons_mean(ctx: Context) -> pd.DataFrame:
    courses, interventions = ctx.register.courses, ctx.register.interventions
    # Integer codes instead of str columns: at national scale the joins and group-bys over
    # a million (row, period) pairs are several times faster on integers.
    persons, _ = pd.factorize(
        pd.concat([courses["person_id"], interventions["person_id"]], ignore_index=True)
    )
    schemes, scheme_names = pd.factorize(courses["scheme"])
    contacts, _ = pd.factorize(interventions["contact_person_id"])  # blank: -1

    active = active_table(ctx, "courses")
    at = courses.index.get_indexer(pd.Index(active["row"]))
    in_scheme = pd.DataFrame(
        {
            "period": _period_codes(active["period"], ctx),
            "person": persons[: len(courses)][at],
            "scheme": schemes[at],
        }
    ).drop_duplicates()

    used = active_table(ctx, "interventions")
    at = interventions.index.get_indexer(pd.Index(used["row"]))
    pairs = pd.DataFrame(
        {
            "period": _period_codes(used["period"], ctx),
            "person": persons[len(courses) :][at],
            "contact": contacts[at],
        }
    )
    pairs = pairs[pairs["contact"] >= 0].drop_duplicates()
    per_person = pairs.groupby(["period", "person"]).size().rename("contacts")
    in_scheme = in_scheme.join(per_person, on=["period", "person"])
    in_scheme["contacts"] = in_scheme["contacts"].fillna(0).astype("float64")
    grouped = in_scheme.groupby(["period", "scheme"])
    out = grouped.agg(value=("contacts", "mean"), n=("person", "size")).reset_index()
    out["period"] = pd.Series(np.asarray(ctx.labels, dtype=object)[out["period"]], dtype="str")
    out["scheme"] = pd.Series(scheme_names.to_numpy()[out["scheme"]], dtype="str")
    return tidy(out, ("scheme",))


def _period_codes(labels: pd.Series, ctx: Context) -> np.ndarray:
    """Position of each period label in ``ctx.periods``."""
    return np.asarray(pd.Categorical(labels, categories=ctx.labels).codes, dtype=np.int64)


@indicator(
    label="Borgere med parallelle indsatser",
    definition="Andel af borgerne i ressourceforløb i perioden, som på mindst én dag i "
    "perioden havde indsatser fra to eller flere afdelinger i gang samtidig.",
    unit="%",
    family="process",
    higher_is_better=True,
)
def parallel_interventions_pct(ctx: Context) -> pd.DataFrame:
    persons = active_courses(ctx)
    persons = persons[persons["scheme"] == "ressourceforloeb"]
    persons = persons.drop_duplicates(["period", "person_id"])[["period", "person_id"]]
    interventions = ctx.register.interventions
    spans = active_table(ctx, "interventions").join(
        interventions[["person_id", "department"]], on="row"
    )
    # Only the persons and periods in the denominator matter (a merge: str isin is slow).
    spans = spans.merge(persons, on=["period", "person_id"])
    parallel = _overlapping_departments(spans).assign(parallel=True)
    persons = persons.merge(parallel, on=["period", "person_id"], how="left")
    persons["parallel"] = persons["parallel"].fillna(False).astype("bool")
    return tidy(_share(persons, ["period"], "parallel"), ())


def _overlapping_departments(spans: pd.DataFrame) -> pd.DataFrame:
    """(period, person_id) pairs with spans of two departments sharing at least one day."""
    keys = ["period", "person_id"]
    # Merge each department's own overlapping spans first: then any two spans that still
    # overlap belong to different departments.
    spans = spans.sort_values([*keys, "department", "from"], kind="stable")
    own = spans.groupby([*keys, "department"], observed=True)
    reach = own["to"].cummax()
    previous = reach.groupby([spans[k] for k in [*keys, "department"]], observed=True).shift(1)
    block = (previous.isna() | (spans["from"] > previous)).cumsum()
    merged = (
        spans.assign(block=block)
        .groupby("block")
        .agg(
            period=("period", "first"),
            person_id=("person_id", "first"),
            start=("from", "min"),
            stop=("to", "max"),
        )
    )
    # Sorted by start, a span overlaps an earlier one exactly when it starts on or before
    # the furthest end reached by the earlier ones.
    merged = merged.sort_values([*keys, "start"], kind="stable")
    before = merged.groupby(keys, observed=True)["stop"].cummax()
    before = before.groupby([merged[k] for k in keys], observed=True).shift(1)
    hit = merged[merged["start"] <= before]
    return hit.loc[:, keys].drop_duplicates()
