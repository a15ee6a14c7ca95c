"""Status efter forløb: where citizens are month by month after a ressourceforløb or
jobafklaringsforløb ended, as a controller would extract it from DREAM or the benefit systems.

The first month's status follows the course's exit reason (a citizen who left for a job is
in a job, one who moved has moved); the reasons that leave it open (anden ydelse, andet) lean
towards førtidspension as STAR's national figures do. Later months drift: some on
ledighedsydelse find their flex job, some on kontanthjælp or sygedagpenge find work or are
granted a pension. Where Ydelser pays a benefit in the month, the row says what the payment
says, so the two sheets never disagree. Rows are written for the twelve months after the
end, up to the as-of month, except

- months the citizen spends in a later ressourceforløb or jobafklaringsforløb (Ydelser
  shows them; the later course is followed instead),
- citizens who died, some of those who moved (the exit reason tells), some courses the
  controller could not find in DREAM, and a few single months: there the rule falls back on
  Ydelser and the exit reason, or the status is unknown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.sample._base import AS_OF, Flags, Quota, flags_by_group, take_by_group
from toolkit.sample.flow import JA, RF

FOLLOWED_MONTHS = 12
JOB = "job_uddannelse"
FLEX = "fleksjob"
IDLE = "ledighedsydelse"
PENSION = "foertidspension"
CASH = "kontanthjaelp"
SICK = "sygedagpenge"
SELF = "selvforsoerget"
MOVED = "fraflyttet"

# The status in the first month after the end, by exit reason. A citizen who died has none.
FIRST_STATUS: dict[str, dict[str, float]] = {
    "ordinaer_beskaeftigelse": {JOB: 1.0},
    "uddannelse": {JOB: 1.0},
    "fleksjob": {IDLE: 0.7, FLEX: 0.3},
    "foertidspension": {PENSION: 1.0},
    "nyt_forloeb": {CASH: 1.0},
    "anden_ydelse": {PENSION: 0.75, CASH: 0.15, SICK: 0.10},
    "flyttet": {MOVED: 1.0},
    "andet": {PENSION: 0.40, SELF: 0.30, CASH: 0.20, SICK: 0.10},
}
# Whether the status changes once within the twelve months, and into what.
DRIFT: dict[str, tuple[float, dict[str, float]]] = {
    IDLE: (0.60, {FLEX: 1.0}),
    CASH: (0.35, {JOB: 0.35, PENSION: 0.45, FLEX: 0.20}),
    SICK: (0.50, {JOB: 0.40, CASH: 0.30, PENSION: 0.30}),
    SELF: (0.25, {JOB: 0.70, CASH: 0.30}),
    JOB: (0.10, {CASH: 0.50, SICK: 0.50}),
    FLEX: (0.05, {IDLE: 1.0}),
}
# What a payment in Ydelser says about the month, strongest first (a month with both
# fleksløntilskud and ledighedsydelse is the month the flex job started).
PAYMENT_STATUS = dict(schema.BENEFIT_STATUS)  # the status rule's order, as the data reads
MOVED_WITHOUT_ROWS = 0.40  # the controller relies on the exit reason
COURSE_NOT_FOUND = 0.05  # no row at all: Ydelser or «ukendt»
MONTH_MISSING = 0.08  # a single month missing from the extract
SOURCE_BLANK = 0.10
SOURCE_PAYMENT = "Ydelsessystemet"
SOURCE_DREAM = "DREAM"


def status_after(
    rng: np.random.Generator, courses: pd.DataFrame, benefits: pd.DataFrame
) -> pd.DataFrame:
    """The «Status efter forløb» sheet for the sample's Forløb and Ydelser (schema columns)."""
    ended = courses[courses["scheme"].isin([RF, JA]) & courses["end"].notna()]
    ended = ended[ended["exit_reason"] != "doed"].reset_index(drop=True)
    rows = _monthly_rows(rng, ended)
    rows = _outside_later_courses(rows, courses)
    rows = _read_payments(rows, benefits)
    # A month in the year after two courses belongs to the later one.
    rows = rows.sort_values(["cpr", "month", "end"]).drop_duplicates(["cpr", "month"], keep="last")
    rows = _leave_gaps(rng, rows.sort_index(), ended)
    source = np.where(rows["paid"], SOURCE_PAYMENT, SOURCE_DREAM).astype(object)
    source[Flags(rng, SOURCE_BLANK).take(len(rows))] = None
    frame = pd.DataFrame(
        {
            "cpr": rows["cpr"].astype("str").to_numpy(),
            "month": rows["month"].astype("datetime64[us]").to_numpy(),
            "status": rows["status"].astype("str").to_numpy(),
            "source": pd.Series(source, dtype="str").to_numpy(),
        }
    )
    frame = frame.sort_values(["month", "cpr"], kind="stable").reset_index(drop=True)
    return frame.loc[:, list(schema.STATUS_AFTER.column_names)]


def _streams(rng: np.random.Generator, table: dict[str, dict[str, float]]) -> dict[str, Quota[str]]:
    return {key: Quota(rng, list(shares), list(shares.values())) for key, shares in table.items()}


def _monthly_rows(rng: np.random.Generator, ended: pd.DataFrame) -> pd.DataFrame:
    """One row per course and month after its end (1..12), with its drifting status."""
    n = len(ended)
    reasons = ended["exit_reason"].to_numpy(dtype=object)
    first = take_by_group(reasons, _streams(rng, FIRST_STATUS))
    drift_flags = {status: Flags(rng, share) for status, (share, _) in DRIFT.items()}
    drifts = flags_by_group(first, drift_flags)
    second = first.copy()  # førtidspension and moving away are for good
    can_drift = np.isin(first, list(DRIFT))
    into = _streams(rng, {status: shares for status, (_, shares) in DRIFT.items()})
    second[can_drift] = take_by_group(first[can_drift], into)
    switch_month = rng.integers(2, FOLLOWED_MONTHS + 1, n)
    switch_month[~drifts] = FOLLOWED_MONTHS + 1

    horizon = np.tile(np.arange(1, FOLLOWED_MONTHS + 1), n)
    course = np.repeat(np.arange(n), FOLLOWED_MONTHS)
    end_month = ended["end"].dt.to_period("M").to_numpy()[course]
    month = pd.PeriodIndex(end_month, freq="M") + horizon
    later = horizon >= switch_month[course]
    rows = pd.DataFrame(
        {
            "course": course,
            "cpr": ended["cpr"].to_numpy()[course],
            "end": ended["end"].to_numpy()[course],
            "month": month.to_timestamp().astype("datetime64[us]"),
            "status": np.where(later, second[course], first[course]),
        }
    )
    return rows[rows["month"] <= AS_OF.to_period("M").to_timestamp()]


def _outside_later_courses(rows: pd.DataFrame, courses: pd.DataFrame) -> pd.DataFrame:
    """Drop months the citizen spends in another ressourceforløb or jobafklaringsforløb."""
    spans = courses.loc[courses["scheme"].isin([RF, JA]), ["cpr", "start", "end"]]
    spans = spans.assign(
        first=spans["start"].dt.to_period("M").dt.to_timestamp(),
        last=spans["end"].fillna(AS_OF).dt.to_period("M").dt.to_timestamp(),
    )
    pairs = rows.reset_index().merge(spans[["cpr", "first", "last"]], on="cpr")
    inside = pairs.loc[
        (pairs["month"] >= pairs["first"]) & (pairs["month"] <= pairs["last"]), "index"
    ]
    return rows[~rows.index.isin(inside)]


def _read_payments(rows: pd.DataFrame, benefits: pd.DataFrame) -> pd.DataFrame:
    """Where Ydelser pays in the month, the row says what the payment says."""
    order = {benefit: rank for rank, benefit in enumerate(PAYMENT_STATUS)}
    paid = benefits[(benefits["amount"] > 0) & benefits["benefit"].isin(list(PAYMENT_STATUS))]
    paid = paid.assign(rank=paid["benefit"].map(order)).sort_values("rank")
    strongest = paid.drop_duplicates(["cpr", "month"])[["cpr", "month", "benefit"]]
    merged = rows.merge(strongest, on=["cpr", "month"], how="left", validate="many_to_one")
    merged.index = rows.index
    has_payment = merged["benefit"].notna() & (rows["status"] != MOVED)
    status = rows["status"].where(~has_payment, merged["benefit"].map(PAYMENT_STATUS))
    return rows.assign(status=status, paid=has_payment)


def _leave_gaps(rng: np.random.Generator, rows: pd.DataFrame, ended: pd.DataFrame) -> pd.DataFrame:
    """Drop what a real extract misses: moved citizens left to the exit reason, courses not
    found in DREAM, single months."""
    reasons = ended["exit_reason"].to_numpy(dtype=object)
    moved = reasons == "flyttet"
    dropped = np.zeros(len(ended), dtype=bool)
    dropped[moved] = Flags(rng, MOVED_WITHOUT_ROWS).take(int(moved.sum()))
    dropped[~moved] = Flags(rng, COURSE_NOT_FOUND).take(int((~moved).sum()))
    keep = ~dropped[rows["course"].to_numpy()] & ~Flags(rng, MONTH_MISSING).take(len(rows))
    return rows[keep]
