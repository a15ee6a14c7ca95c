"""The refund ladder (refusionstrappen) as dated data, and the estimate of a blank refund.

The state refunds a share of a benefit that falls with the person's accumulated weeks on
public support: 80 % for weeks 1-4, 40 % for weeks 5-26, 30 % for weeks 27-52 and 20 % from
week 53 (lov om kommunernes finansiering af visse offentlige ydelser udbetalt af kommunerne,
Udbetaling Danmark og arbejdsløshedskasserne § 5, stk. 2; LBK nr. 221 af 12/02/2021). The
count runs across benefits and starts over only after 52 whole calendar weeks of
self-support within the last 3 years (same law, § 6). The ladder is read from the Refusion
sheet of oekonomi.xlsx; the shipped default is used only when that sheet is empty.

Ydelser has one row per person, month and benefit, so weeks are estimated from months:
``benefit_weeks`` counts them, ``refund_weeks`` lifts the count where the person's own
filled-in refunds show support from before the register, ``estimate_refund`` fills a blank
refund from that week. ``ESTIMATION_NOTE_DA`` says the same in Danish for docs and briefings.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from toolkit import schema

if TYPE_CHECKING:
    from toolkit.register import Economy

LEGAL_SOURCE_DA = (
    "Lov om kommunernes finansiering af visse offentlige ydelser udbetalt af kommunerne, "
    "Udbetaling Danmark og arbejdsløshedskasserne, § 5, stk. 2 (refusionssatserne) og § 6 "
    "(ny opgørelse efter 52 ugers selvforsørgelse inden for 3 år); LBK nr. 221 af 12/02/2021."
)
DEFAULT_SOURCE_DA = f"Lovens standardtrappe (80/40/30/20 %): {LEGAL_SOURCE_DA}"
ECONOMY_SOURCE_DA = "Arket Refusion i oekonomi.xlsx."

DAYS_PER_WEEK = 7
# § 6: 52 whole weeks of self-support within 3 years. In months: 12 months are at least 365
# days (≥ 52 weeks), 11 months at most 337 days (< 52 weeks), so "12 of the last 36 months".
RESTART_SELF_SUPPORT_MONTHS = 12
RESTART_WINDOW_MONTHS = 36
# A filled-in refund within half a percentage point of a step's rate counts as that rate;
# rounding to øre moves a rate far less, and the steps lie 10 points or more apart.
PCT_TOLERANCE = 0.5

ESTIMATION_NOTE_DA = (
    "Når Refusion er tom i Ydelser, skønner Tværblik refusionen som beløbet gange "
    "refusionsprocenten fra refusionstrappen (arket Refusion i oekonomi.xlsx, ellers lovens "
    "80/40/30/20 %) for den uge, borgeren har nået. Ugerne tælles pr. borger i Ydelser: hver "
    "kalendermåned med en udbetaling over 0 kr., uanset ydelse, tæller med alle sine dage, og "
    "ugen er dagene i alt delt med 7 og afrundet. Med lovens trappe giver det 80 % i første "
    "måned, 40 % i 2.-6. måned, 30 % i 7.-12. måned og 20 % derefter. Skift mellem ydelser "
    "nulstiller ikke tællingen; den starter forfra, når borgeren har haft 12 måneder uden "
    "udbetaling inden for de seneste 36 måneder (lovens 52 ugers selvforsørgelse inden for 3 "
    "år). Ydelser viser ikke forsørgelse fra før registrets første måned, så tællingen "
    "løftes, når borgerens egne udfyldte refusioner viser, at borgeren var længere henne på "
    "trappen (fx betyder 20 % mindst uge 53). Rækker med udfyldt refusion bruges, som de er. "
    "Skønnet er en tilnærmelse; den endelige refusion opgøres af staten uge for uge."
)


@dataclass(frozen=True)
class LadderStep:
    from_week: int
    to_week: int | None  # None: no upper bound (only the last step)
    refund_pct: float  # 0-100


@dataclass(frozen=True)
class RefundLadder:
    """Refund percentages by week number; steps cover week 1 onwards without gaps."""

    steps: tuple[LadderStep, ...]
    source: str = ECONOMY_SOURCE_DA

    def __post_init__(self) -> None:
        problem = _ladder_problem(self.steps)
        if problem:
            raise ValueError(f"Refusionstrappen kan ikke bruges: {problem}")

    @classmethod
    def default(cls) -> RefundLadder:
        """The shipped ladder (the schema's default rows: one source for 80/40/30/20)."""
        rows = pd.DataFrame(list(schema.REFUND_LADDER.default_rows), columns=_COLUMNS)
        return cls(_steps(rows), DEFAULT_SOURCE_DA)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> RefundLadder:
        """From Economy.refund_ladder (from_week, to_week, refund_pct); empty -> the default."""
        if frame.empty:
            return cls.default()
        return cls(_steps(frame), ECONOMY_SOURCE_DA)

    @classmethod
    def from_economy(cls, economy: Economy) -> RefundLadder:
        return cls.from_frame(economy.refund_ladder)

    def pct(self, week: int) -> float:
        """The refund percentage (0-100) for week ``week`` (1 = the first week)."""
        if week < 1:
            raise ValueError(f"Uge {week} findes ikke på refusionstrappen (første uge er 1).")
        for step in self.steps:
            if week >= step.from_week and (step.to_week is None or week <= step.to_week):
                return step.refund_pct
        raise AssertionError("unreachable: __post_init__ checks that the steps cover week 1+")

    def pct_for_weeks(self, weeks: pd.Series) -> pd.Series:
        """pct() for a column of weeks; NA and weeks below 1 give NaN."""
        values = weeks.to_numpy(dtype=float, na_value=np.nan)
        starts = np.array([step.from_week for step in self.steps], dtype=float)
        pcts = np.array([step.refund_pct for step in self.steps], dtype=float)
        position = np.searchsorted(starts, values, side="right") - 1
        unknown = np.isnan(values) | (position < 0)
        out = np.where(unknown, np.nan, pcts[np.clip(position, 0, None)])
        return pd.Series(out, index=weeks.index, name="refund_pct", dtype="float64")

    @property
    def is_falling(self) -> bool:
        """True when no step pays more than the step before (the law's ladder does)."""
        pcts = [step.refund_pct for step in self.steps]
        return all(later <= earlier for earlier, later in pairwise(pcts))

    def least_weeks(self, pct: np.ndarray) -> np.ndarray:
        """For a falling ladder: the first week whose rate is at most ``pct`` (+ tolerance).

        A refund paid at ``pct`` % means the person had reached at least that week. NaN when
        no step is that low, or when the ladder does not fall (no such bound exists then).
        """
        values = np.asarray(pct, dtype=float)
        if not self.is_falling:
            return np.full(values.shape, np.nan)
        pcts = np.array([step.refund_pct for step in self.steps], dtype=float)
        starts = np.array([step.from_week for step in self.steps], dtype=float)
        # -pcts rises, so the first step with pct <= value is a left search for -value.
        position = np.searchsorted(-pcts, -(values + PCT_TOLERANCE), side="left")
        found = ~np.isnan(values) & (position < len(pcts))
        return np.where(found, starts[np.clip(position, 0, len(pcts) - 1)], np.nan)


_COLUMNS = ["from_week", "to_week", "refund_pct"]


def _steps(frame: pd.DataFrame) -> tuple[LadderStep, ...]:
    ordered = frame.sort_values("from_week", kind="stable")
    return tuple(
        LadderStep(int(low), None if pd.isna(high) else int(high), float(pct))
        for low, high, pct in zip(
            ordered["from_week"], ordered["to_week"], ordered["refund_pct"], strict=True
        )
    )


def _ladder_problem(steps: tuple[LadderStep, ...]) -> str | None:
    """A Danish sentence saying why the steps are not a usable ladder, or None."""
    if not steps:
        return "den har ingen trin."
    if steps[0].from_week != 1:
        return f"første trin skal begynde i uge 1, ikke uge {steps[0].from_week}."
    for step, following in pairwise(steps):
        if step.to_week is None:
            return f"kun sidste trin må være uden slutuge (trinnet fra uge {step.from_week})."
        if following.from_week != step.to_week + 1:
            return (f"trinnet fra uge {following.from_week} skal begynde ugen efter uge "
                    f"{step.to_week}, hvor trinnet før slutter.")  # fmt: skip
    for step in steps:
        if step.to_week is not None and step.to_week < step.from_week:
            return f"trinnet fra uge {step.from_week} slutter før det begynder."
        if not 0 <= step.refund_pct <= 100:
            return f"refusionsprocenten {step.refund_pct:g} ligger ikke mellem 0 og 100."
    if steps[-1].to_week is not None:
        return (f"sidste trin skal være uden slutuge, så alle uger efter uge "
                f"{steps[-1].to_week} også har en sats.")  # fmt: skip
    return None


def benefit_weeks(benefits: pd.DataFrame) -> pd.Series:
    """The refund week each Ydelser row has reached (Int64; NA without person or month).

    The rule, per person and across benefits:

    1. A *benefit month* is a calendar month with at least one row whose amount is above 0.
       Several benefits in one month (moving from one to another) make one benefit month.
    2. Each benefit month counts with all its calendar days (Ydelser does not say which days
       of the month were paid). The count starts at the person's first benefit month.
    3. The count starts over at a benefit month when, since the count began and within the 36
       months before it, the person had 12 or more months without a benefit month (§ 6: 52
       whole weeks of self-support within 3 years; see RESTART_SELF_SUPPORT_MONTHS).
    4. The week of a benefit month = round(days counted up to and including the month / 7),
       at least 1. With the default ladder: month 1 -> week 4 (80 %), months 2-6 -> weeks
       8-26 (40 %), months 7-12 -> weeks 30-52 (30 %), month 13 on -> week 56+ (20 %). The
       band edges fall on month ends, so one rate per month is close to the weekly truth.
    5. A row in a month without a benefit month (amount 0 or negative) takes the week of the
       person's latest benefit month before it, or week 1 when there is none.

    The count cannot see support before the register's first month: a person already on
    benefits then is counted from there. ``refund_weeks`` corrects that from the person's
    filled-in refunds.
    """
    count = _count(benefits)
    out = pd.array(count.week, dtype="Int64")
    out[~count.valid] = pd.NA
    return pd.Series(out, index=benefits.index, name="week")


class _Count(NamedTuple):
    week: np.ndarray  # int64 per row: the counted week (1 where not valid)
    segment: np.ndarray  # int64 per row: one id per person and count (between restarts)
    valid: np.ndarray  # bool per row: has a person and a month


def _count(benefits: pd.DataFrame) -> _Count:
    """benefit_weeks' rules 1-5 as arrays, plus which count (segment) each row belongs to."""
    n = len(benefits)
    person, _ = pd.factorize(benefits["person_id"])
    months = benefits["month"].to_numpy(dtype="datetime64[M]")
    valid = (person >= 0) & ~np.isnat(months)
    week = np.ones(n, dtype=np.int64)
    segment = np.full(n, -1, dtype=np.int64)
    if not valid.any():
        return _Count(week, segment, valid)

    rows = np.flatnonzero(valid)
    month_number = months[rows].astype(np.int64)  # months since 1970-01
    first_month = int(month_number.min())
    span = int(month_number.max()) - first_month + 1
    key = person[rows].astype(np.int64) * span + (month_number - first_month)
    # One sort of the rows by person and month; each distinct key is a (person, month).
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    new_month = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    month_of_row = np.cumsum(new_month) - 1
    month_key = sorted_key[new_month]
    amount = benefits["amount"].to_numpy(dtype=float, na_value=np.nan)[rows][order]
    paid = np.maximum.reduceat((amount > 0).astype(np.int8), np.flatnonzero(new_month)) > 0

    weeks_paid, start_paid = _weeks_of_benefit_months(month_key[paid], span, first_month)

    # A month without payment takes the week of the person's latest benefit month (rule 5);
    # before any, week 1 and a count of its own (id past the benefit months' ids).
    position = np.arange(len(month_key))
    latest = np.maximum.accumulate(np.where(paid, position, -1))
    month_person = month_key // span
    found = (latest >= 0) & (month_person[np.clip(latest, 0, None)] == month_person)
    paid_index = np.cumsum(paid) - 1  # position of each benefit month in weeks_paid
    month_week = np.ones(len(month_key), dtype=np.int64)
    month_week[found] = weeks_paid[paid_index[latest[found]]]
    month_segment = len(weeks_paid) + month_person
    month_segment[found] = start_paid[paid_index[latest[found]]]

    week[rows[order]] = month_week[month_of_row]
    segment[rows[order]] = month_segment[month_of_row]
    return _Count(week, segment, valid)


def _weeks_of_benefit_months(
    paid_keys: np.ndarray, span: int, first_month: int
) -> tuple[np.ndarray, np.ndarray]:
    """Week of each benefit month and where its count starts (``paid_keys`` position).

    ``paid_keys`` = person * span + month, sorted.
    """
    person = paid_keys // span
    month = paid_keys % span
    count = len(paid_keys)
    position = np.arange(count)
    calendar_month = (month + first_month).astype("datetime64[M]")
    days = ((calendar_month + 1).astype("datetime64[D]")
            - calendar_month.astype("datetime64[D]")).astype(np.int64)  # fmt: skip

    # Where each person's count (re)starts. A restart moves the window of later months, so
    # restarts are found one per person per pass (passes = most restarts of anyone + 1).
    is_start = np.r_[True, person[1:] != person[:-1]] if count else np.zeros(0, dtype=bool)
    # Only a person whose count restarted in a pass can restart again: each later pass looks
    # at their rows alone (whole persons, each beginning with a start).
    rows = position
    while len(rows):
        start = np.maximum.accumulate(np.where(is_start[rows], rows, 0))
        # Months without benefit in [lo, month - 1]: after the count began, within 36 months.
        lo = np.maximum(month[start] + 1, month[rows] - RESTART_WINDOW_MONTHS)
        first_paid_in_window = np.searchsorted(paid_keys, person[rows] * span + lo, side="left")
        paid_in_window = rows - first_paid_in_window
        without = np.maximum(month[rows] - lo, 0) - np.maximum(paid_in_window, 0)
        candidate = (without >= RESTART_SELF_SUPPORT_MONTHS) & ~is_start[rows]
        if not candidate.any():
            break
        first_candidate = rows[candidate]
        owners = person[first_candidate]
        keep = np.r_[True, owners[1:] != owners[:-1]]
        is_start[first_candidate[keep]] = True
        restarted = np.zeros(int(person[-1]) + 1, dtype=bool)
        restarted[owners[keep]] = True
        rows = position[restarted[person]]

    start = np.maximum.accumulate(np.where(is_start, position, 0))
    cumulative = np.cumsum(days)
    counted = cumulative - cumulative[start] + days[start]
    return np.maximum(np.rint(counted / DAYS_PER_WEEK).astype(np.int64), 1), start


def refund_weeks(
    benefits: pd.DataFrame, ladder: RefundLadder, *, use_known_refunds: bool = True
) -> pd.Series:
    """The week each row's refund is estimated at: ``benefit_weeks`` lifted by known refunds.

    Ydelser cannot show support before its first month, but a filled-in refund can: a row
    refunded at 20 % means the person had passed week 52 by that month. For each person and
    count (between restarts), the weeks are raised by the largest shortfall any of its
    filled-in refunds shows: max(0, least week at that rate - counted week). The shortfall
    is weeks of support before the count could see it, so it lifts every month of the count,
    earlier ones too. Rows with amount 0 or less, or a refund that matches no step of a
    falling ladder, show nothing. ``use_known_refunds=False`` gives the plain count.
    """
    count = _count(benefits)
    week = count.week.copy()
    if use_known_refunds and count.valid.any():
        amount = benefits["amount"].to_numpy(dtype=float, na_value=np.nan)
        refund = benefits["refund"].to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(amount > 0, refund / amount * 100, np.nan)
        shortfall = ladder.least_weeks(rate) - week
        shows = count.valid & (shortfall > 0)
        if shows.any():
            # Segment ids are small non-negative integers, so they index an array directly.
            lift = np.zeros(int(count.segment.max()) + 1)
            np.maximum.at(lift, count.segment[shows], shortfall[shows])
            week[count.valid] += lift[count.segment[count.valid]].astype(np.int64)
    out = pd.array(week, dtype="Int64")
    out[~count.valid] = pd.NA
    return pd.Series(out, index=benefits.index, name="week")


def estimate_refund(
    benefits: pd.DataFrame, ladder: RefundLadder, *, use_known_refunds: bool = True
) -> pd.Series:
    """The refund of every Ydelser row: the given one, or amount × ladder % when blank.

    ``benefits`` has person_id, month, amount and refund (Register.benefits). The week of a
    row is ``refund_weeks``; rows with a refund keep it. Rows without person or month and
    a blank refund stay NaN. Which rows were estimated: ``benefits["refund"].isna()``.
    """
    given = benefits["refund"].astype("float64")
    blank = given.isna()
    if not blank.any():
        return given.rename("refund")
    weeks = refund_weeks(benefits, ladder, use_known_refunds=use_known_refunds)
    estimate = benefits["amount"].astype("float64") * ladder.pct_for_weeks(weeks) / 100
    return given.where(~blank, estimate).rename("refund")
