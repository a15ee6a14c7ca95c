"""The Data page's controllers' section «Registret mod Jobindsats»: the register's persons
and full-time persons beside Jobindsats' for each scheme and quarter, with the verdict and
the reconciliation's rules in plain Danish.

The current version is loaded and the bridge computed when a controller asks for it
(«Vis afstemningen»), so the Data page itself opens as fast as before.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from toolkit.national.bridge import bridge
from toolkit.store import Store, StoreError
from toolkit.ui.excel_download import ExcelDownload
from toolkit.ui.html import macro
from toolkit.ui.national_bridge_data import (
    EXPLANATION,
    LEGEND,
    NO_BRIDGE,
    bridge_export,
    scheme_tables,
)

__all__ = ["TITLE", "BridgeSection"]

log = logging.getLogger(__name__)

TITLE = "Registret mod Jobindsats"
TEMPLATE = "national.html.j2"
FILE_NAME = "registret-mod-jobindsats.xlsx"


class BridgeSection(widgets.VBox):
    """The heading, the rules, and «Vis afstemningen», which shows the tables in place."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.button = widgets.Button(
            description="Vis afstemningen",
            tooltip="Beregn registrets tal mod Jobindsats' for den aktuelle version",
            layout=widgets.Layout(width="14em"),
        )
        self.button.on_click(self._clicked)
        self.body = widgets.HTML()
        self.download = widgets.Box()
        super().__init__(
            [widgets.HTML(macro(TEMPLATE, "bridge_intro", TITLE, EXPLANATION)), self.button,
             self.download, self.body],
            layout=widgets.Layout(margin="1.5em 0 0 0"),
        )  # fmt: skip

    def _clicked(self, _button: Any) -> None:
        self.show()

    def show(self) -> None:
        """Load the current version, compute the bridge and show it (or why not)."""
        self.button.disabled = True
        self.body.value = macro(TEMPLATE, "notes", ["Beregner …"])
        try:
            bridged = bridge(Store(self.data_dir).load())
        except StoreError as exc:
            self.body.value = macro(TEMPLATE, "notes", [str(exc)])
            return
        except (KeyError, ValueError):
            log.exception("Registret mod Jobindsats kunne ikke beregnes")
            self.body.value = macro(TEMPLATE, "notes", [
                "Afstemningen kunne ikke beregnes for den aktuelle version. Kontrollér, at "
                "arket Kommune i oekonomi.xlsx har kommunens navn og nummer."
            ])  # fmt: skip
            return
        finally:
            self.button.disabled = False
        if bridged.empty:
            self.body.value = macro(TEMPLATE, "notes", [NO_BRIDGE])
            return
        self.download.children = (ExcelDownload(bridge_export(bridged), FILE_NAME),)
        self.body.value = macro(TEMPLATE, "bridge", scheme_tables(bridged), LEGEND)
