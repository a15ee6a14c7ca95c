"""A page built while its kernel waits is shown as it is, unless the data changed meanwhile."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import ipywidgets as widgets
import pytest
from test_ui_landing import store_version

from toolkit.ui import PrebuiltPage, release_memory


def test_the_prebuilt_page_is_shown_when_nothing_changed(data_dir: Path) -> None:
    store_version(data_dir)
    builds: list[widgets.Widget] = []

    def build() -> widgets.Widget:
        builds.append(widgets.HTML(f"side {len(builds) + 1}"))
        return builds[-1]

    page = PrebuiltPage(build, data_dir)
    assert page.show() is builds[0] and len(builds) == 1


def test_a_new_version_imported_while_waiting_rebuilds_the_page(data_dir: Path) -> None:
    store_version(data_dir)
    builds: list[int] = []

    def build() -> widgets.Widget:
        builds.append(1)
        return widgets.HTML(f"side {len(builds)}")

    page = PrebuiltPage(build, data_dir)
    store_version(data_dir, n_citizens=99)  # a controller imports while the kernel waits
    shown = page.show()
    assert isinstance(shown, widgets.HTML) and shown.value == "side 2"
    assert page.show() is shown  # and only once


def test_the_old_page_is_freed_when_the_page_is_rebuilt(data_dir: Path) -> None:
    """ipywidgets keeps every open widget alive; a replaced page must not stay in memory."""
    store_version(data_dir)
    held: list[weakref.ref[Data]] = []

    def build() -> widgets.Widget:
        data = Data()  # stands in for the register a page's callbacks hold on to
        held.append(weakref.ref(data))
        dropdown = widgets.Dropdown(options=["a", "b"])
        dropdown.observe(lambda change: data.use(change), names="value")
        return widgets.VBox([widgets.HTML("side"), dropdown])

    page = PrebuiltPage(build, data_dir)
    store_version(data_dir, n_citizens=99)
    page.show()
    gc.collect()
    assert held[0]() is None, "the first page's data is still held"
    assert held[1]() is not None


def test_building_collects_the_garbage_it_leaves(data_dir: Path) -> None:
    store_version(data_dir)
    left: list[weakref.ref[Data]] = []

    def build() -> widgets.Widget:
        cycle = Data()
        cycle.me = cycle  # a reference cycle: only the cycle collector frees it
        left.append(weakref.ref(cycle))
        return widgets.HTML("side")

    gc.disable()  # deterministic: no automatic collection in between
    try:
        PrebuiltPage(build, data_dir)
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


class Data:
    me: object = None

    def use(self, change: object) -> None:
        self.me = change
