"""Every registered page, built in-process from an empty data folder, says in Danish that
there is no data yet, instead of failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.widget_text import visible_text
from toolkit.ui.pages import PAGES, Page


@pytest.mark.parametrize("listed", PAGES, ids=[page.title for page in PAGES])
def test_a_page_without_data_says_so_in_danish(listed: Page, data_dir: Path) -> None:
    text = visible_text(listed.builder()(data_dir))
    assert "Der er ikke indlæst data endnu" in text
    assert "Traceback" not in text and "Error" not in text
