"""Shared building blocks: which rows are active in which period, and when events happen.

Dates are inclusive. A row with no end (or an end after the as-of date) runs to the as-of
date; a row starting after the as-of date does not exist yet.
"""

from __future__ import annotations

import pandas as pd

from toolkit import disclosure
from toolkit.indicators.context import Context
from toolkit.periods import label_series

DAY = pd.Timedelta(days=1)


def known_end(ends: pd.Series, ctx: Context) -> pd.Series:
    """End dates as known on the as-of date: running (or ending later) means the as-of date."""
    as_of = pd.Timestamp(ctx.as_of)
    return ends.where(ends.notna() & (ends <= as_of), as_of).astype(ends.dtype)


def active_rows(frame: pd.DataFrame, start: str, end: str, ctx: Context) -> pd.DataFrame:
    """One row per (row of ``frame``, period it is active in), clipped to that period.

    Columns: ``row`` (the index label in ``frame``), ``period``, ``from``, ``to`` (the part of
    the row inside the period, inclusive) and ``days``.
    """
    starts = frame[start]
    ends = known_end(frame[end], ctx)
    as_of = pd.Timestamp(ctx.as_of)
    valid = starts.notna() & (starts <= as_of) & (ends >= starts)
    starts, ends = starts[valid], ends[valid]
    pieces = []
    for period in ctx.periods:
        first, last = pd.Timestamp(period.start), min(pd.Timestamp(period.end), as_of)
        if first > as_of:
            break
        hit = (starts <= last) & (ends >= first)
        if not hit.any():
            continue
        lo = starts[hit].where(starts[hit] > first, first)
        hi = ends[hit].where(ends[hit] < last, last)
        pieces.append(
            pd.DataFrame(
                {
                    "row": starts.index[hit.to_numpy()],
                    "period": period.label,
                    "from": lo.to_numpy(),
                    "to": hi.to_numpy(),
                }
            )
        )
    if not pieces:
        return pd.DataFrame(
            {
                "row": pd.Series(dtype="int64"),
                "period": pd.Series(dtype="str"),
                "from": pd.Series(dtype="datetime64[us]"),
                "to": pd.Series(dtype="datetime64[us]"),
                "days": pd.Series(dtype="int64"),
            }
        )
    out = pd.concat(pieces, ignore_index=True)
    out["days"] = (out["to"] - out["from"]).dt.days + 1
    return out


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
    courses = ctx.register.courses
    return ctx.cached(
        "active_courses",
        lambda: active_table(ctx, "courses").join(courses[["person_id", "scheme"]], on="row"),
    )


def event_period(dates: pd.Series, ctx: Context) -> pd.Series:
    """The period label of each date when it falls in a requested period on or before the
    as-of date; NA otherwise."""
    labels = label_series(dates, ctx.level)
    inside = labels.isin(ctx.labels) & (dates <= pd.Timestamp(ctx.as_of))
    return labels.where(inside)


def tidy(frame: pd.DataFrame, dimensions: tuple[str, ...]) -> pd.DataFrame:
    """The catalogue's output shape for one indicator: period, dimensions, value, n."""
    out = frame.loc[:, ["period", *dimensions, "value", "n"]].copy()
    out["value"] = out["value"].astype("float64")
    out["n"] = out["n"].astype("Int64")
    return out.sort_values(["period", *dimensions], kind="stable").reset_index(drop=True)


def share(
    frame: pd.DataFrame, keys: list[str], flag: str, person: str = "person_id"
) -> pd.DataFrame:
    """Per group: ``value`` = % of rows with ``flag`` true, ``n`` = the persons it reveals.

    A share tells something about both groups: those with and those without the outcome.
    ``n`` is therefore the smaller of the two person counts when both are there (1 of 6
    exiting to work points at one citizen), else all persons in the group; suppression then
    hides any share that points at fewer than 5 citizens.
    """
    flagged = frame[flag].astype("bool")
    grouped = frame.assign(_hit=flagged).groupby(keys, observed=True)
    value = grouped["_hit"].mean() * 100
    everyone = grouped[person].nunique()
    with_flag = frame[flagged].groupby(keys, observed=True)[person].nunique()
    with_flag = with_flag.reindex(everyone.index, fill_value=0)
    without = frame[~flagged].groupby(keys, observed=True)[person].nunique()
    without = without.reindex(everyone.index, fill_value=0)
    n = disclosure.share_disclosure_n(with_flag, without, everyone)
    return pd.DataFrame({"value": value, "n": n}, index=value.index).reset_index()


def count_with_persons(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows per group as ``value`` and distinct persons as ``n``."""
    grouped = frame.groupby(keys, observed=True, dropna=False)
    return grouped.agg(value=("person_id", "size"), n=("person_id", "nunique")).reset_index()
