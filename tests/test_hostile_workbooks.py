"""Workbooks whose real cells span far more than they hold: refused in Danish before the
reader allocates the sheet's whole rectangle (issue 11, points 5 and 6)."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
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


_SMALL = Limits(max_file_bytes=10**8, max_rows_per_sheet=5)
_ROW_9 = "Arket «Borgere» har indhold i række 9; grænsen er 5 rækker pr. ark."


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(b"<row r=\"9\"><c r='A9'><v>1</v></c></row>", id="single-quotes"),
        pytest.param(b'<row r="9"><c\tr="A9"><v>1</v></c></row>', id="tab"),
        pytest.param(b'<row r="9"><c\nr="A9"><v>1</v></c></row>', id="newline"),
        pytest.param(b'<row r="9"><c  r = "A9"><v>1</v></c></row>', id="spaces-around-equals"),
        pytest.param(b'<row r="9"><c s="0" r="A9"><v>1</v></c></row>', id="r-not-first"),
        pytest.param(b'<row r="9"><c r="a9"><v>1</v></c></row>', id="lower-case"),
        pytest.param(b'<row r="9"><c r="A9" x="/>"><v>1</v></c></row>', id="tag-end-in-value"),
        pytest.param(b'<row r="9"><c r="A1"><v>1</v></c><c><v>1</v></c></row>', id="row-of-row"),
        pytest.param(b"<row r='9'><c><v>1</v></c></row>", id="row-single-quotes"),
        pytest.param(b'<row r="A9"><c><v>1</v></c></row>', id="row-with-letters"),
        pytest.param(
            b'<x:row xmlns:x="urn:x" r="9"><x:c><x:v>1</x:v></x:c></x:row>', id="other-namespace"
        ),
        pytest.param(b"<row><c><v>1</v></c></row>" * 5, id="counted"),
    ],
)
def test_every_way_the_reader_places_a_cell_is_measured(row: bytes, tmp_path: Path) -> None:
    """The reader (python-calamine) places each of these cells in row 9 and allocates down
    to it; the guard used to read them as row 1-5 or not at all."""
    good, _ = write_pair(tmp_path)
    path = _with_sheet_xml(good, tmp_path / "skjult.xlsx", {b"</sheetData>": row + b"</sheetData>"})
    with pytest.raises(safety.UnsafeFile, match=re.escape(_ROW_9)):
        safety.inspect_file(path, _SMALL)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        pytest.param(
            b'<row r="4"><c r="AAAAAAB4"><v>1</v></c></row>',
            "har indhold i 321.272.408 kolonner (til og med kolonne AAAAAAB)",
            id="long-column",  # the reader asked for 51 GB and aborted
        ),
        pytest.param(
            b'<row r="4"><c r="A4"\tr="XFD4"><v>1</v></c></row>',
            "Filen har en ugyldig XML-opbygning og afvises.",
            id="second-r",  # the reader takes the last r
        ),
        pytest.param(
            b'<row r="4"><c r="$A$4"><v>1</v></c></row>',
            "Filen er beskadiget og kan ikke læses.",
            id="unreadable-ref",
        ),
    ],
)
def test_odd_cell_references_are_refused(row: bytes, message: str, tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    path = _with_sheet_xml(good, tmp_path / "skjult.xlsx", {b"</sheetData>": row + b"</sheetData>"})
    with pytest.raises(safety.UnsafeFile, match=re.escape(message)):
        safety.inspect_file(path, Limits.from_env())


def test_an_empty_cell_with_a_tag_end_in_a_value_is_still_no_content(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    styled = b'<row r="1048576"><c r="XFD1048576" s="0" x="a>b"/></row>'
    path = _with_sheet_xml(
        good, tmp_path / "stylet.xlsx", {b"</sheetData>": styled + b"</sheetData>"}
    )
    safety.inspect_file(path, Limits.from_env())


def test_a_far_cell_in_single_quotes_is_refused_before_the_reader_runs(tmp_path: Path) -> None:
    good, _ = write_pair(tmp_path)
    far_cell = _FAR_CELL.replace(b'r="XFD1048576"', b"r='XFD1048576'")
    far = _with_sheet_xml(
        good, tmp_path / "hjoerne.xlsx", {b"</sheetData>": far_cell + b"</sheetData>"}
    )
    done = _check_in_child(far)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Fejl: hjoerne.xlsx: Arket «Borgere» har indhold i række 1.048.576" in done.stdout


@pytest.mark.parametrize(
    "rename",
    [
        pytest.param(str.upper, id="upper-case"),
        pytest.param(lambda name: name.replace("/", "\\"), id="backslashes"),
    ],
)
def test_a_sheet_part_named_in_another_case_is_measured(
    rename: Callable[[str], str], tmp_path: Path
) -> None:
    """The reader finds a sheet's part ignoring case and reading "\\" as "/"."""
    good, _ = write_pair(tmp_path)
    tall = b'<row r="9"><c r="A9"><v>1</v></c></row>'
    renamed = tmp_path / "omdoebt.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(renamed, "w") as dst:
        for info in src.infolist():
            data, name = src.read(info), info.filename
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", tall + b"</sheetData>", 1)
                name = rename(name)
            dst.writestr(name, data)
    with pytest.raises(safety.UnsafeFile, match=re.escape(_ROW_9)):
        safety.inspect_file(renamed, _SMALL)
