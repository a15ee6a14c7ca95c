"""The Afdeling page in a real browser: quick department switches end on the last choice (its
first visit and redraw are in test_chart_pages.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.visits import CONTENT_TIMEOUT_MS, open_page
from tests.voila_server import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(90)]

AFDELING = "voila/render/Afdeling.ipynb"


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
