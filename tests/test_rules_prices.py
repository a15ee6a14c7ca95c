"""Prices by day: units, price changes mid-intervention, open ends, actual costs and gaps."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from toolkit.register import Economy, empty_table
from toolkit.rules.prices import (
    GAP_NO_HOURS_DA,
    GAP_NO_PRICE_DA,
    PriceTable,
    cost_segments,
    daily_cost,
    daily_costs,
    daily_rate_segments,
    price_gaps,
)


def takster(*rows: tuple[str, str, float, str, str | None]) -> PriceTable:
    """(type, unit, price, valid_from, valid_to or None) -> a PriceTable."""
    frame = pd.DataFrame({
        "intervention_type": pd.Series([r[0] for r in rows], dtype="str"),
        "name": pd.Series([r[0].title() for r in rows], dtype="str"),
        "department": pd.Series(["BESK"] * len(rows), dtype="str"),
        "unit": pd.Series([r[1] for r in rows], dtype="str"),
        "price": [float(r[2]) for r in rows],
        "valid_from": pd.to_datetime([r[3] for r in rows]).astype("datetime64[us]"),
        "valid_to": pd.to_datetime([r[4] for r in rows]).astype("datetime64[us]"),
    })  # fmt: skip
    return PriceTable.from_frame(frame)


def indsatser(*rows: tuple, index: list[int] | None = None) -> pd.DataFrame:
    """(type, start or None, end or None, weekly_hours or None, actual_cost or None)."""
    frame = pd.DataFrame({
        "intervention_type": pd.Series([r[0] for r in rows], dtype="str"),
        "start": pd.to_datetime([r[1] for r in rows]).astype("datetime64[us]"),
        "end": pd.to_datetime([r[2] for r in rows]).astype("datetime64[us]"),
        "weekly_hours": [np.nan if r[3] is None else float(r[3]) for r in rows],
        "actual_cost": [np.nan if r[4] is None else float(r[4]) for r in rows],
    })  # fmt: skip
    if index is not None:
        frame.index = pd.Index(index)
    return frame


def total(segments: pd.DataFrame) -> float:
    days = (segments["seg_end"] - segments["seg_start"]).dt.days + 1
    return float((segments["daily"] * days).sum())


AS_OF = date(2024, 12, 31)


# -- the arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "price", "hours", "per_day"),
    [
        ("time", 420.0, 3.5, 210.0),  # 3,5 h/week × 420 kr. ÷ 7
        ("uge", 700.0, None, 100.0),
        ("maaned", 36500.0, None, 1200.0),  # × 12 ÷ 365
        ("forloeb", 12000.0, None, 12000.0),  # the whole price, on one day
        ("time", 420.0, None, math.nan),  # no hours: no cost
        ("stk", 100.0, 1.0, math.nan),  # not a unit
    ],
)
def test_daily_cost_per_unit(unit: str, price: float, hours: float | None, per_day: float) -> None:
    got = daily_cost(unit, price, hours)
    assert (math.isnan(got) and math.isnan(per_day)) or got == pytest.approx(per_day)


def test_daily_costs_is_the_same_arithmetic_on_arrays() -> None:
    got = daily_costs(["time", "uge", "maaned", "forloeb"], [420, 700, 36500, 5], [3.5, 1, 1, 1])
    assert got.tolist() == pytest.approx([210, 100, 1200, 5])


# -- the price table ------------------------------------------------------------------------


def test_price_on_respects_inclusive_and_open_validity() -> None:
    table = takster(("mentor", "time", 400, "2024-01-01", "2024-06-30"),
                    ("mentor", "time", 450, "2024-07-01", None))  # fmt: skip
    assert table.price_on("mentor", date(2023, 12, 31)) is None
    assert table.price_on("mentor", date(2024, 1, 1)) == ("time", 400.0)
    assert table.price_on("mentor", date(2024, 6, 30)) == ("time", 400.0)  # valid_to inclusive
    assert table.price_on("mentor", date(2024, 7, 1)) == ("time", 450.0)
    assert table.price_on("mentor", date(2031, 1, 1)) == ("time", 450.0)  # open-ended
    assert table.price_on("psykolog", date(2024, 3, 1)) is None


def test_a_later_price_supersedes_an_overlapping_one_and_is_reported() -> None:
    table = takster(("mentor", "time", 400, "2024-01-01", None),
                    ("mentor", "time", 450, "2024-07-01", "2024-12-31"),
                    ("stu", "maaned", 9000, "2024-01-01", None),
                    ("stu", "maaned", 9500, "2024-01-01", None))  # fmt: skip
    assert table.price_on("mentor", date(2024, 6, 30)) == ("time", 400.0)
    assert table.price_on("mentor", date(2024, 7, 1)) == ("time", 450.0)
    assert table.price_on("mentor", date(2025, 1, 1)) is None  # the open row was cut
    assert table.price_on("stu", date(2024, 5, 1)) == ("maaned", 9500.0)  # same start: last row
    assert table.overlaps["intervention_type"].tolist() == ["mentor", "stu"]
    assert table.overlaps["cut_from"].tolist() == [pd.Timestamp("2024-07-01"),
                                                   pd.Timestamp("2024-01-01")]  # fmt: skip


def test_from_economy_reads_the_takster_sheet() -> None:
    assert PriceTable.from_economy(Economy()).periods.empty


# -- segments -------------------------------------------------------------------------------


def test_a_price_change_in_the_middle_of_an_intervention_splits_it() -> None:
    table = takster(("mentor", "time", 400, "2024-01-01", "2024-03-31"),
                    ("mentor", "time", 500, "2024-04-01", None))  # fmt: skip
    segments = daily_rate_segments(indsatser(("mentor", "2024-03-30", "2024-04-02", 7, None)),
                                   table, AS_OF)  # fmt: skip
    assert segments[["seg_start", "seg_end"]].astype(str).values.tolist() == [
        ["2024-03-30", "2024-03-31"], ["2024-04-01", "2024-04-02"],
    ]  # fmt: skip
    assert segments["daily"].tolist() == [400.0, 500.0]  # 7 h/week: one hour's price a day
    assert total(segments) == 1800.0


@pytest.mark.parametrize(
    ("unit", "price", "hours", "expected"),
    [
        ("uge", 700, None, 31 * 100.0),
        ("maaned", 36500, None, 31 * 1200.0),
        ("time", 350, 2, 31 * 100.0),
        ("forloeb", 25000, None, 25000.0),
    ],
)
def test_each_unit_over_one_month(unit: str, price: float, hours: float | None,
                                  expected: float) -> None:  # fmt: skip
    table = takster(("x", unit, price, "2024-01-01", None))
    segments = daily_rate_segments(indsatser(("x", "2024-03-01", "2024-03-31", hours, None)),
                                   table, AS_OF)  # fmt: skip
    assert total(segments) == pytest.approx(expected)
    assert set(segments["unit"]) == {unit}


def test_a_course_price_is_paid_once_on_the_start_date_at_that_days_price() -> None:
    table = takster(("stu", "forloeb", 100_000, "2023-01-01", "2023-12-31"),
                    ("stu", "forloeb", 120_000, "2024-01-01", None))  # fmt: skip
    segments = daily_rate_segments(indsatser(("stu", "2023-08-15", "2025-06-30", None, None)),
                                   table, AS_OF)  # fmt: skip
    assert len(segments) == 1
    assert (
        segments["seg_start"].iloc[0] == segments["seg_end"].iloc[0] == pd.Timestamp("2023-08-15")
    )
    assert total(segments) == 100_000


def test_a_running_intervention_accrues_up_to_the_as_of_date() -> None:
    table = takster(("praktik", "uge", 700, "2024-01-01", None))
    frame = indsatser(("praktik", "2024-12-25", None, None, None),  # running
                      ("praktik", "2024-12-30", "2025-01-15", None, None),  # ends after as-of
                      ("praktik", "2025-01-02", None, None, None),  # starts after as-of
                      ("praktik", None, None, None, None))  # not started  # fmt: skip
    segments = daily_rate_segments(frame, table, AS_OF)
    assert segments["row"].tolist() == [0, 1]
    assert segments["seg_end"].tolist() == [pd.Timestamp(AS_OF)] * 2
    assert total(segments) == (7 + 2) * 100.0


def test_an_actual_cost_is_spread_evenly_whatever_the_unit() -> None:
    table = takster(("mentor", "time", 400, "2024-01-01", None))
    frame = indsatser(
        ("mentor", "2024-01-01", "2024-01-10", 5, 1000),
        ("mentor", "2024-12-22", None, 5, 1000),  # running: 10 days to as-of
        ("mentor", "2024-12-27", "2025-01-15", None, 2000),  # 20 days, 5 accrue
        ("psykolog", "2024-02-01", "2024-02-05", None, 500),
    )  # no price needed
    segments = daily_rate_segments(frame, table, AS_OF)
    assert set(segments["unit"]) == {"faktisk"}
    assert segments["daily"].tolist() == [100.0, 100.0, 100.0, 100.0]
    assert segments.groupby("row").apply(total).tolist() == [1000.0, 1000.0, 500.0, 500.0]
    assert price_gaps(frame, table, AS_OF).empty


# -- gaps -----------------------------------------------------------------------------------


def test_days_without_a_valid_price_give_no_segment_and_are_listed() -> None:
    table = takster(("mentor", "uge", 700, "2024-01-01", "2024-01-31"),
                    ("mentor", "uge", 700, "2024-03-01", None))  # fmt: skip
    frame = indsatser(("mentor", "2023-12-30", "2024-03-02", None, None),
                      ("ukendt", "2024-05-01", "2024-05-03", None, None),
                      ("mentor", "2024-05-01", "2024-05-02", None, None),
                      index=[7, 8, 9])  # fmt: skip
    result = cost_segments(frame, table, AS_OF)
    assert total(result.segments) == (31 + 2 + 2) * 100.0
    gaps = result.gaps.assign(gap_start=result.gaps["gap_start"].astype(str),
                              gap_end=result.gaps["gap_end"].astype(str))  # fmt: skip
    assert gaps.values.tolist() == [
        [7, "mentor", "2023-12-30", "2023-12-31", GAP_NO_PRICE_DA],
        [7, "mentor", "2024-02-01", "2024-02-29", GAP_NO_PRICE_DA],
        [8, "ukendt", "2024-05-01", "2024-05-03", GAP_NO_PRICE_DA],
    ]


def test_an_hourly_price_without_weekly_hours_is_a_gap_of_its_own_kind() -> None:
    table = takster(("mentor", "time", 400, "2024-01-01", None))
    result = cost_segments(indsatser(("mentor", "2024-01-01", "2024-01-31", None, None)),
                           table, AS_OF)  # fmt: skip
    assert result.segments.empty
    assert result.gaps["reason"].tolist() == [GAP_NO_HOURS_DA]


def test_output_types_and_empty_input() -> None:
    result = cost_segments(empty_table("interventions"), takster(), AS_OF)
    assert result.segments.empty and result.gaps.empty
    assert {k: str(v) for k, v in result.segments.dtypes.items()} == {
        "row": "int64", "seg_start": "datetime64[us]", "seg_end": "datetime64[us]",
        "unit": "str", "price": "float64", "daily": "float64",
    }  # fmt: skip
    assert list(result.gaps.columns) == ["row", "intervention_type", "gap_start", "gap_end",
                                         "reason"]  # fmt: skip


def _reference(
    frame: pd.DataFrame, rows: list[tuple], as_of: date
) -> tuple[list[float], list[int]]:
    """Cost and uncosted days per intervention, day by day with a plain loop."""

    def price(kind: str, day: date) -> tuple[str, float] | None:
        found = None
        for r_kind, unit, amount, first, last in sorted(rows, key=lambda r: r[3]):
            if (
                r_kind == kind
                and date.fromisoformat(first) <= day
                and (last is None or day <= date.fromisoformat(last))
            ):
                found = (unit, amount)  # the latest start wins
        return found

    costs, gaps = [], []
    for item in frame.itertuples():
        cost, missing = 0.0, 0
        if pd.notna(item.start) and item.start.date() <= as_of:
            first = item.start.date()
            last = as_of if pd.isna(item.end) else min(item.end.date(), as_of)
            at_start = price(item.intervention_type, first)
            if at_start and at_start[0] == "forloeb":
                cost = at_start[1]
            else:
                day = first
                while day <= last:
                    today = price(item.intervention_type, day)
                    if today is None or today[0] == "forloeb":
                        missing += 1
                    else:
                        cost += daily_cost(today[0], today[1], item.weekly_hours)
                    day += timedelta(days=1)
        costs.append(cost)
        gaps.append(missing)
    return costs, gaps


def test_segments_agree_with_a_day_by_day_loop_on_random_interventions() -> None:
    rng = np.random.default_rng(4)
    price_rows = [("a", "uge", 700.0, "2024-01-01", "2024-02-15"),
                  ("a", "uge", 840.0, "2024-03-01", "2024-05-31"),
                  ("a", "maaned", 3650.0, "2024-05-01", None),  # overlaps: supersedes
                  ("b", "time", 350.0, "2024-02-01", None),
                  ("c", "forloeb", 5000.0, "2024-02-01", "2024-03-31"),
                  ("c", "uge", 70.0, "2024-04-01", None)]  # fmt: skip
    table = takster(*price_rows)
    n = 60
    start = np.datetime64("2023-12-01") + rng.integers(0, 250, n)
    end = start + rng.integers(0, 120, n)
    frame = pd.DataFrame({
        "intervention_type": pd.Series(rng.choice(list("abcd"), n), dtype="str"),
        "start": pd.Series(start).astype("datetime64[us]"),
        "end": pd.Series(np.where(rng.random(n) < 0.3, np.datetime64("NaT"), end)).astype(
            "datetime64[us]"),
        "weekly_hours": rng.choice([2.0, 4.5], n),
        "actual_cost": np.nan,
    })  # fmt: skip
    as_of = date(2024, 7, 31)
    result = cost_segments(frame, table, as_of)
    costs, gap_days = _reference(frame, price_rows, as_of)
    by_row = result.segments.groupby("row").apply(total).reindex(range(n), fill_value=0.0)
    assert by_row.tolist() == pytest.approx(costs)
    gaps = result.gaps
    lengths = ((gaps["gap_end"] - gaps["gap_start"]).dt.days + 1).groupby(gaps["row"]).sum()
    assert lengths.reindex(range(n), fill_value=0).tolist() == gap_days
