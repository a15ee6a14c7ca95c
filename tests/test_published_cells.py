"""One published cell: numbers in the publishers' notations, their marks, and periods."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.workbooks import write_xlsx
from toolkit.published import check_published
from toolkit.published.areas import read_area
from toolkit.published.cells import BadCell, parse_cell, parse_period


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (12, 12.0),
        (12.5, 12.5),
        ("1.234", 1234.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1\u00a0234", 1234.0),
        (" -112,3 ", -112.3),
    ],
)
def test_numbers(raw: object, value: float) -> None:
    cell = parse_cell(raw)
    assert (cell.value, cell.mark) == (value, None)


@pytest.mark.parametrize("raw", ["..", "-", ".", "*", "null", "x", "–"])
def test_marks_are_kept_as_written(raw: str) -> None:
    cell = parse_cell(raw)
    assert math.isnan(cell.value) and cell.mark == raw


@pytest.mark.parametrize("raw", [None, "", "  ", math.nan])
def test_nothing_is_no_mark_and_no_error(raw: object) -> None:
    cell = parse_cell(raw)
    assert math.isnan(cell.value) and cell.mark is None


@pytest.mark.parametrize("raw", ["fem", "12 personer", "1,2,3", True, "1e5"])
def test_text_is_an_error(raw: object) -> None:
    with pytest.raises(BadCell):
        parse_cell(raw)


@pytest.mark.parametrize(
    ("raw", "label", "kind"),
    [
        ("2024M01", "2024-01", "month"),
        ("2024m12", "2024-12", "month"),
        ("2024Q1", "2024-Q1", "quarter"),
        ("2024K4", "2024-Q4", "quarter"),
        ("2024", "2024", "year"),
        ("2024Y", "2024", "year"),
        (2024.0, "2024", "year"),
        ("2023QMAT02", "2023-Q2", "rolling_year"),
        ("2024-Q3", "2024-Q3", "quarter"),
    ],
)
def test_periods(raw: object, label: str, kind: str) -> None:
    period = parse_period(raw)
    assert period is not None and (period.label, period.kind) == (label, kind)


@pytest.mark.parametrize("raw", ["2024M13", "2024M00", "2024Q5", "jan 2024", "", None, "24M01"])
def test_unknown_periods(raw: object) -> None:
    assert parse_period(raw) is None


def test_years_typed_as_numbers_in_a_wide_download(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "y08a02.xlsx",
        {"Ark1": [["Antal personer", 2023, 2024], ["Hele landet", 75000, 76500.0]]},
    )
    frame = check_published([path]).tables["jobindsats"]
    assert frame[["area_code", "period", "period_kind", "value"]].values.tolist() == [
        ["000", "2023", "year", 75000.0],
        ["000", "2024", "year", 76500.0],
    ]


@pytest.mark.parametrize(
    ("published", "name", "code"),
    [
        ("Vejle Kommune", "Vejle", "630"),  # one name per municipality: a re-import replaces
        ("vejle", "Vejle", "630"),
        ("101 København", "København", "101"),
        ("Hele landet", "Hele landet", "000"),
        ("Eksempel", "Eksempel", None),  # not a real municipality: kept as published
    ],
)
def test_a_known_municipality_is_stored_under_its_one_name(
    published: str, name: str, code: str | None
) -> None:
    area = read_area(published)
    assert area is not None and (area.name, area.code) == (name, code)
