"""Every chart on every page draws its data: bars as long as their values, points where their
values are, nothing cut by another chart's clip path, and nothing cut off at 1024 or 1440 px.

The pages run in chromium against the sample municipality. ``drawn.DRAWN_JS`` reads what the
browser shows; ``drawn.check_chart`` compares it with the numbers each mark carries from its
data. The same page is then checked for content wider than the window.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from drawn import DRAWN_JS, check_chart, danish_numbers, linear_scales

from tests.voila_server import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(150)]

CHART_PAGES = {
    "Overblik": 3,
    "Afdeling": 5,
    "Rehabiliteringsteam": 4,
    "Forloeb_og_resultater": 3,
    "Scenarier": 4,
}
WIDTHS = (1024, 1440)
STABLE_S = 1.5
OPEN_TIMEOUT_MS = 60_000  # a page opened again may meet a kernel that is not preheated yet

# Content that reaches past the window's right edge (a cut-off table column or chart), and
# horizontal overflow of the page itself.
OVERFLOW_JS = r"""
(width) => {
  const cut = [];
  for (const element of document.querySelectorAll('svg.marks, table, .widget-box, .widget-html')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      const name = `${element.tagName}.${element.getAttribute('class') || ''}`;
      const text = (element.textContent || '').trim().slice(0, 60);
      cut.push(`${name} reaches ${Math.round(box.right)} px: ${text}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, cut};
}
"""


def wait_for_charts(page: Any, at_least: int) -> list[dict[str, Any]]:
    """The drawn charts, once at least ``at_least`` are drawn and nothing changed for a while."""
    page.wait_for_function(
        "n => document.querySelectorAll('[data-chart-draw] svg.marks').length >= n",
        arg=at_least,
        timeout=OPEN_TIMEOUT_MS,
    )
    last, since = None, time.monotonic()
    while time.monotonic() - since < STABLE_S:
        state = page.evaluate(
            "() => [...document.querySelectorAll('[data-chart-draw]')]"
            ".map(e => e.dataset.chartDraw + ':' + e.innerHTML.length).join()"
        )
        if state != last:
            last, since = state, time.monotonic()
        time.sleep(0.25)
    charts: list[dict[str, Any]] = page.evaluate(DRAWN_JS)
    return charts


@contextlib.contextmanager
def opened(chromium: Any, server: Server, notebook: str, width: int) -> Iterator[Any]:
    """A notebook's page in a fresh browser window ``width`` px wide, in Danish."""
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    context.set_default_timeout(OPEN_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{server.base}voila/render/{notebook}.ipynb", wait_until="commit")
        page.locator("h1").first.wait_for(timeout=OPEN_TIMEOUT_MS)
        yield page
    finally:
        context.close()


def assert_fits(page: Any, width: int) -> None:
    layout = page.evaluate(OVERFLOW_JS, width)
    assert layout["scroll"] <= width, f"the page scrolls sideways: {layout['scroll']} px"
    assert not layout["cut"], "\n".join(layout["cut"][:10])


# Every page at one width, then at the other: Voilà has refilled a page's preheated kernel
# by the time the page is opened again.
@pytest.mark.parametrize("notebook", list(CHART_PAGES))
@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_draws_its_data_and_fits(
    chromium: Any, sample_server: Server, screenshots: Path, notebook: str, width: int
) -> None:
    with opened(chromium, sample_server, notebook, width) as page:
        charts = wait_for_charts(page, CHART_PAGES[notebook])
        page.screenshot(path=str(screenshots / f"tegnet-{notebook}-{width}.png"), full_page=True)

        ids = [i for chart in charts for i in chart["ids"]]
        assert len(ids) == len(set(ids)), "the same SVG id in two charts of one page"
        problems = [problem for chart in charts for problem in check_chart(chart)]
        assert not problems, "\n".join(problems[:20])
        measured = sum(
            1 for chart in charts for mark in chart["marks"] if danish_numbers(mark["label"])
        )
        scaled = sum(1 for chart in charts if linear_scales(chart["axes"]))
        assert measured >= CHART_PAGES[notebook] and scaled >= CHART_PAGES[notebook] - 1
        assert_fits(page, width)


@pytest.mark.parametrize("notebook", ["Forside", "Data"])
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_without_charts_fit(
    chromium: Any, sample_server: Server, screenshots: Path, notebook: str, width: int
) -> None:
    with opened(chromium, sample_server, notebook, width) as page:
        time.sleep(STABLE_S)
        page.screenshot(path=str(screenshots / f"bredde-{notebook}-{width}.png"), full_page=True)
        assert_fits(page, width)
