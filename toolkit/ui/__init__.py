"""The dashboards' widgets: the only package that imports ipywidgets (and Voilà).

Each page has a builder here returning one widget; the notebook in ``dashboards/`` with the
same name only imports it, waits for its visitor and shows it. Importing this package itself
stays light (no pandas, no widgets): the Voilà server imports ``toolkit.ui.closing``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets as widgets

    from toolkit.ui.landing import landing_page

# Pages are imported from their modules (toolkit.ui.overview, toolkit.ui.data_page): a
# re-export here would shadow the module of the same name.
__all__ = ["PrebuiltPage", "landing_page", "release_memory", "wait_for_visitor"]

# Voilà puts this variable (with the rest of the request) into the kernel when a visitor comes.
_REQUEST_MARKER = "SERVER_SOFTWARE"
# When Voilà stops, a waiting kernel is released without a visitor and is shut down within
# a few seconds; it sleeps through that instead of finishing the page into closed sockets.
_NO_VISITOR_PAUSE_S = 15.0


def __getattr__(name: str) -> object:
    """``landing_page`` is imported when the Forside asks for it, not with the package."""
    if name == "landing_page":
        from toolkit.ui.landing import landing_page

        return landing_page
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def release_memory() -> None:
    """Give the memory a page build has freed back to the machine.

    Building a page leaves many short-lived frames behind; Python frees them, but glibc keeps
    the freed heap for the process (about 70 MB per chart page) until told to return it.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc (macOS, musl): nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _current_version(data_dir: Path | None) -> str | None:
    from toolkit import config
    from toolkit.store import Store, StoreError

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
        release_memory()

    def show(self) -> widgets.Widget:
        current = _current_version(self._data_dir)
        if current != self._version:
            self._version = current
            self._discard()  # the old page and its data go before the new one is built
            self._page = self._build()
            release_memory()
        return self._page

    def _discard(self) -> None:
        """ipywidgets keeps every open widget (and what its callbacks hold) in a registry
        until it is closed. Nothing has been shown yet, so every widget is the old page's."""
        import ipywidgets

        ipywidgets.Widget.close_all()
