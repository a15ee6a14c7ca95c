"""The dashboards' widgets: the only package that imports ipywidgets (and Voilà).

Each page has a builder here returning one widget; the notebook in ``dashboards/`` with the
same name only imports it, waits for its visitor and shows it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from toolkit import config
from toolkit.store import Store, StoreError
from toolkit.ui.landing import landing_page

# Pages are imported from their modules (toolkit.ui.overview, toolkit.ui.data_page): a
# re-export here would shadow the module of the same name.
__all__ = ["PrebuiltPage", "landing_page", "wait_for_visitor"]

# Voilà puts this variable (with the rest of the request) into the kernel when a visitor comes.
_REQUEST_MARKER = "SERVER_SOFTWARE"
# When Voilà stops, a waiting kernel is released without a visitor and is shut down within
# a few seconds; it sleeps through that instead of finishing the page into closed sockets.
_NO_VISITOR_PAUSE_S = 15.0


def wait_for_visitor() -> None:
    """In a preheated Voilà kernel, wait here until someone opens the page.

    Voilà starts a kernel per page in advance and runs the notebook in it (imports are then
    already done when a visitor comes). Without this wait, the data would be read when the
    kernel was started, and a page opened after a new import would show the old version.
    Outside a preheated kernel (a normal Voilà kernel, nbclient, Jupyter) it returns at once.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    from voila.utils import wait_for_request

    os.environ.pop(_REQUEST_MARKER, None)  # may be left from the visitor before
    wait_for_request()
    if _REQUEST_MARKER not in os.environ:
        time.sleep(_NO_VISITOR_PAUSE_S)


def _current_version(data_dir: Path | None) -> str | None:
    with contextlib.suppress(StoreError, OSError):
        return Store(config.data_dir(data_dir)).current_version()
    return None


class PrebuiltPage:
    """A page built ahead of its visitor, in the preheated kernel's waiting time.

    Building a chart page takes one to two seconds of computing; done while the kernel
    waits, the page appears as soon as someone opens it. ``show`` rebuilds it if another
    version has become current in the meantime, so a page never shows old data.
    """

    def __init__(self, build: Callable[[], widgets.Widget], data_dir: Path | None = None):
        self._build = build
        self._data_dir = data_dir
        self._version = _current_version(data_dir)
        self._page = build()

    def show(self) -> widgets.Widget:
        if _current_version(self._data_dir) != self._version:
            self._version = _current_version(self._data_dir)
            self._page = self._build()
        return self._page
