"""The one xlsx writer: every workbook Tværblik writes leaves through this module.

It owns the rules every written file follows:
- text: every text is a string cell, never a formula, and keeps its value: "=SUM(A1)" or
  "+45 1234" is stored and read back as exactly that text, with no apostrophe added
  (``safe_text``, ``set_text``, ``cell_xml``);
- cells: numbers, dates (as Excel serials), booleans and text rendered straight to sheet XML,
  each distinct text once in the workbook's shared-string table (``SharedStrings``);
- the package: parts zipped with fixed timestamps and fixed document properties, so the same
  input gives the same bytes, written under a temporary name and then moved into place
  (``write_package``).

Both writers go through it: plain tables (``tables.py``: exports, «Hent som Excel») lay out
their sheets and package parts and take everything else from here; the schema workbooks
(``writer.py``: templates, the sample, «Gem som Excel») let openpyxl build their styled parts
first, because styles, Excel tables, drop-down validations and the Vejledning and Koder
sheets are many small XML structures openpyxl gets right, and the committed templates are
its bytes; their data rows, shared strings, properties and zip come from here. openpyxl
writes on its own only where a controller's workbook is changed in place (``annotate.py``).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook import Workbook as OpenpyxlWorkbook
from openpyxl.writer.excel import ExcelWriter

from toolkit.workbook import require_defusedxml

require_defusedxml()  # openpyxl is loaded now: its own flag decides

AUTHOR = "Tværblik"
LANGUAGE = "da-DK"
FIXED_TIMESTAMP = datetime(2026, 1, 1)  # document properties: same input, same file
LAST_EXCEL_ROW = 1_048_576
HEADER_COLOUR = "DDEBF7"
# The same header look in the workbooks openpyxl builds or changes (writer.py, annotate.py).
HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOUR)
HEADER_FONT = Font(bold=True)
CHUNK_ROWS = 5_000  # rows rendered per string written: bounded memory, few writes

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_EXCEL_EPOCH = datetime(1899, 12, 30)
_FIRST_SAFE_SERIAL = 61  # 1900-03-01: before it Excel's 1900 leap-year bug shifts serials
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE_PREFIX = "application/vnd.openxmlformats-officedocument."

SHARED_STRINGS_CONTENT_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_STRINGS_RELATIONSHIP = (
    b'<Relationship Id="rIdTvaerblikStrings" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
)

# --- text -----------------------------------------------------------------------------------


def safe_text(value: str) -> str:
    """``value`` fit for a string cell: characters XML cannot carry (control characters) are
    dropped; openpyxl would refuse them with an error message that repeats the whole value.

    Text that starts with a formula trigger ("=", "+", "-", "@", tab, CR) is kept as it is:
    the cell type, not an apostrophe, keeps it text. An apostrophe would be stored as part
    of the value, show in Excel and grow by one on every save and import.
    """
    return _XML_ILLEGAL.sub("", value)


def set_text(cell: Cell | WriteOnlyCell, text: str) -> None:
    """Put ``text`` in an openpyxl ``cell`` as a string cell: openpyxl would make "=…" a
    formula."""
    cell.value = safe_text(text)
    cell.data_type = "s"


def column_letter(index: int) -> str:
    """Excel's name of the ``index``-th column (1 is A, 27 is AA)."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def escape(text: str) -> str:
    """``text`` as XML character data."""
    # \r would be folded into \n by any XML parser unless written as a character reference.
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def escape_attribute(text: str) -> str:
    """``text`` as an XML attribute value in double quotes."""
    return escape(text).replace('"', "&quot;")


class SharedStrings:
    """The workbook's shared-string table: each distinct text once, referenced by index, as
    Excel and LibreOffice write it (repeated codes and CPR numbers are stored once, which
    keeps big registers small and fast to read back)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}  # cleaned text -> index, in order of first use
        self._seen: dict[str, int] = {}  # text as given -> index: cleaned once per text
        self.references = 0

    def ref(self, text: str) -> int:
        self.references += 1
        found = self._seen.get(text)
        if found is None:
            clean = safe_text(text)
            found = self.index.get(clean)
            if found is None:
                found = self.index[clean] = len(self.index)
            self._seen[text] = found
        return found

    def xml_chunks(self) -> Iterator[str]:
        """The sharedStrings part; lazy, so it counts the strings of sheets written before."""
        yield (
            f'{XML_HEAD}<sst xmlns="{MAIN_NS}" '
            f'count="{self.references}" uniqueCount="{len(self.index)}">'
        )
        texts = list(self.index)
        for start in range(0, len(texts), CHUNK_ROWS):
            yield "".join(
                f'<si><t xml:space="preserve">{escape(text)}</t></si>'
                for text in texts[start : start + CHUNK_ROWS]
            )
        yield "</sst>"


# --- cells ----------------------------------------------------------------------------------


def excel_number(value: object, whole_days: bool = False) -> str | None:
    """The ``<v>`` text of a number, date or time; "" for a blank (infinity); None for
    anything written as text. ``whole_days`` drops the time of day from dates."""
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


def is_date(value: object) -> bool:
    return isinstance(value, date | np.datetime64)


def cell_xml(
    ref: str, value: object, style: int | str, strings: SharedStrings, whole_days: bool = False
) -> str:
    """The ``<c>`` element of one cell ("" for a blank one): a boolean cell, a number (dates
    as serials) or a shared string, never a formula."""
    if isinstance(value, str):
        return f'<c r="{ref}" s="{style}" t="s"><v>{strings.ref(value)}</v></c>'
    if isinstance(value, bool | np.bool_):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    number = excel_number(value, whole_days)
    if number is None:
        return f'<c r="{ref}" s="{style}" t="s"><v>{strings.ref(_text(value))}</v></c>'
    return f'<c r="{ref}" s="{style}"><v>{number}</v></c>' if number else ""


def row_xml(row: int, cells: Iterable[str]) -> str:
    return f'<row r="{row}">{"".join(cells)}</row>'


def _text(value: object) -> str:
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


# --- styles of the workbooks written here ---------------------------------------------------

_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49}
_FIRST_CUSTOM_FORMAT = 164


class Styles:
    """The cell formats of a workbook written here: 0 is plain; each combination of number
    format, header look and right alignment gets the next id when first asked for."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str | None, bool, bool], int] = {(None, False, False): 0}
        self._formats: dict[str, int] = {}

    def id(
        self, number_format: str | None = None, *, header: bool = False, right: bool = False
    ) -> int:
        key = (number_format, header, right)
        found = self._ids.get(key)
        if found is None:
            if number_format is not None and number_format not in _BUILTIN_FORMATS:
                self._formats.setdefault(number_format, _FIRST_CUSTOM_FORMAT + len(self._formats))
            found = self._ids[key] = len(self._ids)
        return found

    def xml(self) -> Iterator[str]:
        """The styles part; lazy, so it holds the formats of sheets written before."""
        formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode="{escape_attribute(code)}"/>'
            for code, number in self._formats.items()
        )
        cell_formats = []
        for number_format, header, right in self._ids:
            number = 0
            if number_format is not None:
                number = _BUILTIN_FORMATS.get(number_format) or self._formats[number_format]
            font, fill = (1, 2) if header else (0, 0)
            applied = (
                (' applyNumberFormat="1"' if number else "")
                + (' applyFont="1" applyFill="1"' if header else "")
                + (' applyAlignment="1"' if right else "")
            )
            inner = '<alignment horizontal="right"/>' if right else ""
            cell_formats.append(
                f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" '
                f'xfId="0"{applied}>{inner}</xf>'
            )
        yield (
            f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}">'
            f'<numFmts count="{len(self._formats)}">{formats}</numFmts>'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b val="1"/></font></fonts>'
            '<fills count="3"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/>'
            f'</fill><fill><patternFill patternType="solid"><fgColor rgb="00{HEADER_COLOUR}"/>'
            "</patternFill></fill></fills>"
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(cell_formats)}">{"".join(cell_formats)}'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


# --- the package ----------------------------------------------------------------------------


def core_properties(title: str | None = None) -> bytes:
    """docProps/core.xml: Tværblik as author, Danish, and the fixed timestamp (the clock
    would make every file differ). In the form openpyxl writes, so the templates it helped
    build keep their bytes."""
    dc = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
    stamp = (
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
        f'XMLSchema-instance" xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP:%Y-%m-%dT%H:%M:%SZ}'
    )
    titled = f"<dc:title {dc}>{escape(title)}</dc:title>" if title else ""
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        f'core-properties"><dc:creator {dc}>{AUTHOR}</dc:creator>{titled}'
        f"<dc:language {dc}>{LANGUAGE}</dc:language><dcterms:created {stamp}</dcterms:created>"
        f"<dcterms:modified {stamp}</dcterms:modified><cp:lastModifiedBy>{AUTHOR}"
        "</cp:lastModifiedBy></cp:coreProperties>"
    ).encode()


Part = tuple[str, bytes | Iterable[str]]  # zip member name, and its bytes or text in pieces


def zip_info(name: str) -> zipfile.ZipInfo:
    """A zip member with the fixed timestamp: the clock would make every file differ."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def openpyxl_parts(workbook: OpenpyxlWorkbook) -> list[tuple[str, bytes]]:
    """The parts openpyxl makes of ``workbook``, with its properties as they are (openpyxl's
    own save would stamp "modified" with the clock)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(buffer) as built:
        return [(name, built.read(name)) for name in built.namelist()]


def write_package(path: Path, parts: Iterable[Part]) -> Path:
    """Zip ``parts`` in order to ``path``, with fixed timestamps. Pieces of text are
    consumed one by one (a part may be rendered while it is written); the file appears
    under its name only when complete, never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name, content in parts:
                if isinstance(content, bytes):
                    archive.writestr(zip_info(name), content)
                    continue
                with archive.open(zip_info(name), "w", force_zip64=True) as stream:
                    for piece in content:
                        stream.write(piece.encode("utf-8"))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path
