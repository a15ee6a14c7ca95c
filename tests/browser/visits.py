"""What the browser tests do on every page: open it and wait for its content, check that
nothing but Danish content is visible, and time a redraw; the seconds are printed
(``pytest -s``) and kept in ``artifacts/screenshots/timings.txt``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.voila_server import Server

LEFTOVERS = ("Traceback", "Error", "Loading widget", "Executing", "Exception")
CONTENT_TIMEOUT_MS = 25_000
# The first chart's HTML changed (``before`` is every chart's HTML when the change was made).
FIRST_CHART_CHANGED = "before => document.querySelector('.vega-embed').innerHTML !== before[0]"
CHARTS_HTML = "els => els.map(e => e.innerHTML)"


def note_seconds(shots: Path, key: str, sentence: str, seconds: float) -> None:
    """Print ``sentence`` with the seconds and keep them under ``key`` in timings.txt."""
    print(f"{sentence} {seconds:.2f} s")
    with (shots / "timings.txt").open("a", encoding="utf-8") as log:
        log.write(f"{key}\t{seconds:.2f}\n")


def open_page(page: Any, server: Server, path: str, content: str, shots: Path) -> float:
    """Open ``path``, wait until ``content`` is visible; the seconds that took."""
    started = time.monotonic()
    page.goto(server.base + path, wait_until="commit")
    page.get_by_text(content, exact=False).first.wait_for(
        state="visible", timeout=CONTENT_TIMEOUT_MS
    )
    seconds = time.monotonic() - started
    name = Path(path).stem
    note_seconds(shots, name, f"{name}: indhold synligt efter", seconds)
    return seconds


def open_chart_page(
    page: Any, server: Server, path: str, shots: Path, *, charts: int, screenshot: str
) -> tuple[float, str]:
    """Open a page with charts, wait until ``charts`` of them are drawn and save the whole
    page as ``screenshot``; the seconds until its content was visible, and the visible text
    (checked by :func:`assert_clean`)."""
    seconds = open_page(page, server, path, "Hent som Excel", shots)
    page.locator(".vega-embed").first.wait_for(state="visible", timeout=CONTENT_TIMEOUT_MS)
    page.wait_for_function(
        "n => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= n",
        arg=charts,
        timeout=CONTENT_TIMEOUT_MS,
    )
    body = assert_clean(page)
    page.screenshot(path=str(shots / screenshot), full_page=True)
    return seconds, body


def timed_redraw(
    page: Any,
    change: Callable[[], Any],
    shots: Path,
    key: str,
    what: str,
    changed: str = FIRST_CHART_CHANGED,
) -> float:
    """Make ``change`` (choose in a filter) and wait until the JavaScript test ``changed``,
    given every chart's HTML from before, says the charts are drawn anew; the seconds, noted
    under ``key`` as «``what`` tegnet om efter …» (``what`` like «Overblik: filterskift»)."""
    before = page.eval_on_selector_all(".vega-embed", CHARTS_HTML)
    started = time.monotonic()
    change()
    page.wait_for_function(changed, arg=before, timeout=CONTENT_TIMEOUT_MS)
    seconds = time.monotonic() - started
    note_seconds(shots, key, f"{what} tegnet om efter", seconds)
    return seconds


def assert_clean(page: Any) -> str:
    body: str = page.inner_text("body")
    for word in LEFTOVERS:
        assert word not in body, f"«{word}» is visible:\n{body[:2000]}"
    return body
