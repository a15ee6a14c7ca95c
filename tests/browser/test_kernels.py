"""A page's kernel lives as long as its tab: freed when the tab closes, kept while it is open.

Voilà runs with ``voila.json`` as ``tvaerblik serve`` runs it, with two changes on its command
line so the test takes seconds, not minutes: the culler's times are short, and only the
Forside is preheated (its two pooled kernels are what the test needs). That voila.json's own
times free a closed page within two minutes is checked in ``tests/test_dashboards.py``.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.store_data import store_version
from tests.voila_server import Server, running_voila

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

CULL_IDLE_S = 12
CULL_INTERVAL_S = 1
SETTINGS = [
    f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_S}",
    f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
    # Voilà matches the notebooks' full paths: every notebook but the Forside.
    r"--VoilaKernelManager.preheat_denylist=^(?!.*/Forside\.ipynb$)",
    "--Voila.log_level=INFO",  # the pool's «filled» message
]
FORSIDE = "voila/render/Forside.ipynb"
CONTENT = "text=Siderne viser version"
POOL_FILLED = re.compile(r"Kernel pool of Forside\.ipynb is filled with 2 kernel")
POOL_TIMEOUT_S = 120.0
CONTENT_TIMEOUT_MS = 120_000  # a 2-core machine shared with other test runs
VIEWPORT = {"width": 1280, "height": 800}
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("kernels")
    data_dir = root / "data"
    data_dir.mkdir()
    store_version(data_dir)
    with running_voila(data_dir, root, SETTINGS) as server:
        deadline = time.monotonic() + POOL_TIMEOUT_S
        while (
            not POOL_FILLED.search(server.log.read_text(errors="replace"))
            and time.monotonic() < deadline
        ):
            time.sleep(0.5)
        yield server


def kernel(server: Server, kernel_id: str) -> dict[str, Any] | None:
    """The kernel's model from Voilà's API, None once it is gone."""
    try:
        with urllib.request.urlopen(f"{server.base}api/kernels/{kernel_id}", timeout=10) as r:
            model: dict[str, Any] = json.loads(r.read())
            return model
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def idle_seconds(model: dict[str, Any]) -> float:
    last = datetime.fromisoformat(model["last_activity"].replace("Z", "+00:00"))
    return (datetime.now(UTC) - last).total_seconds()


def open_forside(chromium: Any, server: Server) -> tuple[Any, str]:
    """A new visitor (own context, no cookies) on the Forside; the context and kernel id."""
    context = chromium.new_context(viewport=VIEWPORT, locale="da-DK")
    page = context.new_page()
    page.goto(server.base + FORSIDE, wait_until="commit")
    page.locator(CONTENT).first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    return context, page.evaluate(KERNEL_ID)


def culled(server: Server, kernel_id: str) -> bool:
    """jupyter_server logs «Culling 'idle' kernel 'python3' (<id>) …» for the culler's work."""
    return f"({kernel_id}) with" in server.log.read_text(errors="replace")


def gone_within(server: Server, kernel_id: str, seconds: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if kernel(server, kernel_id) is None:
            return time.monotonic() - started
        time.sleep(0.25)
    return None


def test_pools_from_voila_json_are_applied(server: Server) -> None:
    assert POOL_FILLED.search(server.log.read_text(errors="replace")), server.log_text()


def test_a_closed_tab_is_freed_and_an_open_one_survives_the_culler(
    server: Server, chromium: Any
) -> None:
    kept, kept_id = open_forside(chromium, server)
    closed, closed_id = open_forside(chromium, server)
    try:
        # A tab that disappears without «beforeunload» (killed, crashed): the culler's case.
        closed.close()
        freed = gone_within(server, closed_id, CULL_IDLE_S + CULL_INTERVAL_S + 10)
        assert freed is not None, "the closed tab's kernel was not culled"
        assert culled(server, closed_id)

        # The open tab's websocket stays connected while the reader is idle, and the culler
        # passes it by although it is long past the idle time.
        deadline = time.monotonic() + CULL_IDLE_S + 5 * CULL_INTERVAL_S + 10
        model = kernel(server, kept_id)
        while model is not None and time.monotonic() < deadline:
            if idle_seconds(model) > CULL_IDLE_S + 3 * CULL_INTERVAL_S:
                break
            time.sleep(0.5)
            model = kernel(server, kept_id)
        assert model is not None, "the open tab's kernel was culled"
        assert idle_seconds(model) > CULL_IDLE_S + 3 * CULL_INTERVAL_S
        assert model["connections"] >= 1
        assert not culled(server, kept_id)
    finally:
        kept.close()


def test_closing_a_tab_shuts_its_kernel_down_at_once(server: Server, chromium: Any) -> None:
    """Voilà's page asks for the shutdown on «beforeunload»; the ``_xsrf`` cookie lets it."""
    context, kernel_id = open_forside(chromium, server)
    assert "_xsrf" in {cookie["name"] for cookie in context.cookies()}
    page = context.pages[0]
    page.close(run_before_unload=True)
    freed = gone_within(server, kernel_id, 60)
    context.close()
    assert freed is not None, "the kernel outlived its tab"
    assert not culled(server, kernel_id), "the culler freed it, not the closing page"
