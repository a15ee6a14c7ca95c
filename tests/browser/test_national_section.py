"""Overblik's «Sammenlignet med andre kommuner» in chromium, at 1024 and 1440 px, with the
sample municipality and its published national files (sample_data/national/) imported: the
chart draws its points where their rates are, the table, the benchmark place and the source
are there, nothing reaches past the window, and choosing another scheme redraws the chart.

A server of its own: the session's ``sample_server`` holds the workbooks only (other tests
expect its one version). Voilà runs without preheated kernels here, so the machine is not
busy starting ten kernels for the one page this test opens; the page starts its kernel when
it is opened. Screenshots: ``artifacts/screenshots/sammenligning-<width>.png`` (the section)
and ``overblik-national-<width>.png`` (the whole page).
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

TITLE = "Sammenlignet med andre kommuner"
WIDTHS = (1024, 1440)
OPEN_TIMEOUT_MS = 90_000  # the page's kernel starts when the page is opened
CHARTS_ON_OVERBLIK = 4  # persons, cost, flow and the comparison
NO_PREHEAT = ("--VoilaConfiguration.preheat_kernel=False",)


@pytest.fixture(scope="module")
def national_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("national-browser")
    data_dir = root / "data"
    files = [*sorted(SAMPLE_DIR.glob("*.xlsx")), *sorted((SAMPLE_DIR / "national").iterdir())]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TVAERBLIK_KEY_FILE", str(root / "keys" / "pseudonym.key"))
        env.setenv("TVAERBLIK_DATA", str(data_dir))
        outcome = ingest.import_files(files, data_dir, user="browsertest")
        assert outcome.version, outcome.report.to_text()
        with running_voila(data_dir, root, NO_PREHEAT) as server:
            yield server


def _open(chromium: Any, server: Server, width: int) -> tuple[Any, Any]:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    context.set_default_timeout(OPEN_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{server.base}voila/render/Overblik.ipynb", wait_until="commit")
    page.get_by_text(TITLE, exact=True).first.wait_for(state="visible")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-chart-draw] svg.marks').length >= n",
        arg=CHARTS_ON_OVERBLIK,
    )
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
def test_comparison_section_on_overblik(
    chromium: Any, national_server: Server, screenshots: Path, width: int
) -> None:
    context, page = _open(chromium, national_server, width)
    try:
        heading = page.locator("h2", has_text=TITLE)
        section = page.locator(".widget-vbox", has=heading).last
        section.scroll_into_view_if_needed()
        text = section.inner_text()
        for phrase in ("Placering i Beskæftigelsesministeriets benchmark", "Ordning",
                       "Sammenligningsgruppen (5 kommuner)", "Hele landet", "Eksempel Kommune",
                       "ændringen i promille-point", "Kilde: Jobindsats (STAR) og Statistikbanken "
                       "FOLK1A, hentet"):  # fmt: skip
            assert phrase in text, phrase
        for word in ("Traceback", "Error", "NaN", "None", "ressourceforloeb"):
            assert word not in page.inner_text("body"), word
        section.screenshot(path=str(screenshots / f"sammenligning-{width}.png"))
        page.screenshot(path=str(screenshots / f"overblik-national-{width}.png"), full_page=True)

        # The comparison is the last chart: its points sit where their rates are.
        charts = page.evaluate(DRAWN_JS)
        comparison = charts[-1]
        assert len(comparison["marks"]) >= 3 * 8  # three lines over at least two years
        assert not check_chart(comparison), check_chart(comparison)[:5]
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"the page scrolls sideways at {width} px: {scroll}"

        before = section.locator("[data-chart-draw]").inner_html()
        section.locator("select").select_option(label="Fleksjob")
        page.wait_for_function(
            "before => { const c = [...document.querySelectorAll('[data-chart-draw]')].pop();"
            " return c && c.innerHTML !== before && c.querySelector('svg.marks'); }",
            arg=before,
        )
        assert "Fleksjob pr. 1.000 16-66-årige" in section.locator("[data-chart-draw]").inner_html()
    finally:
        context.close()


def test_data_page_shows_the_bridge_on_request(
    chromium: Any, national_server: Server, screenshots: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    context.set_default_timeout(OPEN_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{national_server.base}voila/render/Data.ipynb", wait_until="commit")
        page.get_by_text("Registret mod Jobindsats", exact=True).wait_for(state="visible")
        page.get_by_role("button", name="Vis afstemningen").click()
        page.get_by_text("Registret: personer med ydelse").first.wait_for(state="visible")
        body = page.inner_text("body")
        for phrase in ("Ressourceforløb", "Kontanthjælp", "foreløbig", "Ydelse uden forløb",
                       "Hent som Excel", "«<5»: skjult"):  # fmt: skip
            assert phrase in body, phrase
        assert "Traceback" not in body and "NaN" not in body
        heading = page.get_by_text("Registret mod Jobindsats", exact=True)
        heading.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "data-registret-mod-jobindsats.png"))
    finally:
        context.close()
