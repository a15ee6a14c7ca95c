"""Plain tables out to Excel: Danish headers, Danish number formats, formula-safe text.

Used for exports (``tvaerblik indicators --format xlsx``, the dashboards' "Hent som Excel"):
a list of sheets, each a frame whose column names are already the Danish headers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from toolkit.workbook.writer import HEADER_FILL, HEADER_FONT, safe_text

INTEGER = "#,##0"
DECIMAL = "#,##0.0"
PERCENT_VALUE = '0.0" %"'  # values are already 0-100
DATE = "dd-mm-yyyy"


@dataclass(frozen=True)
class TableSheet:
    title: str  # at most 31 characters (Excel's limit)
    frame: pd.DataFrame  # column names are the Danish headers
    number_formats: Mapping[str, str] = field(default_factory=dict)  # header -> Excel format
    widths: Mapping[str, int] = field(default_factory=dict)  # header -> characters


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
        for row in spec.frame.itertuples(index=False, name=None):
            sheet.append(
                [_cell(sheet, value, fmt) for value, fmt in zip(row, formats, strict=True)]
            )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _header_cell(sheet: object, header: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_text(header))
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    return cell


def _cell(sheet: object, value: object, number_format: str | None) -> WriteOnlyCell | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return WriteOnlyCell(sheet, value=safe_text(value))
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime | date):
        cell.number_format = DATE
    return cell
