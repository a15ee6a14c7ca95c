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
from toolkit.indicators.grouping import Groups
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


def _benefit_status(register: Register, wanted: pd.DataFrame) -> pd.DataFrame:
    """Per (person, month index) of ``wanted``: the status rule 2 reads from the payments
    (``paid``); only the wanted months are ranked."""
    benefits = register.benefits
    paid = benefits["amount"].to_numpy(dtype="float64", na_value=np.nan) > 0
    found = benefits[_in_wanted(benefits, wanted) & paid]
    order = pd.Index([benefit for benefit, _ in schema.BENEFIT_STATUS])
    ranked = pd.DataFrame(
        {
            "person_id": found["person_id"].to_numpy(),
            "month_index": _month_index(found["month"]),
            "rank": order.get_indexer(pd.Index(found["benefit"].astype("str"))),
        }
    )
    ranked = ranked[ranked["rank"] >= 0]
    first = ranked.sort_values("rank", kind="stable").drop_duplicates(["person_id", "month_index"])
    statuses = np.array([status for _, status in schema.BENEFIT_STATUS], dtype=object)
    return first.assign(paid=statuses[first["rank"].to_numpy()]).drop(columns="rank")


def _in_wanted(rows: pd.DataFrame, wanted: pd.DataFrame) -> np.ndarray:
    """Which of ``rows`` (person_id, month) fall on a (person, month index) of ``wanted``:
    the payments and reports hold every month of every citizen, the follow-up needs a few
    per ended course, so only those are read further."""
    persons = _person_numbers(wanted["person_id"], rows["person_id"])
    months = np.r_[wanted["month_index"].to_numpy(dtype="int64"), _month_index(rows["month"])]
    # One integer per (person, month): months since 1970 stay far below 2**20.
    keys = persons.astype("int64") * 2**20 + months
    row_persons, row_keys = persons[len(wanted) :], keys[len(wanted) :]
    return (
        pd.Series(row_keys).isin(keys[: len(wanted)]).to_numpy()
        & (row_persons >= 0)
        & rows["month"].notna().to_numpy()
    )


def _person_numbers(*columns: pd.Series) -> np.ndarray:
    """One integer per person across ``columns``, concatenated (blank: -1). ``compute``
    already gives persons integer codes; text ids (a page's own register) are numbered here."""
    if all(pd.api.types.is_integer_dtype(column.dtype) for column in columns):
        return np.concatenate([column.to_numpy(dtype="int64", na_value=-1) for column in columns])
    numbers, _ = pd.factorize(pd.concat(columns, ignore_index=True))
    return numbers


def _reported_status(register: Register, wanted: pd.DataFrame) -> pd.DataFrame:
    """Per (person, month index) of ``wanted``: the status of «Status efter forløb»
    (``reported``; the first row where a month is given twice)."""
    reports = register.status_after
    found = reports[_in_wanted(reports, wanted) & reports["status"].notna().to_numpy()]
    frame = pd.DataFrame(
        {
            "person_id": found["person_id"].to_numpy(),
            "month_index": _month_index(found["month"]),
            "reported": found["status"].astype("str").to_numpy(dtype=object),
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

    wanted = rows.loc[:, ["person_id", "month_index"]].drop_duplicates()
    reported = _reported_status(register, wanted)
    rows = rows.merge(reported, on=["person_id", "month_index"], how="left")
    rows = rows.merge(
        _benefit_status(register, wanted), on=["person_id", "month_index"], how="left"
    )
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
    rows = rows[rows["passed"].to_numpy()]
    groups = Groups(rows, ["period", "scheme", "horizon"])
    width = len(STATUS_ORDER)
    status = pd.Categorical(rows["status"], categories=STATUS_ORDER).codes.astype(np.int64)
    # Every status in every group (a cell), so a status nobody had shows as 0 %.
    cell = groups.id * width + status
    cells = groups.count * width
    courses = np.bincount(cell, minlength=cells)
    # A share points at the citizens with the status and at those without it (the catalogue's
    # share rule): a citizen is "without" unless every one of their courses here has it.
    person = rows["person_id"].to_numpy(dtype=np.int64, na_value=-1)
    pairs = np.unique(person * cells + cell)  # distinct (person, group, status)
    person_group = pairs // width  # the same for a person's statuses in one group
    starts = np.r_[True, person_group[1:] != person_group[:-1]][: len(pairs)]
    statuses = np.diff(np.r_[np.flatnonzero(starts), len(pairs)])
    alone = np.repeat(statuses == 1, statuses)
    with_status = np.bincount(pairs % cells, minlength=cells)
    only = np.bincount(pairs[alone] % cells, minlength=cells)
    everyone = np.repeat(groups.distinct(rows["person_id"]), width)
    total = np.repeat(groups.size(), width)
    out = groups.keys.loc[np.repeat(np.arange(groups.count), width)].reset_index(drop=True)
    out = out.assign(
        status=np.tile(STATUS_ORDER, groups.count),
        value=courses / np.maximum(total, 1) * 100,
        n=share_disclosure_n(with_status, everyone - only, everyone),
    )
    return tidy(out, ("scheme", "horizon", "status"))


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
