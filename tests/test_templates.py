"""The Excel templates and the workbook writer: layout, drop-downs, round trip, safety."""

from __future__ import annotations

import re
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook as OpenpyxlWorkbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from toolkit import schema
from toolkit.schema import Kind
from toolkit.workbook.writer import (
    CODES_SHEET,
    INSTRUCTIONS_SHEET,
    number_format,
    write_templates,
    write_workbook,
)
from toolkit.workbook.xlsx import safe_text, set_text

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = ROOT / "templates_xlsx"
REGENERATE = "python -m toolkit.workbook.writer templates_xlsx"
BOOKS = list(schema.WORKBOOKS.values())


def _cpr(day: int, month: int, year: int, serial: int) -> str:
    """A synthetic CPR number, composed at run time so no CPR-shaped literal is committed."""
    return f"{day:02d}{month:02d}{year % 100:02d}-{serial:04d}"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OpenpyxlWorkbook]:
    out = tmp_path_factory.mktemp("templates")
    paths = write_templates(out)
    assert sorted(p.name for p in paths) == sorted(b.file_name for b in BOOKS)
    return {book.kind: openpyxl.load_workbook(out / book.file_name) for book in BOOKS}


# --- the committed templates are what the code makes -----------------------------------------


def _snapshot(path: Path) -> dict[str, Any]:
    """Everything about a workbook that a controller could see or that the reader relies on."""
    wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        sheets[ws.title] = {
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
            "column_formats": {k: d.number_format for k, d in sorted(ws.column_dimensions.items())},
            "tables": {
                t.displayName: (
                    t.ref,
                    t.tableStyleInfo.name if t.tableStyleInfo else None,
                    [c.name for c in t.tableColumns],
                )
                for t in ws.tables.values()
            },
            "validations": sorted(
                (dv.type, dv.operator, dv.formula1, dv.formula2, str(dv.sqref), dv.error, dv.prompt)
                for dv in ws.data_validations.dataValidation
            ),
            "cells": [
                [(c.value, c.number_format, bool(c.font.bold)) for c in row]
                for row in ws.iter_rows()
            ],
        }
    props = wb.properties
    return {
        "sheetnames": wb.sheetnames,
        "sheets": sheets,
        "props": (props.creator, props.title, props.created, props.modified),
    }


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.kind)
def test_committed_template_matches_a_fresh_one(book: schema.Workbook, tmp_path: Path) -> None:
    committed = TEMPLATE_DIR / book.file_name
    assert committed.exists(), f"{committed} is missing; regenerate with `{REGENERATE}`"
    fresh_path = write_workbook(tmp_path / book.file_name, book.kind)
    assert _snapshot(committed) == _snapshot(fresh_path), (
        f"templates_xlsx/{book.file_name} differs from what schema.py makes; "
        f"regenerate with `{REGENERATE}`"
    )


def test_writing_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = write_workbook(tmp_path / "a.xlsx", "register")
    second = write_workbook(tmp_path / "b.xlsx", "register")
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob(".*partial")), "a partial file was left behind"


# --- layout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.kind)
def test_sheet_order_and_hidden_codes(
    book: schema.Workbook, fresh: dict[str, OpenpyxlWorkbook]
) -> None:
    wb = fresh[book.kind]
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, *(s.name for s in book.sheets), CODES_SHEET]
    assert (INSTRUCTIONS_SHEET, CODES_SHEET) == schema.INSTRUCTION_SHEETS
    assert wb[CODES_SHEET].sheet_state == "hidden"
    assert wb.active.title == INSTRUCTIONS_SHEET
    assert wb.properties.creator == "Tværblik"


@pytest.mark.parametrize("sheet", list(schema.all_sheets()), ids=lambda s: s.table)
def test_data_sheet_layout(sheet: schema.Sheet, fresh: dict[str, OpenpyxlWorkbook]) -> None:
    ws = fresh[sheet.workbook][sheet.name]
    headers = [c.value for c in ws[1]]
    assert headers == [c.header for c in sheet.columns]
    assert all(c.font.bold for c in ws[1])
    assert all(c.fill.fgColor.rgb.endswith("DDEBF7") for c in ws[1])
    assert ws.freeze_panes == "A2"
    last = get_column_letter(len(sheet.columns))
    rows = max(len(sheet.default_rows), 1)
    assert dict(ws.tables.items()) == {f"tbl_{sheet.table}": f"A1:{last}{rows + 1}"}
    table = ws.tables[f"tbl_{sheet.table}"]
    assert table.tableStyleInfo.name.startswith("TableStyleMedium")
    assert [c.name for c in table.tableColumns] == headers
    for index, column in enumerate(sheet.columns, 1):
        letter = get_column_letter(index)
        assert ws.column_dimensions[letter].width == column.width, column.name
        assert ws.column_dimensions[letter].number_format == number_format(column.kind)
        assert ws.cell(2, index).number_format == number_format(column.kind), column.name


def test_number_formats_by_kind() -> None:
    assert number_format(Kind.DATE) == "dd-mm-yyyy"
    assert number_format(Kind.MONTH) == "mm-yyyy"
    assert number_format(Kind.INT) == "0"
    assert number_format(Kind.NUMBER) == "#,##0.00"
    for kind in (Kind.CPR, Kind.STAFF, Kind.TEXT, Kind.CODE, Kind.BOOL):
        assert number_format(kind) == "@"


# --- drop-downs -----------------------------------------------------------------------------


def _validation_at(ws: Worksheet, letter: str) -> list[Any]:
    return [
        dv
        for dv in ws.data_validations.dataValidation
        if f"{letter}2" in dv.sqref and f"{letter}1048576" in dv.sqref
    ]


def _list_values(wb: OpenpyxlWorkbook, formula: str) -> list[Any]:
    sheet_name, cells = formula.rsplit("!", 1)
    ws = wb[sheet_name.strip("'")]
    min_col, min_row, _, max_row = range_boundaries(cells.replace("$", ""))
    return [ws.cell(row, min_col).value for row in range(min_row, max_row + 1)]


@pytest.mark.parametrize("sheet", list(schema.all_sheets()), ids=lambda s: s.table)
def test_every_code_column_has_a_drop_down_with_exactly_the_schema_codes(
    sheet: schema.Sheet, fresh: dict[str, OpenpyxlWorkbook]
) -> None:
    wb = fresh[sheet.workbook]
    ws = wb[sheet.name]
    for index, column in enumerate(sheet.columns, 1):
        if column.codes is None and column.kind is not Kind.BOOL:
            continue
        found = _validation_at(ws, get_column_letter(index))
        assert len(found) == 1, f"{sheet.name}.{column.header}: no drop-down"
        dv = found[0]
        assert dv.type == "list"
        assert dv.showErrorMessage and dv.error and dv.errorTitle
        assert dv.formula1.split("!")[0].strip("'") == CODES_SHEET
        expected = ["ja", "nej"]
        if column.codes is not None:  # a list read by its labels offers the labels
            labels = column.codes.labels.values()
            expected = list(labels if column.codes.by_label else column.allowed)
        assert _list_values(wb, dv.formula1) == expected


def test_department_drop_downs_only_in_the_economy_workbook(
    fresh: dict[str, OpenpyxlWorkbook],
) -> None:
    departments = schema.sheet("departments")
    seen = 0
    for sheet in schema.all_sheets():
        ws = fresh[sheet.workbook][sheet.name]
        for index, column in enumerate(sheet.columns, 1):
            if column.kind not in (Kind.DEPARTMENT, Kind.INTERVENTION_TYPE):
                continue
            found = _validation_at(ws, get_column_letter(index))
            if sheet.workbook == "oekonomi" and column.references == ("departments", "department"):
                assert len(found) == 1, f"{sheet.name}.{column.header}"
                assert found[0].formula1.startswith(f"'{departments.name}'!$A$2:$A$")
                seen += 1
            else:
                assert found == [], f"{sheet.name}.{column.header} should have no drop-down"
    assert seen >= 4  # Budget, Regnskab, Takster, Timesatser


def test_numeric_bounds_become_validations(fresh: dict[str, OpenpyxlWorkbook]) -> None:
    ws = fresh["register"]["Progression"]
    (dv,) = _validation_at(ws, "C")
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "1", "10")
    ws = fresh["register"]["Indsatser"]
    letter = get_column_letter(schema.sheet("interventions").column_names.index("actual_cost") + 1)
    (dv,) = _validation_at(ws, letter)
    assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")


# --- defaults and the Vejledning ------------------------------------------------------------


def test_refund_ladder_defaults_ship_in_the_template(fresh: dict[str, OpenpyxlWorkbook]) -> None:
    ws = fresh["oekonomi"]["Refusion"]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    assert rows == [(1, 4, 80), (5, 26, 40), (27, 52, 30), (53, None, 20)]
    assert rows == list(schema.sheet("refund_ladder").default_rows)


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.kind)
def test_vejledning_mentions_every_sheet_header_and_code(
    book: schema.Workbook, fresh: dict[str, OpenpyxlWorkbook]
) -> None:
    ws = fresh[book.kind][INSTRUCTIONS_SHEET]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    for sheet in book.sheets:
        assert f"Ark: {sheet.name}" in text
        assert sheet.description in text
        for column in sheet.columns:
            assert column.header in text, column.header
            for code, label in column.codes.labels.items() if column.codes else ():
                assert (label if column.codes.by_label else f"{code} – {label}") in text
    assert "betinget" in text or book.kind == "oekonomi"
    if book.kind == "register":
        assert "pseudonym" in text and "gemmes aldrig" in text
        assert "ingen rulleliste" in text


# --- writing data ---------------------------------------------------------------------------


def _register_tables() -> dict[str, pd.DataFrame]:
    person = _cpr(15, 3, 75, 123)
    citizens = pd.DataFrame(
        {
            "cpr": pd.Series([person, _cpr(2, 1, 88, 456)], dtype="str"),
            "sex": pd.Series(["K", None], dtype="str"),
            "birth_year": pd.Series([1975, None], dtype="Int64"),
            "support_at_entry": pd.Series(["sygedagpenge", "kontanthjaelp"], dtype="str"),
            "primary_barrier": pd.Series(["helbred", "sociale"], dtype="str"),
        }
    )
    cases = pd.DataFrame(
        {
            "meeting_id": ["M1", "M1"],
            "cpr": [person, person],
            "case_type": ["ressourceforloeb", "fleksjob"],
            "recommendation": ["ressourceforloeb", "anden_indsats"],
            "goal_in_recommendation": pd.Series([True, False], dtype="boolean"),
            "citizen_present": pd.Series([pd.NA, True], dtype="boolean"),
            "return_reason": [None, "dokumentation"],
            "minutes": [np.nan, 45.5],
        }
    )
    interventions = pd.DataFrame(
        {
            "intervention_id": ["I1", "I2"],
            "cpr": [person, person],
            "course_id": [None, "F1"],
            "intervention_type": ["mentor", "stoettekontakt"],
            "department": ["BESK", "SOC"],
            "requested": pd.Series([datetime(2026, 11, 23), None], dtype="datetime64[us]"),
            "status": ["igangsat", "venter"],
            "refusal_reason": [None, None],
            "start": [date(2026, 12, 1), pd.NaT],
            "end": [None, None],
            "weekly_hours": [2.5, None],
            "actual_cost": [-1234.5, 1_234_567.0],  # negative numbers stay numbers
            "contact_person": ["ab", "007"],  # leading zeros survive as text
        }
    )
    return {"citizens": citizens, "cases": cases, "interventions": interventions}


def _calamine_rows(path: Path, sheet: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_data_round_trips(tmp_path: Path) -> None:
    tables = _register_tables()
    path = write_workbook(tmp_path / "register.xlsx", "register", tables)

    rows = _calamine_rows(path, "Borgere")
    assert rows[1] == [tables["citizens"]["cpr"][0], "K", 1975, "sygedagpenge", "helbred"]
    assert rows[2][1:3] == ["", ""]  # blanks stay blank
    rows = _calamine_rows(path, "Sager")
    assert rows[1][4:8] == ["ja", "", "", ""]
    assert rows[2][4:8] == ["nej", "ja", "dokumentation", 45.5]
    rows = _calamine_rows(path, "Indsatser")
    assert rows[1][5] == date(2026, 11, 23) and rows[1][8] == date(2026, 12, 1)
    assert rows[2][5] == "" and rows[2][8] == ""
    assert rows[1][10:13] == [2.5, -1234.5, "ab"]
    assert rows[2][11:13] == [1_234_567.0, "007"]

    wb = openpyxl.load_workbook(path)
    ws = wb["Indsatser"]
    assert ws.tables["tbl_interventions"].ref == "A1:M3"
    assert ws["F2"].value == datetime(2026, 11, 23) and ws["F2"].number_format == "dd-mm-yyyy"
    assert ws["L2"].value == -1234.5 and ws["L2"].number_format == "#,##0.00"
    assert ws["M3"].value == "007" and ws["M3"].data_type == "s"
    assert ws["F3"].value is None
    assert wb["Borgere"]["C2"].value == 1975 and wb["Borgere"]["C2"].number_format == "0"
    # Sheets without a frame are blank, with the template's one empty table row.
    assert wb["Mål"].tables["tbl_goals"].ref == "A1:F2"
    assert [c.value for c in wb["Mål"][2]] == [None] * 6


def test_a_frame_replaces_the_default_rows(tmp_path: Path) -> None:
    ladder = pd.DataFrame({"from_week": [1, 27], "to_week": [26, None], "refund_pct": [50, 25]})
    path = write_workbook(tmp_path / "oekonomi.xlsx", "oekonomi", {"refund_ladder": ladder})
    assert _calamine_rows(path, "Refusion")[1:] == [[1, 26, 50], [27, "", 25]]


def test_unknown_tables_and_missing_columns_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no tables"):
        write_workbook(tmp_path / "x.xlsx", "register", {"budget": pd.DataFrame()})
    with pytest.raises(ValueError, match="lacks columns"):
        write_workbook(tmp_path / "x.xlsx", "register", {"citizens": pd.DataFrame({"cpr": []})})


# --- formula injection ----------------------------------------------------------------------

NASTY = ["=SUM(A1:A9)", "+45 1234", "-2+3", "@SUM(1)", "\t=1", "\r=1", '=HYPERLINK("x")']


def test_safe_text_keeps_the_value_and_drops_what_xml_cannot_carry() -> None:
    for text in [*NASTY, "mentor", _cpr(1, 1, 90, 1234), "5.68.98", "Ærø", "a=b", ""]:
        assert safe_text(text) == text  # no apostrophe: the cell type keeps it text
    assert safe_text("a\x00b\x1fc") == "abc"  # characters XML cannot carry


def test_formula_like_text_is_stored_as_text(tmp_path: Path) -> None:
    n = len(NASTY)
    departments = pd.DataFrame({"department": NASTY, "name": NASTY, "committee": ["x"] * n})
    path = write_workbook(tmp_path / "oekonomi.xlsx", "oekonomi", {"departments": departments})
    wb = openpyxl.load_workbook(path)
    formulas = [
        c.coordinate
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    values = [row[1] for row in _calamine_rows(path, "Afdelinger")[1:]]
    assert values == NASTY  # string cells, value unchanged: no apostrophe shows in Excel
    guide = openpyxl.load_workbook(path)["Vejledning"]
    set_text(guide["A1"], "=SUM(A1)")
    assert guide["A1"].data_type == "s" and guide["A1"].value == "=SUM(A1)"


# --- speed ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_benchmark_scale_writes_quickly(tmp_path: Path) -> None:
    n = 100_000
    rng = np.random.default_rng(7)
    sheet = schema.sheet("interventions")
    days = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    frame = pd.DataFrame(
        {
            "intervention_id": [f"I{i}" for i in range(n)],
            "cpr": [_cpr(i % 28 + 1, 1, 90, i % 10_000) for i in range(n)],
            "course_id": [f"F{i // 3}" for i in range(n)],
            "intervention_type": rng.choice(["mentor", "praktik", "stoettekontakt"], n),
            "department": rng.choice(["BESK", "SOC", "SUND"], n),
            "requested": days,
            "status": rng.choice(list(sheet.column("status").allowed), n),
            "refusal_reason": None,
            "start": days + pd.Timedelta(days=14),
            "end": pd.NaT,
            "weekly_hours": rng.random(n) * 10,
            "actual_cost": np.where(rng.random(n) < 0.2, rng.random(n) * 10_000, np.nan),
            "contact_person": "ab",
        }
    )
    started = time.perf_counter()
    path = write_workbook(tmp_path / "register.xlsx", "register", {"interventions": frame})
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"{n} rows took {elapsed:.1f} s"
    rows = _calamine_rows(path, "Indsatser")
    assert len(rows) == n + 1 and rows[-1][0] == f"I{n - 1}"
