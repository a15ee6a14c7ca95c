"""The controllers' fold that ends the Forside and the Data page: paths, accounts and
commands, closed until a controller opens it.

On JupyterHub the fold is only for those who may import (controllers): the data folder's
path and the commands are no business of a leder's or a secretary's page."""

from __future__ import annotations

import ipywidgets as widgets

from toolkit.access import Action, allowed

CONTROLLER_FOLD_TITLE = "For controllere: datamappe og kommandoer"


def controller_fold(body_html: str) -> widgets.Widget:
    """``body_html`` in a fold titled for controllers, closed at first; an empty widget for
    a hub user who is no controller."""
    if not allowed(Action.IMPORT):
        return widgets.HTML("")
    return widgets.Accordion(
        children=[widgets.HTML(body_html)],
        titles=(CONTROLLER_FOLD_TITLE,),
        selected_index=None,
        layout=widgets.Layout(margin="1em 0 0 0"),
    )
