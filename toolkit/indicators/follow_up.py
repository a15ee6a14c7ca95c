"""Status after the course: where a citizen is 1, 3, 6 and 12 months after a ressourceforløb
or jobafklaringsforløb ended (the rule is written out for readers in docs/outcomes.md).

:func:`status_after_end` is the one place the rule lives; the catalogue's indicators, the
page and the briefing all read it. A course that ended in month E is followed up in month
M = E + h. The status in M is, first match wins:

1. the citizen's row in «Status efter forløb» for M;
2. a payment in «Ydelser» for M with an amount above 0, read through
   :data:`toolkit.schema.BENEFIT_STATUS` (several payments in M: the first in that order);
3. «fraflyttet» when the course ended because the citizen moved away;
4. «ukendt» (:data:`UNKNOWN`, derived here, never a code of the sheet).

The follow-up has passed only when M is at or before the last month the data cover to its
end (:func:`last_whole_month`); before that the status is not known yet (NA) and the course
is «for ny».
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.publishing import share_disclosure_n
from toolkit.indicators.spans import event_period, tidy
from toolkit.register import Register

HORIZONS = (1, 3, 6, 12)
FOLLOWED_SCHEMES = ("ressourceforloeb", "jobafklaring")
MOVED_EXIT = "flyttet"
DIED_EXIT = "doed"
MOVED = "fraflyttet"
UNKNOWN = "ukendt"
UNKNOWN_LABEL = "Ukendt"


# Every status in reading order (the sheet's code list, then «ukendt»), with Danish labels.
STATUS_LABELS: dict[str, str] = {**dict(schema.FOLLOW_UP_STATUS.labels), UNKNOWN: UNKNOWN_LABEL}
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_LABELS)

COLUMNS = (
    "course_id",
    "person_id",
    "scheme",
    "coordinating_department",
    "end",
    "horizon",
    "month",
    "status",
    "passed",
)


def _month_index(days: pd.Series) -> np.ndarray:
    """Months since January 1970 (integers), so that adding h months is adding h."""
    return days.to_numpy(dtype="datetime64[us]").astype("datetime64[M]").astype("int64")


def _first_days(month_index: pd.Series) -> pd.Series:
    months = month_index.to_numpy(dtype="int64").astype("datetime64[M]")
    return pd.Series(months.astype("datetime64[us]"), index=month_index.index)


def _benefit_status(register: Register) -> pd.DataFrame:
    """Per (person, month index): the status rule 2 reads from the payments (``paid``)."""
    benefits = register.benefits
    benefits = benefits[(benefits["amount"] > 0) & benefits["month"].notna()]
    order = pd.Index([benefit for benefit, _ in schema.BENEFIT_STATUS])
    ranks = order.get_indexer(pd.Index(benefits["benefit"]))
    ranked = pd.DataFrame(
        {
            "person_id": benefits["person_id"].to_numpy(),
            "month_index": _month_index(benefits["month"]),
            "rank": ranks,
        }
    )
    ranked = ranked[ranked["rank"] >= 0]
    first = ranked.sort_values("rank", kind="stable").drop_duplicates(["person_id", "month_index"])
    statuses = np.array([status for _, status in schema.BENEFIT_STATUS], dtype=object)
    return first.assign(paid=statuses[first["rank"].to_numpy()]).drop(columns="rank")


def _reported_status(register: Register) -> pd.DataFrame:
    """Per (person, month index): the status of «Status efter forløb» (``reported``)."""
    rows = register.status_after.dropna(subset=["month", "status"])
    frame = pd.DataFrame(
        {
            "person_id": rows["person_id"].to_numpy(),
            "month_index": _month_index(rows["month"]),
            "reported": rows["status"].to_numpy(dtype=object),
        }
    )
    return frame.drop_duplicates(["person_id", "month_index"])


def last_whole_month(as_of: date) -> int:
    """The last month (as months since January 1970) the data cover to its end: the as-of
    month when the as-of date is its last day, else the month before (a month seen for a
    few days lacks most of its payments, and its status would read «ukendt»)."""
    month = (as_of.year - 1970) * 12 + as_of.month - 1
    return month if (as_of + timedelta(days=1)).day == 1 else month - 1


def status_after_end(
    register: Register, as_of: date, horizons: Sequence[int] = HORIZONS
) -> pd.DataFrame:
    """One row per ended ressourceforløb/jobafklaringsforløb and horizon (months after the
    end): ``course_id, person_id, scheme, coordinating_department, end, horizon, month``
    (the status month's first day), ``status`` (a code of «Status efter forløb», or
    "ukendt"; NA while the follow-up has not passed) and ``passed``.

    A course counts as ended when its end date is on or before ``as_of``; a course that
    ended because the citizen died is not followed up (it is in no share and no count).
    """
    courses = register.courses
    ended = courses[
        courses["scheme"].isin(FOLLOWED_SCHEMES)
        & courses["end"].notna()
        & (courses["end"] <= pd.Timestamp(as_of))
        & ~courses["exit_reason"].isin([DIED_EXIT])  # nobody to follow up
    ]
    as_of_index = last_whole_month(as_of)
    steps = pd.DataFrame({"horizon": pd.Series(list(horizons), dtype="int64")})
    rows = ended.reset_index(drop=True).merge(steps, how="cross")
    month_index = _month_index(rows["end"]) + rows["horizon"]
    rows = rows.assign(month_index=month_index, passed=month_index <= as_of_index)

    rows = rows.merge(_reported_status(register), on=["person_id", "month_index"], how="left")
    rows = rows.merge(_benefit_status(register), on=["person_id", "month_index"], how="left")
    moved = pd.Series(np.where(rows["exit_reason"] == MOVED_EXIT, MOVED, UNKNOWN), index=rows.index)
    status = rows["reported"].fillna(rows["paid"]).fillna(moved)
    rows["status"] = status.where(rows["passed"]).astype("str")
    rows["month"] = _first_days(rows["month_index"])
    rows["passed"] = rows["passed"].astype("bool")
    out = rows.loc[:, list(COLUMNS)]
    return out.sort_values(["course_id", "horizon"], kind="stable").reset_index(drop=True)


def _follow_up(ctx: Context) -> pd.DataFrame:
    """The rule's rows for the courses ending in a requested period, with that ``period``;
    shared by both indicators of one ``compute`` call (never modified in place)."""

    def make() -> pd.DataFrame:
        rows = status_after_end(ctx.register, ctx.as_of)
        return rows.assign(period=event_period(rows["end"], ctx)).dropna(subset=["period"])

    return ctx.cached("follow_up", make)


@indicator(
    label="Status efter forløbet",
    definition="Andel af de ressourceforløb og jobafklaringsforløb, der sluttede i perioden, "
    "fordelt på borgerens status 1, 3, 6 og 12 måneder efter slutmåneden: job eller "
    "uddannelse, fleksjob, ledighedsydelse, førtidspension, kontanthjælp eller anden ydelse, "
    "sygedagpenge, selvforsørget, fraflyttet eller ukendt. Status læses i arket Status efter "
    "forløb, ellers i Ydelser. Kun forløb, hvor måneden er nået på opgørelsesdatoen, tæller "
    "med; statusserne summer til 100 % for hver ordning og måned efter.",
    unit="%",
    family="outcome",
    dimensions=("scheme", "horizon", "status"),
    source="STAR: status efter endt ressourceforløb",
)
def status_after_end_pct(ctx: Context) -> pd.DataFrame:
    rows = _follow_up(ctx)
    rows = rows[rows["passed"]]
    keys = ["period", "scheme", "horizon"]
    group = rows.groupby(keys, observed=True)
    totals = group.agg(total=("course_id", "size"), everyone=("person_id", "nunique"))
    # Every status in every group, so a status nobody had shows as 0 % (not as missing).
    cells = totals.reset_index().merge(pd.DataFrame({"status": list(STATUS_ORDER)}), how="cross")
    courses = rows.groupby([*keys, "status"], observed=True).size().rename("courses")
    # A share points at the citizens with the status and at those without it (the catalogue's
    # share rule): a citizen is "without" unless every one of their courses here has it.
    pairs = rows.drop_duplicates([*keys, "person_id", "status"])
    statuses = pairs.groupby([*keys, "person_id"], observed=True)["status"].transform("size")
    with_status = pairs.groupby([*keys, "status"], observed=True).size().rename("with_status")
    only = pairs[statuses == 1].groupby([*keys, "status"], observed=True).size().rename("only")
    on = [*keys, "status"]
    for counts in (courses, with_status, only):
        cells = cells.merge(counts.reset_index(), on=on, how="left")
    cells = cells.fillna({"courses": 0, "with_status": 0, "only": 0})
    without = cells["everyone"] - cells["only"]
    cells["value"] = cells["courses"] / cells["total"] * 100
    cells["n"] = share_disclosure_n(cells["with_status"], without, cells["everyone"])
    return tidy(cells, ("scheme", "horizon", "status"))


@indicator(
    label="For nye til at gøre status op",
    definition="Antal ressourceforløb og jobafklaringsforløb, der sluttede i perioden, hvor "
    "måneden 1, 3, 6 eller 12 måneder efter slutmåneden endnu ikke er nået på "
    "opgørelsesdatoen. De tæller ikke med i Status efter forløbet.",
    unit="forløb",
    family="outcome",
    dimensions=("scheme", "horizon"),
)
def follow_up_pending_count(ctx: Context) -> pd.DataFrame:
    rows = _follow_up(ctx)
    pending = rows[~rows["passed"]]
    grouped = pending.groupby(["period", "scheme", "horizon"], observed=True)
    out = grouped.agg(value=("course_id", "size"), n=("person_id", "nunique")).reset_index()
    return tidy(out, ("scheme", "horizon"))
