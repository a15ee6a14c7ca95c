"""The pages in a real browser: Voilà with the sample municipality, Debian's chromium.

Each test opens a page, waits for its content, checks that everything visible is Danish
(no tracebacks, no "Loading widget", no "Executing"), and saves a full-page screenshot to
``artifacts/screenshots/`` (kept by CI). The seconds from opening to content are printed
(``pytest -s``) and kept in ``artifacts/screenshots/timings.txt``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.visits import assert_clean, open_page
from tests.voila_server import Server
from tests.workbooks import valid_register, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(60)]

FORSIDE = "voila/render/Forside.ipynb"
DATA = "voila/render/Data.ipynb"
BRIEFING_TIMEOUT_MS = 90_000  # Word, HTML and PDF on a busy 2-core CI machine


def upload(page: Any, path: Path) -> None:
    """Choose a file in the upload box, as a controller does (ipywidgets 8's FileUpload
    keeps its file input out of the document and clicks it from its button)."""
    inputs = page.locator("input[type=file]")
    if inputs.count():
        inputs.first.set_input_files(str(path))
        return
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Vælg filer").click()
    chooser.value.set_files(str(path))


def test_forside(voila_page: Any, sample_server: Server, screenshots: Path) -> None:
    page = voila_page
    seconds = open_page(page, sample_server, FORSIDE, "Tværblik samler tallene", screenshots)
    page.get_by_text("Siderne viser version").wait_for()
    body = assert_clean(page)
    assert "Tværblik" in page.title()
    assert page.locator("html").get_attribute("lang") == "da"
    assert "indlæst" in body and "browsertest" not in body  # the account is in the fold
    assert page.get_by_role("link", name="Data").is_visible()
    page.screenshot(path=str(screenshots / "forside.png"), full_page=True)
    page.get_by_text("For controllere: datamappe og kommandoer").click()
    page.get_by_text("browsertest").first.wait_for()
    assert "tvaerblik rollback VERSION" in page.inner_text("body")
    assert seconds < 25


def test_forside_hent_briefing_gives_word_html_and_pdf(
    voila_page: Any, sample_server: Server, screenshots: Path
) -> None:
    page = voila_page
    open_page(page, sample_server, FORSIDE, "Hent briefing", screenshots)
    page.get_by_role("button", name="Lav briefing").click()
    word = page.get_by_role("link", name="Hent som Word")
    word.wait_for(timeout=BRIEFING_TIMEOUT_MS)
    assert (word.get_attribute("href") or "").startswith(
        "data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,"
    )
    html_link = page.get_by_role("link", name="Hent som HTML")
    assert (html_link.get_attribute("href") or "").startswith("data:text/html")
    pdf = page.get_by_role("link", name="Hent som PDF")  # LibreOffice is installed in CI
    assert (pdf.get_attribute("href") or "").startswith("data:application/pdf")
    assert (word.get_attribute("download") or "").endswith("-2026-Q3.docx")
    assert_clean(page)


def test_data_page_shows_versions_and_the_report_of_a_bad_workbook(
    voila_page: Any, sample_server: Server, screenshots: Path, tmp_path: Path
) -> None:
    page = voila_page
    seconds = open_page(page, sample_server, DATA, "Gemte versioner", screenshots)
    page.get_by_text("v0001 (aktuel)").wait_for()
    body = assert_clean(page)
    assert "register.xlsx" in body and "oekonomi.xlsx" in body
    button = page.get_by_role("button", name="Indlæs", exact=True)
    assert button.is_disabled()
    page.screenshot(path=str(screenshots / "data.png"), full_page=True)

    sheets = valid_register()
    sheets["Borgere"][1][1] = "X"  # sex: not a code
    bad = write_xlsx(tmp_path / "register.xlsx", sheets)
    upload(page, bad)
    page.get_by_text("Fejl i værdier").wait_for()
    body = assert_clean(page)
    assert "kan ikke indlæses" in body
    assert "Borgere" in body and "Køn" in body
    assert button.is_disabled()
    page.screenshot(path=str(screenshots / "data-rapport.png"), full_page=True)
    assert seconds < 25
