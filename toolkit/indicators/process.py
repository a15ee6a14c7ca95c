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
from toolkit.indicators.grouping import Groups
from toolkit.indicators.spans import (
    DAY,
    active_table,
    event_period,
    known_end,
    person_period_key,
    running_interventions,
    scheme_persons,
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
    valid = starts.notna() & untils.notna()
    lo = np.searchsorted(ends, starts[valid].to_numpy(dtype="datetime64[us]"), side="left")
    hi = np.searchsorted(ends, untils[valid].to_numpy(dtype="datetime64[us]"), side="right")
    counts = np.clip(hi - lo, 0, None)
    rows = np.repeat(starts.index[valid.to_numpy()].to_numpy(), counts)
    # Position within each row's run: 0, 1, ... added to the run's first period.
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    picks = np.repeat(lo, counts) + offsets
    # ``known`` is a prefix of the periods, so a position in it is a category code.
    period = pd.Categorical.from_codes(picks, categories=ctx.period_labels)
    return pd.DataFrame({"row": rows, "period": period})


def _share(frame: pd.DataFrame, keys: list[str], flag: str) -> pd.DataFrame:
    return share(frame, keys, flag)


def _started(ctx: Context) -> pd.DataFrame:
    """Interventions started in a period (on or before the as-of date), with days waited;
    shared by the waiting-time indicators (never modified in place)."""
    return ctx.cached("started_interventions", lambda: _started_interventions(ctx))


def _started_interventions(ctx: Context) -> pd.DataFrame:
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
    interventions = ctx.register.interventions
    used = active_table(ctx, "interventions")
    at = interventions.index.get_indexer(pd.Index(used["row"]))
    contact, _ = pd.factorize(interventions["contact_person_id"].iloc[at])
    key = person_period_key(used, interventions["person_id"].iloc[at])
    keys, contacts = _distinct_per_key(key[contact >= 0], contact[contact >= 0])
    in_scheme = scheme_persons(ctx)
    wanted = person_period_key(in_scheme, in_scheme["person_id"])
    # Sentinel last: every wanted key finds a place, and a key not there counts 0.
    keys, contacts = np.append(keys, np.iinfo(np.int64).max), np.append(contacts, 0)
    at_key = np.searchsorted(keys, wanted)
    contacts_of = np.where(keys[at_key] == wanted, contacts[at_key], 0).astype(np.float64)
    groups = Groups(in_scheme, ["period", "scheme"])
    people = groups.size()
    out = groups.keys.assign(value=groups.total(contacts_of) / people, n=people)
    return tidy(out, ("scheme",))


@indicator(
    label="Borgere med parallelle indsatser",
    definition="Andel af borgerne i ressourceforløb i perioden, som på mindst én dag i "
    "perioden havde indsatser fra to eller flere afdelinger i gang samtidig.",
    unit="%",
    family="process",
    higher_is_better=True,
)
def parallel_interventions_pct(ctx: Context) -> pd.DataFrame:
    persons = scheme_persons(ctx)
    persons = persons[persons["scheme"] == "ressourceforloeb"].loc[:, ["period", "person_id"]]
    person_key = person_period_key(persons, persons["person_id"])
    interventions = ctx.register.interventions
    used = active_table(ctx, "interventions")
    at = interventions.index.get_indexer(pd.Index(used["row"]))
    span_key = person_period_key(used, interventions["person_id"].iloc[at])
    # Only the persons and periods in the denominator matter.
    inside = _among(span_key, person_key)
    departments, _ = pd.factorize(interventions["department"])
    parallel = _overlapping_departments(
        span_key[inside],
        departments[at][inside],
        _day_numbers(used["from"])[inside],
        _day_numbers(used["to"])[inside],
    )
    persons = persons.assign(parallel=_among(person_key, parallel))
    return tidy(share(persons, ["period"], "parallel", one_row_per_person=True), ())


def _among(keys: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Is each key one of ``allowed``? By binary search in the sorted allowed keys (nearly
    sorted already, so the sort is cheap): faster than hashing for a million keys."""
    allowed = np.append(np.sort(allowed, kind="stable"), np.iinfo(np.int64).max)
    return allowed[np.searchsorted(allowed, keys)] == keys


def _distinct_per_key(key: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and how many distinct ``value`` (codes from 0) each has."""
    width = int(value.max(initial=0)) + 1
    if int(key.max(initial=0)) + 1 >= 2**62 // width:
        raise ValueError("keys and values do not fit in one integer")
    pairs = np.sort(key * width + value, kind="stable")  # nearly sorted: a fast timsort
    keys = pairs[np.r_[True, pairs[1:] != pairs[:-1]][: len(pairs)]] // width
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]][: len(keys)])
    return keys[starts], np.diff(np.r_[starts, len(keys)])


def _day_numbers(days: pd.Series) -> np.ndarray:
    return days.to_numpy(dtype="datetime64[D]").astype(np.int64)


def _overlapping_departments(
    key: np.ndarray, department: np.ndarray, first: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """The keys (person and period) with spans [first, last] (day numbers, inclusive) of
    two departments sharing at least one day."""
    # Merge each department's own overlapping spans into blocks first: then any two blocks
    # that still overlap belong to different departments.
    order = _sorted_by(key, department, first)
    key, department, first, last = key[order], department[order], first[order], last[order]
    new_group = np.r_[True, (key[1:] != key[:-1]) | (department[1:] != department[:-1])]
    reach = _running_max(np.cumsum(new_group), last)
    starts_block = new_group | (first > np.r_[0, reach[:-1]])
    block_key, block_first = key[starts_block], first[starts_block]
    block_last = np.maximum.reduceat(last, np.flatnonzero(starts_block)) if len(last) else last
    # Sorted by start, a block overlaps an earlier one exactly when it starts on or before
    # the furthest end reached by the earlier blocks of the same key.
    order = _sorted_by(block_key, np.zeros_like(block_key), block_first)
    block_key, block_first, block_last = block_key[order], block_first[order], block_last[order]
    new_key = np.r_[True, block_key[1:] != block_key[:-1]]
    before = np.r_[0, _running_max(np.cumsum(new_key), block_last)[:-1]]
    hit = ~new_key & (block_first <= before)
    return np.unique(block_key[hit])


def _sorted_by(key: np.ndarray, department: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The order sorting by key, then department, then day: one integer sort on the three
    packed together (twice as fast as a lexsort), a lexsort when they do not fit."""
    if not len(key):
        return np.arange(0)
    days = day - day.min()
    day_room, department_room = int(days.max()) + 1, int(department.max()) + 1
    if (int(key.max()) + 1) * department_room * day_room >= 2**62:
        return np.lexsort((day, department, key))
    return np.argsort((key * department_room + department) * day_room + days, kind="stable")


def _running_max(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The running maximum of ``values`` restarting at each new ``group`` (non-decreasing
    group numbers): each group is lifted above the one before, so one accumulate serves."""
    if not len(values):
        return values
    low = values.min()
    span = int(values.max() - low) + 1
    lifted = group.astype(np.int64) * span + (values - low)
    return np.maximum.accumulate(lifted) - group.astype(np.int64) * span + low
