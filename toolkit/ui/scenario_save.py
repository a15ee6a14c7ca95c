"""«Gem som Excel» on the Scenarier page: every scenario with the sliders' values and the new
moves as a scenarier.xlsx a controller can import again on the page Data.

The page recomputes on every slider change; like «Hent som Excel»
(:class:`toolkit.ui.excel_download.ExcelDownload`), the workbook is built only when someone
clicks, and then offered as a link (a data URI) in place of the button.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from toolkit.ui.excel_download import BuildOnClick
from toolkit.ui.html import fragment

__all__ = ["SaveScenarios"]

SAVE_TEXT = "Gem som Excel"
FILE_NAME = "scenarier.xlsx"
TITLE = "Alle scenarier med skydernes værdier og nye flytninger, klar til indlæsning"
NOTE = (
    "scenarier.xlsx med skydernes værdier og nye flytninger; en controller kan indlæse det på "
    "siden Data"
)


class SaveScenarios(BuildOnClick):
    """«Gem som Excel» with its note beside it; the scenarios page calls :meth:`changed` when
    the scenarios or a slider change."""

    def __init__(self, workbook: Callable[[], bytes]) -> None:
        self.note = widgets.HTML(fragment("save_note", NOTE))
        super().__init__(
            workbook,
            file_name=FILE_NAME,
            button_text=SAVE_TEXT,
            tooltip=TITLE,
            link_text=SAVE_TEXT,
            link_title=TITLE,
            link_kind="tvaerblik-save-link",
            beside=(self.note,),
        )
