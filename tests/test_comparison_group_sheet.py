"""The optional sheet Sammenligningskommuner of oekonomi.xlsx: read, checked and stored."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.workbooks import headers, valid_economy, write_pair
from toolkit import ingest
from toolkit.store import Store
from toolkit.workbook.check import check_files

FILE = "oekonomi.xlsx"
SHEET = "Sammenligningskommuner"


def economy_with_group(rows: Sequence[Sequence[object]]) -> dict[str, list[list[object]]]:
    book = valid_economy()
    book[SHEET] = [[*headers("comparison_group")], *map(list, rows)]
    return book


def report_lines(tmp_path: Path, rows: Sequence[Sequence[object]]) -> list[str]:
    paths = write_pair(tmp_path, economy=economy_with_group(rows))
    return [issue.line() for issue in check_files(list(paths)).report]


def test_the_group_is_read_and_stored_with_codes_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(tmp_path / "key"))
    rows = [["Ådal", 991], ["Bakkeby Kommune", "992"], ["Fjordby", None]]
    paths = write_pair(tmp_path, economy=economy_with_group(rows))
    outcome = ingest.import_files(list(paths), tmp_path / "data")
    assert outcome.version, outcome.report.to_text()
    assert outcome.report.to_text() == "Ingen fejl eller advarsler fundet."
    group = Store(tmp_path / "data").load().economy.comparison_group
    assert group["name"].tolist() == ["Ådal", "Bakkeby Kommune", "Fjordby"]
    assert group["code"].tolist()[:2] == ["991", "992"]  # a number typed is kept as text
    assert group["code"].isna().tolist() == [False, False, True]


def test_a_code_must_be_three_digits_like_kommunenummer(tmp_path: Path) -> None:
    rows = [["Ådal", 91], ["Bakkeby", "9920"], ["Fjordby", "99a"], ["Lyngå", "994"]]
    lines = report_lines(tmp_path, rows)
    message = "Kommunenummeret skal være tre cifre, som i Danmarks Statistiks liste (fx 101)."
    assert lines == [
        f"Fejl: {FILE}, ark «{SHEET}», række {row}, kolonne «Kommunenummer»: {message} "
        f"(værdi: {value})"
        for row, value in ((2, "91"), (3, "9920"), (4, "99a"))
    ]


def test_a_municipality_named_twice_is_an_error(tmp_path: Path) -> None:
    [line] = report_lines(tmp_path, [["Ådal", "991"], ["Bakkeby", "992"], ["Ådal", "993"]])
    assert line.startswith(f"Fejl: {FILE}, ark «{SHEET}», række 4, kolonne «Kommunenavn»:")


def test_the_sheet_may_be_left_out_or_empty(tmp_path: Path) -> None:
    assert report_lines(tmp_path, []) == []
    assert [i.line() for i in check_files(list(write_pair(tmp_path))).report] == []
