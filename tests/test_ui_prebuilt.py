"""A page built while its kernel waits is shown as it is, unless the data changed meanwhile."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
from test_ui_landing import store_version

from toolkit.ui import PrebuiltPage


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
