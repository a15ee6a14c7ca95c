"""The pages with charts in a real browser: each opens with its charts drawn (saved as a
full-page screenshot), shows its Danish headings, and draws its charts anew when a filter
changes; the seconds are printed (``pytest -s``) and kept in timings.txt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.visits import (
    CONTENT_TIMEOUT_MS,
    FIRST_CHART_CHANGED,
    assert_clean,
    open_chart_page,
    timed_redraw,
)
from tests.voila_server import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(90)]

# The second chart (Forløb og resultater' comparison with intervals) is drawn anew.
SECOND_CHART_CHANGED = """before => {
  const charts = document.querySelectorAll('.vega-embed');
  return charts.length > 1 && charts[1].innerHTML !== before[1];
}"""
EVERY_CHART_CHANGED = """before => {
    const now = [...document.querySelectorAll('.vega-embed')].map(e => e.innerHTML);
    return now.length === before.length && now.every((html, i) => html !== before[i]);
}"""


@dataclass(frozen=True)
class ChartPage:
    """A page with charts, what it shows, and the filter change that must redraw them."""

    notebook: str
    charts: int  # drawn before the page counts as open
    screenshot: str
    phrases: tuple[str, ...]  # visible once the page is open
    # Reads what the change needs from the open page; the change itself, to be timed.
    prepare_change: Callable[[Any], Callable[[], Any]]
    timing_key: str
    timing_what: str
    changed: str = FIRST_CHART_CHANGED  # JavaScript: true once the charts are drawn anew
    shown_after: tuple[str, ...] = ()  # visible in the page after the change
    chart_text_after: str = ""  # a chart shows this once the change has reached it


def middle_to_month(page: Any) -> Callable[[], Any]:
    to_month = page.locator("select").nth(1)
    months = to_month.locator("option").all_inner_texts()
    return lambda: to_month.select_option(label=months[len(months) // 2])


def first_from_month(page: Any) -> Callable[[], Any]:
    from_month = page.locator("select").first
    months = from_month.locator("option").all_inner_texts()
    return lambda: from_month.select_option(label=months[0])


def only_ressourceforloeb(page: Any) -> Callable[[], Any]:
    schemes = page.locator("select[multiple]").nth(1)
    return lambda: schemes.select_option(label="Ressourceforløb")


def socialafdelingen(page: Any) -> Callable[[], Any]:
    department = page.locator("select").first
    return lambda: department.select_option(label="Socialafdelingen")


CHART_PAGES = [
    ChartPage(notebook="Overblik.ipynb", charts=3, screenshot="overblik.png",
              phrases=("Borgere i forløb",), prepare_change=middle_to_month,
              timing_key="Overblik-filterskift", timing_what="Overblik: filterskift"),
    ChartPage(notebook="Forloeb_og_resultater.ipynb", charts=4, screenshot="forloeb.png",
              phrases=("Hvad virker for hvem", "95 %"), prepare_change=first_from_month,
              timing_key="Forloeb-filterskift", timing_what="Forløb og resultater: filterskift",
              changed=SECOND_CHART_CHANGED),
    ChartPage(notebook="Rehabiliteringsteam.ipynb", charts=5,
              screenshot="rehabiliteringsteam.png",
              phrases=("Møder og sager pr. møde", "Indstillinger efter sagstype",
                       "Medarbejdertid pr. afdeling", "80 %-interval", "Metode: Prognosen"),
              prepare_change=only_ressourceforloeb, timing_key="Rehabiliteringsteam-filterskift",
              timing_what="Rehabiliteringsteam: filterskift", changed=EVERY_CHART_CHANGED,
              shown_after=("80 %-interval",)),
    # The chart titles follow the department (they are SVG text inside the charts).
    ChartPage(notebook="Afdeling.ipynb", charts=5, screenshot="afdeling.png",
              phrases=("Indsatser efter type", "Hvem afdelingens penge går til"),
              prepare_change=socialafdelingen, timing_key="Afdeling-afdelingsskift",
              timing_what="Afdeling: afdelingsskift", chart_text_after="Socialafdelingen betaler"),
]  # fmt: skip


@pytest.mark.parametrize("shown", CHART_PAGES, ids=lambda shown: shown.notebook.split(".")[0])
def test_page_draws_its_charts_and_redraws_them_on_a_filter_change(
    shown: ChartPage, voila_page: Any, sample_server: Server, screenshots: Path
) -> None:
    page = voila_page
    path = f"voila/render/{shown.notebook}"
    seconds, body = open_chart_page(
        page, sample_server, path, screenshots, charts=shown.charts, screenshot=shown.screenshot
    )
    for phrase in shown.phrases:
        assert phrase in body, phrase
    change = shown.prepare_change(page)
    timed_redraw(page, change, screenshots, shown.timing_key, shown.timing_what, shown.changed)
    if shown.chart_text_after:
        page.locator(".vega-embed", has_text=shown.chart_text_after).first.wait_for(
            timeout=CONTENT_TIMEOUT_MS
        )
    body = assert_clean(page)
    for phrase in shown.shown_after:
        assert phrase in body, phrase
    assert seconds < 25
