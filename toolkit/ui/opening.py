"""Opening a page: load the current version, or say in Danish why there is nothing to show."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path

import ipywidgets as widgets

from toolkit import config
from toolkit.periods import as_of_default
from toolkit.register import Economy, Register
from toolkit.store import Store
from toolkit.ui.frame import footer_html
from toolkit.ui.landing import data_status

# A page's builder: register, economy, as-of date and the footer's HTML -> the page widget.
PageBuilder = Callable[[Register, Economy, date, str], widgets.Widget]


def message_html(title: str, text: str) -> str:
    return f"<h1>{html.escape(title)}</h1><p style='line-height:1.5'>{text}</p>"


def no_data_html(title: str) -> str:
    return message_html(
        title,
        "<b>Der er ikke indlæst data endnu.</b> Forsiden fortæller, hvordan data indlæses: "
        "<a href='Forside.ipynb'>gå til Forside</a>.",
    )


def open_page(data_dir: Path | None, title: str, build: PageBuilder) -> widgets.Widget:
    """The page built from the data folder's current version, or a friendly message."""
    status = data_status(data_dir)
    if status.problem is not None:
        problem = f"<b>Data kan ikke vises.</b> {html.escape(status.problem)}"
        return widgets.HTML(message_html(title, problem))
    if status.current is None:
        return widgets.HTML(no_data_html(title))
    dataset = Store(config.data_dir(status.data_dir)).load(status.current.id)
    try:
        as_of = as_of_default(dataset.register)
    except ValueError:
        return widgets.HTML(no_data_html(title))
    return build(dataset.register, dataset.economy, as_of, footer_html(status.current, as_of))
