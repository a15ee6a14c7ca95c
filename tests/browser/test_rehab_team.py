"""The Rehabiliteringsteam page in a real browser: open, wait for the charts and the forecast,
change the scheme filter, see every chart redrawn."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from test_dashboards import Server
from test_pages import CONTENT_TIMEOUT_MS, assert_clean, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(90)]

REHAB = "voila/render/Rehabiliteringsteam.ipynb"
CHANGED = """before => {
    const now = [...document.querySelectorAll('.vega-embed')].map(e => e.innerHTML);
    return now.length === before.length && now.every((html, i) => html !== before[i]);
}"""


def test_rehabiliteringsteam_shows_the_forecast_and_redraws_on_a_filter_change(
    voila_page: Any, sample_server: Server, screenshots: Path
) -> None:
    page = voila_page
    seconds = open_page(page, sample_server, REHAB, "Hent som Excel", screenshots)
    charts = page.locator(".vega-embed")
    charts.first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    page.wait_for_function("() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas')"
                           ".length >= 5", timeout=CONTENT_TIMEOUT_MS)  # fmt: skip
    assert charts.count() >= 5
    body = assert_clean(page)
    phrases = ("Møder og sager pr. møde", "Indstillinger efter sagstype",
               "Medarbejdertid pr. afdeling", "80 %-interval", "Metode: Prognosen")  # fmt: skip
    for phrase in phrases:
        assert phrase in body, phrase
    page.screenshot(path=str(screenshots / "rehabiliteringsteam.png"), full_page=True)
    before = page.eval_on_selector_all(".vega-embed", "els => els.map(e => e.innerHTML)")
    schemes = page.locator("select[multiple]").nth(1)
    started = time.monotonic()
    schemes.select_option(label="Ressourceforløb")
    page.wait_for_function(CHANGED, arg=before, timeout=CONTENT_TIMEOUT_MS)
    redraw = time.monotonic() - started
    print(f"Rehabiliteringsteam: filterskift tegnet om efter {redraw:.2f} s")
    with (screenshots / "timings.txt").open("a", encoding="utf-8") as log:
        log.write(f"Rehabiliteringsteam-filterskift\t{redraw:.2f}\n")
    assert "80 %-interval" in assert_clean(page)
    assert seconds < 25
