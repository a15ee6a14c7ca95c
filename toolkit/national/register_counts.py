"""The register's side of the bridge: who was paid, who had a course, who moved, published.

Every count here is about citizens, so it passes :func:`toolkit.indicators.publish` before
anyone sees it. Per scheme, the persons paid and the persons with a course are published as
one indicator whose cells include the overlapping parts («paid and course», «paid, no
course», «course, no payment»), so hiding a small part also hides what would let a reader
subtract it back out (``docs/national.md``, «Broen»).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit.indicators.context import Context
from toolkit.indicators.publishing import (
    NOT_COMPUTABLE_MARK,
    PRIMARY,
    SECONDARY,
    SECONDARY_MARK,
    THRESHOLD_ATTR,
    publish,
    suppression_threshold,
)
from toolkit.indicators.spans import active_courses, event_period
from toolkit.periods import (
    Level,
    Period,
    as_of_default,
    first_date,
    label_series,
    periods_between,
)
from toolkit.register import Economy, Register

# The benefit in Ydelser that Jobindsats counts for each scheme, and the schemes that also
# have a course in Forløb (their codes are the same in both code lists).
BENEFIT_SCHEME = {
    "ressourceforloebsydelse": "ressourceforloeb",
    "jobafklaringsydelse": "jobafklaring",
    "fleksloentilskud": "fleksjob",
    "ledighedsydelse": "ledighedsydelse",
    "kontanthjaelp": "kontanthjaelp",
}
COURSE_SCHEMES = ("ressourceforloeb", "jobafklaring", "fleksjob")
MOVED = "flyttet"
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}

PERSONS = "register_persons"
FULL_TIME = "register_full_time"
MOVED_AWAY = "moved_away"
YES, NO = "ja", "nej"
# Only the persons form breakdowns: paid = (paid and course) + (paid, no course) and
# course = (paid and course) + (course, no payment). The schemes are separate indicators:
# nothing sums them (a citizen may be in two), so a small count in one scheme does not hide
# another scheme's figures.
DIMENSIONS = {
    PERSONS: ("payment", "course"),
    FULL_TIME: (),
    MOVED_AWAY: (),
}
# The bridge's columns and the cell of the published frame each one shows.
CELLS = {
    "register_paid_persons": (PERSONS, YES, None),
    "register_course_persons": (PERSONS, None, YES),
    "payment_without_course": (PERSONS, YES, NO),
    "course_without_payment": (PERSONS, NO, YES),
    "moved_away": (MOVED_AWAY, None, None),
    "register_full_time": (FULL_TIME, None, None),
}


@dataclass(frozen=True)
class Coverage:
    """The periods the register describes: payments from the first to the last month in
    Ydelser, courses from the first date in the register to the as-of date."""

    payments: frozenset[str]
    courses: frozenset[str]
    last_payment_month: pd.Timestamp | None


def register_counts(
    register: Register,
    economy: Economy,
    level: Level,
    also: Collection[tuple[str, str]] = (),
) -> pd.DataFrame:
    """Per scheme and period of ``level`` the register's published counts.

    Columns: scheme, period, then for every column of :data:`CELLS` its value (float, NaN
    when hidden or not computable) and ``<column>_mark`` («<5», «..», «–» or NA). One row per
    scheme × period with a register count, and for every (scheme, period) in ``also`` that
    the register covers (a 0 there is a true 0); a scheme without a course has «–» in the
    course columns.
    """
    coverage = register_coverage(register, level)
    cells = _cells(register, economy, level, coverage, frozenset(also))
    if cells.empty:
        return _empty()
    dimensions = {
        _indicator(name, scheme): columns
        for name, columns in DIMENSIONS.items()
        for scheme in BENEFIT_SCHEME.values()
    }
    published = publish(cells, dimensions=dimensions)
    published["indicator"] = published["indicator"].str.partition(":")[0]
    limit = suppression_threshold(published.attrs.get(THRESHOLD_ATTR))
    marks = published["suppressed"].map({PRIMARY: f"<{limit}", SECONDARY: SECONDARY_MARK})
    published = published.assign(mark=marks.astype("str"))
    keys = published.loc[:, ["scheme", "period"]].drop_duplicates(ignore_index=True)
    out = keys.copy()
    for column, (indicator, payment, course) in CELLS.items():
        chosen = published[
            (published["indicator"] == indicator)
            & _equal(published["payment"], payment)
            & _equal(published["course"], course)
        ]
        cell = keys.merge(chosen.loc[:, ["scheme", "period", "value", "mark"]], how="left")
        out[column] = cell["value"].astype("float64").to_numpy()
        missing = cell["value"].isna() & cell["mark"].isna()
        out[f"{column}_mark"] = cell["mark"].mask(missing, NOT_COMPUTABLE_MARK).to_numpy()
        out[f"{column}_mark"] = out[f"{column}_mark"].astype("str")
    # Paid benefit months over the period's months gives the persons paid away when everyone
    # was paid every month, so the full-time figure hides whenever the persons paid do.
    hidden = out["register_paid_persons"].isna() & out["register_full_time"].notna()
    out.loc[hidden, "register_full_time"] = float("nan")
    out.loc[hidden, "register_full_time_mark"] = out.loc[hidden, "register_paid_persons_mark"]
    return out


def register_coverage(register: Register, level: Level) -> Coverage:
    """The periods of ``level`` the register's payments and courses describe in full."""
    months = register.benefits["month"].dropna()
    payments: frozenset[str] = frozenset()
    last_month = None
    if len(months):
        last_month = months.max()
        inside = periods_between(months.min().date(), last_month.date(), level)
        # A period whose first or last months have no Ydelser (before the first month, after
        # the last) is not counted: it would look low, and the register, not Jobindsats,
        # would be the one not yet complete.
        last_day = (last_month + pd.offsets.MonthEnd(0)).date()
        payments = frozenset(
            p.label for p in inside if p.start >= months.min().date() and p.end <= last_day
        )
    courses: frozenset[str] = frozenset()
    start = first_date(register)
    if start is not None:
        courses = frozenset(p.label for p in _course_periods(register, start, level))
    return Coverage(payments, courses, last_month)


def _course_periods(register: Register, start: date, level: Level) -> list[Period]:
    return periods_between(start, as_of_default(register), level)


def _cells(
    register: Register,
    economy: Economy,
    level: Level,
    coverage: Coverage,
    also: frozenset[tuple[str, str]],
) -> pd.DataFrame:
    """The tidy frame for publish: indicator, period, scheme, payment, course, value, n."""
    paid = _paid_months(register, level)
    paid = paid[paid["period"].isin(coverage.payments)]
    courses, moved = _course_persons(register, economy, level)
    keys = ["scheme", "period"]
    persons = paid.drop_duplicates([*keys, "person_id"])
    in_both = persons.merge(courses, on=[*keys, "person_id"])
    counts = pd.DataFrame({
        "paid": persons.groupby(keys).size(),
        "months": paid.groupby(keys).size(),  # one row per person and month already
        "course": courses.groupby(keys).size(),
        "both": in_both.groupby(keys).size(),
        "moved": moved.drop_duplicates().groupby(keys).size(),
    })  # fmt: skip
    wanted = pd.MultiIndex.from_tuples(sorted(also), names=keys) if also else None
    counts = counts.reindex(counts.index.union(wanted) if wanted is not None else counts.index)
    counts = counts.fillna(0).astype("int64")
    rows: list[dict[str, object]] = []
    columns = [counts[name].tolist() for name in ("paid", "months", "course", "both", "moved")]
    for (scheme, period), paid_n, months_n, course_n, both_n, moved_n in zip(
        counts.index, *columns, strict=True
    ):
        paying = period in coverage.payments
        in_course = scheme in COURSE_SCHEMES and period in coverage.courses
        if (
            not (paying and paid_n)
            and not (in_course and course_n)
            and (scheme, period) not in also
        ):
            continue
        if paying:
            rows.append(_cell(PERSONS, period, scheme, YES, None, paid_n))
            months = months_n / MONTHS_IN[level]
            rows.append(_cell(FULL_TIME, period, scheme, None, None, months, paid_n))
        if in_course:
            rows.append(_cell(PERSONS, period, scheme, None, YES, course_n))
            rows.append(_cell(MOVED_AWAY, period, scheme, None, None, moved_n))
        if paying and in_course:
            rows.append(_cell(PERSONS, period, scheme, YES, YES, both_n))
            rows.append(_cell(PERSONS, period, scheme, YES, NO, paid_n - both_n))
            rows.append(_cell(PERSONS, period, scheme, NO, YES, course_n - both_n))
    frame = pd.DataFrame(
        rows, columns=["indicator", "period", "scheme", "payment", "course", "value", "n"]
    )
    text = ["indicator", "period", "scheme", "payment", "course"]
    return frame.astype(dict.fromkeys(text, "str") | {"value": "float64", "n": "Int64"})


def _cell(
    indicator: str,
    period: str,
    scheme: str,
    payment: str | None,
    course: str | None,
    value: float,
    persons: int | None = None,
) -> dict[str, object]:
    n = int(value) if persons is None else persons
    return {"indicator": _indicator(indicator, scheme), "period": period, "scheme": scheme,
            "payment": payment, "course": course, "value": float(value), "n": n}  # fmt: skip


def _paid_months(register: Register, level: Level) -> pd.DataFrame:
    """One row per scheme, person and month with a payment: the month's amounts of that
    benefit sum to more than 0 (a month whose payment was reversed is not a payment)."""
    benefits = register.benefits[register.benefits["benefit"].isin(list(BENEFIT_SCHEME))]
    benefits = benefits.assign(scheme=benefits["benefit"].map(BENEFIT_SCHEME))
    summed = (
        benefits.groupby(["scheme", "person_id", "month"], observed=True)["amount"]
        .sum(min_count=1)
        .reset_index()
    )
    paid = summed[summed["amount"].fillna(0) > 0]
    return paid.assign(period=label_series(paid["month"], level)).loc[
        :, ["scheme", "period", "person_id", "month"]
    ]


def _course_persons(
    register: Register, economy: Economy, level: Level
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The persons with an active course (scheme, period, person_id) and the persons whose
    course ended «Fraflyttet kommunen» (same columns), in the periods the register covers."""
    start = first_date(register)
    empty = pd.DataFrame({c: pd.Series(dtype="str") for c in ("scheme", "period", "person_id")})
    if start is None:
        return empty, empty
    periods = tuple(_course_periods(register, start, level))
    ctx = Context(register, economy, periods, as_of_default(register), level)
    active = active_courses(ctx)
    active = active[active["scheme"].isin(COURSE_SCHEMES)]
    persons = active.loc[:, ["scheme", "period", "person_id"]].drop_duplicates()
    courses = register.courses
    ended = courses.assign(period=event_period(courses["end"], ctx))
    ended = ended[(ended["exit_reason"] == MOVED) & ended["scheme"].isin(COURSE_SCHEMES)]
    moved = ended.dropna(subset=["period"]).loc[:, ["scheme", "period", "person_id"]]
    return persons.reset_index(drop=True), moved.reset_index(drop=True)


def _indicator(name: str, scheme: str) -> str:
    return f"{name}:{scheme}"


def _equal(column: pd.Series, value: str | None) -> pd.Series:
    return column.isna() if value is None else column == value


def _empty() -> pd.DataFrame:
    columns: dict[str, pd.Series] = {
        "scheme": pd.Series(dtype="str"),
        "period": pd.Series(dtype="str"),
    }
    for column in CELLS:
        columns[column] = pd.Series(dtype="float64")
        columns[f"{column}_mark"] = pd.Series(dtype="str")
    return pd.DataFrame(columns)
