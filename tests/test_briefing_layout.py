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
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from tests.briefing_data import make_briefing
from toolkit.briefing import draw_charts
from toolkit.briefing.docx_tables import (
    CELL_PADDING,
    SHORT_TABLE_ROWS,
    TEXT_WIDTH,
    table_layout,
    text_width,
)
from toolkit.briefing.render_docx import render_docx
from toolkit.briefing.render_html import to_html

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
    assert not _kept(summary.rows[-1])  # nothing follows the summary table but bullets
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


@pytest.mark.libreoffice
@pytest.mark.slow
def test_no_word_is_broken_in_the_sample_pdf(sample_dir: Path, tmp_path: Path) -> None:
    """Every word of the tables appears whole in the PDF at least as often as in the Word
    file's tables (a word broken over two lines would be missing; prose may break at a
    hyphen, so only the tables are counted)."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice er ikke installeret")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) er ikke installeret")
    import toolkit
    from toolkit.briefing import write_briefing

    files = write_briefing(
        toolkit.load(sample_dir), "Socialudvalget", "2026-Q3", tmp_path,
        scenario_ids=("S1", "S3"), today=date(2026, 11, 15),
    )  # fmt: skip
    assert files.pdf is not None, files.pdf_skipped
    document = docx.Document(str(files.docx))
    in_tables: Counter[str] = Counter()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                in_tables.update(w for w in WORD.findall(cell.text) if re.search(r"\w{2}", w))
    text = subprocess.run(
        ["pdftotext", "-layout", str(files.pdf), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    in_pdf = Counter(WORD.findall(text))
    broken = sorted(w for w, count in in_tables.items() if in_pdf[w] < count)
    assert len(in_tables) > 100
    assert not broken


# -- HTML ---------------------------------------------------------------------------------------


def test_every_html_table_scrolls_in_its_own_box() -> None:
    briefing = make_briefing()
    page = to_html(briefing, charts=dict.fromkeys((f.number for f in briefing.figures), "<svg/>"))
    assert page.count("<div class='table-scroll' tabindex='0'><table>") == page.count("<table>")
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
    pngs, svgs = draw_charts(briefing)
    del pngs
    path = tmp_path / "b.html"
    path.write_text(to_html(briefing, charts=svgs), encoding="utf-8")
    chromium_page.goto(path.as_uri())
    for width in (390, 1280, 1440):
        chromium_page.set_viewport_size({"width": width, "height": 900})
        scroll, client = chromium_page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, (width, scroll, client)
