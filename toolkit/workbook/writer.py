"""Write styled workbooks from the schema: blank templates and workbooks full of data.

A workbook has a Danish "Vejledning" sheet first, then the data sheets in schema order (each
an Excel table with frozen headers, number formats, column widths and drop-down lists), then
a hidden "Koder" sheet holding the code lists the drop-downs point at.

How it is written, and why:
- openpyxl builds everything except the data rows: styles, tables, validations, the
  Vejledning and Koder sheets. Each data sheet gets one styled, empty "prototype" row 2.
- The data rows are then rendered straight to sheet XML and put in place of the prototype
  row, reusing its style ids. openpyxl needs ~10 µs a cell (its XML writer is pure Python
  here); rendering the rows ourselves is several times faster, which matters at benchmark
  scale (100.000 interventions).
- The zip is written with fixed timestamps and fixed workbook properties, so writing the
  same input twice gives the same bytes (templates regenerate without a diff).
- Every text is written as a string cell (``set_text``, shared strings in the data rows),
  never as a formula, and keeps its value: "=SUM(A1)" or "+45 1234" is stored and read back
  as exactly that text, with no apostrophe added.
"""

from __future__ import annotations

import io
import math
import re
import sys
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook as OpenpyxlWorkbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from toolkit import datadictionary as words
from toolkit import schema
from toolkit.schema import Column, Kind, Sheet, Workbook

# Workbooks from controllers are untrusted XML: openpyxl must parse through defusedxml.
# (A raise, not an assert: asserts vanish under python -O.)
if not openpyxl.DEFUSEDXML:
    raise ImportError("openpyxl parses XML without defusedxml; install defusedxml")

INSTRUCTIONS_SHEET, CODES_SHEET = schema.INSTRUCTION_SHEETS
AUTHOR = "Tværblik"
FIXED_TIMESTAMP = datetime(2026, 1, 1)  # workbook properties: same input, same file
LAST_EXCEL_ROW = 1_048_576
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
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=12)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_EXCEL_EPOCH = datetime(1899, 12, 30)
_FIRST_SAFE_SERIAL = 61  # 1900-03-01: before it Excel's 1900 leap-year bug shifts serials

# --- formula safety -------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def safe_text(value: str) -> str:
    """``value`` fit for a string cell: characters XML cannot carry (control characters) are
    dropped; openpyxl would refuse them with an error message that repeats the whole value.

    Text that starts with a formula trigger ("=", "+", "-", "@", tab, CR) is kept as it is:
    the cell type, not an apostrophe, keeps it text (``set_text``). An apostrophe would be
    stored as part of the value, show in Excel and grow by one on every save and import.
    """
    return _XML_ILLEGAL.sub("", value)


def set_text(cell: Cell | WriteOnlyCell, text: str) -> None:
    """Put ``text`` in ``cell`` as a string cell: openpyxl would make "=…" a formula."""
    cell.value = safe_text(text)
    cell.data_type = "s"


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
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps "modified" with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    parts = {
        workbook[sheet.name].path.lstrip("/"): (sheet, rows_by_table[sheet.table])
        for sheet in book.sheets
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        _write_package(buffer, parts, partial)
        partial.replace(path)  # never leave a half-written workbook under the real name
    finally:
        partial.unlink(missing_ok=True)
    return path


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
        frames[sheet.table] = frame.loc[:, list(sheet.column_names)]
    return frames


# --- building the workbook with openpyxl ----------------------------------------------------


def _build(book: Workbook, row_counts: Mapping[str, int]) -> OpenpyxlWorkbook:
    workbook = OpenpyxlWorkbook()
    workbook.remove(workbook.active)
    props = workbook.properties
    props.creator = props.lastModifiedBy = AUTHOR
    props.title = f"Tværblik: {book.title}"
    props.language = "da-DK"
    props.created = props.modified = FIXED_TIMESTAMP
    code_ranges = _code_ranges(book)
    _add_instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), book)
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
                lists.setdefault(column.codes.name, column.codes.codes)
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
        source, error = code_ranges[column.codes.name], "Vælg en kode fra rullelisten."
    elif column.kind is Kind.BOOL:
        source, error = code_ranges[BOOL_LIST_NAME], "Skriv ja eller nej."
    elif _has_department_list(sheet, column):
        source = _department_range()
        error = "Vælg en afdelingskode fra arket Afdelinger (udfyld Afdelinger først)."
    elif column.kind in (Kind.INT, Kind.NUMBER) and (
        column.minimum is not None or column.maximum is not None
    ):
        return _number_validation(column)
    else:
        return None
    return DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=_clip(f"Ugyldig værdi i {column.header}", 32),
        error=_clip(f"{error} Se arket {INSTRUCTIONS_SHEET}.", 255),
        promptTitle=_clip(column.header, 32),
        prompt=_clip(column.description, 255),
    )


def _has_department_list(sheet: Sheet, column: Column) -> bool:
    """Department codes get a drop-down only where Afdelinger is in the same workbook."""
    same_book = sheet.workbook == schema.sheet("departments").workbook
    is_department = column.kind is Kind.DEPARTMENT
    return is_department and same_book and column.references == ("departments", "department")


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
    return DataValidation(
        type="whole" if column.kind is Kind.INT else "decimal",
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=_clip(f"Ugyldig værdi i {column.header}", 32),
        error=_clip(f"Skriv {what}, {words.bounds_text(column)}.", 255),
        promptTitle=_clip(column.header, 32),
        prompt=_clip(column.description, 255),
    )


def _formula_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- the Vejledning sheet -------------------------------------------------------------------

_GUIDE_COLUMNS = (
    ("Overskrift", 28),
    ("Type", 34),
    ("Obligatorisk", 13),
    ("Beskrivelse", 60),
    ("Tilladte koder", 48),
)


def _how_to_fill(book: Workbook) -> list[str]:
    lines = [
        "Hvert ark er en tabel: første række er overskrifterne, og hver række derunder er én "
        "post. Ret ikke overskrifterne og slet ikke kolonner; rækkefølgen er ligegyldig.",
        "Skriv datoer som dd-mm-åååå (fx 23-11-2026), beløb i kroner som tal (fx 1.234,50) "
        "og ja/nej-felter som ja eller nej.",
        "Koder vælges fra rullelisten i cellen. De tilladte koder og deres betydning står "
        "nedenfor.",
        "Sæt data ind fra andre systemer med Indsæt speciel > Værdier, så formater og "
        "rullelister bevares.",
    ]
    optional = [sheet.name for sheet in book.sheets if sheet.optional]
    if optional:
        lines.append(f"Valgfrie ark ({', '.join(optional)}) må stå tomme.")
    department_book = schema.WORKBOOKS[schema.sheet("departments").workbook]
    if book.kind != department_book.kind:
        lines.append(
            f"Afdelingskoder og indsatstyper defineres i {department_book.file_name} (arkene "
            f"{schema.sheet('departments').name} og {schema.sheet('prices').name}). Derfor har "
            "de kolonner ingen rulleliste her: skriv koden præcis som dér."
        )
    else:
        lines.append(
            f"Udfyld {schema.sheet('departments').name} først: afdelingskoderne dér "
            "er rullelisten i de andre ark."
        )
    for sheet in book.sheets:
        if sheet.default_rows:
            lines.append(
                f"Arket {sheet.name} leveres udfyldt med standardværdier; ret dem kun, "
                "hvis reglerne ændres."
            )
    lines.append(
        f"Arkene {INSTRUCTIONS_SHEET} og {CODES_SHEET} læses ikke af Tværblik; "
        f"{CODES_SHEET} er skjult og rummer rullelisterne."
    )
    return lines


def _what_happens(book: Workbook) -> list[str]:
    has_cpr = any(col.kind is Kind.CPR for sheet in book.sheets for col in sheet.columns)
    privacy = (
        "CPR-numre og medarbejderinitialer omdannes til pseudonymer ved indlæsningen; selve "
        "CPR-numrene gemmes aldrig og vises ingen steder."
        if has_cpr
        else "Arbejdsbogen skal ikke indeholde personoplysninger."
    )
    return [
        "Tværblik kontrollerer hele arbejdsbogen og melder alle fejl og advarsler på én gang "
        "med ark, række og kolonne. Du får en kopi af arbejdsbogen, hvor fejl er farvet røde og "
        "advarsler gule, med en forklaring i cellens kommentar.",
        "Er der fejl, indlæses intet. Ellers gemmes indholdet som en ny version; tidligere "
        "versioner bevares og kan hentes frem igen.",
        privacy,
        "Tal, der bygger på færre end 5 personer, vises ikke i dashboards og notater.",
    ]


def _codes_cell(book: Workbook, sheet: Sheet, column: Column) -> str:
    if column.kind in (Kind.DEPARTMENT, Kind.INTERVENTION_TYPE) and not column.codes:
        defining = schema.sheet("departments" if column.kind is Kind.DEPARTMENT else "prices")
        if sheet.table == defining.table:
            return "Koderne defineres her."
        if _has_department_list(sheet, column):
            return f"Rulleliste med koderne fra arket {defining.name}."
        file_name = schema.WORKBOOKS[defining.workbook].file_name
        return f"Koderne fra arket {defining.name} i {file_name} (ingen rulleliste her)."
    return "\n".join(words.code_lines(column))


def _add_instructions(ws: Worksheet, book: Workbook) -> None:
    for index, (_, width) in enumerate(_GUIDE_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    row = 1

    def line(text: str, font: Font | None = None) -> None:
        nonlocal row
        _put(ws, row, 1, text)
        if font is not None:
            ws.cell(row, 1).font = font
        row += 1

    line(f"Tværblik: {book.title} ({book.file_name})", TITLE_FONT)
    line(book.description)
    row += 1
    line("Sådan udfylder du arbejdsbogen", HEADING_FONT)
    for text in _how_to_fill(book):
        line(f"• {text}")
    row += 1
    line("Hvad Tværblik gør med arbejdsbogen", HEADING_FONT)
    for text in _what_happens(book):
        line(f"• {text}")
    for sheet in book.sheets:
        row += 1
        line(f"Ark: {sheet.name}" + (" (valgfrit)" if sheet.optional else ""), HEADING_FONT)
        line(sheet.description)
        for index, (title, _) in enumerate(_GUIDE_COLUMNS, 1):
            _put(ws, row, index, title)
            ws.cell(row, index).font, ws.cell(row, index).fill = HEADER_FONT, HEADER_FILL
        row += 1
        for column in sheet.columns:
            description = " ".join([column.description, *words.column_rules(sheet, column)])
            cells = (
                column.header,
                words.type_text(column),
                words.required_text(sheet, column),
                description,
                _codes_cell(book, sheet, column),
            )
            for index, text in enumerate(cells, 1):
                _put(ws, row, index, text)
                ws.cell(row, index).alignment = WRAP_TOP
            row += 1
        for rule in words.sheet_rules(sheet):
            line(f"Regel: {rule}")
    ws.sheet_view.showGridLines = False


# --- the data rows, rendered as sheet XML ---------------------------------------------------

_PROTOTYPE_ROW = re.compile(r'<row r="2"[^>]*>.*?</row>|<row r="2"[^>]*/>', re.DOTALL)
_CELL_STYLE = re.compile(r'<c r="([A-Z]+)2"[^>]*?\ss="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')
_CHUNK_ROWS = 5_000


def _write_package(
    buffer: io.BytesIO, parts: Mapping[str, tuple[Sheet, pd.DataFrame]], target: Path
) -> None:
    """Copy openpyxl's package to ``target`` with fixed timestamps, rows put into the sheets.

    Text in data rows goes into a shared-string table, as Excel and LibreOffice write it:
    repeated codes and CPR numbers are stored once, which keeps big registers small and fast
    to read back (inline strings made a 100.000-row register several times larger).
    """
    strings = _SharedStrings()
    has_rows = any(not frame.empty for _, frame in parts.values())
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            info = _zip_info(name)
            data = source.read(name)
            if has_rows and name == "[Content_Types].xml":
                data = data.replace(b"</Types>", _SST_CONTENT_TYPE + b"</Types>", 1)
            elif has_rows and name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", _SST_RELATIONSHIP + b"</Relationships>", 1)
            if name not in parts or parts[name][1].empty:
                out.writestr(info, data)
                continue
            sheet, frame = parts[name]
            xml = data.decode("utf-8")
            prototype = _PROTOTYPE_ROW.search(xml)
            if prototype is None:
                raise RuntimeError(f"no prototype row in {name}")  # openpyxl changed its output
            styles = dict(_CELL_STYLE.findall(prototype.group(0)))
            last = get_column_letter(len(sheet.columns))
            head = _DIMENSION.sub(
                f'<dimension ref="A1:{last}{len(frame) + 1}"/>', xml[: prototype.start()], count=1
            )
            with out.open(info, "w", force_zip64=True) as stream:
                stream.write(head.encode("utf-8"))
                for chunk in _row_chunks(sheet, frame, styles, strings):
                    stream.write(chunk.encode("utf-8"))
                stream.write(xml[prototype.end() :].encode("utf-8"))
        if has_rows:
            with out.open(_zip_info("xl/sharedStrings.xml"), "w", force_zip64=True) as stream:
                for chunk in strings.xml_chunks():
                    stream.write(chunk.encode("utf-8"))


_SST_CONTENT_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_SST_RELATIONSHIP = (
    b'<Relationship Id="rIdTvaerblikStrings" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
)


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class _SharedStrings:
    """The workbook's shared-string table: each distinct text once, referenced by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.references = 0

    def ref(self, text: str) -> int:
        self.references += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml_chunks(self) -> Iterator[str]:
        yield (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{self.references}" uniqueCount="{len(self.index)}">'
        )
        texts = list(self.index)
        for start in range(0, len(texts), _CHUNK_ROWS):
            yield "".join(
                f'<si><t xml:space="preserve">{_escape(text)}</t></si>'
                for text in texts[start : start + _CHUNK_ROWS]
            )
        yield "</sst>"


def _row_chunks(
    sheet: Sheet, frame: pd.DataFrame, styles: Mapping[str, str], strings: _SharedStrings
) -> Iterator[str]:
    for start in range(0, len(frame), _CHUNK_ROWS):
        part = frame.iloc[start : start + _CHUNK_ROWS]
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
            f'<row r="{row}">{"".join(cells)}</row>'
            for row, cells in enumerate(zip(*columns, strict=True), first_row)
        )


def _column_cells(
    values: pd.Series,
    kind: Kind,
    letter: str,
    style: str,
    first_row: int,
    strings: _SharedStrings,
) -> list[str]:
    """One ``<c>`` element per row for this column; "" where the cell stays blank."""
    missing = values.isna().to_numpy(dtype=bool)
    whole_days = kind in (Kind.DATE, Kind.MONTH)
    cells = []
    for row, (value, blank) in enumerate(zip(values.tolist(), missing, strict=True), first_row):
        if blank:
            cells.append("")
            continue
        ref = f"{letter}{row}"
        number = _as_number(value, whole_days)
        if number is not None:
            cells.append(f'<c r="{ref}" s="{style}"><v>{number}</v></c>' if number else "")
        else:
            cells.append(
                f'<c r="{ref}" s="{style}" t="s"><v>{strings.ref(_as_text(value))}</v></c>'
            )
    return cells


def _as_number(value: object, whole_days: bool) -> str | None:
    """The ``<v>`` text of a numeric or date value; "" for blank (inf); None for text."""
    if isinstance(value, bool | np.bool_ | str):
        return None
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        value = float(value)
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, datetime):
        serial = (value.replace(tzinfo=None) - _EXCEL_EPOCH).total_seconds() / 86_400
    elif isinstance(value, date):
        serial = float((value - _EXCEL_EPOCH.date()).days)
    else:
        return None
    if serial < _FIRST_SAFE_SERIAL:
        return None  # written as text: Excel's serials before March 1900 are off by a day
    return str(math.floor(serial)) if whole_days or serial.is_integer() else repr(serial)


def _as_text(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nej"
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return safe_text(str(value))


def _escape(text: str) -> str:
    # \r would be folded into \n by any XML parser unless written as a character reference.
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


if __name__ == "__main__":
    for written in write_templates(Path(sys.argv[1] if len(sys.argv) > 1 else "templates_xlsx")):
        print(written)
