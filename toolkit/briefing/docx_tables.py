"""The briefing's Word tables: column widths that never break a word, and rows kept together.

Widths are estimated, not measured: python-docx cannot lay out text. The estimate is
deliberately generous: per-character widths of DejaVu Sans (the font LibreOffice falls back
to when Calibri is missing, wider than Calibri), bold headers wider again, plus the cell's
margins. Each column gets at least its longest unbreakable word (a number cell as a whole:
a number never wraps), the rest of the 160 mm goes to the columns whose texts are longest,
and a table whose words cannot fit is set in a smaller font rather than breaking a word.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table as DocxTable

from toolkit.briefing.model import INDENT

__all__ = [
    "SHORT_TABLE_ROWS",
    "TABLE_STYLE",
    "TEXT_WIDTH",
    "TableLayout",
    "add_table",
    "table_layout",
    "text_width",
]

TABLE_STYLE = "Light Grid Accent 1"
TEXT_WIDTH = Cm(16)  # 210 mm less two 25 mm margins
# Tried in turn until the table's unbreakable words fit the text width.
FONT_SIZES = (Pt(9.5), Pt(8.5), Pt(7.5), Pt(6.5))
FONT_SIZES_WIDE = FONT_SIZES[1:]  # six columns or more start smaller
CELL_PADDING = Cm(0.19 * 2 + 0.12)  # Word's default cell margins, and some slack
SHORT_TABLE_ROWS = 12  # a table of at most this many rows is kept on one page

# Em widths of DejaVu Sans (regular): an upper bound for Calibri, Arial and Carlito.
_NARROW = dict.fromkeys("ijl'|!.,:;", 0.32) | dict.fromkeys("ftr()[]-/ ", 0.42)
_WIDE = dict.fromkeys("mw", 0.98) | dict.fromkeys("MWæÆ%", 1.0) | dict.fromkeys("<>+=", 0.84)
_DIGIT = 0.64
_LOWER = 0.64
_UPPER = 0.8
_OTHER = 0.7
_BOLD = 1.13  # DejaVu Sans Bold against regular, on average over letters and digits


def _char_width(char: str) -> float:
    if char in _NARROW:
        return _NARROW[char]
    if char in _WIDE:
        return _WIDE[char]
    if char.isdigit():
        return _DIGIT
    if char.isalpha():
        return _UPPER if char.isupper() else _LOWER
    return _OTHER


def text_width(text: str, size: Length, *, bold: bool = False) -> Length:
    """A generous estimate of how wide ``text`` is on one line at ``size``."""
    ems = sum(_char_width(char) for char in text) * (_BOLD if bold else 1.0)
    return Length(round(ems * size))


@dataclass(frozen=True)
class TableLayout:
    size: Length  # the font size of the whole table
    widths: tuple[Length, ...]  # add up to the text width


def _pieces(text: str, whole: bool) -> list[str]:
    """The parts of ``text`` a line may not break inside: the whole value of a number
    cell, else its words."""
    return [text] if whole and text else text.split()


def table_layout(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    *,
    total: Length = TEXT_WIDTH,
    bold_rows: Collection[int] = (),
) -> TableLayout:
    """The largest font size at which every column holds its longest unbreakable word
    (bold in the header and in ``bold_rows``, indexes into ``rows``), and the column widths
    at that size."""
    columns = len(headers)
    number = [c < len(numeric) and numeric[c] for c in range(columns)]
    sizes = FONT_SIZES if columns <= 5 else FONT_SIZES_WIDE
    for whole_numbers in (True, False):
        for size in sizes:
            least = _least_widths(headers, rows, number, size, whole_numbers, bold_rows)
            if sum(least) <= total:
                widths = _share(headers, rows, least, number, size, total, bold_rows)
                return TableLayout(size, widths)
    # Words longer than the page even in the smallest font: the widths follow the words,
    # scaled down to the page; Word breaks only what cannot fit at all.
    size = sizes[-1]
    least = _least_widths(headers, rows, number, size, False, bold_rows)
    scale = total / sum(least)
    return TableLayout(size, tuple(Length(round(w * scale)) for w in least))


def _least_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    number: Sequence[bool],
    size: Length,
    whole_numbers: bool,
    bold_rows: Collection[int],
) -> list[int]:
    least = []
    for c, header in enumerate(headers):
        words = [text_width(w, size, bold=True) for w in header.split()]
        for r, row in enumerate(rows):
            if c < len(row):
                whole = whole_numbers and number[c]
                bold = r in bold_rows
                words += [text_width(p, size, bold=bold) for p in _pieces(row[c], whole)]
        least.append(max(words, default=0) + CELL_PADDING)
    return least


def _share(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    least: Sequence[int],
    number: Sequence[bool],
    size: Length,
    total: Length,
    bold_rows: Collection[int],
) -> tuple[Length, ...]:
    """The room left after every column's least width, given first to the text columns
    (labels) whose longest text lacks room to stand on one line, by how much they lack, then
    to the number columns whose header lacks it: a label wrapped over four lines costs every
    row, a header over two lines one; what is left then to every column by its longest
    text."""
    natural = []
    for c, header in enumerate(headers):
        lines = [text_width(header, size, bold=True)]
        lines += [text_width(row[c], size, bold=r in bold_rows)
                  for r, row in enumerate(rows) if c < len(row)]  # fmt: skip
        natural.append(max(max(lines) + CELL_PADDING, least[c]))
    widths = [float(w) for w in least]
    room = float(total - sum(least))
    for numbers in (False, True):
        lacking = [n - w if number[c] == numbers else 0.0
                   for c, (n, w) in enumerate(zip(natural, widths, strict=True))]  # fmt: skip
        if sum(lacking) <= 0:
            continue
        factor = min(1.0, room / sum(lacking))
        widths = [w + la * factor for w, la in zip(widths, lacking, strict=True)]
        room -= sum(lacking) * factor
    if room > 0:
        spare = room / sum(natural)
        widths = [w + n * spare for w, n in zip(widths, natural, strict=True)]
    return tuple(Length(round(w)) for w in widths)


def add_table(
    document: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    *,
    followed: bool = False,
    emphasis: Sequence[int] = (),
) -> DocxTable:
    """The table in the built-in table style, its header repeated on every page, no row
    split over two pages, a short table kept on one page, a long one never leaving its
    header, its first row or its last two rows alone; ``followed``: the paragraph after
    it (the source line) stays with its last row. Bold are the header and the rows in
    ``emphasis`` (indexes into ``rows``: sums), nothing else."""
    columns = len(headers)
    right = [i < len(numeric) and numeric[i] for i in range(columns)]
    table = document.add_table(rows=1 + len(rows), cols=columns)
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _plain_first_column(table)
    _repeat_header(table)
    layout = table_layout(headers, rows, right, bold_rows=emphasis)
    for c, width in enumerate(layout.widths):
        table.columns[c].width = width
    last = len(rows)
    bold_rows = {0, *(r + 1 for r in emphasis)}
    for r, values in enumerate([tuple(headers), *rows]):
        _keep_row_together(table.rows[r]._tr)
        inside = last <= SHORT_TABLE_ROWS or r <= 1 or r >= last - 2
        kept = followed if r == last else inside
        cells = table.rows[r].cells
        for c in range(columns):
            value = values[c] if c < len(values) else ""
            cells[c].width = layout.widths[c]
            paragraph = cells[c].paragraphs[0]
            paragraph.paragraph_format.keep_with_next = kept
            text = value.lstrip(INDENT)
            if text != value:  # an account under its department: every line indented
                paragraph.paragraph_format.left_indent = layout.size * (len(value) - len(text))
            run = paragraph.add_run(text)
            run.font.size = layout.size
            # Set either way: the table style must not make a row's first cell a heading.
            run.font.bold = r in bold_rows
            if right[c]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _plain_first_column(table: DocxTable) -> None:
    """The table style's first-column look off: its bold would make every row's label read
    as a heading (the header row and the banded rows stay)."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:firstRow"), "1")
    look.set(qn("w:noVBand"), "1")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:noHBand"), "0")
    look.set(qn("w:val"), "0420")  # the same as a bit mask, for Word 2007


def _repeat_header(table: DocxTable) -> None:
    """The first row repeats on every page the table runs over (and is marked as header)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _keep_row_together(tr: Any) -> None:
    """A row is never split over two pages."""
    no_split = OxmlElement("w:cantSplit")
    no_split.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(no_split)
