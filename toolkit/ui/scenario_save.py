"""«Gem som Excel» on the Scenarier page: every scenario with the sliders' values and the new
moves as a scenarier.xlsx a controller can import again on the page Data.

The page recomputes on every slider change; like «Hent som Excel»
(:class:`toolkit.ui.excel_download.ExcelDownload`), the workbook is built only when someone
clicks, and then offered as a link (a data URI) in place of the button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from toolkit.ui.excel_download import XLSX_MIME, download_link
from toolkit.ui.html import fragment

__all__ = ["SaveScenarios"]

log = logging.getLogger(__name__)

SAVE_TEXT = "Gem som Excel"
FILE_NAME = "scenarier.xlsx"
TITLE = "Alle scenarier med skydernes værdier og nye flytninger, klar til indlæsning"
NOTE = (
    "scenarier.xlsx med skydernes værdier og nye flytninger; en controller kan indlæse det på "
    "siden Data"
)


class SaveScenarios(widgets.HBox):
    """A button that builds the workbook from ``workbook()`` and shows a link to save it;
    :meth:`changed` (the scenarios or a slider changed) brings the button back."""

    def __init__(self, workbook: Callable[[], bytes]) -> None:
        self.workbook = workbook
        self.button = widgets.Button(
            description=SAVE_TEXT,
            icon="download",
            tooltip=TITLE,
            layout=widgets.Layout(width="auto"),
        )
        self.button.on_click(self._clicked)
        self.link = widgets.HTML("")
        self.note = widgets.HTML(fragment("save_note", NOTE))
        super().__init__(
            [self.button, self.link, self.note], layout=widgets.Layout(align_items="center")
        )

    def changed(self) -> None:
        """The next click builds the workbook anew; a link to the old one disappears."""
        self.link.value = ""
        self.button.layout.display = ""

    def prepare(self) -> str:
        """Build the workbook and show the link to it in place of the button; the link, or
        "" when it could not be built (a Danish sentence says so)."""
        try:
            data = self.workbook()
        except Exception:  # never a traceback on the page
            log.exception("«Gem som Excel» fejlede")
            self.link.value = fragment("muted", "Excel-arket kunne ikke laves. Prøv igen.")
            return ""
        self.link.value = download_link(
            data, FILE_NAME, XLSX_MIME, SAVE_TEXT,
            kind="tvaerblik-save-link", title=TITLE,
        )  # fmt: skip
        self.button.layout.display = "none"
        return str(self.link.value)

    def _clicked(self, _button: Any = None) -> None:
        self.prepare()
