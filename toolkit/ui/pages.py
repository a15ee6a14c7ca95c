"""The dashboard pages, registered in one place: each page's notebook in ``dashboards/``, its
Danish title, the sentence the Forside links it with, and its builder.

The Forside's links, the page titles, the tests and the pool sizes in ``voila.json`` all read
this list. A builder is named here, not imported: the Forside imports this module and stays
light, and no page imports another (an import contract in pyproject.toml). The notebook
imports its own builder, so a preheated kernel has the page's code loaded before its visitor
comes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets as widgets

# A page's builder: the data folder (``TVAERBLIK_DATA`` or ``./data`` when None) -> its widget.
PageBuilder = Callable[[Path | None], "widgets.Widget"]


@dataclass(frozen=True)
class Page:
    """A dashboard page: its notebook, Danish title, the sentence after its link on the
    Forside, and the module and function that build it."""

    notebook: str
    title: str
    description: str
    module: str
    builder_name: str

    def builder(self) -> PageBuilder:
        """The page's builder, imported now."""
        builder: PageBuilder = getattr(importlib.import_module(self.module), self.builder_name)
        return builder


LANDING = Page(
    "Forside.ipynb",
    "Forside",
    "",  # the Forside lists the other pages, not itself
    "toolkit.ui.landing",
    "landing_page",
)
OVERVIEW = Page(
    "Overblik.ipynb",
    "Overblik",
    "borgere, udgifter og ventetid på tværs af afdelingerne",
    "toolkit.ui.overview",
    "overview_page",
)
DEPARTMENT = Page(
    "Afdeling.ipynb",
    "Afdeling",
    "én afdelings indsatser, økonomi mod budget, ventetid, afvisninger og hvem dens penge går til",
    "toolkit.ui.department",
    "department_page",
)
REHAB_TEAM = Page(
    "Rehabiliteringsteam.ipynb",
    "Rehabiliteringsteam",
    "møder, sager, indstillinger, medarbejdertid og en prognose for næste kvartals sager",
    "toolkit.ui.rehab_team",
    "rehab_team_page",
)
OUTCOMES = Page(
    "Forloeb_og_resultater.ipynb",
    "Forløb og resultater",
    "hvordan forløbene slutter, varighed, progression og delmål – og hvad der virker for hvem",
    "toolkit.ui.outcomes_page",
    "outcomes_page",
)
SCENARIOS = Page(
    "Scenarier.ipynb",
    "Scenarier",
    "hvad der sker år for år i hver afdeling, når budget flyttes eller der investeres i en "
    "indsats – hvem betaler, hvem vinder, og hvornår det tjener sig hjem",
    "toolkit.ui.scenarios_page",
    "scenarios_page",
)
DATA = Page(
    "Data.ipynb",
    "Data",
    "gemte versioner og indlæsning af nye regneark",
    "toolkit.ui.data_page",
    "data_page",
)

# Every page; a new page adds itself here (and gets its notebook in dashboards/).
PAGES: tuple[Page, ...] = (LANDING, OVERVIEW, DEPARTMENT, REHAB_TEAM, OUTCOMES, SCENARIOS, DATA)
# The pages the Forside links to, in its order.
LINKED_FROM_LANDING: tuple[Page, ...] = tuple(page for page in PAGES if page is not LANDING)
