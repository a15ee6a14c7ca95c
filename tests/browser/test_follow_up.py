"""Forløb og resultater's «Status efter forløbet» and «Tid i forløb» in chromium, at 1024 and
1440 px, on the sample municipality: the status bars are drawn as long as their shares, the
curves and the summary table are there, nothing reaches past the window, and choosing start
years redraws the curves with only those years.

A server of its own without preheated kernels (the page starts its kernel when opened), so
the machine is not busy starting ten kernels for one page. Screenshots:
``artifacts/screenshots/status-efter-forloeb-<width>.png`` (the two cards) and
``forloeb-follow-up-<width>.png`` (the whole page).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from drawn import DRAWN_JS, check_chart

from tests.paths import SAMPLE_DIR
from tests.voila_server import Server, running_voila
from toolkit import ingest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

WIDTHS = (1024, 1440)
HEIGHT = 1600
OPEN_TIMEOUT_MS = 90_000
CHARTS_ON_PAGE = 6  # four of the page's own, the status bars and the curves
NO_PREHEAT = ("--VoilaConfiguration.preheat_kernel=False",)
STATUS_TITLE = "Status efter forløbet"
CURVES_TITLE = "Tid i forløb"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("follow-up-browser")
    data_dir = root / "data"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TVAERBLIK_KEY_FILE", str(root / "keys" / "pseudonym.key"))
        env.setenv("TVAERBLIK_DATA", str(data_dir))
        outcome = ingest.import_files(sorted(SAMPLE_DIR.glob("*.xlsx")), data_dir)
        assert outcome.version, outcome.report.to_text()
        with running_voila(data_dir, root, NO_PREHEAT) as running:
            yield running


def _card(page: Any, title: str) -> Any:
    heading = page.locator("h2", has_text=title)
    return page.locator(".widget-vbox", has=heading).last


@pytest.mark.parametrize("width", WIDTHS)
def test_status_bars_and_curves_in_the_browser(
    chromium: Any, server: Server, screenshots: Path, width: int
) -> None:
    # Tall enough for a card's screenshot: the page scrolls inside Voilà's container, so an
    # element screenshot stops at the window's edge.
    context = chromium.new_context(viewport={"width": width, "height": HEIGHT}, locale="da-DK")
    context.set_default_timeout(OPEN_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{server.base}voila/render/Forloeb_og_resultater.ipynb", wait_until="commit")
        page.get_by_text(CURVES_TITLE, exact=True).first.wait_for(state="visible")
        page.wait_for_function(
            "n => document.querySelectorAll('[data-chart-draw] svg.marks').length >= n",
            arg=CHARTS_ON_PAGE,
        )
        # The whole period, so every horizon has courses to show.
        from_month = page.locator("select").first
        first_month = from_month.locator("option").first.inner_text()
        before = page.eval_on_selector_all("[data-chart-draw]", "els => els.map(e => e.innerHTML)")
        from_month.select_option(label=first_month)
        page.wait_for_function(
            "before => { const c = [...document.querySelectorAll('[data-chart-draw]')];"
            " return c.length === before.length && c[4].innerHTML !== before[4]"
            " && c[4].querySelector('svg.marks'); }",
            arg=before,
        )
        status, curves = _card(page, STATUS_TITLE), _card(page, CURVES_TITLE)
        status.scroll_into_view_if_needed()
        text = status.inner_text() + curves.inner_text()
        for phrase in ("For nye til at gøre op", "1 måned efter", "12 måneder efter",
                       "Førtidspension", "Median (måneder)", "Stadig i forløb efter 12 mdr.",
                       "Hent som Excel", "Følger ikke"):  # fmt: skip
            assert phrase in text, phrase
        body = page.inner_text("body")
        for word in ("Traceback", "Error", "NaN", "None", "foertidspension", "job_uddannelse"):
            assert word not in body, word
        page.screenshot(path=str(screenshots / f"forloeb-follow-up-{width}.png"), full_page=True)
        status.screenshot(path=str(screenshots / f"status-efter-forloeb-{width}.png"))
        curves.scroll_into_view_if_needed()
        curves.screenshot(path=str(screenshots / f"tid-i-forloeb-{width}.png"))

        charts = page.evaluate(DRAWN_JS)
        bars = charts[4]
        assert len(bars["marks"]) >= 4 * 4  # at least four statuses shown per horizon
        assert not check_chart(bars), check_chart(bars)[:5]
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"the page scrolls sideways at {width} px: {scroll}"

        # Two start years: only their curves are drawn (the legend names them alone).
        chooser = curves.locator("select[multiple]")
        years = chooser.locator("option").all_inner_texts()
        chosen = years[-3:-1]
        before_curves = curves.locator("[data-chart-draw]").inner_html()
        chooser.select_option(label=chosen)
        page.wait_for_function(
            "before => { const c = [...document.querySelectorAll('[data-chart-draw]')][5];"
            " return c && c.innerHTML !== before && c.querySelector('svg.marks'); }",
            arg=before_curves,
        )
        legend = curves.locator("[data-chart-draw] g.role-legend").first.text_content() or ""
        assert all(year in legend for year in chosen) and years[0] not in legend
        # The table is a widget of its own: its new HTML may come a moment after the chart's.
        page.wait_for_function(
            "([first, chosen]) => {"
            " const t = [...document.querySelectorAll('table')]"
            "   .find(table => table.innerText.includes('pr. startår'));"
            " return t && !t.innerText.includes(first)"
            " && chosen.every(y => t.innerText.includes(y)); }",
            arg=[years[0], chosen],
        )
        summary = curves.locator("table").inner_text()
        assert all(year in summary for year in chosen) and years[0] not in summary
    finally:
        context.close()
