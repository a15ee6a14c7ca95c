"""Months, quarters and years: labels, Danish names, edges, parsing and the as-of default."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pytest

from toolkit.periods import (
    LEVELS,
    Level,
    Period,
    as_of_default,
    label_series,
    parse_month,
    parse_period,
    period_of,
    periods_between,
    periods_frame,
)
from toolkit.register import Register, empty_table


@pytest.mark.parametrize(
    ("day", "level", "label", "danish", "start", "end", "days"),
    [
        ("2024-03-15", "month", "2024-03", "mar. 2024", "2024-03-01", "2024-03-31", 31),
        ("2024-05-01", "month", "2024-05", "maj 2024", "2024-05-01", "2024-05-31", 31),
        ("2024-02-29", "month", "2024-02", "feb. 2024", "2024-02-01", "2024-02-29", 29),
        ("2023-02-01", "month", "2023-02", "feb. 2023", "2023-02-01", "2023-02-28", 28),
        ("2024-12-31", "month", "2024-12", "dec. 2024", "2024-12-01", "2024-12-31", 31),
        ("2024-03-31", "quarter", "2024-Q1", "1. kvt. 2024", "2024-01-01", "2024-03-31", 91),
        ("2024-04-01", "quarter", "2024-Q2", "2. kvt. 2024", "2024-04-01", "2024-06-30", 91),
        ("2023-11-05", "quarter", "2023-Q4", "4. kvt. 2023", "2023-10-01", "2023-12-31", 92),
        ("2024-07-09", "year", "2024", "2024", "2024-01-01", "2024-12-31", 366),
        ("2023-01-01", "year", "2023", "2023", "2023-01-01", "2023-12-31", 365),
    ],
)
def test_period_of_gives_bounds_label_danish_name_and_days(
    day: str, level: Level, label: str, danish: str, start: str, end: str, days: int
) -> None:
    period = period_of(date.fromisoformat(day), level)
    assert (period.start, period.end) == (date.fromisoformat(start), date.fromisoformat(end))
    assert (period.label, period.danish, period.days) == (label, danish, days)
    assert parse_period(label) == period


def test_every_danish_month_abbreviation() -> None:
    names = [period_of(date(2025, m, 1), "month").danish.split()[0] for m in range(1, 13)]
    assert names == ["jan.", "feb.", "mar.", "apr.", "maj", "jun.",
                     "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]  # fmt: skip


def test_contains_counts_both_ends_and_accepts_timestamps() -> None:
    march = parse_period("2024-03")
    assert march.contains(date(2024, 3, 1)) and march.contains(date(2024, 3, 31))
    assert not march.contains(date(2024, 2, 29)) and not march.contains(date(2024, 4, 1))
    assert march.contains(pd.Timestamp("2024-03-31 23:59"))
    assert not march.contains(pd.Timestamp("2024-04-01"))


def test_a_period_built_by_hand_must_be_whole() -> None:
    assert Period("month", date(2024, 2, 1), date(2024, 2, 29)).days == 29
    with pytest.raises(ValueError, match="hel måned"):
        Period("month", date(2024, 2, 1), date(2024, 2, 28))
    with pytest.raises(ValueError, match="hel kvartal"):
        Period("quarter", date(2024, 2, 1), date(2024, 4, 30))
    with pytest.raises(ValueError, match="periodeniveau"):
        Period("week", date(2024, 2, 5), date(2024, 2, 11))  # type: ignore[arg-type]


def test_periods_between_lists_every_touched_period_in_order() -> None:
    months = periods_between(date(2023, 11, 30), date(2024, 2, 1), "month")
    assert [p.label for p in months] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    quarters = periods_between(date(2023, 12, 31), date(2024, 4, 1), "quarter")
    assert [p.label for p in quarters] == ["2023-Q4", "2024-Q1", "2024-Q2"]
    years = periods_between(date(2022, 6, 1), date(2024, 1, 1), "year")
    assert [p.label for p in years] == ["2022", "2023", "2024"]
    assert [p.label for p in periods_between(date(2024, 5, 5), date(2024, 5, 5), "month")] == [
        "2024-05"
    ]


def test_periods_between_refuses_a_reversed_range() -> None:
    with pytest.raises(ValueError, match="før startdatoen"):
        periods_between(date(2024, 2, 1), date(2024, 1, 31), "month")


# "２０２４" is 2024 in full-width digits: a digit to Unicode, not a year to a controller.
@pytest.mark.parametrize("label", ["2024-13", "2024-00", "2024-Q5", "2024-Q0", "24-01", "2024-1",
                                   "", "marts 2024", "2024-K1", "2024/03", "２０２４"])  # fmt: skip
def test_parse_period_refuses_anything_else_in_danish(label: str) -> None:
    with pytest.raises(ValueError, match="åååå-mm"):
        parse_period(label)


def test_parse_period_accepts_a_lower_case_quarter_and_spaces() -> None:
    assert parse_period(" 2024-q3 ").label == "2024-Q3"


def test_parse_month_reads_from_and_to() -> None:
    assert parse_month("2024-03") == date(2024, 3, 1)
    assert parse_month("1999-12") == date(1999, 12, 1)
    for bad in ("2024-13", "2024-3", "2024-03-01", "mar 2024", "2024-Q1", "2024"):
        with pytest.raises(ValueError, match="Skriv måneden som åååå-mm"):
            parse_month(bad)


def test_label_series_matches_period_of_and_keeps_missing_missing() -> None:
    rng = np.random.default_rng(7)
    days = np.datetime64("1968-01-01") + rng.integers(0, 25_000, 500)
    dates = pd.Series(days, index=rng.permutation(500) + 1000).astype("datetime64[us]")
    dates.iloc[::7] = pd.NaT
    for level in LEVELS:
        labels = label_series(dates, level)
        assert str(labels.dtype) == "str"
        assert labels.index.equals(dates.index)
        assert labels.isna().equals(dates.isna())
        expected = [period_of(d.date(), level).label for d in dates.dropna()]
        assert labels.dropna().tolist() == expected


def test_label_series_of_an_empty_column() -> None:
    empty = label_series(pd.Series([], dtype="datetime64[us]"), "quarter")
    assert empty.empty and str(empty.dtype) == "str"


def test_label_series_is_fast_for_a_million_rows() -> None:
    days = np.datetime64("2020-01-01") + np.arange(1_000_000) % 2500
    dates = pd.Series(days).astype("datetime64[us]")
    began = time.perf_counter()
    labels = label_series(dates, "month")
    elapsed = time.perf_counter() - began
    assert labels.iloc[-1] == period_of(dates.iloc[-1].date(), "month").label
    assert elapsed < 1.0, f"label_series took {elapsed:.2f} s for 1.000.000 rows"


@dataclass
class _Tables:
    frames: dict[str, pd.DataFrame]

    def tables(self) -> dict[str, pd.DataFrame]:
        return self.frames


def test_as_of_default_is_the_last_observed_date_anywhere() -> None:
    courses = empty_table("courses")
    courses.loc[0, ["start", "end", "planned_end"]] = [
        pd.Timestamp("2024-01-01"), pd.Timestamp("2024-06-30"), pd.Timestamp("2031-01-01"),
    ]  # fmt: skip
    progression = empty_table("progression")
    progression.loc[0, "date"] = pd.Timestamp("2024-07-02")
    register = Register(courses=courses, progression=progression)
    # The planned end lies ahead by design and is not an observation.
    assert as_of_default(register) == date(2024, 7, 2)
    other = pd.DataFrame({"d": pd.to_datetime(["2020-05-05", None]), "n": [1, 2]})
    assert as_of_default(_Tables({"x": other})) == date(2020, 5, 5)


def test_as_of_default_without_dates_says_so_in_danish() -> None:
    with pytest.raises(ValueError, match="--as-of"):
        as_of_default(Register())


def test_periods_frame_holds_bounds_for_vectorised_overlaps() -> None:
    frame = periods_frame(periods_between(date(2024, 1, 1), date(2024, 3, 1), "month"))
    assert frame["period"].tolist() == ["2024-01", "2024-02", "2024-03"]
    assert frame["days"].tolist() == [31, 29, 31]
    assert str(frame["start"].dtype) == "datetime64[us]"
    assert frame["end"].iloc[1] == pd.Timestamp("2024-02-29")


def test_first_date_is_the_earliest_start_request_or_meeting() -> None:
    from tests.indicator_data import register
    from toolkit.periods import first_date

    assert first_date(register()) is None
    reg = register(
        courses=[{"course_id": "F1", "person_id": "P1", "scheme": "fleksjob",
                  "start": "2024-03-01", "coordinating_department": "BESK"}],
        meetings=[{"meeting_id": "M1", "date": "2024-02-10", "department": "BESK",
                   "participants": 5}],
    )  # fmt: skip
    assert first_date(reg) == date(2024, 2, 10)
