"""Plain tables out to Excel and CSV: Danish headers, Danish number formats, formula-safe
text.

Used for exports (``tvaerblik indicators --format xlsx`` and ``scenario --format xlsx``,
the dashboards' «Hent som Excel»): a list of sheets, each a frame whose column names are
already the Danish headers, written through the one xlsx writer (``xlsx.py``); and
``write_csv``, the one CSV writer of the toolkit (``--format csv``), since CSV files are
opened in Excel too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd

from toolkit.workbook import xlsx
from toolkit.workbook.convert import FORMULA_TRIGGERS
from toolkit.workbook.xlsx import MAIN_NS, PACKAGE_REL_NS, REL_NS, TYPE_PREFIX, XML_HEAD

INTEGER = "#,##0"
DECIMAL = "#,##0.0"
PERCENT_VALUE = '0.0" %"'  # values are already 0-100
DATE = "dd-mm-yyyy"
YEAR = "0"  # 2027, not 2.027
TITLE_LIMIT = 31  # Excel's limit on a sheet name
_TITLE_ILLEGAL = re.compile(r"[\\*?:/\[\]]")


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
    styles, strings = xlsx.Styles(), xlsx.SharedStrings()
    laid_out = [_Layout.of(spec, styles, strings) for spec in sheets]
    titles = [layout.title for layout in laid_out]
    if len({title.casefold() for title in titles}) < len(titles):
        raise ValueError(f"two sheets share a name: {titles}")
    entries, types, relations = _sheet_entries(laid_out)
    parts: list[xlsx.Part] = [
        ("[Content_Types].xml", _content_types(types)),
        ("_rels/.rels", _PACKAGE_RELATIONSHIPS),
        ("docProps/core.xml", xlsx.core_properties()),
        ("docProps/app.xml", _APP_PROPERTIES),
        ("xl/workbook.xml", _workbook(entries, laid_out)),
        ("xl/_rels/workbook.xml.rels", _workbook_relationships(relations)),
        *(
            (f"xl/{_sheet_part(index)}", layout.xml(selected=index == 1))
            for index, layout in enumerate(laid_out, 1)
        ),
        # After the sheets: both are complete only once every row is rendered.
        ("xl/styles.xml", styles.xml()),
        ("xl/sharedStrings.xml", strings.xml_chunks()),
    ]
    return xlsx.write_package(path, parts)


# --- one sheet ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """A sheet with a frozen header row; its rows rendered only while it is written."""

    title: str
    widths: Sequence[float]  # characters, one per column
    n_rows: int  # the header included
    rows: Iterable[str]
    auto_filter: bool  # filter buttons on the header, over all rows

    @classmethod
    def of(cls, spec: TableSheet, styles: xlsx.Styles, strings: xlsx.SharedStrings) -> _Layout:
        title = spec.title[:TITLE_LIMIT]
        if not title or _TITLE_ILLEGAL.search(title):
            raise ValueError(f"{title!r} is no Excel sheet name (none of \\*?:/[] and not empty)")
        headers = [str(header) for header in spec.frame.columns]
        return cls(
            title=title,
            widths=[spec.widths.get(h, max(10, min(50, len(h) + 2))) for h in headers],
            n_rows=len(spec.frame) + 1,
            rows=_rows(spec, headers, styles, strings),
            auto_filter=len(spec.frame) > 0,
        )

    @property
    def last_column(self) -> str:
        return xlsx.column_letter(max(len(self.widths), 1))

    @property
    def last_cell(self) -> str:
        return f"{self.last_column}{self.n_rows}"

    def xml(self, selected: bool) -> Iterator[str]:
        columns = "".join(
            f'<col min="{index}" max="{index}" width="{_number_text(width)}" customWidth="1"/>'
            for index, width in enumerate(self.widths, 1)
        )
        tab = ' tabSelected="1"' if selected else ""
        yield (
            f'{XML_HEAD}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            f'<dimension ref="A1:{self.last_cell}"/><sheetViews><sheetView{tab} '
            'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f"{f'<cols>{columns}</cols>' if columns else ''}<sheetData>"
        )
        yield from self.rows
        yield "</sheetData>"
        if self.auto_filter:
            yield f'<autoFilter ref="A1:{self.last_cell}"/>'
        yield (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/></worksheet>'
        )


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _rows(
    spec: TableSheet, headers: list[str], styles: xlsx.Styles, strings: xlsx.SharedStrings
) -> Iterator[str]:
    """The header row, then the data rows in chunks."""
    header_style = styles.id(header=True)
    yield xlsx.row_xml(
        1,
        (
            xlsx.cell_xml(f"{xlsx.column_letter(index)}1", header, header_style, strings)
            for index, header in enumerate(headers, 1)
        ),
    )
    frame = spec.frame
    for start in range(0, len(frame), xlsx.CHUNK_ROWS):
        part = frame.iloc[start : start + xlsx.CHUNK_ROWS]
        columns = [
            _column_cells(
                part.iloc[:, index],
                xlsx.column_letter(index + 1),
                start,
                spec.number_formats.get(header),
                spec.cell_formats.get(header),
                styles,
                strings,
            )
            for index, header in enumerate(headers)
        ]
        yield "".join(
            xlsx.row_xml(row, cells)
            for row, cells in enumerate(zip(*columns, strict=True), start + 2)
        )


def _column_cells(
    values: pd.Series,
    letter: str,
    start: int,
    number_format: str | None,
    cell_formats: Sequence[str | None] | None,
    styles: xlsx.Styles,
    strings: xlsx.SharedStrings,
) -> list[str]:
    """One ``<c>`` per row of this column ("" for an empty cell, also for empty text): text
    right-aligned where the column holds numbers («<5» or «..» beside them), dates as dates
    unless told."""
    missing = values.isna().to_numpy(dtype=bool)
    cells = []
    for offset, (value, blank) in enumerate(zip(values.tolist(), missing, strict=True)):
        if blank or value == "":
            cells.append("")
            continue
        fmt = number_format if cell_formats is None else cell_formats[start + offset]
        if isinstance(value, str):
            style = styles.id(right=True) if fmt else 0
        elif fmt is None and xlsx.is_date(value):
            style = styles.id(DATE)
        else:
            style = styles.id(fmt) if fmt else 0
        cells.append(xlsx.cell_xml(f"{letter}{start + offset + 2}", value, style, strings))
    return cells


# --- the package around the sheets ----------------------------------------------------------

_PACKAGE_RELATIONSHIPS = (
    f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL_NS}/extended-properties" '
    'Target="docProps/app.xml"/></Relationships>'
).encode()
_APP_PROPERTIES = (
    f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    f'extended-properties"><Application>{xlsx.AUTHOR}</Application></Properties>'
).encode()


def _sheet_part(index: int) -> str:
    return f"worksheets/sheet{index}.xml"


def _sheet_entries(sheets: Sequence[_Layout]) -> tuple[str, str, str]:
    """Each sheet's entry in workbook.xml, [Content_Types].xml and workbook.xml.rels."""
    entries, types, relations = [], [], []
    for index, sheet in enumerate(sheets, 1):
        name, part = xlsx.escape_attribute(sheet.title), _sheet_part(index)
        entries.append(f'<sheet name="{name}" sheetId="{index}" r:id="rId{index}"/>')
        types.append(
            f'<Override PartName="/xl/{part}" '
            f'ContentType="{TYPE_PREFIX}spreadsheetml.worksheet+xml"/>'
        )
        relations.append(
            f'<Relationship Id="rId{index}" Type="{REL_NS}/worksheet" Target="{part}"/>'
        )
    return "".join(entries), "".join(types), "".join(relations)


def _workbook(entries: str, sheets: Sequence[_Layout]) -> bytes:
    # Excel keeps each sheet's filter range in a hidden name too, and expects it.
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
        f"{xlsx.escape(_quoted(sheet.title))}!$A$1:${sheet.last_column}${sheet.n_rows}"
        "</definedName>"
        for index, sheet in enumerate(sheets)
        if sheet.auto_filter
    )
    names = f"<definedNames>{filters}</definedNames>" if filters else ""
    return (
        f'{XML_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{entries}</sheets>'
        f"{names}</workbook>"
    ).encode()


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _content_types(sheets: str) -> bytes:
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE_PREFIX}spreadsheetml.'
        f'sheet.main+xml"/>{sheets}<Override PartName="/xl/styles.xml" '
        f'ContentType="{TYPE_PREFIX}spreadsheetml.styles+xml"/>'
        f"{xlsx.SHARED_STRINGS_CONTENT_TYPE.decode()}"
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/><Override PartName="/docProps/app.xml" '
        f'ContentType="{TYPE_PREFIX}extended-properties+xml"/></Types>'
    ).encode()


def _workbook_relationships(sheets: str) -> bytes:
    return (
        f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}">{sheets}'
        f'<Relationship Id="rIdStyles" Type="{REL_NS}/styles" Target="styles.xml"/>'
        f"{xlsx.SHARED_STRINGS_RELATIONSHIP.decode()}</Relationships>"
    ).encode()


# --- CSV ------------------------------------------------------------------------------------


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
