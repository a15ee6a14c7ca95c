"""Opening a page: load the current version, or say in Danish why there is nothing to show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import ipywidgets as widgets

from toolkit import config
from toolkit.periods import as_of_default
from toolkit.register import Dataset, Economy, Register
from toolkit.store import Store
from toolkit.ui.data_status import data_status
from toolkit.ui.frame import footer_html
from toolkit.ui.html import fragment

# A page's builder: register, economy, as-of date and the footer's HTML -> the page widget.
PageBuilder = Callable[[Register, Economy, date, str], widgets.Widget]
# A page that reads more than the register and the economy: dataset, as-of date, footer.
DatasetPageBuilder = Callable[[Dataset, date, str], widgets.Widget]


def message_html(title: str, lead: str, detail: str = "") -> str:
    """A page's title and, in place of its figures, why: ``lead`` in bold, then ``detail``."""
    return fragment("problem", title, lead, detail)


def no_data_html(title: str) -> str:
    return fragment("no_data", title)


def open_page(data_dir: Path | None, title: str, build: PageBuilder) -> widgets.Widget:
    """The page built from the data folder's current version, or a friendly message."""
    return open_dataset_page(
        data_dir,
        title,
        lambda data, as_of, footer: build(data.register, data.economy, as_of, footer),
    )


def open_dataset_page(
    data_dir: Path | None, title: str, build: DatasetPageBuilder
) -> widgets.Widget:
    """As :func:`open_page`, for a page that also reads the version's other parts (the
    national figures, the manifest): ``build`` gets the whole dataset."""
    status = data_status(data_dir)
    if status.problem is not None:
        return widgets.HTML(message_html(title, "Data kan ikke vises.", status.problem))
    if status.current is None:
        return widgets.HTML(no_data_html(title))
    dataset = Store(config.data_dir(status.data_dir)).load(status.current.id)
    try:
        as_of = as_of_default(dataset.register)
    except ValueError:
        return widgets.HTML(no_data_html(title))
    return build(dataset, as_of, footer_html(status.current, as_of))
