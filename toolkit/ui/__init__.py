"""The dashboards' widgets: the only package that imports ipywidgets (and Voilà).

Each page has a builder here returning one widget; the notebook in ``dashboards/`` with the
same name only imports it, waits for its visitor and shows it.
"""

from __future__ import annotations

import os
import time

from toolkit.ui.landing import landing_page

# Pages are imported from their modules (toolkit.ui.overview, toolkit.ui.data_page): a
# re-export here would shadow the module of the same name.
__all__ = ["landing_page", "wait_for_visitor"]

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
