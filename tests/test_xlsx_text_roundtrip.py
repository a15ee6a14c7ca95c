"""Text that looks like a formula survives writing and reading unchanged (issue 11, point 9):
the writer stores it as a string cell, never with an apostrophe, and the reader takes the
apostrophe the earlier writer added off again."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from tests.workbooks import valid_economy, valid_scenarios, write_scenarios, write_xlsx
from toolkit.workbook.check import check_files
from toolkit.workbook.tables import DATE, INTEGER, TableSheet, write_tables
from toolkit.workbook.writer import write_workbook

LOOKS_LIKE_A_FORMULA = ["+45 1234", "@Socialudvalget", "-Beskæftigelse", "=SUM(A1)", "Sundhed"]


def _departments(committees: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "department": ["BESK", "SOC", "SUND", "UNGE", "AEL"][: len(committees)],
            "name": committees,
            "committee": committees,
        }
    )


def test_a_workbook_written_and_read_three_times_keeps_its_text(tmp_path: Path) -> None:
    tables = {"departments": _departments(LOOKS_LIKE_A_FORMULA)}
    for round_trip in range(3):
        path = write_workbook(tmp_path / f"oekonomi-{round_trip}.xlsx", "oekonomi", tables)
        result = check_files([path])
        read = result.tables["oekonomi"]["departments"]
        assert read["committee"].tolist() == LOOKS_LIKE_A_FORMULA, round_trip
        assert read["name"].tolist() == LOOKS_LIKE_A_FORMULA, round_trip
        tables = {"departments": read}


def test_the_apostrophe_of_the_earlier_writer_is_taken_off(tmp_path: Path) -> None:
    economy = valid_economy()
    economy["Afdelinger"][1][2] = "'+45 1234"
    economy["Afdelinger"][2][2] = "'Sundhed'"  # an apostrophe before ordinary text stays
    path = write_xlsx(tmp_path / "oekonomi.xlsx", economy)
    read = check_files([path]).tables["oekonomi"]["departments"]
    assert read["committee"].tolist()[:2] == ["+45 1234", "'Sundhed'"]


def test_a_scenario_workbook_saved_and_imported_again_stays_the_same(tmp_path: Path) -> None:
    """What «Gem som Excel» on the Scenarier page does: write the checked tables back."""
    sheets = valid_scenarios()
    for rows in sheets.values():
        for row in rows[1:]:
            if row[0] == "S1":
                row[0] = "@S1"
    sheets["Scenarier"][1][1] = "+Flere støttekontaktpersoner"
    sheets["Effekter"][1][-1] = "-COWI, ventetid på § 85"
    economy = write_xlsx(tmp_path / "oekonomi.xlsx", valid_economy())
    path = write_scenarios(tmp_path, sheets)
    first = check_files([path, economy])
    assert first.ok, first.report.to_text()
    tables = first.tables["scenarier"]
    for round_trip in range(3):
        path = write_workbook(tmp_path / f"scenarier-{round_trip}.xlsx", "scenarier", tables)
        again = check_files([path, economy])
        assert again.ok, again.report.to_text()
        for name, frame in tables.items():
            pd.testing.assert_frame_equal(again.tables["scenarier"][name], frame, obj=name)
        tables = again.tables["scenarier"]
    assert tables["scenarios"]["name"].iloc[0] == "+Flere støttekontaktpersoner"


# --- plain tables (exports, «Hent som Excel») go through the same writer ---------------------

TABLE = pd.DataFrame(
    {
        "Tekst": [*LOOKS_LIKE_A_FORMULA, "a\x00b"],
        "Værdi (kr.)": [1234, 0.1 + 0.2, "<5", None, float("nan"), -7.5],
        "Dato": [date(2024, 1, 1), datetime(2024, 5, 6, 12, 30), "", None, None, None],
        "Ja": [True, False, None, None, None, None],
    }
)


def _table(tmp_path: Path, name: str = "tabel.xlsx") -> Path:
    sheets = [
        TableSheet("Tabel", TABLE, {"Værdi (kr.)": INTEGER}, {"Tekst": 30}),
        TableSheet("Noter", pd.DataFrame({"Note": ["=ikke en formel"]}), widths={"Note": 120}),
    ]
    return write_tables(tmp_path / name, sheets)


def test_a_table_keeps_its_text_and_types(tmp_path: Path) -> None:
    path = _table(tmp_path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert not re.search(rb"<f[ >]", archive.read(name)), name  # never a formula
    book = openpyxl.load_workbook(path)
    sheet = book["Tabel"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [*LOOKS_LIKE_A_FORMULA, "ab"]
    assert all(sheet.cell(row, 1).data_type == "s" for row in range(2, 8))
    assert [row[1] for row in rows] == [1234, 0.1 + 0.2, "<5", None, None, -7.5]  # exact
    assert sheet["B2"].number_format == INTEGER and sheet["B4"].alignment.horizontal == "right"
    assert sheet["C2"].value == datetime(2024, 1, 1) and sheet["C2"].number_format == DATE
    assert sheet["C3"].value == datetime(2024, 5, 6, 12, 30)
    assert sheet["C4"].value is None  # an empty text is an empty cell
    assert (sheet["D2"].value, sheet["D3"].value) == (True, False)
    assert sheet["A1"].value == "Tekst" and sheet["A1"].font.b and sheet["A1"].fill.fill_type
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D7"
    assert sheet.column_dimensions["A"].width == 30 and sheet.column_dimensions["B"].width == 13
    assert book["Noter"]["A2"].value == "=ikke en formel"
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tabel").to_python()
    assert [row[0] for row in calamine[1:]] == [*LOOKS_LIKE_A_FORMULA, "ab"]


def test_the_same_table_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = _table(tmp_path, "a.xlsx"), _table(tmp_path, "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "<dc:creator" in core and "Tværblik" in core and "2026-01-01T00:00:00Z" in core
    assert not list(tmp_path.glob(".*partial")), "a partial file was left behind"


def test_a_sheet_name_excel_refuses_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="sheet name"):
        write_tables(tmp_path / "x.xlsx", [TableSheet("Tal/år", TABLE)])
    with pytest.raises(ValueError, match="share a name"):
        write_tables(tmp_path / "x.xlsx", [TableSheet("Tabel", TABLE), TableSheet("tabel", TABLE)])
    assert not (tmp_path / "x.xlsx").exists()
