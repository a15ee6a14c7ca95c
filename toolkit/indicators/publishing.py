"""The one publish path: every number that leaves the toolkit passes :func:`publish`.

Pages, briefings, the ``indicators`` command and the comparisons call :func:`publish` on the
tidy indicator frame and show what it returns; nothing above the indicator layer calls the
suppression primitives (:mod:`toolkit.disclosure`) directly (an import contract says so).
The marks and the Danish display helpers those layers need are re-exported from here.

Totals: the catalogue publishes an indicator's finest breakdown only. Where a reader needs a
sum over a breakdown (kroner, counts), ``publish`` adds it as the breakdown's total rows
(the dimension NA) and suppresses them together with the rows they sum, so no hidden row
can be recovered by subtraction. A total's ``n`` is the largest ``n`` summed, a lower bound
of the persons behind it (so the total is hidden whenever that bound is small), unless the
caller knows the exact persons. A median or a share cannot be summed: it is computed on a
register whose dimension is pooled into one code (:mod:`toolkit.indicators.pooling`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from toolkit import disclosure
from toolkit.disclosure import (
    MARKS_LEGEND_DA,
    NOT_COMPUTABLE_MARK,
    NOT_SUPPRESSED,
    PRIMARY,
    SECONDARY,
    SECONDARY_MARK,
    THRESHOLD_ATTR,
    display,
    display_values,
    footnote_da,
    reveals_whole_group,
    share_disclosure_n,
    suppression_threshold,
)
from toolkit.indicators.catalogue import DIMENSIONS, REGISTRY

__all__ = [
    "MARKS_LEGEND_DA",
    "NOT_COMPUTABLE_MARK",
    "NOT_SUPPRESSED",
    "PRIMARY",
    "SECONDARY",
    "SECONDARY_MARK",
    "THRESHOLD_ATTR",
    "display",
    "display_values",
    "footnote_da",
    "keep_dimensions",
    "publish",
    "reveals_whole_group",
    "share_disclosure_n",
    "suppression_threshold",
    "totals_only",
    "unsuppressed_note",
]


def unsuppressed_note() -> str:
    """What every row of an unsuppressed table says about itself."""
    return (
        f"Ikke diskretioneret: tal for færre end {suppression_threshold()} personer "
        "er vist. Kun til intern analyse; må ikke offentliggøres eller deles."
    )


def publish(
    frame: pd.DataFrame,
    *,
    totals: Mapping[str, str] | None = None,
    total_persons: Mapping[str, Mapping[str, object]] | None = None,
    dimensions: Mapping[str, Sequence[str]] | None = None,
    threshold: int | None = None,
    suppress: bool = True,
) -> pd.DataFrame:
    """The tidy ``frame`` as it may leave the toolkit: with totals, small cells suppressed.

    ``totals`` maps an indicator id to one of its dimensions: per period and value of that
    dimension a total over the indicator's other dimension, and per period a total over
    everything, are added (see the module's note). The totalled indicators come first (in
    the order given, each followed by its totals), then the other rows in frame order.
    ``total_persons`` maps an indicator id to the exact persons behind its overall total
    per period label (a period without one keeps the lower bound).

    ``dimensions`` maps each indicator id to its dimension columns, for tables that are not
    catalogue indicators (the flow of citizens, the comparisons between groups); by default
    the catalogue's, where indicators without persons behind them (budgets) pass
    unsuppressed. A catalogue share (unit %) of 0 % or 100 % is hidden unless its group
    counts at least twice the threshold (:func:`toolkit.disclosure.reveals_whole_group`).
    ``threshold`` defaults to the configured one.

    ``suppress=False`` is for internal analysis only: every row then carries a ``note``
    saying so, so a csv or json file that travels on cannot be mistaken for a published one.
    """
    if dimensions is None:
        dimensions = {item.id: item.dimensions for item in REGISTRY.values()}
        exempt = [item.id for item in REGISTRY.values() if not item.about_persons]
        # A catalogue share of 0 % or 100 % of a small group is hidden (disclosure rule 5).
        shares = [item.id for item in REGISTRY.values() if item.unit == "%"]
    else:
        exempt = shares = []
    if totals:
        frame = _with_totals(frame, totals, dimensions, total_persons or {})
    if not suppress:
        return frame.assign(suppressed=NOT_SUPPRESSED, note=unsuppressed_note())
    return disclosure.suppress(frame, dimensions, threshold, exempt=exempt, shares=shares)


def totals_only(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """The rows that are totals over ``dimension`` (NA there)."""
    return frame[frame[dimension].isna()].reset_index(drop=True)


def keep_dimensions(frame: pd.DataFrame, *dimensions: str) -> pd.DataFrame:
    """The frame without the dimension columns other than ``dimensions`` (all NA there)."""
    drop = [c for c in DIMENSIONS if c in frame.columns and c not in dimensions]
    return frame.drop(columns=drop).reset_index(drop=True)


def _with_totals(
    frame: pd.DataFrame,
    totals: Mapping[str, str],
    dimensions: Mapping[str, Sequence[str]],
    total_persons: Mapping[str, Mapping[str, object]],
) -> pd.DataFrame:
    """The totalled indicators with their totals, then the other rows in frame order."""
    parts = []
    for indicator_id, dimension in totals.items():
        summed = _summed(frame, indicator_id, dimension)
        if indicator_id in total_persons:
            summed = _exact_persons(summed, dimensions[indicator_id], total_persons[indicator_id])
        parts.append(summed)
    rest = frame[~frame["indicator"].isin(list(totals))]
    if len(rest):
        parts.append(rest)
    return pd.concat(parts, ignore_index=True)


def _summed(frame: pd.DataFrame, indicator_id: str, dimension: str) -> pd.DataFrame:
    """The indicator's rows plus, per period and ``dimension`` value, a total over its other
    dimension (NA there), and a total over everything (both NA)."""
    rows = frame[frame["indicator"] == indicator_id]
    known = rows["value"].notna()
    by_dimension = rows[known].groupby(["period", dimension], observed=True)
    sums = by_dimension.agg(value=("value", "sum"), n=("n", "max")).reset_index()
    overall = (
        rows[known].groupby("period", observed=True).agg(value=("value", "sum"), n=("n", "max"))
    )
    sums = pd.concat([sums, overall.reset_index()], ignore_index=True)
    sums.insert(0, "indicator", indicator_id)
    sums = sums.reindex(columns=frame.columns)
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]):
            sums[column] = sums[column].astype("str")
    sums["n"] = sums["n"].astype("Int64")
    return pd.concat([rows, sums], ignore_index=True)


def _exact_persons(
    rows: pd.DataFrame, dimensions: Sequence[str], persons: Mapping[str, object]
) -> pd.DataFrame:
    """The overall total's ``n`` per period set to the exact persons, where known."""
    overall = rows[list(dimensions)].isna().all(axis=1)
    exact = rows.loc[overall, "period"].map(persons)
    rows = rows.copy()
    rows.loc[overall, "n"] = exact.where(exact.notna(), rows.loc[overall, "n"]).astype("Int64")
    return rows
