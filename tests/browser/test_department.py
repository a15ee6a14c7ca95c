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


def test_the_newest_department_always_wins_over_quick_switches(
    voila_page: Any, sample_server: Server, screenshots: Path
) -> None:
    """Quick switches make the kernel send several charts in a row; the browser may finish
    drawing an older one last. Every chart must end on the last choice."""
    page = voila_page
    open_page(page, sample_server, AFDELING, "Hent som Excel", screenshots)
    page.locator("[data-chart-draw] svg.marks").first.wait_for(timeout=CONTENT_TIMEOUT_MS)
    dropdown = page.locator("select").first
    for _ in range(3):
        for name in ("Socialafdelingen", "Beskæftigelse (Jobcenter)", "Socialafdelingen"):
            dropdown.select_option(label=name)
        page.locator("[data-chart-draw]", has_text="Socialafdelingen betaler").first.wait_for(
            timeout=CONTENT_TIMEOUT_MS
        )
        time.sleep(2.0)  # let any late, older draw land, as it did before
        titles = page.locator("[data-chart-draw]").all_text_contents()
        assert any("Socialafdelingen betaler" in t for t in titles)
        assert not any("Beskæftigelse (Jobcenter) betaler" in t for t in titles)
        dropdown.select_option(label="Beskæftigelse (Jobcenter)")
        page.locator(
            "[data-chart-draw]", has_text="Beskæftigelse (Jobcenter) betaler"
        ).first.wait_for(timeout=CONTENT_TIMEOUT_MS)
