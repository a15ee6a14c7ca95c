"""Plain tables out to Excel and CSV: Danish headers, Danish number formats, formula-safe
text.

Used for exports (``tvaerblik indicators --format xlsx``, the dashboards' "Hent som Excel"):
a list of sheets, each a frame whose column names are already the Danish headers; and
``write_csv``, the one CSV writer of the toolkit (``--format csv``), since CSV files are
opened in Excel too.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from toolkit.workbook.convert import FORMULA_TRIGGERS
from toolkit.workbook.writer import HEADER_FILL, HEADER_FONT, set_text

INTEGER = "#,##0"
DECIMAL = "#,##0.0"
PERCENT_VALUE = '0.0" %"'  # values are already 0-100
DATE = "dd-mm-yyyy"
YEAR = "0"  # 2027, not 2.027
RIGHT = Alignment(horizontal="right")


@dataclass(frozen=True)
class TableSheet:
    title: str  # at most 31 characters (Excel's limit)
    frame: pd.DataFrame  # column names are the Danish headers
    number_formats: Mapping[str, str] = field(default_factory=dict)  # header -> Excel format
    widths: Mapping[str, int] = field(default_factory=dict)  # header -> characters
    # header -> one format per row, for a column whose rows differ (kroner beside shares)
    cell_formats: Mapping[str, Sequence[str | None]] = field(default_factory=dict)


def guess_number_formats(frame: pd.DataFrame) -> dict[str, str]:
    """Excel formats for the numeric columns of a table with Danish headers.

    A year stays a plain number; a header ending in «(%)» holds shares of 0-100; kroner
    (a header with «kr.») and whole numbers get thousands separators; other numbers one
    decimal. Excel shows the separators of the reader's locale (1.234,5 in Danish).
    """
    found: dict[str, str] = {}
    for header in frame.columns:
        column = frame[header]
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        numbers = pd.to_numeric(column, errors="coerce")
        present = numbers.dropna()
        if len(present) != column.notna().sum():
            continue  # text, or text and numbers mixed
        if present.empty and not pd.api.types.is_numeric_dtype(column):
            continue  # nothing but empty cells: a number column only by its type
        name = str(header)
        if name == "År":
            found[name] = YEAR
        elif name.endswith("(%)"):
            found[name] = PERCENT_VALUE
        elif "kr." in name or (present.astype(float) % 1 == 0).all():
            found[name] = INTEGER
        else:
            found[name] = DECIMAL
    return found


def write_tables(path: Path, sheets: Sequence[TableSheet]) -> Path:
    """Write ``sheets`` to ``path`` (bold frozen headers, autofilter, formats, widths)."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        headers = [str(h) for h in spec.frame.columns]
        for index, header in enumerate(headers, 1):
            width = spec.widths.get(header, max(10, min(50, len(header) + 2)))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        if len(spec.frame):
            last = get_column_letter(len(headers))
            sheet.auto_filter.ref = f"A1:{last}{len(spec.frame) + 1}"
        sheet.append([_header_cell(sheet, header) for header in headers])
        formats = [spec.number_formats.get(header) for header in headers]
        per_row = [spec.cell_formats.get(header) for header in headers]
        for index, row in enumerate(spec.frame.itertuples(index=False, name=None)):
            cells = [
                _cell(sheet, value, fmt if cell_formats is None else cell_formats[index])
                for value, fmt, cell_formats in zip(row, formats, per_row, strict=True)
            ]
            sheet.append(cells)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _header_cell(sheet: object, header: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    set_text(cell, header)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    return cell


def _cell(sheet: object, value: object, number_format: str | None) -> WriteOnlyCell | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet)
        set_text(cell, value)
        if number_format:  # «<5» or «–» in a column of numbers: aligned with them
            cell.alignment = RIGHT
        return cell
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime | date):
        cell.number_format = DATE
    return cell


def write_csv(frame: pd.DataFrame, stream: IO[str]) -> None:
    """``frame`` as CSV that a spreadsheet opens without running anything (OWASP's advice
    for CSV injection): text is quoted, and text a spreadsheet would read as a formula gets
    a leading apostrophe. Numbers, negative ones too, are written as numbers. Every CSV the
    toolkit writes goes through here."""
    inert = frame.copy()
    for name in inert.columns:
        column = inert[name]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            inert[name] = column.map(_csv_text, na_action="ignore")
    inert.to_csv(stream, index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)


def _csv_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
