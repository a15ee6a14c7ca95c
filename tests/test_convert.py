"""Cell conversion: tolerant of what Excel users type, and never crashing on garbage."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import schema
from toolkit.workbook import convert

cells = st.one_of(
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.dates(min_value=date(1800, 1, 1)),
    st.datetimes(min_value=datetime(1800, 1, 1)),
    st.times(),
    st.none(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, max_size=20))
def test_every_converter_survives_any_cell(values: list[object]) -> None:
    columns = (
        *schema.sheet("citizens").columns,
        *schema.sheet("interventions").columns,
        *schema.sheet("benefits").columns,
        *schema.sheet("cases").columns,
    )
    for column in columns:
        out, bad = convert.convert_column(values, column)
        assert len(out) == len(values)
        assert all(0 <= pos < len(values) for pos, _ in bad)
        assert all(pd.isna(out.iloc[pos]) for pos, _ in bad)
        for pos, value in enumerate(values):
            if convert.is_blank(value) and column.default is None:
                assert pd.isna(out.iloc[pos])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("08-01-2024", date(2024, 1, 8)),
        ("8.1.2024", date(2024, 1, 8)),
        ("2024-01-08", date(2024, 1, 8)),
        (datetime(2024, 1, 8, 13, 5), date(2024, 1, 8)),
        (45299.0, date(2024, 1, 8)),
        ("08/01/2024", date(2024, 1, 8)),
        ("31-02-2024", None),
        (2024, None),
        ("i går", None),
        (time(8, 0), None),
    ],
)
def test_dates(value: object, expected: date | None) -> None:
    assert convert.parse_date(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-03", date(2024, 3, 1)),
        ("03-2024", date(2024, 3, 1)),
        ("2024-3", date(2024, 3, 1)),
        (date(2024, 3, 17), date(2024, 3, 1)),
        ("2024-13", None),
    ],
)
def test_months(value: object, expected: date | None) -> None:
    assert convert.parse_month(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("ja", True),
        ("Nej", False),
        (" JA ", True),
        (1, True),
        (0.0, False),
        (True, True),
        ("x", True),
        ("måske", None),
        (2, None),
    ],
)
def test_yes_no(value: object, expected: bool | None) -> None:
    assert convert.parse_bool(value) is expected


@pytest.mark.parametrize(
    "written",
    [
        "afslaaet_af_borger",
        "Afslået af borger",
        "AFSLÅET AF BORGER",
        " afslået_af_borger ",
    ],
)
def test_codes_may_be_written_as_labels_or_with_danish_letters(written: str) -> None:
    out, bad = convert.convert_column([written], schema.sheet("interventions").column("status"))
    assert out.tolist() == ["afslaaet_af_borger"] and bad == []


def test_ids_typed_as_numbers_stay_text() -> None:
    out, _ = convert.convert_column(
        [1001.0, " F 12 ", ""], schema.sheet("courses").column("course_id")
    )
    assert out.tolist()[:2] == ["1001", "F 12"] and pd.isna(out.iloc[2])


def test_repeated_values_are_parsed_once_and_spread_back() -> None:
    column = schema.sheet("courses").column("start")
    values = ["08-01-2024", date(2024, 1, 8), "", "snart", "08-01-2024"] * 1000
    out, bad = convert.convert_column(values, column)
    assert str(out.dtype) == "datetime64[us]"
    assert out.iloc[:5].tolist()[:2] == [pd.Timestamp(2024, 1, 8)] * 2
    assert [pos for pos, _ in bad] == list(range(3, 5000, 5))
    assert out.isna().sum() == 2000


def test_blank_cells_take_the_column_default() -> None:
    out, bad = convert.convert_column(["", 45, None], schema.sheet("cases").column("minutes"))
    assert out.tolist() == [60.0, 45.0, 60.0] and bad == []


def test_a_yes_no_cell_never_merges_with_the_numbers_one_and_zero() -> None:
    column = schema.sheet("meetings").column("participants")
    out, bad = convert.convert_column([True, 1, 2, False, 0], column)
    assert [pos for pos, _ in bad] == [0, 3]  # the two ja/nej cells, not the 1 or the 0
    assert out.tolist()[1:3] == [1, 2] and out.iloc[4] == 0
