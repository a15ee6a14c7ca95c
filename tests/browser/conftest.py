"""Real-browser fixtures: Voilà over ``dashboards/`` with the sample municipality, and chromium.

The server is started once per session, the way ``tvaerblik serve`` starts it (same command,
``voila.json``, template and environment, through ``tests/test_dashboards.py``'s
``running_voila``), on a free loopback port, against a temporary data folder holding the
sample municipality; it is always stopped together with its kernels. The browser is Debian's
chromium (``/usr/bin/chromium``; ``playwright install`` cannot download browsers here) driven
by Playwright. Without chromium the tests are skipped, except in CI (``CI`` set), where they
fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_dashboards import Server, running_voila

from toolkit import ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "sample_data"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("TVAERBLIK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT = {"width": 1280, "height": 800}


def _require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = f"chromium findes ikke ({CHROMIUM}); installer Debians pakke chromium"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI: .ci/run skal installere den)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """For pytest-playwright's own fixtures (``page``, ``browser``), should a test use them."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voilà over the repository's dashboards, with the sample municipality imported."""
    _require_chromium()  # no point in starting Voilà for tests that will be skipped
    root = tmp_path_factory.mktemp("browser")
    data_dir = root / "data"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TVAERBLIK_KEY_FILE", str(root / "keys" / "pseudonym.key"))
        env.setenv("TVAERBLIK_DATA", str(data_dir))
        paths = sorted(SAMPLE_DIR.glob("*.xlsx"))
        outcome = ingest.import_files(paths, data_dir, user="browsertest")
        assert outcome.imported, outcome.report.to_text()
        with running_voila(data_dir, root) as server:  # kernels inherit the key file
            yield server


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's chromium under Playwright; module scope, so Playwright's event loop is gone
    before the rest of the suite (nbclient) runs."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def voila_page(chromium: Any) -> Iterator[Any]:
    """A fresh page at 1280x800 in Danish; each test gets its own browser context."""
    context = chromium.new_context(viewport=VIEWPORT, locale="da-DK")
    context.set_default_timeout(25_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
