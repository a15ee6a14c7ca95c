"""Write styled workbooks from the schema: blank templates and workbooks full of data.

A workbook has a Danish "Vejledning" sheet first, then the data sheets in schema order (each
an Excel table with frozen headers, number formats, column widths and drop-down lists), then
a hidden "Koder" sheet holding the code lists the drop-downs point at.

How it is written, and why:
- openpyxl builds everything except the data rows: styles, tables, validations, the
  Vejledning and Koder sheets (see ``xlsx.py`` for why these parts stay openpyxl's). Each
  data sheet gets one styled, empty "prototype" row 2.
- The data rows are then rendered to sheet XML by the one xlsx writer (``xlsx.py``) and put
  in place of the prototype row, reusing its style ids. openpyxl needs ~10 µs a cell (its
  XML writer is pure Python here); rendering the rows ourselves is several times faster,
  which matters at benchmark scale (100.000 interventions).
- ``xlsx.py`` also writes the package: fixed timestamps and document properties (same input,
  same bytes: templates regenerate without a diff), every text a string cell, never a
  formula.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook as OpenpyxlWorkbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from toolkit import datadictionary as words
from toolkit import schema
from toolkit.schema import Column, Kind, Sheet, Workbook
from toolkit.workbook import xlsx
from toolkit.workbook.instructions import (
    CODES_SHEET,
    INSTRUCTIONS_SHEET,
    add_instructions,
    has_department_list,
)
from toolkit.workbook.xlsx import HEADER_FILL, HEADER_FONT, LAST_EXCEL_ROW, set_text

DEPARTMENT_LIST_ROWS = 500  # how far down Afdelinger the department drop-down looks
BOOL_LIST_NAME = "ja_nej"
TABLE_STYLE = "TableStyleMedium2"
TEXT_FORMAT = "@"
NUMBER_FORMATS: dict[Kind, str] = {
    Kind.DATE: "dd-mm-yyyy",
    Kind.MONTH: "mm-yyyy",
    Kind.INT: "0",
    Kind.NUMBER: "#,##0.00",
}

# --- public API -----------------------------------------------------------------------------


def write_workbook(path: Path, kind: str, tables: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """Write the ``kind`` workbook ("register" or "oekonomi") to ``path``.

    ``tables`` maps table names (``Sheet.table``) to frames with the schema's canonical
    column names and raw values (CPR and initials as text). A sheet without a frame gets its
    ``default_rows``, so ``write_workbook(path, kind)`` is the blank template.
    """
    book = schema.WORKBOOKS[kind]
    rows_by_table = _frames_for(book, tables or {})
    workbook = _build(book, {table: len(frame) for table, frame in rows_by_table.items()})
    built = xlsx.openpyxl_parts(workbook)
    sheets = {  # a sheet's part name is known once openpyxl has written it
        workbook[sheet.name].path.lstrip("/"): (sheet, rows_by_table[sheet.table])
        for sheet in book.sheets
    }
    return xlsx.write_package(path, _parts(built, sheets, f"Tværblik: {book.title}"))


def write_templates(out_dir: Path) -> list[Path]:
    """Write the blank templates (register.xlsx, oekonomi.xlsx) into ``out_dir``."""
    return [
        write_workbook(Path(out_dir) / book.file_name, book.kind)
        for book in schema.WORKBOOKS.values()
    ]


def number_format(kind: Kind) -> str:
    """The Excel number format of a column of this kind (text for everything not numeric)."""
    return NUMBER_FORMATS.get(kind, TEXT_FORMAT)


# --- input frames ---------------------------------------------------------------------------


def _frames_for(book: Workbook, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    known = {sheet.table for sheet in book.sheets}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise ValueError(f"{book.file_name} has no tables {unknown}; it has {sorted(known)}")
    frames = {}
    for sheet in book.sheets:
        frame = tables.get(sheet.table)
        if frame is None:
            frame = pd.DataFrame(
                list(sheet.default_rows), columns=list(sheet.column_names), dtype=object
            )
        missing = [name for name in sheet.column_names if name not in frame.columns]
        if missing:
            raise ValueError(f"table {sheet.table!r} lacks columns {missing}")
        if len(frame) > LAST_EXCEL_ROW - 1:
            raise ValueError(f"table {sheet.table!r} has more rows than an Excel sheet holds")
        frames[sheet.table] = _as_written(sheet, frame.loc[:, list(sheet.column_names)])
    return frames


def _as_written(sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a controller writes it: a code written by its label (an indicator's id)
    becomes the label."""
    labelled = {c.name: c.codes for c in sheet.columns if c.codes and c.codes.by_label}
    written = {
        name: frame[name].map(codes.label, na_action="ignore") for name, codes in labelled.items()
    }
    return frame.assign(**written) if written else frame


# --- building the workbook with openpyxl ----------------------------------------------------


def _build(book: Workbook, row_counts: Mapping[str, int]) -> OpenpyxlWorkbook:
    workbook = OpenpyxlWorkbook()
    workbook.remove(workbook.active)
    code_ranges = _code_ranges(book)
    add_instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), book)
    for sheet in book.sheets:
        ws = workbook.create_sheet(sheet.name)
        _add_data_sheet(ws, sheet, row_counts[sheet.table], code_ranges)
    _add_code_sheet(workbook.create_sheet(CODES_SHEET), book)
    workbook.active = 0
    return workbook


def _put(ws: Worksheet, row: int, column: int, text: str) -> None:
    set_text(ws.cell(row, column), text)


def _add_data_sheet(
    ws: Worksheet, sheet: Sheet, n_rows: int, code_ranges: Mapping[str, str]
) -> None:
    for index, column in enumerate(sheet.columns, 1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        # Column style: rows the controller adds later get the right format too.
        ws.column_dimensions[letter].number_format = number_format(column.kind)
        _put(ws, 1, index, column.header)
        header = ws.cell(1, index)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        # The prototype row: replaced by the data rows, which reuse its style ids.
        ws.cell(2, index).number_format = number_format(column.kind)
        validation = _validation(sheet, column, code_ranges)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_EXCEL_ROW}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(sheet.columns))
    ref = f"A1:{last}{max(n_rows, 1) + 1}"  # a table needs at least one row below the header
    table = Table(
        displayName=f"tbl_{sheet.table}",
        ref=ref,
        autoFilter=AutoFilter(ref=ref),
        # Named here, not read back from the cells, so the header names always match.
        tableColumns=[
            TableColumn(id=i, name=ws.cell(1, i).value) for i in range(1, len(sheet.columns) + 1)
        ],
        tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True),
    )
    ws.add_table(table)


def _code_ranges(book: Workbook) -> dict[str, str]:
    """Code list name -> the absolute range of its codes in the Koder sheet."""
    ranges = {}
    for index, (name, codes) in enumerate(_code_lists(book).items(), 1):
        letter = get_column_letter(index)
        ranges[name] = f"{quote_sheetname(CODES_SHEET)}!${letter}$2:${letter}${len(codes) + 1}"
    return ranges


def _code_lists(book: Workbook) -> dict[str, tuple[str, ...]]:
    """The code lists this workbook's columns use, in order of first use, plus ja/nej."""
    lists: dict[str, tuple[str, ...]] = {}
    for sheet in book.sheets:
        for column in sheet.columns:
            if column.codes is not None:
                offered = (
                    column.codes.labels.values() if column.codes.by_label else column.codes.codes
                )
                lists.setdefault(column.codes.name, tuple(offered))
            elif column.kind is Kind.BOOL:
                lists.setdefault(BOOL_LIST_NAME, ("ja", "nej"))
    return lists


def _add_code_sheet(ws: Worksheet, book: Workbook) -> None:
    for index, (name, codes) in enumerate(_code_lists(book).items(), 1):
        _put(ws, 1, index, name)
        ws.cell(1, index).font = HEADER_FONT
        for row, code in enumerate(codes, 2):
            _put(ws, row, index, code)
        ws.column_dimensions[get_column_letter(index)].width = (
            max(len(name), *(len(code) for code in codes)) + 2
        )
    ws.sheet_state = "hidden"


def _department_range() -> str:
    sheet = schema.sheet("departments")
    letter = get_column_letter(sheet.column_names.index("department") + 1)
    return f"{quote_sheetname(sheet.name)}!${letter}$2:${letter}${DEPARTMENT_LIST_ROWS}"


def _clip(text: str, limit: int) -> str:
    """Excel refuses validation titles over 32 and messages over 255 characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _validation(
    sheet: Sheet, column: Column, code_ranges: Mapping[str, str]
) -> DataValidation | None:
    """The drop-down or number check for a column, or None."""
    if column.codes is not None:
        what = "en værdi" if column.codes.by_label else "en kode"
        source, error = code_ranges[column.codes.name], f"Vælg {what} fra rullelisten."
    elif column.kind is Kind.BOOL:
        source, error = code_ranges[BOOL_LIST_NAME], "Skriv ja eller nej."
    elif has_department_list(sheet, column):
        source = _department_range()
        error = "Vælg en afdelingskode fra arket Afdelinger (udfyld Afdelinger først)."
    elif column.kind in (Kind.INT, Kind.NUMBER) and (
        column.minimum is not None or column.maximum is not None
    ):
        return _number_validation(column)
    else:
        return None
    return _stopping(
        column, f"{error} Se arket {INSTRUCTIONS_SHEET}.", type="list", formula1=source
    )


def _number_validation(column: Column) -> DataValidation:
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        # Excel cannot say "over 0 and at most 37" in one rule: the import checks the
        # strict bound; the drop-in check here is the inclusive one.
        operator, formula1, formula2 = "between", _formula_number(low), _formula_number(high)
    elif low is not None:
        operator = "greaterThan" if column.exclusive_minimum else "greaterThanOrEqual"
        formula1, formula2 = _formula_number(low), None
    else:
        assert high is not None
        operator, formula1, formula2 = "lessThanOrEqual", _formula_number(high), None
    what = "et heltal" if column.kind is Kind.INT else "et tal"
    return _stopping(
        column,
        f"Skriv {what}, {words.bounds_text(column)}.",
        type="whole" if column.kind is Kind.INT else "decimal",
        operator=operator,
        formula1=formula1,
        formula2=formula2,
    )


def _stopping(column: Column, error: str, **rule: str | None) -> DataValidation:
    """The validation ``rule`` for ``column``: a blank passes, a wrong entry is refused with
    ``error``, and selecting a cell shows the column's description."""
    return DataValidation(
        **rule,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=_clip(f"Ugyldig værdi i {column.header}", 32),
        error=_clip(error, 255),
        promptTitle=_clip(column.header, 32),
        prompt=_clip(column.description, 255),
    )


def _formula_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- the data rows, rendered as sheet XML ---------------------------------------------------

_PROTOTYPE_ROW = re.compile(r'<row r="2"[^>]*>.*?</row>|<row r="2"[^>]*/>', re.DOTALL)
_CELL_STYLE = re.compile(r'<c r="([A-Z]+)2"[^>]*?\ss="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')
_CORE_PROPERTIES = "docProps/core.xml"


def _parts(
    built: Iterable[tuple[str, bytes]], sheets: Mapping[str, tuple[Sheet, pd.DataFrame]], title: str
) -> Iterator[xlsx.Part]:
    """openpyxl's package with the properties and data rows of the one xlsx writer.

    Text in data rows goes into a shared-string table (``xlsx.SharedStrings``); openpyxl's
    parts are told about it only when there are rows, so a template stays openpyxl's.
    """
    strings = xlsx.SharedStrings()
    has_rows = any(not frame.empty for _, frame in sheets.values())
    for name, data in built:
        if name == _CORE_PROPERTIES:
            data = xlsx.core_properties(title)
        elif has_rows and name == "[Content_Types].xml":
            data = data.replace(b"</Types>", xlsx.SHARED_STRINGS_CONTENT_TYPE + b"</Types>", 1)
        elif has_rows and name == "xl/_rels/workbook.xml.rels":
            data = data.replace(
                b"</Relationships>", xlsx.SHARED_STRINGS_RELATIONSHIP + b"</Relationships>", 1
            )
        if name not in sheets or sheets[name][1].empty:
            yield name, data
        else:
            yield name, _sheet_with_rows(name, data.decode("utf-8"), *sheets[name], strings)
    if has_rows:
        yield "xl/sharedStrings.xml", strings.xml_chunks()


def _sheet_with_rows(
    name: str, xml: str, sheet: Sheet, frame: pd.DataFrame, strings: xlsx.SharedStrings
) -> Iterator[str]:
    prototype = _PROTOTYPE_ROW.search(xml)
    if prototype is None:
        raise RuntimeError(f"no prototype row in {name}")  # openpyxl changed its output
    styles = dict(_CELL_STYLE.findall(prototype.group(0)))
    last = get_column_letter(len(sheet.columns))
    yield _DIMENSION.sub(
        f'<dimension ref="A1:{last}{len(frame) + 1}"/>', xml[: prototype.start()], count=1
    )
    yield from _row_chunks(sheet, frame, styles, strings)
    yield xml[prototype.end() :]


def _row_chunks(
    sheet: Sheet, frame: pd.DataFrame, styles: Mapping[str, str], strings: xlsx.SharedStrings
) -> Iterator[str]:
    for start in range(0, len(frame), xlsx.CHUNK_ROWS):
        part = frame.iloc[start : start + xlsx.CHUNK_ROWS]
        first_row = start + 2
        columns = []
        for index, column in enumerate(sheet.columns, 1):
            letter = get_column_letter(index)
            columns.append(
                _column_cells(
                    part[column.name],
                    column.kind,
                    letter,
                    styles.get(letter, "0"),
                    first_row,
                    strings,
                )
            )
        yield "".join(
            xlsx.row_xml(row, cells)
            for row, cells in enumerate(zip(*columns, strict=True), first_row)
        )


def _column_cells(
    values: pd.Series,
    kind: Kind,
    letter: str,
    style: str,
    first_row: int,
    strings: xlsx.SharedStrings,
) -> list[str]:
    """One ``<c>`` element per row for this column; "" where the cell stays blank."""
    missing = values.isna().to_numpy(dtype=bool)
    whole_days = kind in (Kind.DATE, Kind.MONTH)
    cells = []
    for row, (value, blank) in enumerate(zip(values.tolist(), missing, strict=True), first_row):
        if blank:
            cells.append("")
        elif isinstance(value, bool | np.bool_):  # the workbooks' own words for yes and no
            cells.append(xlsx.cell_xml(f"{letter}{row}", "ja" if value else "nej", style, strings))
        else:
            cells.append(xlsx.cell_xml(f"{letter}{row}", value, style, strings, whole_days))
    return cells


if __name__ == "__main__":
    for written in write_templates(Path(sys.argv[1] if len(sys.argv) > 1 else "templates_xlsx")):
        print(written)
