"""Forløb og resultater in a real browser: charts drawn, a filter change redraws them,
everything visible is Danish; screenshot ``forloeb.png``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from test_dashboards import Server
from test_pages import CONTENT_TIMEOUT_MS, assert_clean, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(90)]

FORLOEB = "voila/render/Forloeb_og_resultater.ipynb"
REDRAWN = """before => {
  const charts = document.querySelectorAll('.vega-embed');
  return charts.length > 1 && charts[1].innerHTML !== before;
}"""


def test_forloeb_draws_charts_and_redraws_them_on_a_filter_change(
    voila_page: Any, sample_server: Server, screenshots: Path
) -> None:
    page = voila_page
    seconds = open_page(page, sample_server, FORLOEB, "Hent som Excel", screenshots)
    charts = page.locator(".vega-embed")
    charts.first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 4"
    )
    body = assert_clean(page)
    assert "Hvad virker for hvem" in body and "95 %" in body
    page.screenshot(path=str(screenshots / "forloeb.png"), full_page=True)
    before = charts.nth(1).inner_html()  # the comparison with intervals
    from_month = page.locator("select").first
    options = from_month.locator("option").all_inner_texts()
    started = time.monotonic()
    from_month.select_option(label=options[0])
    page.wait_for_function(REDRAWN, arg=before, timeout=CONTENT_TIMEOUT_MS)
    redraw = time.monotonic() - started
    print(f"Forløb og resultater: filterskift tegnet om efter {redraw:.2f} s")
    with (screenshots / "timings.txt").open("a", encoding="utf-8") as log:
        log.write(f"Forloeb-filterskift\t{redraw:.2f}\n")
    assert_clean(page)
    assert seconds < 25
