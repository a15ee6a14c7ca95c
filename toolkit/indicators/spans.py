"""Shared building blocks: which rows are active in which period, and when events happen.

Dates are inclusive. A row with no end (or an end after the as-of date) runs to the as-of
date; a row starting after the as-of date does not exist yet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import disclosure
from toolkit.indicators.context import Context
from toolkit.indicators.grouping import Groups, combined_key

DAY = pd.Timedelta(days=1)


def known_end(ends: pd.Series, ctx: Context) -> pd.Series:
    """End dates as known on the as-of date: running (or ending later) means the as-of date."""
    as_of = pd.Timestamp(ctx.as_of)
    return ends.where(ends.notna() & (ends <= as_of), as_of).astype(ends.dtype)


def active_rows(frame: pd.DataFrame, start: str, end: str, ctx: Context) -> pd.DataFrame:
    """One row per (row of ``frame``, period it is active in), clipped to that period.

    Columns: ``row`` (the index label in ``frame``), ``period`` (a categorical of the
    context's period labels, in order), ``from``, ``to`` (the part of the row inside the
    period, inclusive) and ``days``.
    """
    as_of = pd.Timestamp(ctx.as_of)
    starts = frame[start].to_numpy(dtype="datetime64[us]")
    ends = known_end(frame[end], ctx).to_numpy(dtype="datetime64[us]")
    period_starts = ctx.period_starts  # first days, ascending
    period_ends = ctx.period_ends  # last days, the last one cut at the as-of date
    with np.errstate(invalid="ignore"):
        valid = ~np.isnat(starts) & (starts <= as_of.to_datetime64()) & (ends >= starts)
    if len(period_starts):
        valid &= (starts <= period_ends[-1]) & (ends >= period_starts[0])
    else:
        valid[:] = False
    # Each row runs from the period holding its start to the period holding its end: the
    # pieces are made by repeating the row once per period, never by a loop over periods.
    rows = np.flatnonzero(valid)
    first = np.searchsorted(period_starts, starts[rows], side="right") - 1
    last = np.searchsorted(period_starts, ends[rows], side="right") - 1
    first = np.maximum(first, 0)
    last = np.minimum(last, len(period_starts) - 1)
    counts = last - first + 1
    piece_row = np.repeat(rows, counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    piece_period = np.repeat(first, counts) + offsets
    lo = np.maximum(starts[piece_row], period_starts[piece_period])
    hi = np.minimum(ends[piece_row], period_ends[piece_period])
    return pd.DataFrame(
        {
            "row": frame.index[piece_row],
            "period": pd.Categorical.from_codes(piece_period, categories=ctx.period_labels),
            "from": lo,
            "to": hi,
            "days": ((hi - lo) // np.timedelta64(1, "D")).astype("int64") + 1,
        }
    )


RUNNING_STATUSES = ("igangsat", "afsluttet")


def running_interventions(ctx: Context) -> pd.DataFrame:
    """Interventions that were granted and started: a waiting or refused intervention's
    dates (a warning at import) never count as a start or as days with a cost."""
    interventions = ctx.register.interventions
    return interventions[interventions["status"].isin(RUNNING_STATUSES)]


def active_table(ctx: Context, table: str) -> pd.DataFrame:
    """``active_rows`` of a whole register table ("courses", or the running "interventions"),
    computed once per ``compute`` call and shared: never modify the frame in place."""
    frame = running_interventions(ctx) if table == "interventions" else ctx.register.courses
    return ctx.cached(f"active:{table}", lambda: active_rows(frame, "start", "end", ctx))


def active_courses(ctx: Context) -> pd.DataFrame:
    """The active courses with person_id and scheme joined; shared like ``active_table``."""
    return ctx.cached("active_courses", lambda: _with_course_columns(ctx))


def _with_course_columns(ctx: Context) -> pd.DataFrame:
    courses = ctx.register.courses
    active = active_table(ctx, "courses")
    at = courses.index.get_indexer(pd.Index(active["row"]))
    columns = courses[["person_id", "scheme"]].iloc[at].set_axis(active.index)
    return pd.concat([active, columns], axis=1)


def scheme_persons(ctx: Context) -> pd.DataFrame:
    """Who was in which scheme in which period: the distinct (period, person_id, scheme) of
    the active courses. Shared like ``active_table``; never modify the frame in place."""

    def make() -> pd.DataFrame:
        candidate, repeated = _repeated_rows(ctx)
        later = np.zeros(len(candidate), dtype=bool)
        later[np.flatnonzero(candidate)[repeated.duplicated(keep="first").to_numpy()]] = True
        columns = ["period", "person_id", "scheme"]
        return active_courses(ctx).loc[~later, columns].reset_index(drop=True)

    return ctx.cached("scheme_persons", make)


def persons_per_period(ctx: Context) -> np.ndarray:
    """Distinct persons with an active course (any scheme) in each period, in period order."""

    def make() -> np.ndarray:
        persons = scheme_persons(ctx)
        period = persons["period"].cat.codes.to_numpy(dtype=np.int64)
        rows = np.bincount(period, minlength=len(ctx.periods))
        # A person is in two rows of one period only when in two schemes: found among the
        # persons whose courses span several schemes, never by hashing every row.
        courses = ctx.register.courses
        schemes = courses.groupby("person_id", observed=True)["scheme"].nunique()
        several = persons["person_id"].isin(schemes.index[schemes > 1]).to_numpy()
        pairs = pd.unique(person_period_key(persons[several], persons["person_id"][several]))
        extra = np.bincount(period[several], minlength=len(rows))
        extra -= np.bincount(pairs % 2**16, minlength=len(rows))
        return rows - extra

    return ctx.cached("persons_per_period", make)


def scheme_person_repeats(ctx: Context) -> np.ndarray:
    """Per row of ``active_courses``: does another row have the same period, person and
    scheme (overlapping or successive courses)? Most rows are alone."""
    candidate, repeated = _repeated_rows(ctx)
    repeats = np.zeros(len(candidate), dtype=bool)
    repeats[np.flatnonzero(candidate)[repeated.duplicated(keep=False).to_numpy()]] = True
    return repeats


def person_period_key(frame: pd.DataFrame, persons: pd.Series) -> np.ndarray:
    """One integer per (person, period of ``frame``), to join on one column. Persons are
    the integer codes ``compute`` gives them, so keys from different frames agree; person
    first, because the shared frames list a person's rows together (nearly sorted keys)."""
    codes = np.asarray(frame["period"].cat.codes, dtype=np.int64)
    return persons.to_numpy(dtype=np.int64, na_value=-1) * 2**16 + codes


def _repeated_rows(ctx: Context) -> tuple[np.ndarray, pd.Series]:
    """The rows of ``active_courses`` that can share (period, person, scheme) with another:
    those of a person with several courses in the scheme, and their ``combined_key``. Only
    these few need hashing, not the million rows at national scale."""

    def make() -> tuple[np.ndarray, pd.Series]:
        courses = ctx.register.courses
        several = courses.duplicated(["person_id", "scheme"], keep=False).to_numpy()
        active = active_courses(ctx)
        candidate = several[courses.index.get_indexer(pd.Index(active["row"]))]
        keys = combined_key(active[candidate], ["period", "person_id", "scheme"])
        return candidate, pd.Series(keys)

    return ctx.cached("repeated_scheme_rows", make)


def event_period(dates: pd.Series, ctx: Context) -> pd.Series:
    """The period of each date when it falls in a requested period on or before the as-of
    date, NA otherwise: a categorical of the context's period labels, like ``active_rows``."""
    days = dates.to_numpy(dtype="datetime64[us]")
    codes = np.full(len(days), -1, dtype=np.int64)
    if len(ctx.period_starts):
        with np.errstate(invalid="ignore"):
            inside = (days >= ctx.period_starts[0]) & (days <= ctx.period_ends[-1])
        codes[inside] = np.searchsorted(ctx.period_starts, days[inside], side="right") - 1
    period = pd.Categorical.from_codes(codes, categories=ctx.period_labels)
    return pd.Series(period, index=dates.index, name=dates.name)


def tidy(frame: pd.DataFrame, dimensions: tuple[str, ...]) -> pd.DataFrame:
    """The catalogue's output shape for one indicator: period, dimensions, value, n, sorted
    by period and dimensions as text (NA last), as ``sort_values`` would."""
    keys = ["period", *dimensions]
    order = np.lexsort([_text_rank(frame[key]) for key in reversed(keys)])
    out = pd.DataFrame({key: _as_text(frame[key].iloc[order]) for key in keys})
    out["value"] = frame["value"].iloc[order].astype("float64").to_numpy()
    out["n"] = frame["n"].iloc[order].astype("Int64").array
    return out


def _text_rank(values: pd.Series) -> np.ndarray:
    """Each value's place in text order (numbers in number order), NA after everything."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        names = values.cat.categories
        rank = np.empty(len(names) + 1, dtype=np.int64)
        rank[np.argsort(np.asarray(names.astype("str"), dtype=object), kind="stable")] = np.arange(
            len(names)
        )
        rank[-1] = len(names)  # code -1 (NA) picks the last slot
        return rank[values.cat.codes.to_numpy()]
    codes, names = pd.factorize(values, sort=True)
    return np.where(codes >= 0, codes, len(names))


def _as_text(values: pd.Series) -> pd.api.extensions.ExtensionArray:
    """Shared intermediates carry categorical keys (cheap to group); readers get text."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.astype("str").array
    return values.array


def share(
    frame: pd.DataFrame,
    keys: list[str],
    flag: str,
    person: str = "person_id",
    *,
    one_row_per_person: bool = False,
) -> pd.DataFrame:
    """Per group: ``value`` = % of rows with ``flag`` true, ``n`` = the persons it reveals.

    A share tells something about both groups: those with and those without the outcome.
    ``n`` is therefore the smaller of the two person counts when both are there (1 of 6
    exiting to work points at one citizen), else all persons in the group; suppression then
    hides any share that points at fewer than 5 citizens. ``one_row_per_person``: the
    caller knows each person has one row per group, so rows are persons (no counting).
    """
    frame = frame[frame[keys].notna().all(axis=1).to_numpy()]  # as a pandas group-by does
    flagged = frame[flag].to_numpy(dtype=bool)
    groups = Groups(frame, keys)
    if one_row_per_person:
        with_flag, everyone = groups.size(flagged), groups.size()
        without = everyone - with_flag
    else:
        everyone, with_flag, without = groups.distinct_by_flag(frame[person], flagged)
    value = groups.size(flagged) / groups.size() * 100
    n = disclosure.share_disclosure_n(with_flag, without, everyone)
    return groups.keys.assign(value=value, n=n)


def sum_with_persons(frame: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Per group: ``value`` = the sum of ``column``, ``n`` = the distinct persons. Rows with
    a blank key are left out, as a pandas group-by does."""
    frame = frame[frame[keys].notna().all(axis=1).to_numpy()]
    groups = Groups(frame, keys)
    return groups.keys.assign(
        value=groups.total(frame[column].to_numpy(dtype=np.float64, na_value=np.nan)),
        n=groups.distinct(frame["person_id"]),
    )


def count_with_persons(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows per group as ``value`` and distinct persons as ``n`` (NA is a group too)."""
    groups = Groups(frame, keys)
    return groups.keys.assign(value=groups.size(), n=groups.distinct(frame["person_id"]))
