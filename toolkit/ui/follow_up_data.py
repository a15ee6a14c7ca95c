"""Forløb og resultater, «Status efter forløbet»: where the citizens of the courses that ended
in the chosen window are 1, 3, 6 and 12 months after the end, for one scheme, and how many
are too recent to tell. The statuses come from the one rule
(:func:`toolkit.indicators.follow_up.status_after_end`); every table leaves here suppressed
(``toolkit.indicators.publish``, primary and secondary along the statuses of a horizon).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit import formats
from toolkit.charts.follow_up_charts import horizon_label, status_label
from toolkit.indicators.follow_up import HORIZONS, STATUS_ORDER, status_after_end
from toolkit.indicators.publishing import (
    NOT_SUPPRESSED,
    SECONDARY,
    display,
    publish,
    reveals_whole_group,
)
from toolkit.register import Register

SHARE_ID = "status_after_end_pct"
FOLLOWED_ID = "follow_up_followed_count"  # the courses whose follow-up has passed
PENDING_ID = "follow_up_pending_count"
WINDOW = "valgt periode"
HORIZON_OF_COUNT = "months_after_end"
# The counts followed and too recent are not parts of a sum (a course counts at every horizon
# it has reached): each horizon is a period of its own, hidden only when small itself.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    SHARE_ID: ("horizon", "status"),
    FOLLOWED_ID: (),
    PENDING_ID: (),
}


@dataclass(frozen=True)
class StatusAfter:
    scheme: str
    shares: pd.DataFrame  # horizon, status, value (%), count, n, total, suppressed
    followed: pd.DataFrame  # horizon, value (courses followed up), n, suppressed
    pending: pd.DataFrame  # horizon, value (courses too recent), n, suppressed


def ended_in(rows: pd.DataFrame, scheme: str, first: date, last: date) -> pd.DataFrame:
    """The rule's rows of ``scheme``'s courses that ended in the window."""
    inside = (rows["end"] >= pd.Timestamp(first)) & (rows["end"] <= pd.Timestamp(last))
    return rows[(rows["scheme"] == scheme) & inside]


def _counts(rows: pd.DataFrame, keys: list[str], indicator: str) -> pd.DataFrame:
    grouped = rows.groupby(keys, observed=True, sort=True)
    counts = grouped.agg(value=("course_id", "size"), n=("person_id", "nunique")).reset_index()
    if DIMENSIONS[indicator]:
        return counts.assign(indicator=indicator, period=WINDOW)
    periods = [f"{WINDOW}, {horizon_label(int(h))}" for h in counts["horizon"]]
    # The horizon is carried beside the dimensions, under a name publish does not read.
    return counts.rename(columns={"horizon": HORIZON_OF_COUNT}).assign(
        indicator=indicator, period=periods
    )


def status_after(
    rows: pd.DataFrame, scheme: str, first: date, last: date, threshold: int | None = None
) -> StatusAfter:
    """Per horizon, the share of ``scheme``'s courses ending in the window in each status,
    among those whose follow-up has passed (a status nobody had is not a row), the number
    followed and the number too recent, all suppressed.

    ``rows``: :func:`toolkit.indicators.follow_up.status_after_end`."""
    ended = ended_in(rows, scheme, first, last)
    passed = ended[ended["passed"]]
    cells = _counts(passed, ["horizon", "status"], SHARE_ID)
    followed = _counts(passed, ["horizon"], FOLLOWED_ID)
    pending = _counts(ended[~ended["passed"]], ["horizon"], PENDING_ID)
    totals = followed.set_index(HORIZON_OF_COUNT)["value"]
    cells = cells.assign(
        count=cells["value"],
        total=cells["horizon"].map(totals),
        rank=cells["status"].map(STATUS_ORDER.index),
    ).sort_values(["horizon", "rank"])
    cells["value"] = cells["count"] / cells["total"] * 100
    columns = ["indicator", "period", "horizon", "status", "value", "n", "count", "total"]
    counted = ["indicator", "period", HORIZON_OF_COUNT, "value", "n"]
    frame = pd.concat([cells[columns], followed[counted], pending[counted]], ignore_index=True)
    frame["n"] = frame["n"].astype("Int64")
    published = publish(frame, dimensions=DIMENSIONS, threshold=threshold)
    # The catalogue's rule 5: 100 % of a small group in one status says where every one of
    # them went, so it is hidden like a secondary cell.
    whole = (
        (published["indicator"] == SHARE_ID)
        & (published["suppressed"] == NOT_SUPPRESSED)
        & reveals_whole_group(published["value"], published["total"], threshold)
    )
    published.loc[whole, "value"] = float("nan")
    published.loc[whole, "suppressed"] = SECONDARY
    _guard_horizons(published, set(published.loc[whole, "horizon"].dropna().astype(int)))
    hidden = published["suppressed"] != ""
    published.loc[hidden, ["count", "total", "n"]] = pd.NA

    def part(indicator: str, keep: list[str]) -> pd.DataFrame:
        rows_of = published[published["indicator"] == indicator]
        if not DIMENSIONS[indicator]:
            rows_of = rows_of.assign(horizon=rows_of[HORIZON_OF_COUNT].astype("int64"))
        return rows_of[keep].reset_index(drop=True)

    base = ["horizon", "value", "n", "suppressed"]
    return StatusAfter(
        scheme=scheme,
        shares=part(SHARE_ID, ["horizon", "status", "value", "count", "n", "total",
                               "suppressed"]),
        followed=part(FOLLOWED_ID, base),
        pending=part(PENDING_ID, base),
    )  # fmt: skip


def _guard_horizons(published: pd.DataFrame, whole_group: set[int]) -> None:
    """Close what would give a hidden number away, per horizon (in place).

    Followed plus too recent is the same number at every horizon (the courses that ended in
    the window), so a hidden «too recent» count could be worked out from another horizon's
    two counts: its horizon's followed count is hidden with it, and the counts behind that
    horizon's shares. A horizon where 100 % of a small group had one status (rule 5) hides
    every status and its followed count: naming the one hidden status would say it all.
    """
    horizon_of = published[HORIZON_OF_COUNT].astype("Int64")
    pending_hidden = (published["indicator"] == PENDING_ID) & (published["suppressed"] != "")
    guarded = set(horizon_of[pending_hidden].dropna().astype(int)) | whole_group
    followed = (published["indicator"] == FOLLOWED_ID) & horizon_of.isin(list(guarded))
    closed = followed & (published["suppressed"] == NOT_SUPPRESSED)
    published.loc[closed, "value"] = float("nan")
    published.loc[closed, "suppressed"] = SECONDARY
    shares = published["indicator"] == SHARE_ID
    published.loc[shares & published["horizon"].isin(list(guarded)), ["count", "total"]] = pd.NA
    everything = shares & published["horizon"].isin(list(whole_group))
    published.loc[everything & (published["suppressed"] == NOT_SUPPRESSED), "value"] = float("nan")
    published.loc[everything, "suppressed"] = SECONDARY


def status_for_selection(
    register: Register, as_of: date, scheme: str, first: date, last: date
) -> StatusAfter:
    """:func:`status_after` on a register already restricted to the page's selection."""
    return status_after(status_after_end(register, as_of), scheme, first, last)


# -- sentences and the table for "Hent som Excel" ---------------------------------------------


def _shown_count(frame: pd.DataFrame, horizon: int) -> str | None:
    """The count as a sentence shows it; None when the horizon has no row."""
    if frame[frame["horizon"] == horizon].empty:
        return None
    count = _cell_count(frame, horizon)
    return formats.integer(count) if isinstance(count, int) else count


def _cell_count(frame: pd.DataFrame, horizon: int) -> int | str:
    """A count for an Excel cell: a number a controller can add up, or its mark when hidden."""
    row = frame[frame["horizon"] == horizon]
    if row.empty:
        return 0
    value, mark = row["value"].iloc[0], row["suppressed"].iloc[0]
    return display(None, mark) if mark else int(value)


def pending_sentence(data: StatusAfter) -> str:
    """«For nye til at gøre op: 3 måneder efter: 12 forløb; 12 måneder efter: 40 forløb.»"""
    parts = []
    for horizon in HORIZONS:
        shown = _shown_count(data.pending, horizon)
        if shown is not None:
            parts.append(f"{horizon_label(horizon)}: {shown}")
    if not parts:
        return "Alle forløb i perioden er fulgt op på alle fire tidspunkter."
    return (
        "For nye til at gøre op (måneden efter er ikke nået på opgørelsesdatoen, så de "
        f"tæller ikke med i søjlerne), antal forløb: {'; '.join(parts)}."
    )


def hidden_sentence(data: StatusAfter) -> str:
    """The statuses a bar leaves out, with their marks; '' when none is hidden."""
    parts = []
    for horizon in HORIZONS:
        rows = data.shares[(data.shares["horizon"] == horizon) & (data.shares["suppressed"] != "")]
        if rows.empty:
            continue
        if (rows["suppressed"] == SECONDARY).all() and len(rows) == len(
            data.shares[data.shares["horizon"] == horizon]
        ):  # a whole horizon closed: naming its statuses would tell where everyone went
            parts.append(f"{horizon_label(horizon)}: alle statusser ({display(None, SECONDARY)})")
            continue
        named = [f"{status_label(s)} ({display(None, m)})"
                 for s, m in zip(rows["status"], rows["suppressed"], strict=True)]  # fmt: skip
        parts.append(f"{horizon_label(horizon)}: {', '.join(named)}")
    if not parts:
        return ""
    return f"Skjult, så søjlen ikke når 100 %: {'; '.join(parts)}."


def status_export(data: StatusAfter) -> pd.DataFrame:
    """The shares with their counts, the followed and the too recent per horizon."""
    rows = []
    for horizon in HORIZONS:
        followed = _cell_count(data.followed, horizon)
        pending = _cell_count(data.pending, horizon)
        shares = data.shares[data.shares["horizon"] == horizon]
        for row in shares.to_dict(orient="records"):
            hidden = display(None, str(row["suppressed"])) if row["suppressed"] else ""
            rows.append({
                "Tid efter forløbet": horizon_label(horizon),
                "Status": status_label(str(row["status"])),
                "Andel (%)": None if hidden else round(float(row["value"]), 1),
                "Forløb": None if hidden or pd.isna(row["count"]) else int(row["count"]),
                "Forløb fulgt op": followed,
                "For nye til at gøre op": pending,
                "Skjult": hidden,
            })  # fmt: skip
    columns = ["Tid efter forløbet", "Status", "Andel (%)", "Forløb", "Forløb fulgt op",
               "For nye til at gøre op", "Skjult"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
