"""Workbooks whose real cells span far more than they hold: refused in Danish before the
reader allocates the sheet's whole rectangle (issue 11, points 5 and 6)."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.workbooks import headers, valid_register, write_pair, write_xlsx
from toolkit.config import Limits
from toolkit.workbook import safety
from toolkit.workbook.check import check_files
from toolkit.workbook.report import Category, Severity
from toolkit.workbook.safety import MAX_COLUMNS

_MEMORY_CAP = 3 * 1024**3  # the unguarded reader asks for 549.755.813.888 bytes at once


def _with_sheet_xml(source: Path, target: Path, edit: dict[bytes, bytes]) -> Path:
    """A copy of ``source`` whose first sheet's XML has each key replaced by its value."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                for old, new in edit.items():
                    assert old in data
                    data = data.replace(old, new, 1)
            dst.writestr(info, data)
    return target


def _check_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """check_files in a child process with capped memory: an abort fails the test, not pytest."""

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_CAP, _MEMORY_CAP))

    code = (
        "import sys; from pathlib import Path; from toolkit.workbook.check import check_files; "
        "print(check_files([Path(sys.argv[1])]).report.to_text())"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,
    )


_FAR_CELL = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def test_one_cell_in_the_last_corner_is_refused_in_danish(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    far = _with_sheet_xml(
        good, tmp_path / "hjoerne.xlsx", {b"</sheetData>": _FAR_CELL + b"</sheetData>"}
    )
    done = _check_in_child(far)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Fejl: hjoerne.xlsx: Arket «Borgere» har indhold i række 1.048.576" in done.stdout


def test_a_far_cell_without_a_row_number_is_refused(tmp_path: Path) -> None:
    """Rows and cells may leave out their position; the reader then counts them."""
    good, _ = write_pair(tmp_path)
    wide = b"<row>" + b"<c><v>1</v></c>" * (MAX_COLUMNS + 5) + b"</row>"
    far = _with_sheet_xml(good, tmp_path / "uden-r.xlsx", {b"</sheetData>": wide + b"</sheetData>"})
    report = check_files([far]).report
    assert [issue.category for issue in report.errors] == [Category.FILE]
    assert f"har indhold i {MAX_COLUMNS + 5} kolonner" in report.errors[0].message


def test_an_empty_styled_cell_far_away_is_no_content(tmp_path: Path) -> None:
    """Excel writes formatted, empty cells; the reader skips them, so must the guard."""
    good, _ = write_pair(tmp_path)
    styled = b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    path = _with_sheet_xml(
        good, tmp_path / "stylet.xlsx", {b"</sheetData>": styled + b"</sheetData>"}
    )
    assert not [i for i in check_files([path]).report.errors if i.category is Category.FILE]


def test_rows_beyond_the_limit_are_found_without_a_dimension(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    tall = b'<row r="9"><c r="A9" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _with_sheet_xml(good, tmp_path / "hoej.xlsx", {b"</sheetData>": tall + b"</sheetData>"})
    report = check_files([path], limits=Limits(max_file_bytes=10**8, max_rows_per_sheet=5)).report
    assert report.errors[0].message == (
        "Arket «Borgere» har indhold i række 9; grænsen er 5 rækker pr. ark. Hæv grænsen med "
        "TVAERBLIK_MAX_ROWS, hvis filen er i orden."
    )


def with_extra_columns(path: Path, extra: int) -> Path:
    """A valid register written to ``path``, its «Borgere» header followed by ``extra``
    unknown columns «Ekstra 0», «Ekstra 1», …"""
    register = valid_register()
    register["Borgere"][0] = headers("citizens") + [f"Ekstra {i}" for i in range(extra)]
    return write_xlsx(path, register)


def test_sixteen_thousand_columns_are_refused_quickly(tmp_path: Path) -> None:
    report = check_files([with_extra_columns(tmp_path / "register.xlsx", 16_379)]).report
    assert [issue.line() for issue in report.errors] == [
        f"Fejl: register.xlsx: Arket «Borgere» har indhold i 16.384 kolonner (til og med "
        f"kolonne XFD); Tværblik læser højst {MAX_COLUMNS}. Slet de overflødige kolonner til "
        "højre, og prøv igen."
    ]


def test_many_unknown_columns_give_one_warning(tmp_path: Path) -> None:
    report = check_files([with_extra_columns(tmp_path / "register.xlsx", 40)]).report
    unknown = [i for i in report.warnings if i.sheet == "Borgere" and "ukendte" in i.message]
    assert [i.message for i in unknown] == [
        "40 ukendte kolonner ignoreres, fx «Ekstra 0», «Ekstra 1» og «Ekstra 2»."
    ]
    assert unknown[0].severity is Severity.WARNING
    assert not report.has_errors or all(i.sheet != "Borgere" for i in report.errors)


def test_a_wide_sheet_is_bounded_by_its_cells_a_narrow_one_by_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_CELLS", 100)
    narrow = write_xlsx(tmp_path / "register.xlsx", valid_register())
    assert not [i for i in check_files([narrow]).report.errors if i.category is Category.FILE]
    wide = with_extra_columns(tmp_path / "bred.xlsx", 25)
    assert [i.message for i in check_files([wide]).report.errors] == [
        "Arket «Borgere» spænder over 4 rækker og 30 kolonner; det er flere celler, end "
        "Tværblik kan læse (100). Slet de overflødige kolonner til højre."
    ]


def test_a_sheet_moved_out_of_the_worksheets_folder_is_measured_too(tmp_path: Path) -> None:
    # The workbook's relations may point a sheet anywhere in the zip; the extent checks must
    # follow them, or a tall sheet at xl/data/s.xml would reach the reader unmeasured.
    good, _ = write_pair(tmp_path)
    tall = b'<row r="9"><c r="A9" t="inlineStr"><is><t>x</t></is></c></row>'
    moved = tmp_path / "flyttet.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data, name = src.read(info), info.filename
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                data, name = (
                    data.replace(b"</sheetData>", tall + b"</sheetData>", 1),
                    "xl/data/s.xml",
                )
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", b"data/s.xml")
            elif name == "[Content_Types].xml":
                data = data.replace(b"/xl/worksheets/sheet1.xml", b"/xl/data/s.xml")
            dst.writestr(name, data)
    with pytest.raises(safety.UnsafeFile, match="Arket «Borgere» har indhold i række 9"):
        safety.inspect_file(moved, Limits(max_file_bytes=10**8, max_rows_per_sheet=5))
