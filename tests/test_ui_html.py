"""The pages' HTML comes from autoescaping Jinja2 templates (toolkit/ui/html.py): a text
from data that looks like markup is shown as text, in element content and in attributes,
and every class the fragments use is styled in the Voilà page template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from tests.widget_text import PAGE_TEMPLATE
from toolkit.ui.data_page import report_html
from toolkit.ui.excel_download import XLSX_MIME, download_link
from toolkit.ui.frame import KpiLine, definitions_html, kpi_html
from toolkit.ui.html import fragment
from toolkit.workbook.report import Category, Issue, Report, Severity

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
TAG = '"><img src=x onerror=alert(1)>'
QUOTE = "' onmouseover='alert(1)"


def assert_inert(html: str) -> None:
    assert "<script" not in html and "<img" not in html and QUOTE not in html, html


def test_a_hostile_department_in_a_tile_is_text() -> None:
    tile = kpi_html(SCRIPT, [KpiLine(TAG, 1_000.0, "", 900.0)], "kr.", QUOTE)
    assert_inert(tile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tile and "1.000 kr." in tile


def test_a_hostile_file_and_message_in_the_reports_table_are_text() -> None:
    report = Report()
    report.add(Issue(Severity.ERROR, Category.VALUE, f"{SCRIPT}.xlsx", TAG, QUOTE, 2, "CPR", TAG))
    table = report_html(report)
    assert_inert(table)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;.xlsx" in cells
        and "&#39; onmouseover=&#39;alert(1)" in cells
    )


def test_a_hostile_file_name_in_a_download_link_stays_in_its_attribute() -> None:
    link = download_link(b"x", f"{QUOTE}.xlsx", XLSX_MIME, SCRIPT, title=TAG)
    assert_inert(link)
    assert link.startswith("<a download='&#39; onmouseover=&#39;alert(1).xlsx' href='data:")


def test_captions_notes_and_messages_are_text() -> None:
    for html in (
        fragment("card_caption", [SCRIPT, TAG]),
        definitions_html([], note=TAG),
        fragment("note", SCRIPT),
        fragment("message", QUOTE, SCRIPT),
        fragment("page_heading", SCRIPT, TAG),
    ):
        assert_inert(html)


def test_a_missing_value_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(UndefinedError):
        fragment("kpi_tile", "Titel", [])


def test_every_class_the_pages_use_is_styled_in_the_page_template() -> None:
    used = set()
    for source in [
        *(ROOT / "toolkit/ui").glob("*.py"),
        *(ROOT / "toolkit/ui/templates").glob("*.j2"),
    ]:
        used |= set(re.findall(r"\btvaerblik-[a-z-]*[a-z]", source.read_text(encoding="utf-8")))
    styled = set(
        re.findall(r"\.(tvaerblik-[a-z-]*[a-z])\b", PAGE_TEMPLATE.read_text(encoding="utf-8"))
    )
    # Not classes: the temporary folders' prefixes, and the slider's own stylesheet.
    used -= {"tvaerblik-briefing", "tvaerblik-slider"}
    assert used and used <= styled, sorted(used - styled)
