"""write_annotated: the controller's workbook back with every problem marked and listed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from toolkit.workbook.annotate import (
    ERROR_FILL,
    REPORT_COLUMNS,
    REPORT_SHEET,
    WARNING_FILL,
    write_annotated,
)
from toolkit.workbook.report import Category, Issue, Severity

FILE = "register.xlsx"


def _cpr(day: int, month: int, year: int, serial: int) -> str:
    """A synthetic CPR number, composed at run time so no CPR-shaped literal is committed."""
    return f"{day:02d}{month:02d}{year % 100:02d}-{serial:04d}"


PERSON = _cpr(15, 3, 75, 123)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Borgere"
    ws.append(["CPR-nummer", "Køn", "Fødselsår", "Forsørgelse ved start", "Primær barriere"])
    ws.append([PERSON, "X", 1975, "sygedagpenge", "helbred"])
    ws.append([PERSON, "K", "=1900+75", "ukendt", "helbred"])
    ws["G1"] = "Noter"
    ws["G2"] = "Ring til borgeren"
    ws["G2"].comment = Comment("Controllerens egen note", "Controller")
    other = wb.create_sheet("Forløb")
    other.append(["Forløbs-ID", "CPR-nummer"])
    other.append(["F1", PERSON])
    other.merge_cells("A3:B3")
    other["A3"] = "fletning"
    path = tmp_path / "in" / FILE
    path.parent.mkdir()
    wb.save(path)
    return path


def _issue(severity: Severity, message: str, **where: object) -> Issue:
    return Issue(severity, Category.VALUE, FILE, message, **where)  # type: ignore[arg-type]


@pytest.fixture
def issues() -> list[Issue]:
    return [
        _issue(
            Severity.ERROR,
            "Køn skal være K eller M.",
            sheet="Borgere",
            row=2,
            column="Køn",
            value="X",
            excel_column=2,
        ),
        _issue(
            Severity.WARNING,
            "Koden er ukendt.",
            sheet="Borgere",
            row=3,
            column="Forsørgelse ved start",
            value="ukendt",
            excel_column=4,
        ),
        _issue(
            Severity.WARNING,
            "Første advarsel.",
            sheet="Borgere",
            row=2,
            column="Fødselsår",
            value="1975",
            excel_column=3,
        ),
        _issue(
            Severity.ERROR,
            "Fødselsår passer ikke med CPR-nummeret.",
            sheet="Borgere",
            row=2,
            column="Fødselsår",
            value="1975",
            excel_column=3,
        ),
        Issue(
            Severity.WARNING,
            Category.SHAPE,
            FILE,
            "Kolonnen «Noter» kendes ikke og springes over.",
            sheet="Borgere",
            column="Noter",
            excel_column=7,
        ),
        Issue(
            Severity.ERROR,
            Category.SHAPE,
            FILE,
            "Kolonnen «Ordning» mangler.",
            sheet="Forløb",
            column="Ordning",
        ),
        Issue(Severity.ERROR, Category.SHAPE, FILE, "Arket «Møder» mangler.", sheet="Møder"),
        _issue(Severity.WARNING, "Rækken er flettet.", sheet="Forløb", row=3, excel_column=2),
        _issue(
            Severity.ERROR,
            "Ugyldig værdi.",
            sheet="Borgere",
            row=2,
            column="Noter",
            value='=HYPERLINK("http://x")',
            excel_column=7,
        ),
    ]


@pytest.fixture
def annotated(source: Path, issues: list[Issue], tmp_path: Path) -> openpyxl.Workbook:
    out = write_annotated(source, issues, tmp_path / "out")
    assert out == tmp_path / "out" / "register_kontrol.xlsx"
    return openpyxl.load_workbook(out)


def _rgb(cell: openpyxl.cell.cell.Cell) -> str:
    return str(cell.fill.fgColor.rgb)


def test_cells_are_filled_by_severity(annotated: openpyxl.Workbook) -> None:
    ws = annotated["Borgere"]
    assert _rgb(ws["B2"]) == ERROR_FILL.fgColor.rgb
    assert _rgb(ws["D3"]) == WARNING_FILL.fgColor.rgb
    assert _rgb(ws["C2"]) == ERROR_FILL.fgColor.rgb  # an error and a warning: red wins
    assert _rgb(ws["G1"]) == WARNING_FILL.fgColor.rgb  # unknown column: its header cell
    assert ws["A2"].fill.fill_type is None  # untouched cells stay untouched
    assert _rgb(annotated["Forløb"]["A1"]) == ERROR_FILL.fgColor.rgb  # missing column: A1
    assert _rgb(annotated["Forløb"]["A3"]) == WARNING_FILL.fgColor.rgb  # merged: top-left


def test_comments_are_danish_and_carry_only_the_messages(annotated: openpyxl.Workbook) -> None:
    ws = annotated["Borgere"]
    assert ws["B2"].comment.text == "Fejl: Køn skal være K eller M."
    assert ws["B2"].comment.author == "Tværblik"
    assert ws["C2"].comment.text.splitlines() == [
        "Fejl: Fødselsår passer ikke med CPR-nummeret.",
        "Advarsel: Første advarsel.",
    ]
    assert ws["D3"].comment.text == "Advarsel: Koden er ukendt."
    own = ws["G2"].comment.text
    assert own.startswith("Fejl: Ugyldig værdi.") and "Controllerens egen note" in own
    for sheet in annotated.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    assert PERSON not in cell.comment.text


def test_report_sheet_lists_every_issue(annotated: openpyxl.Workbook, issues: list[Issue]) -> None:
    assert annotated.sheetnames[0] == REPORT_SHEET
    assert annotated.active.title == REPORT_SHEET
    ws = annotated[REPORT_SHEET]
    assert [c.value for c in ws[1]] == [title for title, _ in REPORT_COLUMNS]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["F"].width == REPORT_COLUMNS[-1][1]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    assert len(rows) == len(issues)
    assert [r[0] for r in rows] == ["Fejl"] * 5 + ["Advarsel"] * 4  # errors first
    assert ("Fejl", "Møder", None, None, None, "Arket «Møder» mangler.") in rows
    assert ("Fejl", "Borgere", 2, "Køn", "X", "Køn skal være K eller M.") in rows
    # a string cell holding the value as it was: no formula (checked below), no apostrophe
    assert ("Fejl", "Borgere", 2, "Noter", '=HYPERLINK("http://x")', "Ugyldig værdi.") in rows
    assert not any(PERSON in str(v) for row in rows for v in row)
    selected = [sheet.title for sheet in annotated.worksheets if sheet.sheet_view.tabSelected]
    assert selected == [REPORT_SHEET]


def test_the_original_is_kept_formulas_and_all(
    source: Path, issues: list[Issue], tmp_path: Path
) -> None:
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = write_annotated(source, issues, tmp_path / "out")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    ws = openpyxl.load_workbook(out)["Borgere"]
    assert ws["C3"].data_type == "f" and ws["C3"].value == "=1900+75"
    assert [c.value for c in ws[2]][:5] == [PERSON, "X", 1975, "sygedagpenge", "helbred"]
    report = openpyxl.load_workbook(out)[REPORT_SHEET]
    assert not [c for row in report.iter_rows() for c in row if c.data_type == "f"]


def test_no_issues_gives_a_clean_report(source: Path, tmp_path: Path) -> None:
    out = write_annotated(source, [], tmp_path)
    ws = openpyxl.load_workbook(out)[REPORT_SHEET]
    assert ws["F2"].value == "Ingen fejl eller advarsler fundet."


def test_annotating_an_annotated_copy_replaces_the_report(
    source: Path, issues: list[Issue], tmp_path: Path
) -> None:
    first = write_annotated(source, issues, tmp_path / "one")
    second = write_annotated(first, issues[:1], tmp_path / "two")
    assert second.name == "register_kontrol_kontrol.xlsx"
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(REPORT_SHEET) == 1
    assert wb[REPORT_SHEET].max_row == 2


def _macro_workbook(path: Path) -> Path:
    """A .xlsm with a (dummy) VBA project, as Excel saves one."""
    wb = openpyxl.Workbook()
    wb.active.title = "Borgere"
    wb.active.append(["CPR-nummer"])
    plain = path.with_suffix(".xlsx")
    wb.save(plain)
    main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(main, macro).replace(
                    b"<Default ",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/><Default ',
                    1,
                )
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" '
                    b'Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            dst.writestr(name, data)
        dst.writestr("xl/vbaProject.bin", b"not really VBA")
    return path


def test_macro_workbooks_come_back_without_macros(tmp_path: Path) -> None:
    source = _macro_workbook(tmp_path / "med_makroer.xlsm")
    with zipfile.ZipFile(source) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
    out = write_annotated(source, [], tmp_path / "out")
    assert out.name == "med_makroer_kontrol.xlsx"
    with zipfile.ZipFile(out) as archive:
        assert not [n for n in archive.namelist() if "vba" in n.lower()]
        assert b"macroEnabled" not in archive.read("[Content_Types].xml")


WORKBOOK_MODULES = ["annotate", "reader", "convert", "safety", "extent", "check", "xlsx", "tables"]
_IMPORT_EACH_FIRST = """
import importlib, sys
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "toolkit" or m.startswith("toolkit.")]:
        del sys.modules[loaded]  # as if this module were the first one imported
    try:
        importlib.import_module("toolkit.workbook." + name)
    except ImportError as error:
        print(name, error)
"""


def test_no_workbook_module_imports_without_defusedxml() -> None:
    """Each module of the Excel border, imported first and alone, refuses to run when openpyxl
    would parse controllers' XML without defusedxml: the guard is the package's, not that of
    one module the others happen to import."""
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}  # openpyxl's own switch
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_FIRST, *WORKBOOK_MODULES],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    refusals = result.stdout.splitlines()
    message = "openpyxl parses XML without defusedxml; install defusedxml"
    assert refusals == [f"{name} {message}" for name in WORKBOOK_MODULES]
