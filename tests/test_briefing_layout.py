"""The briefing's layout survives print: Word columns wide enough for their longest word (a
number never wraps), rows and captions kept with their tables, no word broken in the PDF of
the sample's tables, and HTML tables that scroll in their own box instead of widening the
page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from tests.briefing_data import make_briefing
from toolkit.briefing import draw_charts, static_charts
from toolkit.briefing.docx_tables import (
    CELL_PADDING,
    SHORT_TABLE_ROWS,
    TEXT_WIDTH,
    table_layout,
    text_width,
)
from toolkit.briefing.model import Section, Table
from toolkit.briefing.render_docx import render_docx
from toolkit.briefing.render_html import to_html
from toolkit.charts import theme

CHROMIUM = Path(os.environ.get("TVAERBLIK_CHROMIUM", "/usr/bin/chromium"))
WORD = re.compile(r"[\wæøåÆØÅ.,%+<–−-]+")


def _longest_word(texts: list[str], size: Length, *, bold: bool) -> int:
    return max(text_width(w, size, bold=bold) for t in texts for w in t.split())


# -- column widths ------------------------------------------------------------------------------


def test_columns_hold_their_longest_word_and_fill_the_text_width() -> None:
    headers = ("Afdeling", "Tilbagediskonteret nettoresultat", "Beskæftigelsesudvalget", "2025")
    rows = (
        ("Beskæftigelse (Jobcenter)", "−3.612.345 kr.", "x", "1.234.567 kr."),
        ("Sundhed", "12 kr.", "Sundhedsudvalget", "<5"),
    )
    numeric = (False, True, False, True)
    layout = table_layout(headers, rows, numeric)
    assert sum(layout.widths) == pytest.approx(TEXT_WIDTH, abs=len(headers))
    for c, header in enumerate(headers):
        words = [w for row in rows for w in row[c].split()]
        need = max(
            _longest_word([header], layout.size, bold=True),
            max(text_width(w, layout.size) for w in words),
        )
        assert layout.widths[c] >= need + CELL_PADDING, (c, header)
    for c in (1, 3):  # a number with its unit never wraps
        whole = max(text_width(row[c], layout.size) for row in rows)
        assert layout.widths[c] >= whole + CELL_PADDING


def test_bold_is_estimated_wider_than_regular() -> None:
    word = "Beskæftigelsesudvalget"
    assert text_width(word, Pt(10), bold=True) > text_width(word, Pt(10))
    # a generous estimate: at least Calibri Bold's real width (about 0.52 em a letter)
    assert text_width(word, Pt(10), bold=True) >= Pt(10) * 0.52 * len(word)


def test_a_table_whose_words_do_not_fit_gets_a_smaller_font() -> None:
    headers = tuple(f"Tilbagediskonteret{i}" for i in range(4))
    rows = (tuple("Uddannelsesvejledning" for _ in range(4)),)
    layout = table_layout(headers, rows, (False,) * 4)
    assert layout.size == Pt(7.5)  # 9,5 and 8,5 pt are too wide for four such words
    for width, header in zip(layout.widths, headers, strict=True):
        assert width >= text_width(header, layout.size, bold=True) + CELL_PADDING
    # words longer than the page even in the smallest font still share the page
    crowded = table_layout(headers * 3, rows, (False,) * 12)
    assert sum(crowded.widths) == pytest.approx(TEXT_WIDTH, abs=12)


def test_room_left_goes_to_the_longest_texts() -> None:
    long_text = "En lang forklaring, der fylder mere end en linje i tabellen, af mange ord"
    layout = table_layout(
        ("Navn", "Forklaring", "Antal"), (("Ung", long_text, "12"),), (False,) * 3
    )
    assert layout.widths[1] > layout.widths[0] and layout.widths[1] > layout.widths[2]
    assert layout.size == Pt(9.5)
    assert layout.widths[0] < Cm(3)


def test_a_bold_sum_row_fits_its_columns_in_bold() -> None:
    """A sum row is bold, and bold is wider: its numbers must still not break."""
    headers = ("Afdeling og konto", "Oprindeligt budget", "Korrigeret budget",
               "Forbrug år til dato", "Forventet regnskab",
               "Forventet mer-/mindreforbrug")  # fmt: skip
    rows = [
        ("\u2003Konto", "12.686.000", "12.686.000", "9.103.687", "12.138.240", "−547.751"),
        ("Alle afdelinger i alt", "623.984.000", "625.751.000", "457.849.669", "610.466.225",
         "−15.284.775"),
    ]  # fmt: skip
    numeric = (False, *(True,) * 5)
    layout = table_layout(headers, rows, numeric, bold_rows=(1,))
    for c in range(1, len(headers)):
        bold = text_width(rows[1][c], layout.size, bold=True)
        assert layout.widths[c] >= bold + CELL_PADDING, headers[c]


def test_a_label_column_gets_room_before_number_headers() -> None:
    """Labels wrapped over three or four lines cost every row; a number column's header
    over two lines costs one: the room goes to the label first."""
    years = tuple(f"3. kvt. {y}" for y in range(2022, 2027))
    labels = (
        "Ventende indsatser ved kvartalets udgang, støttekontaktperson (SEL § 85)",
        "Udgift pr. borger i forløb, Socialafdelingen",
        "Borgere med parallelle indsatser",
    )
    rows = [(label, "4.420 kr.", "..", "<5", "3.570 kr.", "3.095 kr.", "−2,1 pct.-point")
            for label in labels]  # fmt: skip
    headers = ("Nøgletal", *years, "Ændring")
    numeric = (False, *(True,) * 6)
    layout = table_layout(headers, rows, numeric)
    for c in range(1, len(headers)):  # each number column no wider than its longest value
        value = max(text_width(row[c], layout.size) for row in rows)
        word = _longest_word([headers[c]], layout.size, bold=True)
        assert layout.widths[c] <= max(value, word) + CELL_PADDING + 1, headers[c]
    assert layout.widths[0] == max(layout.widths)  # the label column has the room left
    label = layout.widths[0] - CELL_PADDING
    assert text_width(labels[0], layout.size) / label <= 3  # three lines (was four)


# -- rows, captions and source lines kept together ------------------------------------------------


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory: pytest.TempPathFactory) -> Any:
    briefing = make_briefing()
    pngs, _ = draw_charts(briefing)
    path = render_docx(briefing, tmp_path_factory.mktemp("layout") / "b.docx", charts=pngs)
    return briefing, docx.Document(str(path))


def _kept(row: Any) -> bool:
    return all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)


def test_rows_never_split_and_short_tables_stay_together(hand_made: Any) -> None:
    _, document = hand_made
    for table in document.tables:
        for row in table.rows:
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
    summary, short, long_table = document.tables
    assert all(_kept(row) for row in summary.rows[:-1])
    assert _kept(summary.rows[-1])  # with its source line under it
    assert len(short.rows) <= SHORT_TABLE_ROWS + 1
    assert all(_kept(row) for row in short.rows)  # the last one with its source line
    rows = long_table.rows
    assert len(rows) > SHORT_TABLE_ROWS + 1
    assert _kept(rows[0]) and _kept(rows[1])  # the header never alone with one row
    assert all(_kept(row) for row in rows[-3:])  # nor the last two rows alone
    assert not all(_kept(row) for row in rows)  # a long table may break in its middle
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    tables = [p for p in captions if p.text.startswith("Tabel ")]
    assert tables and all(p.paragraph_format.keep_with_next for p in tables)


def test_word_column_widths_hold_the_longest_word(hand_made: Any) -> None:
    briefing, document = hand_made
    for table, model in zip(document.tables[1:], briefing.tables, strict=True):
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size
        for c, header in enumerate(model.headers):
            texts = [row[c] for row in model.rows]
            need = max(
                _longest_word([header], size, bold=True), _longest_word(texts, size, bold=False)
            )
            assert Length(grid[c] * 635) >= need + CELL_PADDING  # twips to EMU


# -- the sample printed through LibreOffice -------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pdf(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The sample's Socialudvalget briefing with two scenarios, made once for the module:
    the Word file and the PDF's text page by page (``pdftotext -layout``)."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice er ikke installeret")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) er ikke installeret")
    import toolkit
    from toolkit.briefing import write_briefing

    files = write_briefing(
        toolkit.load(sample_dir), "Socialudvalget", "2026-Q3", tmp_path_factory.mktemp("pdf"),
        scenario_ids=("S1", "S3"), today=date(2026, 11, 15),
    )  # fmt: skip
    assert files.pdf is not None, files.pdf_skipped
    text = subprocess.run(
        ["pdftotext", "-layout", str(files.pdf), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    # pdftotext ends every page with a form feed; ``pdftotext -f N -l N`` gives the same page
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    return docx.Document(str(files.docx)), pages


def _content_lines(page: str) -> list[str]:
    """The page's non-empty lines without the footer «Side X af Y»."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines if not re.fullmatch(r"Side \d+ af \d+", line)]


@pytest.mark.libreoffice
@pytest.mark.slow
def test_no_word_is_broken_in_the_sample_pdf(sample_pdf: Any) -> None:
    """Every word of the tables appears whole in the PDF at least as often as in the Word
    file's tables (a word broken over two lines would be missing; prose may break at a
    hyphen, so only the tables are counted)."""
    document, pages = sample_pdf
    in_tables: Counter[str] = Counter()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                in_tables.update(w for w in WORD.findall(cell.text) if re.search(r"\w{2}", w))
    in_pdf = Counter(WORD.findall("\n".join(pages)))
    broken = sorted(w for w, count in in_tables.items() if in_pdf[w] < count)
    assert len(in_tables) > 100
    assert not broken


@pytest.mark.libreoffice
@pytest.mark.slow
def test_page_one_of_the_pdf_is_the_orientation(sample_pdf: Any) -> None:
    _, pages = sample_pdf
    first = _content_lines(pages[0])
    for heading in ("Sagsfremstilling", "Økonomi", "Indstilling"):
        assert heading in first, heading
    assert any(line.startswith("Det indstilles, at udvalget") for line in first)
    assert "Nøgletal" not in first  # the key figures come after page 1


@pytest.mark.libreoffice
@pytest.mark.slow
def test_no_heading_ends_a_pdf_page(sample_pdf: Any) -> None:
    document, pages = sample_pdf
    headings = {
        p.text.strip()
        for p in document.paragraphs
        if p.style.name.startswith("Heading") and p.text.strip()
    }
    assert len(pages) > 5 and len(headings) > 5
    for number, page in enumerate(pages, start=1):
        lines = _content_lines(page)
        if not lines:
            continue
        last = lines[-1]
        last_two = " ".join(lines[-2:])
        assert last not in headings and last_two not in headings, (number, last)


CAPTION = re.compile(r"(Tabel|Figur) \d+\. ")


@pytest.mark.libreoffice
@pytest.mark.slow
def test_a_section_starts_on_the_page_of_its_first_table_or_figure(sample_pdf: Any) -> None:
    """A heading and its introduction never end a page while the table or figure they
    introduce starts the next: the page of a section's heading holds a caption after it,
    or the next page does not start with one."""
    document, pages = sample_pdf
    headings = {
        p.text.strip()
        for p in document.paragraphs
        if p.style.name.startswith("Heading") and p.text.strip()
    }
    checked = 0
    for number, page in enumerate(pages[:-1], start=1):
        lines = _content_lines(page)
        at = [i for i, line in enumerate(lines) if line in headings]
        if not at or any(CAPTION.match(line) for line in lines[at[-1] + 1 :]):
            continue
        checked += 1
        following = _content_lines(pages[number])
        assert not (following and CAPTION.match(following[0])), (number, lines[at[-1]])
    assert checked  # some section ends its page in prose: the check ran


def _header_at(line: str, firsts: list[str]) -> bool:
    """``line`` holds the first word of every header cell, in order."""
    at = 0
    for word in firsts:
        found = line.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return True


@pytest.mark.libreoffice
@pytest.mark.slow
def test_no_table_header_ends_a_pdf_page(sample_pdf: Any) -> None:
    """Wherever a table's header row is printed (at its start or repeated on a new page),
    one of its data rows follows on the same page."""
    document, pages = sample_pdf
    # Tables with the same header («Indikator», «3. kvt. 2025», …) share their row starts.
    starts: dict[tuple[str, ...], set[str]] = {}
    for table in document.tables:
        headers = [cell.text.split() for cell in table.rows[0].cells]
        if len(table.rows) < 2 or not all(headers):
            continue
        firsts = tuple(words[0] for words in headers)
        starts.setdefault(firsts, set()).update(
            row.cells[0].text.split()[0] for row in table.rows[1:] if row.cells[0].text.split()
        )
    checked = 0
    for firsts, rows in starts.items():
        for number, page in enumerate(pages, start=1):
            lines = _content_lines(page)
            for i, line in enumerate(lines):
                if not _header_at(line, list(firsts)):
                    continue
                checked += 1
                after = [later.split()[0] for later in lines[i + 1 :] if later.split()]
                assert any(word in rows for word in after), (number, line)
    assert checked >= len(starts)


# -- HTML ---------------------------------------------------------------------------------------


def test_every_html_table_scrolls_in_its_own_box() -> None:
    briefing = make_briefing()
    page = to_html(briefing, charts=dict.fromkeys((f.number for f in briefing.figures), "<svg/>"))
    boxed = re.findall(r"<div class='table-scroll' tabindex='0'><table\b", page)
    assert len(boxed) == len(re.findall(r"<table\b", page)) == 1 + len(briefing.tables)
    style = page[page.index("<style>") : page.index("</style>")]
    assert re.search(r"\.table-scroll \{[^}]*overflow-x: auto", style)
    assert re.search(r"th, td \{[^}]*word-break: normal", style)
    assert re.search(r"\.num \{[^}]*white-space: nowrap", style)


@pytest.fixture(scope="module")
def chromium_page() -> Iterator[Any]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"chromium findes ikke ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu"],
            headless=True,
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.mark.browser
def test_html_never_overflows_sideways(chromium_page: Any, tmp_path: Path) -> None:
    briefing = make_briefing()
    # a table wider than a phone, with a long caption: the caption must wrap on the screen
    wide = Table(
        99,
        "En lang billedtekst til en bred tabel, der skal kunne læses på en telefon " * 2,
        tuple(f"Kolonne nummer {i}" for i in range(8)),
        (tuple("Beskæftigelsesudvalget" for _ in range(8)),),
        "Kilde: Tværblik.",
        (False,) * 8,
    )
    briefing = replace(briefing, sections=(*briefing.sections, Section("Bred tabel", (wide,))))
    pngs, svgs = draw_charts(briefing)
    del pngs
    svgs[2] = _long_labels_chart()
    path = tmp_path / "b.html"
    path.write_text(to_html(briefing, charts=svgs), encoding="utf-8")
    chromium_page.goto(path.as_uri())
    for width in (390, 1280, 1440):
        chromium_page.set_viewport_size({"width": width, "height": 900})
        scroll, client = chromium_page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, (width, scroll, client)
        assert not chromium_page.evaluate(CLIPPED_LABELS), width
        assert not chromium_page.evaluate(CLIPPED_CAPTIONS), width


# The texts of a chart that reach outside its SVG (cut off on screen).
CLIPPED_LABELS = """
[...document.querySelectorAll('figure svg')].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
  }).map(t => t.textContent);
})"""
# The table captions wider than the screen (a caption scrolling with its table is cut off).
CLIPPED_CAPTIONS = """
[...document.querySelectorAll('.table-caption')].filter(
  c => c.getBoundingClientRect().right > document.documentElement.clientWidth
).map(c => c.textContent)"""


def _long_labels_chart() -> str:
    """A bar chart whose axis labels are long, as the waiting chart's are."""
    names = ["Mestringsforløb (stress, angst, depression)", "Støttekontaktperson (SEL § 85)",
             "Beskæftigelse (Jobcenter)"]  # fmt: skip
    data = pd.DataFrame({"indsats": names, "dage": [25.5, 147.5, 19.0]})
    chart = (
        alt.Chart(data, width=250)
        .mark_bar()
        .encode(x=alt.X("dage:Q"), y=alt.Y("indsats:N", title=None, axis=alt.Axis(labelLimit=260)))
    )
    theme.enable()
    return static_charts.to_svg(chart.to_dict())
