"""Real-browser fixtures: Voilà over ``dashboards/`` with the sample municipality, and chromium.

The server is started once per session, the way ``tvaerblik serve`` starts it (same command,
``voila.json``, template and environment, through ``tests/voila_server.py``'s
``running_voila``), on a free loopback port, against a temporary data folder holding the
sample municipality; it is always stopped together with its kernels. The browser is Debian's
chromium (``/usr/bin/chromium``; ``playwright install`` cannot download browsers here) driven
by Playwright. Without chromium the tests are skipped, except in CI (``CI`` set), where they
fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.paths import ROOT, SAMPLE_DIR
from tests.voila_server import Server, running_voila
from toolkit import ingest
from toolkit.ui.pages import PAGES

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
# Voilà preheats one kernel per notebook at start; on two cores they need ≈ 25 s of CPU
# before the first page can appear. The tests measure pages, not that start-up.
SETTLE_TIMEOUT_S = 150.0
SETTLE_QUIET_S = 3.0
SETTLE_CPU_S = 0.3  # at most this much CPU in SETTLE_QUIET_S counts as settled


def _tree_cpu_seconds(root: int) -> tuple[float, int]:
    """CPU seconds used so far by a process and its descendants (the kernels start their
    own sessions, so a process group would miss them), and how many descendants there are."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu[pid] = int(fields[11]) + int(fields[12])  # utime + stime
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return sum(cpu.get(pid, 0) for pid in tree) / ticks, len(tree) - 1


def wait_until_settled(server: int, kernels: int) -> float:
    """Wait until the server has started ``kernels`` preheated kernels and they have stopped
    computing; the seconds waited."""
    started = time.monotonic()
    before, _ = _tree_cpu_seconds(server)
    while time.monotonic() - started < SETTLE_TIMEOUT_S:
        time.sleep(SETTLE_QUIET_S)
        now, running = _tree_cpu_seconds(server)
        if running >= kernels and now - before < SETTLE_CPU_S:
            break
        before = now
    return time.monotonic() - started


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
            if Path("/proc/self/stat").exists():
                waited = wait_until_settled(server.proc.pid, len(PAGES))
                print(f"Voilà og de forvarmede kernels var klar efter {waited:.1f} s")
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
