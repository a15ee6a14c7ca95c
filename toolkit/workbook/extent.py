"""How far a sheet's real cells reach: the last row and column that hold a value.

python-calamine builds one rectangle from the first to the farthest cell holding a value and
allocates it whole, so the extent decides its memory, not the file size or the <dimension>
the sheet declares. The sheet's XML is streamed in chunks and searched with regular
expressions that match only the rare cells that matter (columns past Z, rows with as many
digits as the row limit), so an ordinary register costs one pass of decompression. Cells
may leave out their position (``r``); the reader then counts them, and so does the slow,
exact fallback here (defusedxml's streaming parser), used only for such sheets.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml.ElementTree import iterparse

_CHUNK = 1024 * 1024
# Patterns with a literal start, which the regex engine finds fast. Writers put a cell's
# position (r) first; a cell tag that does not start with it is counted the slow way.
_WIDE = re.compile(rb' r="([A-Z]{2,3})(\d+)"')
_ANY = re.compile(rb' r="[A-Z]{1,3}(\d+)"')
_UNPOSITIONED = re.compile(rb"c[ >](?<=<c[ >]|:c[ >])(?!r=)")  # <c …> or <x:c …> without r
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NARROW_COLUMNS = 26  # refs of one letter: A to Z


@dataclass(frozen=True)
class Extent:
    """The last row and column holding a value (1-based). Exact for a sheet wider than A-Z;
    for a narrower one ``columns`` is 26 (at most) and ``rows`` counts only rows with at
    least the number of digits asked for (0 when there are none)."""

    rows: int
    columns: int

    @property
    def wide(self) -> bool:
        return self.columns > NARROW_COLUMNS

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str) -> int:
    """A -> 1, Z -> 26, AA -> 27, XFD -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, tall_digits: int) -> Extent:
    """The extent of the sheet part ``info``, exact where it can matter.

    ``tall_digits`` is the number of digits from which a row number may break the row
    limit: rows with fewer digits are not looked at unless the sheet is wider than A-Z.
    """
    tall = re.compile(rb' r="[A-Z]{1,3}(\d{%d,})"' % tall_digits)
    rows = columns = 0
    wide = False
    for piece in _pieces(archive, info):
        if _UNPOSITIONED.search(piece):
            return _counted_extent(archive, info)
        for match in _WIDE.finditer(piece):
            if _holds_value(piece, match.end()):
                wide = True
                columns = max(columns, column_number(match.group(1).decode("ascii")))
                rows = max(rows, int(match.group(2)))
        for match in tall.finditer(piece):
            if _holds_value(piece, match.end()):
                rows = max(rows, int(match.group(1)))
    if not wide:
        return Extent(rows, NARROW_COLUMNS)  # at most; the row limit bounds such a sheet
    # A wide rectangle: its height matters at any size, so find it exactly.
    return Extent(max(rows, _last_row(archive, info)), columns)


def _holds_value(piece: bytes, after_position: int) -> bool:
    """Whether the cell tag whose r attribute ends at ``after_position`` holds a value:
    "<c r=.../>" and "<c r=...></c>" are formatted, empty cells the reader skips."""
    close = piece.find(b">", after_position)
    if close < 0:
        return True  # cannot tell: count it
    return piece[close - 1 : close] != b"/" and not piece.startswith(b"</c>", close + 1)


def _pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks that end before a "<", so no tag is cut in two (a "<"
    cannot occur inside a tag)."""
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            if cut < 0:
                tail = b""
                yield data
            elif cut == 0:
                tail = data  # one tag longer than a chunk: read on until it ends
            else:
                tail = data[cut:]
                yield data[:cut]
    if tail:
        yield tail


def _last_row(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    last = 0
    for piece in _pieces(archive, info):
        for match in _ANY.finditer(piece):
            if _holds_value(piece, match.end()):
                last = max(last, int(match.group(1)))
    return last


def _counted_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The extent as the reader counts it when rows or cells leave out their position:
    a row without ``r`` follows the previous one, a cell without ``r`` the previous cell."""
    rows = columns = 0
    row = column = 0
    with archive.open(info) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag.removeprefix(_MAIN_NS)
            if event == "start" and tag == "row":
                given = element.get("r")
                row = int(given) if given and given.isdigit() else row + 1
                column = 0
            elif event == "end" and tag == "c":
                given = element.get("r")
                match = re.fullmatch(r"([A-Z]{1,3})(\d+)", given or "")
                if match:
                    column, row = column_number(match.group(1)), int(match.group(2))
                else:
                    column += 1
                if len(element):  # a value, an inline string or a formula
                    rows, columns = max(rows, row), max(columns, column)
                element.clear()
            elif event == "end" and tag == "row":
                element.clear()
    return Extent(rows, columns)
