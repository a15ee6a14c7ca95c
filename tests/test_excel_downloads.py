"""«Hent som Excel» and ``write_xlsx``: workbooks a controller can use, opened with openpyxl.

Labels instead of ids and codes, periods as Danish labels and real dates, numbers as numbers
with Danish-looking formats, «<5» / «..» where a cell is suppressed; built only when asked.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.indicators.export import code_names, write_xlsx
from toolkit.register import Economy
from toolkit.ui import excel_download
from toolkit.ui.excel_download import ExcelDownload, excel_bytes
from toolkit.workbook.tables import guess_number_formats

ECONOMY = Economy.from_tables(
    {
        "departments": pd.DataFrame(
            {
                "department": ["BESK", "SOC"],
                "name": ["Jobcenter", "Socialafdelingen"],
                "committee": ["Beskæftigelsesudvalget", "Socialudvalget"],
            }
        ),
        "prices": pd.DataFrame(
            {
                "intervention_type": ["loentilskud", "loentilskud"],
                "name": ["Løntilskud (gammelt navn)", "Løntilskud"],
                "department": ["BESK"] * 2,
                "unit": ["uge", "uge"],
                "price": [100.0, 120.0],
                "valid_from": pd.to_datetime(["2020-01-01", "2024-01-01"]),
                "valid_to": [pd.NaT, pd.NaT],
            }
        ),
    }
)


def indicator_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["interventions_started_count", "interventions_started_count",
                          "intervention_cost_dkk", "interventions_refused_pct",
                          "waiting_days_median"],
            "period": ["2025-Q1", "2025-Q1", "2025-03", "2025", "nov. 2025–okt. 2026"],
            "department": ["BESK", "UKENDT", "SOC", "BESK", "BESK"],
            "intervention_type": ["loentilskud", "loentilskud", "mentor", None, "mentor"],
            "refusal_reason": [None, None, None, "borger_takker_nej", None],
            "value": [1234.0, None, 1234567.4, 12.5, None],
            "n": pd.array([1234, None, 40, 8, None], dtype="Int64"),
            "suppressed": ["", "primær", "", "", "sekundær"],
        }
    )  # fmt: skip


def rows(sheet: Worksheet) -> list[dict[str, Any]]:
    """Each body row as header -> cell."""
    cells = list(sheet.iter_rows())
    headers = [cell.value for cell in cells[0]]
    return [dict(zip(headers, row, strict=True)) for row in cells[1:]]


@pytest.fixture
def book(tmp_path: Path) -> openpyxl.Workbook:
    path = write_xlsx(indicator_table(), tmp_path / "tal.xlsx", names=code_names(ECONOMY))
    return openpyxl.load_workbook(path)


def test_labels_replace_ids_and_codes(book: openpyxl.Workbook) -> None:
    sheet = book["Indikatorer"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["Indikator", "Periode", "Første dag", "Afdeling", "Indsatstype",
                       "Afvisningsårsag", "Værdi", "Enhed", "Antal personer"]  # fmt: skip
    body = [{k: c.value for k, c in row.items()} for row in rows(sheet)]
    assert body[0]["Indikator"] == "Igangsatte indsatser"
    assert all("_" not in row["Indikator"] for row in body)
    assert [row["Afdeling"] for row in body] == ["Jobcenter", "UKENDT", "Socialafdelingen",
                                                 "Jobcenter", "Jobcenter"]  # fmt: skip
    assert body[0]["Indsatstype"] == "Løntilskud"  # the newest name in Priser
    assert body[2]["Indsatstype"] == "mentor"  # no name known: the code stays
    assert body[3]["Afvisningsårsag"] == "Borger takker nej"
    text = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert not {"interventions_started_count", "BESK", "loentilskud", "borger_takker_nej"} & text


def test_periods_are_danish_labels_and_dates(book: openpyxl.Workbook) -> None:
    body = rows(book["Indikatorer"])
    assert [row["Periode"].value for row in body] == [
        "1. kvt. 2025", "1. kvt. 2025", "mar. 2025", "2025", "nov. 2025–okt. 2026"]  # fmt: skip
    first = [row["Første dag"] for row in body]
    assert [c.value for c in first[:4]] == [datetime(2025, 1, 1), datetime(2025, 1, 1),
                                            datetime(2025, 3, 1), datetime(2025, 1, 1)]  # fmt: skip
    assert all(c.is_date and c.number_format == "dd-mm-yyyy" for c in first[:4])
    assert first[4].value is None  # a span is no single period: no day


def test_numbers_are_numbers_with_formats_by_unit(book: openpyxl.Workbook) -> None:
    body = rows(book["Indikatorer"])
    count, cost, share = body[0]["Værdi"], body[2]["Værdi"], body[3]["Værdi"]
    assert count.value == 1234 and count.number_format == "#,##0"
    assert cost.value == pytest.approx(1234567.4) and cost.number_format == "#,##0"
    assert share.value == 12.5 and share.number_format == '0.0" %"'
    assert body[0]["Antal personer"].value == 1234
    assert body[0]["Antal personer"].number_format == "#,##0"
    assert [row["Enhed"].value for row in body[:4]] == ["indsatser", "indsatser", "kr.", "%"]


def test_suppressed_cells_show_the_mark_and_the_note(book: openpyxl.Workbook) -> None:
    body = rows(book["Indikatorer"])
    assert (body[1]["Værdi"].value, body[1]["Antal personer"].value) == ("<5", "<5")
    assert (body[4]["Værdi"].value, body[4]["Antal personer"].value) == ("..", "..")
    assert body[1]["Værdi"].alignment.horizontal == "right"  # in line with the numbers
    assert "færre end 5" in book["Noter"]["A2"].value


def test_definitions_keep_the_ids_last(book: openpyxl.Workbook) -> None:
    sheet = book["Definitioner"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "Indikator" and headers[-1] == "Indikator-id"
    assert [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "interventions_started_count", "intervention_cost_dkk", "interventions_refused_pct",
        "waiting_days_median"]  # fmt: skip


def test_a_page_table_gets_formats_and_marks() -> None:
    table = pd.DataFrame(
        {
            "År": [2027, 2028],
            "Afdeling": ["Jobcenter", "Sundhed"],
            "Beløb (kr.)": [-1800000.0, 1675275.5],
            "Andel (%)": [42.9, None],
            "Antal borgere": [35.0, None],
            "Varighed": [452.5, None],
            "Skjult": ["", "<5"],
        }
    )
    assert guess_number_formats(table) == {
        "År": "0", "Beløb (kr.)": "#,##0", "Andel (%)": '0.0" %"', "Antal borgere": "#,##0",
        "Varighed": "#,##0.0"}  # fmt: skip
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(table)))["Tabel"]
    first, second = rows(sheet)
    assert first["År"].value == 2027 and first["År"].number_format == "0"
    assert first["Beløb (kr.)"].number_format == "#,##0"
    assert first["Andel (%)"].number_format == '0.0" %"'
    assert [second[h].value for h in ("Andel (%)", "Antal borgere", "Varighed")] == ["<5"] * 3
    assert second["Beløb (kr.)"].value == 1675275.5


def test_the_workbook_is_built_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[pd.DataFrame] = []
    real = excel_download.excel_bytes

    def counting(table: pd.DataFrame, names: Any = None) -> bytes:
        built.append(table)
        return real(table, names)

    monkeypatch.setattr(excel_download, "excel_bytes", counting)
    first, second = indicator_table(), indicator_table().head(2)
    download = ExcelDownload(first, "tal.xlsx", code_names(ECONOMY))
    download.show(second)
    assert built == [] and download.link.value == ""
    download.button.click()
    assert len(built) == 1 and built[0] is second
    assert "download='tal.xlsx'" in download.link.value
    assert download.button.layout.display == "none"
    download.show(first)  # the figure changed: the old file goes, the button comes back
    assert download.link.value == "" and download.button.layout.display == ""
    assert len(built) == 1


def test_a_failed_build_is_one_danish_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(table: pd.DataFrame, names: Any = None) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(excel_download, "excel_bytes", failing)
    download = ExcelDownload(indicator_table(), "tal.xlsx")
    assert download.prepare() == ""
    assert "Excel-arket kunne ikke laves" in download.link.value
    assert "disk" not in download.link.value


def test_code_names_take_the_newest_type_name() -> None:
    names = code_names(ECONOMY)
    assert names["department"] == {"BESK": "Jobcenter", "SOC": "Socialafdelingen"}
    assert names["coordinating_department"]["SOC"] == "Socialafdelingen"
    assert names["intervention_type"] == {"loentilskud": "Løntilskud"}
