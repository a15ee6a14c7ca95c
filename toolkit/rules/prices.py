"""Prices (takster) by day, and the cost they give an intervention day by day.

A Takster row prices one intervention type from ``valid_from`` to ``valid_to`` (both
inclusive; no ``valid_to``: until further notice) in one unit. How a unit becomes kroner per
day is ``daily_costs``, the one place for that arithmetic:

- ``time``: weekly hours × price per hour ÷ 7 per day,
- ``uge``: price ÷ 7 per day,
- ``maaned``: price × 12 ÷ 365 per day,
- ``forloeb``: the whole price, once, on the start date (the price valid that day).

``cost_segments`` cuts every intervention into segments between price changes, each with
its kroner per day, so a cost indicator accrues ``daily × days of the segment in a period``.
An intervention with an actual cost (Faktisk udgift) spreads that amount evenly over its
days from start to end instead, whatever its unit. Running interventions accrue up to the
as-of date, and nothing accrues after it. Days without a valid price give no segment; they
are listed as gaps so the caller can warn about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

if TYPE_CHECKING:
    from toolkit.register import Economy

UNITS = ("time", "uge", "maaned", "forloeb")
ACTUAL_UNIT = "faktisk"  # the unit of a segment costed from Faktisk udgift
DAYS_PER_WEEK = 7
MONTHS_PER_YEAR = 12
DAYS_PER_YEAR = 365  # a fixed 365, so a month price costs the same in leap years

GAP_NO_PRICE_DA = "ingen gyldig takst"
GAP_NO_HOURS_DA = "timer pr. uge mangler (timetakst)"
_GAP_REASONS = np.array([GAP_NO_PRICE_DA, GAP_NO_HOURS_DA], dtype=object)
_NO_PRICE, _NO_HOURS = range(len(_GAP_REASONS))

_OPEN = np.iinfo(np.int64).max // 4  # day number standing in for "no end"
_DAY = "datetime64[D]"
_STORED = "datetime64[us]"
# Units travel as small integer codes inside the vectorised code; names only at the edges.
_UNIT_NAMES = np.array([*UNITS, ACTUAL_UNIT], dtype=object)
_TIME, _WEEK, _MONTH, _COURSE, _ACTUAL = range(len(_UNIT_NAMES))


def _unit_codes(unit: npt.ArrayLike) -> np.ndarray:
    """Unit names -> codes (position in UNITS, then ACTUAL_UNIT); unknown names -> -1."""
    return pd.Index(_UNIT_NAMES).get_indexer(np.asarray(unit, dtype=object).ravel())


def _daily(code: np.ndarray, price: np.ndarray, hours: np.ndarray) -> np.ndarray:
    return np.select(
        [code == _TIME, code == _WEEK, code == _MONTH, code == _COURSE],
        [hours * price / DAYS_PER_WEEK, price / DAYS_PER_WEEK,
         price * MONTHS_PER_YEAR / DAYS_PER_YEAR, price],
        np.nan,
    )  # fmt: skip


def daily_costs(
    unit: npt.ArrayLike, price: npt.ArrayLike, weekly_hours: npt.ArrayLike
) -> np.ndarray:
    """Kroner per day for arrays of unit, price and weekly hours (NaN where it cannot be said).

    ``time``: hours × price ÷ 7; ``uge``: price ÷ 7; ``maaned``: price × 12 ÷ 365;
    ``forloeb``: the whole price (its segment is the start date alone). ``time`` without
    weekly hours, and an unknown unit, give NaN.
    """
    return _daily(
        _unit_codes(unit),
        np.asarray(price, dtype=float).ravel(),
        np.asarray(weekly_hours, dtype=float).ravel(),
    )


def daily_cost(unit: str, price: float, weekly_hours: float | None = None) -> float:
    """Kroner per day of one price: daily_cost("uge", 700) == 100.0. See ``daily_costs``."""
    hours = np.nan if weekly_hours is None else weekly_hours
    return float(daily_costs([unit], [price], [hours])[0])


@dataclass(frozen=True)
class PriceTable:
    """Takster made unambiguous: per type, periods sorted by start and never overlapping.

    When two rows of one type overlap, the one that starts later wins from its first day
    (a new price list supersedes the old one); with the same start, the later row in the
    sheet wins. ``overlaps`` lists the rows that were cut, for a warning.
    """

    periods: pd.DataFrame  # intervention_type, unit, price, valid_from, valid_to (NaT: open)
    overlaps: pd.DataFrame  # intervention_type, valid_from, valid_to, cut_from

    @classmethod
    def from_frame(cls, prices: pd.DataFrame) -> PriceTable:
        """From Economy.prices (intervention_type, unit, price, valid_from, valid_to)."""
        frame = pd.DataFrame({
            "intervention_type": prices["intervention_type"].astype("str"),
            "unit": prices["unit"].astype("str"),
            "price": prices["price"].astype("float64"),
            "valid_from": prices["valid_from"].astype("datetime64[us]"),
            "valid_to": prices["valid_to"].astype("datetime64[us]"),
        }).reset_index(drop=True)  # fmt: skip
        frame = frame[frame["valid_from"].notna()]
        frame = frame.sort_values(["intervention_type", "valid_from"], kind="stable")
        following = frame.groupby("intervention_type", sort=False)["valid_from"].shift(-1)
        cut = following.notna() & (frame["valid_to"].isna() | (frame["valid_to"] >= following))
        overlaps = frame.loc[cut, ["intervention_type", "valid_from", "valid_to"]].assign(
            cut_from=following[cut]
        )
        effective_to = frame["valid_to"].where(~cut, following - pd.Timedelta(days=1))
        periods = frame.assign(valid_to=effective_to)
        periods = periods[
            periods["valid_to"].isna() | (periods["valid_to"] >= periods["valid_from"])
        ]
        return cls(periods.reset_index(drop=True), overlaps.reset_index(drop=True))

    @classmethod
    def from_economy(cls, economy: Economy) -> PriceTable:
        return cls.from_frame(economy.prices)

    def price_on(self, intervention_type: str, day: date) -> tuple[str, float] | None:
        """(unit, price) valid for the type on ``day``, or None when no row covers it."""
        stamp = pd.Timestamp(day)
        rows = self.periods[
            (self.periods["intervention_type"] == intervention_type)
            & (self.periods["valid_from"] <= stamp)
            & (self.periods["valid_to"].isna() | (self.periods["valid_to"] >= stamp))
        ]
        if rows.empty:
            return None
        return str(rows["unit"].iloc[0]), float(rows["price"].iloc[0])


class CostSegments(NamedTuple):
    """``segments``: row, seg_start, seg_end (inclusive), unit, price, daily (kr. per day).

    ``gaps``: row, intervention_type, gap_start, gap_end, reason: days of an intervention
    that got no cost (no valid price, or an hourly price without weekly hours). ``row`` is
    the interventions' index label.
    """

    segments: pd.DataFrame
    gaps: pd.DataFrame


def _days(values: pd.Series) -> np.ndarray:
    """datetime64 column -> day numbers since 1970-01-01 as int64 (NaT -> _OPEN)."""
    days = values.to_numpy(dtype=_DAY)
    return np.where(np.isnat(days), _OPEN, days.astype(np.int64))


def _dates(days: np.ndarray) -> np.ndarray:
    return days.astype(_DAY).astype(_STORED)


def cost_segments(interventions: pd.DataFrame, prices: PriceTable, as_of: date) -> CostSegments:
    """Cut interventions into priced segments up to ``as_of``; see the module docstring.

    ``interventions`` needs intervention_type, start, end (NaT: running), weekly_hours and
    actual_cost (Register.interventions). Interventions without a start date, or starting
    after ``as_of``, get nothing. The price of a ``forloeb`` is the one valid on the start
    date, and it settles the whole intervention; a ``forloeb`` price that only becomes valid
    after the start is not used (those days are gaps unless a daily price covers them).
    """
    as_of_day = int(np.datetime64(as_of, "D").astype(np.int64))
    start = _days(interventions["start"])
    end = _days(interventions["end"])
    running_end = np.where(end == _OPEN, as_of_day, end)  # where actual cost is spread to
    last = np.minimum(running_end, as_of_day)  # last day that accrues
    active = (start != _OPEN) & (start <= as_of_day) & (last >= start)
    actual_cost = interventions["actual_cost"].to_numpy(dtype=float, na_value=np.nan)
    hours = interventions["weekly_hours"].to_numpy(dtype=float, na_value=np.nan)
    segments = _Parts()
    gaps = _Parts()

    # Faktisk udgift: the amount evenly over start..end (as-of while running), cut at as-of.
    real = np.flatnonzero(active & ~np.isnan(actual_cost))
    segments.add(real, start[real], last[real], np.full(len(real), _ACTUAL), actual_cost[real],
                 actual_cost[real] / (running_end[real] - start[real] + 1))  # fmt: skip

    # Takster: every (intervention, price period of its type) pair. PriceTable.periods is
    # sorted by type, so a type's periods are one block.
    priced = np.flatnonzero(active & np.isnan(actual_cost))
    periods = prices.periods
    period_types = pd.Index(periods["intervention_type"])
    type_names = period_types.unique()
    # A sentinel block of size 0 at the end stands for "no price for this type", so an
    # empty price table (or an unknown type) indexes safely and yields no pairs.
    block_first = np.append(period_types.searchsorted(type_names, side="left"), 0)
    block_count = np.append(period_types.searchsorted(type_names, side="right"), 0) - block_first
    type_code = type_names.get_indexer(interventions["intervention_type"].iloc[priced])
    type_code = np.where(type_code >= 0, type_code, len(type_names))
    block_start = block_first[type_code]
    block_size = block_count[type_code]
    pair_row = np.repeat(priced, block_size)
    within = np.arange(len(pair_row)) - np.repeat(np.cumsum(block_size) - block_size, block_size)
    pair_period = np.repeat(block_start, block_size) + within

    period_from = _days(periods["valid_from"])[pair_period]
    period_to = _days(periods["valid_to"])[pair_period]
    unit = _unit_codes(periods["unit"].to_numpy(dtype=object))[pair_period]
    price = periods["price"].to_numpy(dtype=float)[pair_period]
    row_start = start[pair_row]
    first = np.maximum(row_start, period_from)
    final = np.minimum(last[pair_row], period_to)

    # A forloeb price valid on the start date settles the intervention with one payment.
    once = (unit == _COURSE) & (period_from <= row_start) & (row_start <= period_to)
    segments.add(pair_row[once], row_start[once], row_start[once], unit[once], price[once],
                 price[once])  # fmt: skip
    settled = np.zeros(len(interventions), dtype=bool)
    settled[pair_row[once]] = True

    # Everything else accrues per day under the daily price valid on each day.
    covering = ~settled[pair_row] & (first <= final) & (unit != _COURSE)
    daily = _daily(unit, price, hours[pair_row])
    costed = covering & ~np.isnan(daily)
    segments.add(pair_row[costed], first[costed], final[costed], unit[costed], price[costed],
                 daily[costed])  # fmt: skip
    no_hours = covering & np.isnan(daily)
    gaps.add(pair_row[no_hours], first[no_hours], final[no_hours],
             np.full(int(no_hours.sum()), _NO_HOURS))  # fmt: skip
    _add_uncovered(gaps, priced[~settled[priced]], start, last, pair_row[covering],
                   first[covering], final[covering])  # fmt: skip

    return CostSegments(_segment_frame(segments, interventions), _gap_frame(gaps, interventions))


class _Parts:
    """Columns of segments (or gaps) collected as arrays, concatenated once at the end."""

    def __init__(self) -> None:
        self.columns: list[list[np.ndarray]] = [[], [], [], [], [], []]

    def add(self, *arrays: np.ndarray) -> None:
        for column, values in zip(self.columns, arrays, strict=False):
            column.append(values)

    def arrays(self, count: int) -> list[np.ndarray]:
        """The first ``count`` columns, concatenated and sorted by row, then first day."""
        joined = [np.concatenate(column) for column in self.columns[:count]]
        order = np.lexsort((joined[1], joined[0]))
        return [values[order] for values in joined]


def _add_uncovered(
    gaps: _Parts,
    rows: np.ndarray,
    start: np.ndarray,
    last: np.ndarray,
    cover_row: np.ndarray,
    cover_first: np.ndarray,
    cover_final: np.ndarray,
) -> None:
    """Add the days of [start, last] of each of ``rows`` that no covering interval reaches.

    Covering intervals come sorted by row and first day and never overlap (PriceTable
    periods don't), so a gap is the space before an interval since the previous one of the
    row ended (or since the start), or after the row's last interval.
    """
    has_cover = np.zeros(len(start), dtype=bool)
    has_cover[cover_row] = True
    bare = rows[~has_cover[rows]]
    gaps.add(bare, start[bare], last[bare], np.full(len(bare), _NO_PRICE))
    if not len(cover_row):
        return
    new_row = np.r_[True, cover_row[1:] != cover_row[:-1]]
    last_of_row = np.r_[new_row[1:], True]
    previous_final = np.where(new_row, start[cover_row] - 1, np.r_[0, cover_final[:-1]])
    before = cover_first > previous_final + 1
    after = last_of_row & (cover_final < last[cover_row])
    gaps.add(cover_row[before], previous_final[before] + 1, cover_first[before] - 1,
             np.full(int(before.sum()), _NO_PRICE))  # fmt: skip
    gaps.add(cover_row[after], cover_final[after] + 1, last[cover_row[after]],
             np.full(int(after.sum()), _NO_PRICE))  # fmt: skip


def _segment_frame(parts: _Parts, interventions: pd.DataFrame) -> pd.DataFrame:
    pos, first, final, unit, price, daily = parts.arrays(6)
    return pd.DataFrame({
        "row": interventions.index.to_numpy()[pos],
        "seg_start": _dates(first),
        "seg_end": _dates(final),
        "unit": pd.array(_UNIT_NAMES[unit], dtype="str"),
        "price": price.astype(float),
        "daily": daily.astype(float),
    })  # fmt: skip


def _gap_frame(parts: _Parts, interventions: pd.DataFrame) -> pd.DataFrame:
    pos, first, final, reason = parts.arrays(4)
    return pd.DataFrame({
        "row": interventions.index.to_numpy()[pos],
        "intervention_type": pd.array(
            interventions["intervention_type"].iloc[pos].to_numpy(dtype=object), dtype="str"
        ),
        "gap_start": _dates(first),
        "gap_end": _dates(final),
        "reason": pd.array(_GAP_REASONS[reason], dtype="str"),
    })  # fmt: skip


def daily_rate_segments(
    interventions: pd.DataFrame, prices: PriceTable, as_of: date
) -> pd.DataFrame:
    """The segments of ``cost_segments``: row, seg_start, seg_end, unit, price, daily."""
    return cost_segments(interventions, prices, as_of).segments


def price_gaps(interventions: pd.DataFrame, prices: PriceTable, as_of: date) -> pd.DataFrame:
    """The gaps of ``cost_segments``: days of interventions that no price covers."""
    return cost_segments(interventions, prices, as_of).gaps
