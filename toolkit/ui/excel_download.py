"""«Hent som Excel»: the table behind a figure as a workbook a controller can use.

Indicator tables go through :func:`toolkit.indicators.export.write_xlsx` (Danish labels for
ids and codes, periods as dates, number formats by unit); any other table already has Danish
headers and labels and gets number formats from its values. A page redraws its figures on
every filter change, so :class:`ExcelDownload` builds a workbook only when someone asks for
it, and then offers it as a link (a data URI: no server round trip, nothing left on disk).
"""

from __future__ import annotations

import base64
import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from toolkit.indicators import REGISTRY
from toolkit.indicators.export import write_xlsx
from toolkit.indicators.publishing import footnote_da
from toolkit.ui.html import fragment
from toolkit.workbook.tables import TableSheet, guess_number_formats, write_tables

__all__ = ["XLSX_MIME", "ExcelDownload", "download_link", "excel_bytes", "excel_link"]

log = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUTTON_TEXT = "Hent som Excel"
# The page template draws links in the text colour: this one must look clickable.
LINK_CLASS = "tvaerblik-download"
SUPPRESSED_HEADER = "Skjult"  # the column a page's own table marks suppressed rows in

# Dimension -> code -> Danish name (toolkit.indicators.export.code_names).
Names = Mapping[str, Mapping[str, str]]


def excel_bytes(table: pd.DataFrame, names: Names | None = None) -> bytes:
    """The xlsx of a table: an indicator table through ``write_xlsx`` (with ``names`` for
    the departments' and intervention types' codes), any other table as one sheet."""
    with tempfile.TemporaryDirectory(prefix="tvaerblik-") as folder:
        path = Path(folder) / "tabel.xlsx"
        if "indicator" in table.columns and table["indicator"].isin(list(REGISTRY)).all():
            write_xlsx(table, path, names=names)
        else:
            notes = pd.DataFrame({"Note": [footnote_da()]})
            write_tables(
                path, [plain_sheet(table), TableSheet("Noter", notes, widths={"Note": 120})]
            )
        return path.read_bytes()


def plain_sheet(table: pd.DataFrame) -> TableSheet:
    """A table with Danish headers as a sheet: number formats from its values, and in a row
    marked suppressed («Skjult»), the mark in every cell the suppression left empty."""
    number_formats = guess_number_formats(table)
    if SUPPRESSED_HEADER not in table.columns:
        return TableSheet("Tabel", table, number_formats)
    marks = table[SUPPRESSED_HEADER].fillna("").astype(str)
    shown = table.astype(object)
    for header in table.columns:
        empty = (marks != "") & shown[header].isna()
        shown.loc[empty, header] = marks[empty]
    return TableSheet("Tabel", shown, number_formats)


def download_link(
    data: bytes, file_name: str, mime: str, text: str, *, kind: str = "", title: str = ""
) -> str:
    """An HTML anchor downloading ``data`` from a data URI: no server round trip, so it
    works in Voilà without a file handler. ``kind`` is the link's CSS class."""
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return fragment("download_link", file_name, href, text, title, kind)


def excel_link(table: pd.DataFrame, file_name: str, names: Names | None = None) -> str:
    """An HTML anchor downloading the table as xlsx."""
    return download_link(
        excel_bytes(table, names), file_name, XLSX_MIME, BUTTON_TEXT, kind="tvaerblik-small"
    )


class BuildOnClick(widgets.HBox):
    """A button that builds a file when clicked and shows a link to save it in its place.

    Pages recompute on every filter or slider change; the file is built only when someone
    asks for it. :meth:`changed` (what the file would hold changed) brings the button back
    and drops a link to the old file."""

    def __init__(
        self,
        build: Callable[[], bytes],
        *,
        file_name: str,
        button_text: str,
        tooltip: str,
        link_text: str,
        link_title: str,
        link_kind: str = LINK_CLASS,
        beside: Sequence[widgets.Widget] = (),
    ) -> None:
        self.build = build
        self.file_name = file_name
        self.link_text = link_text
        self.link_title = link_title
        self.link_kind = link_kind
        self.button = widgets.Button(
            description=button_text, icon="download", tooltip=tooltip,
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.button.on_click(self._clicked)
        self.link = widgets.HTML("")
        super().__init__(
            [self.button, self.link, *beside], layout=widgets.Layout(align_items="center")
        )

    def changed(self) -> None:
        """The next click builds the file anew; a link to the old one disappears."""
        self.link.value = ""
        self.button.layout.display = ""

    def prepare(self) -> str:
        """Build the file and show the link to it in place of the button; the link, or ""
        when it could not be built (a Danish sentence says so)."""
        try:
            data = self.build()
        except Exception:  # never a traceback on the page
            log.exception("%s kunne ikke laves", self.file_name)
            self.link.value = fragment("muted", "Excel-arket kunne ikke laves. Prøv igen.")
            return ""
        self.link.value = download_link(
            data, self.file_name, XLSX_MIME, self.link_text,
            kind=self.link_kind, title=self.link_title,
        )  # fmt: skip
        self.button.layout.display = "none"
        return str(self.link.value)

    def _clicked(self, _button: Any = None) -> None:
        self.prepare()


class ExcelDownload(BuildOnClick):
    """«Hent som Excel»: the table behind a figure as a workbook, built when clicked.

    :meth:`show` gives it the figure's new table; a link to the old one disappears."""

    def __init__(self, table: pd.DataFrame, file_name: str, names: Names | None = None) -> None:
        self.table = table
        self.names = names
        super().__init__(
            lambda: excel_bytes(self.table, self.names),
            file_name=file_name,
            button_text=BUTTON_TEXT,
            tooltip="Lav et Excel-ark med tallene bag figuren",
            link_text=f"Gem {file_name}",
            link_title="Excel-arket er klar: klik for at gemme det",
        )

    def show(self, table: pd.DataFrame) -> None:
        """The figure now shows ``table``: the next click builds its workbook."""
        self.table = table
        self.changed()
