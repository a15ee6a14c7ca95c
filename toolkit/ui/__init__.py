"""The dashboards' widgets: the only package that imports ipywidgets (and Voilà).

Each page has a builder here returning one widget (the pages are registered in
``toolkit.ui.pages``); the notebook in ``dashboards/`` with the same name only imports it,
waits for its visitor, then builds and shows it. Importing this package itself stays light
(no pandas, no widgets): the Voilà server imports ``toolkit.ui.closing``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets as widgets

# Pages are imported from their modules (toolkit.ui.overview, toolkit.ui.data_page): a
# re-export here would shadow the module of the same name.
__all__ = ["build_page", "no_access_page", "release_memory", "wait_for_visitor"]

# Voilà puts this variable (with the rest of the request) into the kernel when a visitor comes.
_REQUEST_MARKER = "SERVER_SOFTWARE"
# When Voilà stops, a waiting kernel is released without a visitor and is shut down within
# a few seconds; it sleeps through that instead of finishing the page into closed sockets.
_NO_VISITOR_PAUSE_S = 15.0


def wait_for_visitor() -> None:
    """In a preheated Voilà kernel, wait here until someone opens the page.

    Voilà starts a kernel per page in advance and runs the notebook in it (imports are then
    already done when a visitor comes). Nothing that depends on the data or the visitor may
    run before this wait: the data would be the version current when the kernel started, not
    when the page was opened, and behind a login (JupyterHub) a page may depend on who the
    visitor is. Outside a preheated kernel (a normal Voilà kernel, nbclient, Jupyter) it
    returns at once.
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


def build_page(build: Callable[[], widgets.Widget]) -> widgets.Widget:
    """The page ``build`` makes for the visitor who has come, with the memory the building
    freed given back, so the open page's kernel holds the page and little else.

    On JupyterHub a visitor without a role (or whose role cannot be read) gets the page
    «Ingen adgang» instead, and ``build`` is never called: no data is read for them. Called
    after :func:`wait_for_visitor`, so the visitor is the one asking, not whoever's server
    preheated the kernel."""
    refusal = no_access_page()
    page = build() if refusal is None else refusal
    release_memory()
    return page


def no_access_page() -> widgets.Widget | None:
    """«Ingen adgang» for a hub user without a role; None when the visitor may see the pages."""
    from toolkit.access import RolesFileError, current_identity, hub_user

    try:
        identity = current_identity()
    except RolesFileError as problem:
        return _no_access_widget(hub_user() or "", str(problem))
    if not identity.on_hub or identity.role is not None:
        return None
    return _no_access_widget(identity.user, "")


def _no_access_widget(user: str, problem: str) -> widgets.Widget:
    import ipywidgets as widgets

    from toolkit.ui.html import macro

    # The hub serves its logout under its own base URL, which the hub puts in the server's env.
    logout_url = os.environ.get("JUPYTERHUB_BASE_URL", "/").rstrip("/") + "/hub/logout"
    return widgets.HTML(
        macro("no_access.html.j2", "page", user, problem, logout_url),
        layout=widgets.Layout(padding="0 1em 2em 1em", max_width="60em"),
    )
