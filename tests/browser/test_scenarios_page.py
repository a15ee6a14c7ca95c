"""The Scenarier page in a real browser: open, wait for the charts, change the scenario in
focus, see the charts redrawn."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from test_dashboards import Server
from test_pages import CONTENT_TIMEOUT_MS, assert_clean

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(90)]

SCENARIER = "voila/render/Scenarier.ipynb"
# Run alone, this test meets a server whose seven preheated kernels are all still importing
# and computing on two cores (≈ 25 s); after the other browser tests the page is there in a
# few seconds. The wait allows the cold case; the seconds are printed and logged.
COLD_START_MS = 60_000
CHARTS = "() => [...document.querySelectorAll('.vega-embed')].map(e => e.innerHTML).join()"


def test_scenarier_redraws_on_a_focus_change(
    voila_page: Any, sample_server: Server, screenshots: Path
) -> None:
    page = voila_page
    started = time.monotonic()
    page.goto(sample_server.base + SCENARIER, wait_until="commit")
    page.get_by_text("Gem som Excel").first.wait_for(state="visible", timeout=COLD_START_MS)
    page.locator(".vega-embed").first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    seconds = time.monotonic() - started
    print(f"Scenarier: første diagram synligt efter {seconds:.2f} s")
    with (screenshots / "timings.txt").open("a", encoding="utf-8") as log:
        log.write(f"Scenarier\t{seconds:.2f}\n")
    assert page.locator(".vega-embed").count() >= 4
    body = assert_clean(page)
    for phrase in ("beslutningsstøtte, ikke beslutningsgrundlag", "Tjent hjem", "Følsomhed",
                   "Scenarierne side om side", "afledt"):  # fmt: skip
        assert phrase in body, phrase
    page.screenshot(path=str(screenshots / "scenarier.png"), full_page=True)
    before = page.evaluate(CHARTS)
    focus = page.locator("select:not([multiple])").first
    started = time.monotonic()
    focus.select_option(label="S3 Parallel mentor- og sundhedsindsats")
    page.wait_for_function(f"before => ({CHARTS})() !== before", arg=before,
                           timeout=CONTENT_TIMEOUT_MS)  # fmt: skip
    redraw = time.monotonic() - started
    print(f"Scenarier: fokusskift tegnet om efter {redraw:.2f} s")
    with (screenshots / "timings.txt").open("a", encoding="utf-8") as log:
        log.write(f"Scenarier-fokusskift\t{redraw:.2f}\n")
    page.get_by_text("Antagelser i «Parallel mentor- og sundhedsindsats»").wait_for(
        timeout=CONTENT_TIMEOUT_MS
    )
    assert_clean(page)
    assert seconds < COLD_START_MS / 1000
