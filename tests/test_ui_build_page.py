"""A page is built for its visitor after the wait, and the memory the building freed goes
back to the machine."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import ipywidgets as widgets
import pytest

from toolkit.ui import build_page, release_memory


def test_the_page_built_is_the_page_shown_and_its_garbage_is_collected() -> None:
    left: list[weakref.ref[Cycle]] = []
    shown = widgets.HTML("side")

    def build() -> widgets.Widget:
        cycle = Cycle()
        cycle.me = cycle  # a reference cycle: only the cycle collector frees it
        left.append(weakref.ref(cycle))
        return shown

    gc.disable()  # deterministic: no automatic collection in between
    try:
        assert build_page(build) is shown
        assert left[0]() is None
    finally:
        gc.enable()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_release_memory_gives_freed_heap_back() -> None:
    def resident_mb() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    blocks = [bytes(8000) for _ in range(25_000)]  # 200 MB in glibc's heap
    survivors = blocks[::100]  # a few blocks keep the heap from shrinking by itself
    del blocks
    before = resident_mb()
    release_memory()
    assert before - resident_mb() > 100
    assert len(survivors) == 250


class Cycle:
    me: object = None
