"""The Afdeling page in a real browser: open, wait for the charts, change the department."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from test_dashboards import Server
from test_pages import CONTENT_TIMEOUT_MS, assert_clean, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(90)]

AFDELING = "voila/render/Afdeling.ipynb"


def test_afdeling_redraws_on_a_department_change(
    voila_page: Any, sample_server: Server, screenshots: Path
) -> None:
    page = voila_page
    seconds = open_page(page, sample_server, AFDELING, "Hent som Excel", screenshots)
    page.locator(".vega-embed").first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    assert page.locator(".vega-embed").count() >= 5
    body = assert_clean(page)
    assert "Indsatser efter type" in body and "Hvem afdelingens penge går til" in body
    page.screenshot(path=str(screenshots / "afdeling.png"), full_page=True)
    before = page.locator(".vega-embed").first.inner_html()
    dropdown = page.locator("select").first
    started = time.monotonic()
    dropdown.select_option(label="Socialafdelingen")
    page.wait_for_function(
        "before => document.querySelector('.vega-embed').innerHTML !== before",
        arg=before,
        timeout=CONTENT_TIMEOUT_MS,
    )
    redraw = time.monotonic() - started
    print(f"Afdeling: afdelingsskift tegnet om efter {redraw:.2f} s")
    with (screenshots / "timings.txt").open("a", encoding="utf-8") as log:
        log.write(f"Afdeling-afdelingsskift\t{redraw:.2f}\n")
    # The chart titles follow the department (they are SVG text inside the charts).
    page.locator(".vega-embed", has_text="Socialafdelingen betaler").first.wait_for(
        timeout=CONTENT_TIMEOUT_MS
    )
    assert_clean(page)
    assert seconds < 25
