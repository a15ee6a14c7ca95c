"""Every filter reaches every chart, or the chart says that it does not and why.

For each chart page and each filter: change the filter, wait until the page is quiet, and
check each chart. Either it was drawn again (the chart widget counts its draws in
``data-chart-draw``), or its card says «Følger ikke …» naming that filter. Then the filter is
set back, so each filter is tried on its own.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.voila_server import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

OPEN_TIMEOUT_MS = 60_000
QUIET_S = 1.2

# The page's charts: each one's draw count and the text of its card (the nearest box that
# holds a heading).
CHARTS_JS = r"""
() => [...document.querySelectorAll('[data-chart-draw]')].map(chart => {
  let card = chart.parentElement;
  while (card && !card.querySelector('h2, h3')) card = card.parentElement;
  const heading = card ? (card.querySelector('h2, h3').textContent || '').trim() : '';
  return {heading, draw: Number(chart.dataset.chartDraw), text: card ? card.innerText : ''};
})
"""


def quiet(page: Any) -> list[dict[str, Any]]:
    """The charts once nothing has been drawn for ``QUIET_S``."""
    last, since = None, time.monotonic()
    while time.monotonic() - since < QUIET_S:
        charts: list[dict[str, Any]] = page.evaluate(CHARTS_JS)
        state = [c["draw"] for c in charts]
        if state != last:
            last, since = state, time.monotonic()
        time.sleep(0.25)
    return charts


def listbox(page: Any, name: str) -> Any:
    return page.get_by_role("listbox", name=re.compile(f"^{name}"))


def unfollowed(chart: dict[str, Any], filter_name: str) -> bool:
    """The card says the chart does not follow ``filter_name``."""
    text = chart["text"].replace("\n", " ")
    return any(
        filter_name.lower() in sentence.lower()
        for sentence in re.findall(r"[Ff]ølger ikke ([^:.]*)", text)
    )


def redrawn_after(page: Any, action: Any) -> list[dict[str, Any]]:
    """Do ``action``; the charts once at least one was drawn again and all are quiet.

    The kernel computes for a moment before the first chart is drawn again; some chart on
    every page follows each filter, so that one is waited for before waiting for quiet."""
    before = [c["draw"] for c in quiet(page)]
    action()
    page.wait_for_function(
        "before => [...document.querySelectorAll('[data-chart-draw]')].some("
        "(e, i) => Number(e.dataset.chartDraw) > before[i])",
        arg=before,
        timeout=OPEN_TIMEOUT_MS,
    )
    after = quiet(page)
    for chart, draws in zip(after, before, strict=False):
        chart["redrawn"] = chart["draw"] > draws
    return after


def check_filter(
    page: Any, name: str, change: Any, undo: Any, problems: list[str], page_name: str
) -> None:
    for chart in redrawn_after(page, change):
        if not chart["redrawn"] and not unfollowed(chart, name):
            problems.append(
                f"{page_name}: «{chart['heading']}» neither changed with {name} nor says why"
            )
    redrawn_after(page, undo)


@pytest.mark.parametrize("notebook", ["Overblik", "Rehabiliteringsteam", "Forloeb_og_resultater"])
def test_every_filter_changes_each_chart_or_the_chart_says_why_not(
    chromium: Any, sample_server: Server, notebook: str
) -> None:
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="da-DK")
    context.set_default_timeout(OPEN_TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(f"{sample_server.base}voila/render/{notebook}.ipynb", wait_until="commit")
        page.locator("[data-chart-draw] svg.marks").first.wait_for(timeout=OPEN_TIMEOUT_MS)
        for name, label in (
            ("Afdeling", "Socialafdelingen"),
            ("Ordning", "Ressourceforløb"),
            ("Målgruppe", "Sygedagpenge"),
        ):
            box = listbox(page, name)
            check_filter(
                page,
                name,
                lambda box=box, label=label: box.select_option(label=label),
                lambda box=box: box.select_option([]),
                problems,
                notebook,
            )
        check_filter(
            page,
            "Måned/Kvartal",
            lambda: page.get_by_text("Kvartal", exact=True).first.click(),
            lambda: page.get_by_text("Måned", exact=True).first.click(),
            problems,
            notebook,
        )
    finally:
        context.close()
    assert not problems, "\n".join(problems)
