"""Untrusted files: refused with one Danish sentence, quickly, without a traceback."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.tampered import BILLION_LAUGHS, replace_member
from tests.workbooks import valid_register, write_pair, write_xlsx
from toolkit.config import Limits
from toolkit.workbook.check import check_files
from toolkit.workbook.report import Category, Severity


def only_error(path: Path, limits: Limits | None = None) -> str:
    report = check_files([path], limits=limits).report
    assert len(report.errors) == 1, report.to_text()
    issue = report.errors[0]
    assert issue.category is Category.FILE
    return issue.line()


def test_a_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_text("CPR-nummer;Køn\n", encoding="utf-8")
    assert only_error(path) == (
        "Fejl: register.xlsx: Filen kan ikke åbnes som Excel-projektmappe: den er beskadiget, "
        "krypteret med adgangskode eller ikke en Excel-fil."
    )


@pytest.mark.parametrize(
    "name, message",
    [
        ("register.csv", "Tværblik læser kun Excel-projektmapper (.xlsx eller .xlsm)."),
        ("register.xls", "Filen er i det gamle Excel-format (.xls). Gem den som .xlsx i Excel."),
    ],
)
def test_other_formats(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    assert only_error(path) == f"Fejl: {name}: {message}"


def test_a_missing_file(tmp_path: Path) -> None:
    assert only_error(tmp_path / "væk.xlsx") == "Fejl: væk.xlsx: Filen findes ikke."


def test_a_truncated_workbook(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    broken = tmp_path / "broken.xlsx"
    data = good.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    assert "Filen" in only_error(broken)


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    message = only_error(good, Limits(max_file_bytes=1024, max_rows_per_sheet=10))
    assert message.startswith("Fejl: register.xlsx: Filen fylder 0")
    assert message.endswith(
        "MB; grænsen er 0 MB. Del den op, eller hæv grænsen med TVAERBLIK_MAX_FILE_MB."
    )


def test_a_sheet_over_the_row_limit(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    message = only_error(good, Limits(max_file_bytes=10**8, max_rows_per_sheet=2))
    assert message == (
        "Fejl: register.xlsx: Et ark har 3 rækker; grænsen er 2 pr. ark. Hæv "
        "grænsen med TVAERBLIK_MAX_ROWS, hvis filen er i orden."
    )


@pytest.mark.parametrize("padding", [b"", b"<!--" + b" " * 300_000 + b"-->\n"])
def test_an_xml_bomb_is_refused_quickly_without_memory_blow_up(
    tmp_path: Path, padding: bytes
) -> None:
    good, _ = write_pair(tmp_path)
    bomb_xml = BILLION_LAUGHS.replace(b"<!DOCTYPE", padding + b"<!DOCTYPE", 1)
    bomb = replace_member(good, tmp_path / "bombe.xlsx", "xl/worksheets/sheet1.xml", bomb_xml)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    message = only_error(bomb)
    assert time.perf_counter() - started < 2.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB
    assert message == (
        "Fejl: bombe.xlsx: Filen indeholder XML-erklæringer (DTD/entiteter), "
        "som ikke hører hjemme i en Excel-fil; den afvises af sikkerhedshensyn."
    )


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_a_macro_workbook_is_read_and_its_macros_never_run(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    macro = tmp_path / "register.xlsm"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(macro, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Module1"\nShell "rm -rf /"')
    result = check_files([macro])
    assert not result.report.has_errors
    assert len(result.tables["register"]["citizens"]) == 3


def test_a_workbook_that_is_not_one_of_ours(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", {"Ark1": [["Noget", "Andet"], [1, 2]]})
    report = check_files([path]).report
    assert [i.severity for i in report] == [Severity.ERROR]
    assert report.errors[0].message.startswith("Projektmappen kan ikke genkendes")


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) mangler i CI; .ci/run skal installere den")
        pytest.skip("LibreOffice is not installed")
    return found


@pytest.mark.libreoffice
def test_a_file_saved_by_libreoffice_calc_reads_like_one_saved_by_openpyxl(
    tmp_path: Path,
) -> None:
    reg = valid_register()
    reg["Møder"][1][3] = "=1+1"  # Calc stores the computed value: it is read, never evaluated
    original, economy = write_pair(tmp_path, reg)
    out = tmp_path / "calc"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(original),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    from_calc = check_files([out / "register.xlsx", economy])
    from_openpyxl = check_files([original, economy])
    assert not from_calc.report.has_errors, from_calc.report.to_text()
    assert from_calc.tables["register"]["meetings"]["participants"].iloc[0] == 2
    for table, frame in from_openpyxl.tables["register"].items():
        calc_frame = from_calc.tables["register"][table]
        if table == "meetings":
            frame = frame.assign(participants=calc_frame["participants"])
        assert calc_frame.equals(frame), table
