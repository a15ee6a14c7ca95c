"""The controllers' fold that ends the Forside and the Data page: paths, accounts and
commands, closed until a controller opens it."""

from __future__ import annotations

import ipywidgets as widgets

CONTROLLER_FOLD_TITLE = "For controllere: datamappe og kommandoer"


def controller_fold(body_html: str) -> widgets.Accordion:
    """``body_html`` in a fold titled for controllers, closed at first."""
    return widgets.Accordion(
        children=[widgets.HTML(body_html)],
        titles=(CONTROLLER_FOLD_TITLE,),
        selected_index=None,
        layout=widgets.Layout(margin="1em 0 0 0"),
    )
