"""An .xlsx read as plain rows of cell values, for files that are not one of our workbooks
(Jobindsats' downloads). The same hostile-file checks as the workbook reader run first;
calamine gives the cached value of a formula cell and never evaluates it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    WorksheetNotFound,
    XmlError,
    ZipError,
)

from toolkit.config import Limits
from toolkit.workbook.safety import UnsafeFile, inspect_file

_CALAMINE_ERRORS = (CalamineError, PasswordError, WorksheetNotFound, XmlError, ZipError,
                    UnicodeError, OSError)  # fmt: skip
_CORRUPT = "Filen er beskadiget og kan ikke læses som Excel."
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MAX_WORKBOOK_PART = 10 * 1024**2  # the sheet list of a real workbook is a few kB


@dataclass(frozen=True)
class PlainSheet:
    """One sheet's non-empty rows: ``numbers[i]`` is the Excel row number of ``rows[i]``."""

    title: str
    rows: list[list[object]]
    numbers: list[int]


def read_plain_sheets(path: Path, limits: Limits) -> list[PlainSheet]:
    """Every sheet of ``path`` that holds a value, in the workbook's order.

    Raises ``UnsafeFile`` (one Danish sentence) for a refused or unreadable file.
    """
    inspect_file(path, limits)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except _CALAMINE_ERRORS as exc:
        raise UnsafeFile(_CORRUPT) from exc
    try:
        return [sheet for title in book.sheet_names if (sheet := _sheet(book, title))]
    except _CALAMINE_ERRORS as exc:
        raise UnsafeFile(_CORRUPT) from exc
    finally:
        book.close()


def sheet_titles(path: Path, limits: Limits) -> list[str]:
    """The sheet names from the workbook part alone (defusedxml; no sheet is parsed), so a
    big register is told from a download cheaply; [] when the file is not a readable xlsx
    within the size limit."""
    try:
        if path.stat().st_size > limits.max_file_bytes or not zipfile.is_zipfile(path):
            return []
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > _MAX_WORKBOOK_PART:
                return []
            book = DefusedET.fromstring(archive.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, DefusedXmlException, DefusedET.ParseError):
        return []
    return [sheet.get("name", "") for sheet in book.iter(f"{_MAIN_NS}sheet")]


def sheet_heads(path: Path, limits: Limits, rows: int = 10) -> dict[str, list[list[object]]]:
    """The first ``rows`` rows of each sheet, to tell what kind of file it is; {} when the
    file is refused or unreadable (the full read then says why)."""
    try:
        return {sheet.title: sheet.rows[:rows] for sheet in read_plain_sheets(path, limits)}
    except UnsafeFile:
        return {}


def _sheet(book: CalamineWorkbook, title: str) -> PlainSheet | None:
    cells = book.get_sheet_by_name(title)
    row0, _ = cells.start or (0, 0)
    grid = cells.to_python(skip_empty_area=True)
    rows: list[list[object]] = []
    numbers: list[int] = []
    for offset, row in enumerate(grid):
        if any(value not in ("", None) for value in row):
            rows.append(list(row))
            numbers.append(row0 + offset + 1)
    return PlainSheet(title, rows, numbers) if rows else None
