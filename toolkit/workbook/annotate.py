"""write_annotated: the controller's own workbook back, with every problem marked in place.

The copy keeps the controller's formulas (openpyxl loads with ``data_only=False``) and never
carries macros (``keep_vba=False``; a .xlsm comes back as .xlsx). Cells named by an issue are
filled red (errors) or yellow (warnings) and get a comment with the Danish message(s); a
new first sheet "Tværblik-kontrol" lists every issue. Only the issue's own words and its
``value`` (already safe to show, never a CPR number) are written: nothing else from the row.

This is the one place openpyxl changes a workbook in place; the file is then zipped by the
one xlsx writer (``xlsx.write_package``). openpyxl keeps data, styles, tables, validations
and conditional formats, but may drop drawings, shapes and form controls: the copy is for
finding the problems; fix them in the original. It loads the whole workbook, so 100.000
rows take about half a minute.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.workbook import xlsx
from toolkit.workbook.report import Issue, Severity
from toolkit.workbook.xlsx import AUTHOR, HEADER_FILL, HEADER_FONT, safe_text, set_text

REPORT_SHEET = "Tværblik-kontrol"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own light red for "bad"
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")  # and its light yellow for "neutral"
REPORT_COLUMNS = (
    ("Alvor", 11),
    ("Ark", 16),
    ("Række", 8),
    ("Kolonne", 26),
    ("Værdi", 26),
    ("Besked", 100),
)
MAX_LINES_PER_COMMENT = 20
MAX_VALUE_CHARS = 500
SEVERITY_WORDS = {Severity.ERROR: "Fejl", Severity.WARNING: "Advarsel", Severity.INFO: "Oplysning"}


def write_annotated(source: Path, issues: Iterable[Issue], out_dir: Path) -> Path:
    """Write ``<out_dir>/<stem>_kontrol.xlsx``: ``source`` with ``issues`` marked.

    Give the issues of this one file (``Report.for_file(name)``): the Ark/Række/Kolonne of an
    issue are looked up in ``source``. An issue without a row marks the header row; one
    without a column marks column A; one about a sheet the file lacks is only listed.
    """
    source = Path(source)
    issues = list(issues)
    with warnings.catch_warnings():
        # "extension is not supported and will be removed" etc.: true, and nothing to act on.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        workbook = openpyxl.load_workbook(source, data_only=False, keep_vba=False)
    if REPORT_SHEET in workbook.sheetnames:  # an annotated copy annotated again
        workbook.remove(workbook[REPORT_SHEET])
    by_cell: dict[Cell, list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.severity is Severity.INFO:
            continue  # nothing to correct: listed in the report sheet only
        cell = _cell_for(workbook, issue)
        if cell is not None:
            by_cell[cell].append(issue)
    for cell, cell_issues in by_cell.items():
        _mark(cell, cell_issues)
    _add_report_sheet(workbook, issues)
    # openpyxl keeps formulas but not their last results: let Excel recompute them on open.
    workbook.calculation.fullCalcOnLoad = True
    # The copy says when it was marked; its zip is the one writer's.
    workbook.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    target = Path(out_dir) / f"{source.stem}_kontrol.xlsx"
    return xlsx.write_package(target, xlsx.openpyxl_parts(workbook))


def _find_sheet(workbook: Workbook, name: str | None) -> Worksheet | None:
    if not name:
        return None
    if name in workbook.sheetnames:
        found = workbook[name]
    else:  # the reader forgives case and spaces in sheet names; so do we
        wanted = name.strip().casefold()
        matches = [title for title in workbook.sheetnames if title.strip().casefold() == wanted]
        if not matches:
            return None
        found = workbook[matches[0]]
    return found if isinstance(found, Worksheet) else None  # chart sheets have no cells


def _cell_for(workbook: Workbook, issue: Issue) -> Cell | None:
    ws = _find_sheet(workbook, issue.sheet)
    if ws is None:
        return None
    row = issue.row if issue.row and issue.row >= 1 else 1
    column = issue.excel_column if issue.excel_column and issue.excel_column >= 1 else 1
    cell = ws.cell(row=row, column=column)
    if isinstance(cell, MergedCell):  # only the top-left cell of a merged range holds anything
        for merged in ws.merged_cells.ranges:
            if cell.coordinate in merged:
                return ws.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _mark(cell: Cell, issues: list[Issue]) -> None:
    has_error = any(issue.severity is Severity.ERROR for issue in issues)
    cell.fill = ERROR_FILL if has_error else WARNING_FILL
    lines = list(
        dict.fromkeys(  # the same message twice in a cell says nothing new
            f"{SEVERITY_WORDS[issue.severity]}: {issue.message}"
            for issue in sorted(issues, key=lambda i: i.severity is not Severity.ERROR)
        )
    )
    if len(lines) > MAX_LINES_PER_COMMENT:
        rest = len(lines) - MAX_LINES_PER_COMMENT + 1
        lines = [
            *lines[: MAX_LINES_PER_COMMENT - 1],
            f"… og {rest} beskeder mere i arket {REPORT_SHEET}.",
        ]
    text = "\n".join(safe_text(line) for line in lines)
    if cell.comment is not None:  # keep what the controller wrote, below our note
        text += f"\n\nTidligere kommentar:\n{cell.comment.text}"
    comment = Comment(text, AUTHOR)
    comment.width = 360
    comment.height = min(400, 40 + 18 * (text.count("\n") + 1 + len(text) // 50))
    cell.comment = comment


def _sort_key(workbook: Workbook, issue: Issue) -> tuple[bool, int, int, int]:
    order = workbook.sheetnames.index(issue.sheet) if issue.sheet in workbook.sheetnames else -1
    return (issue.severity is not Severity.ERROR, order, issue.row or 0, issue.excel_column or 0)


def _add_report_sheet(workbook: Workbook, issues: list[Issue]) -> None:
    ordered = sorted(issues, key=lambda issue: _sort_key(workbook, issue))
    ws = workbook.create_sheet(REPORT_SHEET, 0)
    for index, (title, width) in enumerate(REPORT_COLUMNS, 1):
        header = ws.cell(1, index, title)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = width
    for row, issue in enumerate(ordered, 2):
        value = issue.value or ""
        if len(value) > MAX_VALUE_CHARS:
            value = value[: MAX_VALUE_CHARS - 1] + "…"
        texts = (
            SEVERITY_WORDS[issue.severity],
            issue.sheet or "",
            None,
            issue.column or "",
            value,
            issue.message,
        )
        for index, text in enumerate(texts, 1):
            if text:
                set_text(ws.cell(row, index), text)
        if issue.row is not None:
            ws.cell(row, 3, issue.row)
        ws.cell(row, 1).fill = ERROR_FILL if issue.severity is Severity.ERROR else WARNING_FILL
        ws.cell(row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    if not ordered:
        ws.cell(2, 6, "Ingen fejl eller advarsler fundet.")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(REPORT_COLUMNS))}{max(len(ordered), 1) + 1}"
    # One selected tab only: several selected tabs put Excel in group-edit mode.
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    workbook.active = 0
    for view in workbook.views:
        view.firstSheet = 0
