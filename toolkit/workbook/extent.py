"""How far a sheet's real cells reach: the last row and column that hold a value.

python-calamine builds one rectangle from the first to the farthest cell holding a value and
allocates it whole, so the extent decides its memory, not the file size or the <dimension>
the sheet declares. The measure must never come out smaller than what the reader will
allocate, so it follows the reader's own rules: any element whose local name is ``c``
(``<c>``, ``<x:c>``, whatever the prefix) is a cell; its position is the attribute named
exactly ``r``, in either quote and after any whitespace, written as letters (either case,
any number of them) then digits; a cell without ``r`` follows the previous cell, and a
``<row>`` whose ``r`` holds letters before its digits still counts by the digits.

The sheet's XML is streamed in chunks. Where every cell tag is written the way Excel and
every common writer write it, ``<c r="…"`` followed by plain attributes, regular
expressions find the few positions that matter (columns past Z, lower case, row numbers
with as many digits as the row limit), so an ordinary register costs one pass of
decompression. Any cell tag written otherwise (single quotes, other whitespace, ``r``
after another attribute or twice, no ``r``, a prefix) sends the sheet to the slow, exact
count (``_counted_extent``), which parses it with expat and follows the reader's counting
step by step. A cell position the reader cannot parse either makes the file refused.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

_CHUNK = 1024 * 1024
# Patterns with a literal start, which the regex engine finds fast. A cell tag not written
# exactly <c r="…" (or <x:c r="…"), or an r attribute after another one (a second r, or r
# after another attribute in any element but <row>): the sheet is then counted the slow way.
_IRREGULAR = re.compile(rb'c(?<=<c|:c)(?=[\s>/])(?! r=")')
_LATER_R = re.compile(rb"""r(?<=[\s"']r)(?<!<c r)(?<!:c r)(?<!row r)\s*=""")
# The attributes after a cell's r, up to the tag's end: a value may hold ">" or "/>".
_TAG_END = re.compile(rb"""(?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_MARKUP = re.compile(rb"<!")  # a comment or CDATA: text that may look like tags
_CELL_REF = re.compile(rb'c r="(?<=[<:]c r=")([^"]*)"')  # every cell (in a regular sheet)
_REF = re.compile(r"([A-Za-z]+)([0-9]+)")  # how the reader reads a cell's r
_ROW_REF = re.compile(r"[A-Za-z]*([0-9]+)")  # how it reads a row's r: the letters are ignored
_EMPTY_END = re.compile(rb"</(?:[^\s<>/:]*:)?c\s*>")
_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")
_PLAIN_ENCODINGS = (b"utf-8", b"utf8", b"us-ascii", b"ascii")
NARROW_COLUMNS = 26  # refs of one letter: A to Z


@dataclass(frozen=True)
class Extent:
    """The last row and column holding a value (1-based), never less than the reader's.
    Exact for a sheet wider than A-Z; for a narrower one ``columns`` is 26 (at most) and
    ``rows`` may count only rows with at least the number of digits asked for (0 when there
    are none)."""

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
    """A -> 1, Z -> 26, AA -> 27, XFD -> 16384; lower case counts as upper case."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def cell_position(ref: str) -> tuple[int, int]:
    """(row, column), 1-based, of a cell's ``r`` as the reader reads it: letters of either
    case, then digits. Anything else makes the reader fail; it is refused here (ValueError)
    rather than guessed at."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise ValueError(f"cell reference {ref[:20]!r}")
    return int(match.group(2)), column_number(match.group(1))


def sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, tall_digits: int) -> Extent:
    """The extent of the sheet part ``info``, exact where it can matter.

    ``tall_digits`` is the number of digits from which a row number may break the row
    limit: rows with fewer digits are not looked at unless the sheet is wider than A-Z.
    """
    # Skipped fast: a ref of one upper-case letter with a short row number; everything else
    # (past Z, lower case, a tall row, a ref the reader cannot read) is looked at.
    short = max(tall_digits - 1, 0)
    skip = rb'(?![A-Z][0-9]{1,%d}")' % short if short else b""
    looked_at = re.compile(rb'c r="(?<=[<:]c r=")%s([^"]*)"' % skip)
    rows = columns = 0
    for number, piece in enumerate(_pieces(archive, info)):
        if (
            (number == 0 and not _plain_encoding(piece))
            or _IRREGULAR.search(piece)
            or _LATER_R.search(piece)
        ):
            return _counted_extent(archive, info)
        found = list(looked_at.finditer(piece))
        if found and _MARKUP.search(piece):
            return _counted_extent(archive, info)  # exact, so a comment cannot refuse a file
        for match in found:
            row, column = cell_position(match.group(1).decode("latin-1"))
            if _holds_value(piece, match.end()):
                rows, columns = max(rows, row), max(columns, column)
    if columns <= NARROW_COLUMNS:
        return Extent(rows, NARROW_COLUMNS)  # at most; the row limit bounds such a sheet
    # A wide rectangle: its height matters at any size, so find it exactly.
    return Extent(max(rows, _last_row(archive, info)), columns)


def _plain_encoding(head: bytes) -> bool:
    """Whether the part is UTF-8 (or ASCII), where the patterns see the tags as written.
    Another encoding (UTF-16 has a NUL in every tag) goes to the exact count, which decodes."""
    if b"\x00" in head[:4096] or head.startswith((b"\xfe\xff", b"\xff\xfe")):
        return False
    declared = _DECLARED_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    return declared is None or declared.group(1).lower() in _PLAIN_ENCODINGS


def _holds_value(piece: bytes, after_position: int) -> bool:
    """Whether the cell tag whose r attribute ends at ``after_position`` holds a value:
    "<c r=.../>" and "<c r=...></c>" are formatted, empty cells the reader skips. When in
    doubt it holds one."""
    end = _TAG_END.match(piece, after_position)
    if end is None:
        return True
    if end.group(1):
        return False
    return _EMPTY_END.match(piece, end.end()) is None


def _pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks that end before a "<", so no tag is cut in two. A "<"
    cannot occur inside a tag in XML; where it does anyway (the reader accepts one in an
    attribute value), a cut half can only be read as holding a value or as irregular, and
    the exact count refuses such XML."""
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
        for match in _CELL_REF.finditer(piece):
            if _holds_value(piece, match.end()):
                last = max(last, cell_position(match.group(1).decode("latin-1"))[0])
    return last


class _Count:
    """The reader's walk through <sheetData>, event by event (expat's events match the
    reader's: it expands <x/> to a start and an end as well). Names are taken as written
    and matched on their local part, like the reader; no namespace is needed."""

    def __init__(self) -> None:
        self.state = "before"  # "in" inside the first <sheetData>, "after" once it ends
        self.row = self.column = 0  # 0-based: the reader's row and column counters
        self.cell: tuple[int, int] | None = None  # 1-based position of the open cell
        self.depth = 0  # elements open inside that cell
        self.valued = False
        self.rows = self.columns = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.split(":", 1)[-1]
        if self.state == "before":
            if local == "sheetData":
                self.state = "in"
            return
        if self.state == "after":
            return
        if self.cell is not None:
            # A value, an inline string or a formula. The reader skips over these without
            # looking for rows or cells inside them; a cell, row or sheetData there could
            # be read two ways, so it is refused.
            if local in ("c", "row", "sheetData"):
                raise ValueError(f"<{name}> inside a cell")
            self.depth += 1
            self.valued = True
            return
        given = attributes.get("r")
        if local == "row" and given is not None:
            match = _ROW_REF.fullmatch(given)
            if match is None:
                raise ValueError(f"row reference {given[:20]!r}")
            self.row = int(match.group(1)) - 1
        elif local == "c":
            if given is None:
                self.cell = (self.row + 1, self.column + 1)
            else:
                self.cell = cell_position(given)
                self.column = self.cell[1] - 1
            self.depth, self.valued = 0, False

    def end(self, name: str) -> None:
        if self.state != "in":
            return
        local = name.split(":", 1)[-1]
        if self.cell is not None:
            if self.depth:
                self.depth -= 1
                return
            if self.valued:  # empty cells are skipped by the reader
                self.rows = max(self.rows, self.cell[0])
                self.columns = max(self.columns, self.cell[1])
            self.cell = None
            self.column += 1
        elif local == "row":
            self.row += 1
            self.column = 0
        elif local == "sheetData":
            self.state = "after"


def _counted_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The extent exactly as the reader counts it, for sheets whose cells are written in
    any other way than the usual one. Plain expat, without namespace processing: a DTD is
    refused before anything it declares could be expanded."""
    count = _Count()
    parser = expat.ParserCreate()
    parser.StartElementHandler = count.start
    parser.EndElementHandler = count.end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            if count.state == "after":
                break
        else:
            parser.Parse(b"", True)
    return Extent(count.rows, count.columns)


def _refuse_dtd(*_: object) -> None:
    raise ValueError("DTD in a sheet")
