"""Reading a workbook: find its kind, its sheets, their header rows and their columns.

python-calamine reads the cached value of formula cells and never evaluates them; it does
not expand XML entities. Files reach it only after ``safety.inspect_file`` has passed them.
"""

from __future__ import annotations

import contextlib
import queue
import re
import threading
import unicodedata
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    WorksheetNotFound,
    XmlError,
    ZipError,
)

from toolkit import schema
from toolkit.config import Limits
from toolkit.workbook.extent import column_letter
from toolkit.workbook.report import Category, Issue, Severity, danish_int
from toolkit.workbook.safety import UnsafeFile, inspect_file

_HEADER_SCAN_ROWS = 10
_UNKNOWN_COLUMNS_LISTED = 5  # more unknown columns than this become one summary line
_READ_THREADS = 2
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


def normalise_header(text: object) -> str:
    """Case, surrounding and doubled spaces, non-breaking spaces and a trailing '*' ignored."""
    value = unicodedata.normalize("NFC", str(text)).replace("\xa0", " ")
    return " ".join(value.split()).rstrip("*").strip().casefold()


@dataclass
class RawSheet:
    """One sheet's data as read: raw cell values per known column, with Excel row numbers."""

    sheet: schema.Sheet
    title: str  # the sheet's name in the file
    rows: list[int] = field(default_factory=list)  # Excel row number of each data row
    values: dict[str, np.ndarray] = field(default_factory=dict)  # column -> raw cell values
    excel_columns: dict[str, int] = field(default_factory=dict)  # column -> 1-based index


@dataclass
class RawWorkbook:
    path: Path
    kind: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)  # table -> sheet


SheetHandler = Callable[[RawSheet], None]
_CORRUPT = "Filen er beskadiget og kan ikke læses som Excel."
# What calamine raises for a damaged file (its own classes, plus decoding trouble).
_CALAMINE_ERRORS = (CalamineError, PasswordError, WorksheetNotFound, XmlError, ZipError,
                    UnicodeError, OSError)  # fmt: skip


def read_workbook(
    path: Path, limits: Limits, on_sheet: SheetHandler | None = None
) -> tuple[RawWorkbook | None, list[Issue]]:
    """Read ``path``; return the raw workbook (None if unreadable) and the issues found.

    ``on_sheet`` is called with each sheet as soon as it is read, so the caller can check
    one sheet while the next is still being parsed.
    """
    name = path.name
    try:
        facts = inspect_file(path, limits)
        book = CalamineWorkbook.from_path(str(path))
    except UnsafeFile as exc:
        return None, [_file_issue(name, str(exc))]
    except _CALAMINE_ERRORS:
        return None, [_file_issue(name, _CORRUPT)]
    try:
        return _read_book(path, book, limits, facts.sheet_bytes, on_sheet)
    except _CALAMINE_ERRORS:
        return None, [_file_issue(name, _CORRUPT)]
    finally:
        book.close()


def _file_issue(name: str, message: str) -> Issue:
    return Issue(Severity.ERROR, Category.FILE, name, message)


def detect_kind(sheet_names: list[str]) -> str | None:
    found = {normalise_header(n) for n in sheet_names}
    scores = {
        kind: sum(normalise_header(s.name) in found for s in wb.sheets)
        for kind, wb in schema.WORKBOOKS.items()
    }
    best = max(scores, key=lambda kind: scores[kind])
    return best if scores[best] else None


def _read_book(
    path: Path,
    book: CalamineWorkbook,
    limits: Limits,
    sheet_bytes: dict[str, int],
    on_sheet: SheetHandler | None,
) -> tuple[RawWorkbook | None, list[Issue]]:
    name = path.name
    titles = list(book.sheet_names)
    kind = detect_kind(titles)
    if kind is None:
        expected = " / ".join(
            f"{wb.file_name} ({', '.join(s.name for s in wb.sheets[:3])} …)"
            for wb in schema.WORKBOOKS.values()
        )
        return None, [
            Issue(
                Severity.ERROR,
                Category.SHAPE,
                name,
                f"Projektmappen kan ikke genkendes: den har ingen af arkene fra {expected}.",
            )
        ]
    workbook = schema.WORKBOOKS[kind]
    by_norm = {normalise_header(t): t for t in titles}
    issues: list[Issue] = []
    known = {normalise_header(s.name) for s in workbook.sheets}
    known |= {normalise_header(s) for s in schema.INSTRUCTION_SHEETS}
    for title in titles:
        if normalise_header(title) not in known:
            issues.append(
                Issue(
                    Severity.WARNING,
                    Category.SHAPE,
                    name,
                    "Arket kendes ikke og springes over.",
                    sheet=title,
                )
            )
    raw = RawWorkbook(path, kind)
    present: list[tuple[schema.Sheet, str]] = []
    for sheet in workbook.sheets:
        found = by_norm.get(normalise_header(sheet.name))
        if found is not None:
            present.append((sheet, found))
        elif not sheet.optional:
            message = f"Arket «{sheet.name}» mangler."
            issues.append(Issue(Severity.ERROR, Category.SHAPE, name, message, sheet=sheet.name))
    by_title = {title: sheet for sheet, title in present}
    # Closed on the way out, also when a check raises: the reading threads use ``book``.
    with contextlib.closing(_load_grids(path, list(by_title), sheet_bytes, book)) as grids:
        for title, (grid, row0, col0) in grids:
            sheet = by_title[title]
            raw_sheet, sheet_issues = _read_sheet(name, sheet, title, grid, row0, col0, limits)
            del grid
            issues.extend(sheet_issues)
            if raw_sheet is not None:
                raw.sheets[sheet.table] = raw_sheet
                if on_sheet is not None:
                    on_sheet(raw_sheet)
    raw.sheets = {s.table: raw.sheets[s.table] for s in workbook.sheets if s.table in raw.sheets}
    return raw, issues


Grid = tuple[Sequence[Sequence[object]], int, int]  # cell values, first row, first column


def _load_grids(
    path: Path, titles: list[str], sheet_bytes: dict[str, int], book: CalamineWorkbook
) -> Generator[tuple[str, Grid], None, None]:
    """Cell values of the sheets, parsed two at a time, biggest first, yielded as ready.

    calamine parses a sheet's XML without holding the GIL, so on two cores a register whose
    Ydelser sheet dominates is read, and its other sheets checked, in little more than the
    time of that one sheet. Each reading thread keeps one open workbook for all its sheets
    (the first uses ``book``): opening one parses its shared strings again.
    """
    pending: queue.SimpleQueue[str] = queue.SimpleQueue()
    for title in sorted(titles, key=lambda title: -sheet_bytes.get(title, 0)):
        pending.put(title)
    ready: queue.SimpleQueue[tuple[str, Grid | None, BaseException | None]] = queue.SimpleQueue()
    stop = threading.Event()

    def read(given: CalamineWorkbook | None) -> None:
        opened = given
        try:
            while not stop.is_set():
                try:
                    title = pending.get_nowait()
                except queue.Empty:
                    return
                if opened is None:
                    opened = CalamineWorkbook.from_path(str(path))
                cells = opened.get_sheet_by_name(title)
                row0, col0 = cells.start or (0, 0)
                ready.put((title, (cells.to_python(skip_empty_area=True), row0, col0), None))
        except BaseException as exc:  # handed to the caller, raised there
            ready.put(("", None, exc))
        finally:
            if opened is not None and opened is not given:
                opened.close()

    threads = [
        threading.Thread(target=read, args=(book if i == 0 else None,), daemon=True)
        for i in range(min(_READ_THREADS, len(titles)))
    ]
    for thread in threads:
        thread.start()
    try:
        for _ in titles:
            title, grid, error = ready.get()
            if error is not None:
                raise error
            assert grid is not None
            yield title, grid
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _header_lookup(sheet: schema.Sheet) -> dict[str, str]:
    """Normalised header text -> column name; the canonical name and the header without its
    parenthesis ('Beløb' for 'Beløb (kr.)') are accepted too."""
    lookup: dict[str, str] = {}
    for col in sheet.columns:
        lookup[normalise_header(col.header)] = col.name
        lookup.setdefault(normalise_header(col.name), col.name)
        lookup.setdefault(normalise_header(_PARENTHESIS.sub("", col.header)), col.name)
    return lookup


def _read_sheet(
    name: str,
    sheet: schema.Sheet,
    title: str,
    grid: Sequence[Sequence[object]],
    row0: int,
    col0: int,
    limits: Limits,
) -> tuple[RawSheet | None, list[Issue]]:
    def shape(
        severity: Severity,
        message: str,
        column: str | None = None,
        excel_column: int | None = None,
        row: int | None = None,
    ) -> Issue:
        return Issue(
            severity,
            Category.SHAPE,
            name,
            message,
            sheet=title,
            row=row,
            column=column,
            excel_column=excel_column,
        )

    lookup = _header_lookup(sheet)
    header_at = next(
        (
            i
            for i, row in enumerate(grid[:_HEADER_SCAN_ROWS])
            if any(normalise_header(v) in lookup for v in row if v != "")
        ),
        None,
    )
    if header_at is None:
        return None, [
            shape(
                Severity.ERROR,
                "Arket har ingen genkendelig overskriftsrække; "
                "kolonneoverskrifterne skal stå i første række.",
            )
        ]
    header_row = row0 + header_at + 1
    positions: dict[str, int] = {}
    issues: list[Issue] = []
    unknown: list[tuple[str, int]] = []
    for offset, cell in enumerate(grid[header_at]):
        if cell == "" or cell is None:
            continue
        excel_col = col0 + offset + 1
        column = lookup.get(normalise_header(cell))
        if column is None:
            unknown.append((str(cell), excel_col))
        elif column in positions:
            header = sheet.column(column).header
            issues.append(
                shape(
                    Severity.ERROR,
                    f"Kolonnen «{header}» står to gange "
                    f"(kolonne {column_letter(col0 + positions[column] + 1)} og "
                    f"{column_letter(excel_col)}).",
                    header,
                    excel_col,
                    header_row,
                )
            )
        else:
            positions[column] = offset
    if len(unknown) > _UNKNOWN_COLUMNS_LISTED:
        examples = [f"«{header}»" for header, _ in unknown[:3]]
        issues.append(
            shape(
                Severity.WARNING,
                f"{danish_int(len(unknown))} ukendte kolonner ignoreres, fx "
                f"{', '.join(examples[:-1])} og {examples[-1]}.",
                excel_column=unknown[0][1],
                row=header_row,
            )
        )
    else:
        issues.extend(
            shape(Severity.WARNING, "Kolonnen kendes ikke og ignoreres.", header, col, header_row)
            for header, col in unknown
        )
    for col in sheet.columns:
        if col.name in positions:
            continue
        if col.required:
            issues.append(shape(Severity.ERROR, f"Kolonnen «{col.header}» mangler.", col.header))
        else:
            issues.append(
                shape(
                    Severity.WARNING,
                    f"Kolonnen «{col.header}» mangler; den behandles som tom.",
                    col.header,
                )
            )
    body = _as_matrix(grid[header_at + 1 :], len(grid[header_at]))
    data_rows = _rows_with_values(body)
    if len(data_rows) > limits.max_rows_per_sheet:
        issues.append(
            Issue(
                Severity.ERROR,
                Category.FILE,
                name,
                f"Arket har {danish_int(len(data_rows))} rækker; grænsen er "
                f"{danish_int(limits.max_rows_per_sheet)}.",
                sheet=title,
            )
        )
        return None, issues
    raw = RawSheet(sheet, title)
    raw.rows = (header_row + 1 + data_rows).tolist()
    if len(data_rows) < len(body):
        body = body[data_rows]
    for col in sheet.columns:
        if col.name in positions:
            raw.values[col.name] = body[:, positions[col.name]]
            raw.excel_columns[col.name] = col0 + positions[col.name] + 1
        else:
            raw.values[col.name] = np.full(len(data_rows), "", dtype=object)
    return raw, issues


def _rows_with_values(body: np.ndarray) -> np.ndarray:
    """Positions of the rows holding at least one value (a blank cell is "" or None).

    Column by column, over the rows blank so far only: the first column of a register is
    filled in nearly every row, so this costs about one column, not the whole sheet.
    """
    blank = np.arange(len(body))
    for column in range(body.shape[1]):
        if not blank.size:
            break
        cells = body[:, column] if column == 0 else body[blank, column]
        blank = blank[(cells == "") | (cells == None)]  # noqa: E711
    keep = np.ones(len(body), dtype=bool)
    keep[blank] = False
    return np.flatnonzero(keep)


def _as_matrix(rows: Sequence[Sequence[object]], width: int) -> np.ndarray:
    """The rows as a 2-D object array (calamine's rows are rectangular; pad if not)."""
    widths = set(map(len, rows))
    if widths <= {width}:
        matrix = np.empty((len(rows), width), dtype=object)
        if rows:
            matrix[:] = rows
        return matrix
    matrix = np.full((len(rows), max(widths | {width})), "", dtype=object)
    for i, row in enumerate(rows):
        matrix[i, : len(row)] = row
    return matrix
