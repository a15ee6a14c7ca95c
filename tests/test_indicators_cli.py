"""`tvaerblik indicators`: the catalogue on the sample municipality, suppressed by default."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from tests.cli_runs import run_cli
from toolkit import cli
from toolkit.store import Store


@pytest.fixture(scope="module")
def sample_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("sample") / "data"
    key = tmp_path_factory.mktemp("key") / "pseudonym.key"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TVAERBLIK_KEY_FILE", str(key))
        assert cli.main(["--data", str(data), "demo", "--scale", "0.2"]) == 0
    return data


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "--data", data, "indicators", *args)


def test_csv_is_the_tidy_table_and_suppressed(
    sample_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, sample_data, "--level", "year", "--ids", "course_ends_count")
    assert code == 0 and "Beregner indikatorer for version v0001" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "indicator",
        "period",
        "scheme",
        "exit_reason",
        "value",
        "n",
        "suppressed",
    ]
    hidden = [r for r in rows if r["suppressed"]]
    assert hidden, "a 0.2-scale municipality has small cells"
    assert all(r["value"] == "" and r["n"] == "" for r in hidden)
    shown = [r for r in rows if not r["suppressed"]]
    assert all(int(r["n"]) >= 5 for r in shown)


def test_json_records_and_a_date_range(
    sample_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        sample_data,
        "--format",
        "json",
        "--ids",
        "persons_active_count",
        "--from",
        "2025-01",
        "--to",
        "2025-03",
    )
    assert code == 0
    records = json.loads(out)
    assert sorted({r["period"] for r in records}) == ["2025-01", "2025-02", "2025-03"]
    assert all(r["indicator"] == "persons_active_count" for r in records)


def test_xlsx_has_danish_headers_definitions_and_no_formulas(
    sample_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "indikatorer.xlsx"
    code, out, _ = run(
        capsys, sample_data, "--format", "xlsx", "--out", str(out_file), "--level", "quarter"
    )
    assert code == 0 and "Skrevet:" in out
    book = openpyxl.load_workbook(out_file)
    assert book.sheetnames == ["Indikatorer", "Definitioner", "Noter"]
    sheet = book["Indikatorer"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Indikator", "Periode", "Første dag"]
    assert headers[-3:] == ["Værdi", "Enhed", "Antal personer"]
    body = list(sheet.iter_rows(min_row=2))
    assert {row[-3].value for row in body} >= {"<5", ".."}  # suppressed cells show the mark
    assert all(re.fullmatch(r"[1-4]\. kvt\. \d{4}", row[1].value) for row in body)
    assert all(row[2].is_date and row[2].number_format == "dd-mm-yyyy" for row in body)
    departments = {row[headers.index("Afdeling")].value for row in body} - {None}
    assert departments and not departments & {"BESK", "SOC", "SUND", "UNGE"}  # names
    assert "Id" not in headers and book["Definitioner"]["E1"].value == "Indikator-id"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "færre end 5" in book["Noter"]["A2"].value


def test_unsuppressed_output_says_so_and_is_logged(
    sample_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, sample_data, "--unsuppressed", "--ids", "course_ends_count")
    assert code == 0 and "Ikke diskretioneret" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert all(row["n"] for row in rows)
    assert all(row["note"].startswith("Ikke diskretioneret") for row in rows)
    event = Store(sample_data).audit_events()[-1]
    assert event["event"] == "unsuppressed_export" and event["indicators"] == ["course_ends_count"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--ids", "no_such_indicator"], "Ukendte indikatorer: no_such_indicator"),
        (["--from", "2025-13"], "2025-13"),
        (["--format", "xlsx"], "--format xlsx kræver --out FIL."),
    ],
)
def test_bad_arguments_give_one_danish_sentence(
    sample_data: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, sample_data, *args)
    assert code == 2 and message in err and "Traceback" not in err
