"""Accessibility of every page in a real browser: axe-core (bundled by axe-playwright-python)
run in chromium on each page of ``dashboards/`` once its content is drawn, and a visible focus
outline on a focused select and button.

A page passes when axe finds no critical or serious violation, and none of the rules the
pages once broke: headings skipping a level and content outside landmarks (both «moderate»
in axe, but they are what a screen-reader user navigates by). One browser serves all pages;
each page gets its own context.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.visits import CONTENT_TIMEOUT_MS
from tests.voila_server import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

# A page opened while the server's preheated kernels still start can take this long.
COLD_START_MS = 60_000
BLOCKING_IMPACTS = ("critical", "serious")
ALSO_BLOCKING_RULES = ("heading-order", "region", "landmark-one-main", "page-has-heading-one")
# (notebook, whether it draws charts)
PAGES = [
    ("Forside", False),
    ("Overblik", True),
    ("Afdeling", True),
    ("Rehabiliteringsteam", True),
    ("Forloeb_og_resultater", True),
    ("Scenarier", True),
    ("Data", False),
]
# Every chart's SVG or canvas is drawn and no widget is still waiting for its view.
DRAWN = """() => {
    const embeds = [...document.querySelectorAll('.vega-embed')];
    const drawn = embeds.every(e => e.querySelector('svg, canvas'));
    return drawn && !document.body.innerText.includes('Loading widget');
}"""
FOCUS_OUTLINE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {tag: document.activeElement.tagName, style: style.outlineStyle,
            width: parseFloat(style.outlineWidth), color: style.outlineColor};
}"""


def open_drawn(page: Any, server: Server, notebook: str, charts: bool) -> float:
    """Open a page and wait until its content (every page starts with its h1) and every
    chart are drawn; the seconds that took."""
    started = time.monotonic()
    page.goto(f"{server.base}voila/render/{notebook}.ipynb", wait_until="commit")
    page.locator("#rendered_cells h1").first.wait_for(state="visible", timeout=COLD_START_MS)
    if charts:
        page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(
            timeout=CONTENT_TIMEOUT_MS
        )
    page.wait_for_function(DRAWN, timeout=CONTENT_TIMEOUT_MS)
    return time.monotonic() - started


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation (rule, impact, help) and one per offending node."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … og {len(violation['nodes']) - 8} mere")
    return "\n".join(lines)


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        v for v in violations if v["impact"] in BLOCKING_IMPACTS or v["id"] in ALSO_BLOCKING_RULES
    ]


@pytest.mark.parametrize(("notebook", "charts"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_serious_axe_violations(
    voila_page: Any, sample_server: Server, notebook: str, charts: bool
) -> None:
    page = voila_page
    seconds = open_drawn(page, sample_server, notebook, charts)
    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    print(f"{notebook}: åbnet efter {seconds:.1f} s; axe:\n{describe(violations) or 'intet'}")
    found = blocking(violations)
    assert not found, f"{notebook}: axe fandt\n{describe(found)}"


def focus_by_tab(page: Any, selector: str, presses: int = 60) -> bool:
    """Press Tab, as a keyboard user does, until an element matching ``selector`` has focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return True
    return False


def test_focused_select_and_button_show_an_outline(voila_page: Any, sample_server: Server) -> None:
    page = voila_page
    open_drawn(page, sample_server, "Overblik", True)
    page.locator("body").click(position={"x": 1, "y": 1})
    for selector in ("select", "button"):
        assert focus_by_tab(page, selector), f"Tab når aldrig et element «{selector}»"
        outline = page.evaluate(FOCUS_OUTLINE)
        assert outline["style"] != "none" and outline["width"] >= 2, (selector, outline)
        assert outline["color"] not in ("rgba(0, 0, 0, 0)", "transparent"), (selector, outline)
