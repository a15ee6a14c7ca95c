"""The Forside: what Tværblik is, which data the pages show, and which pages there are.

Only the versions' manifests are read (through :meth:`toolkit.store.Store.versions`), not the
tables themselves: the row counts are recorded there, so the front page opens quickly and its
kernel stays small however large the register grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from toolkit import formats, schema
from toolkit.store import VersionInfo
from toolkit.ui.controller_fold import controller_fold
from toolkit.ui.data_status import DataStatus, data_status
from toolkit.ui.html import macro
from toolkit.ui.pages import LINKED_FROM_LANDING, Page

INTRO = (
    "Tværblik samler tallene for den tværfaglige rehabiliteringsindsats ét sted: hvor mange "
    "borgere der er i ressourceforløb, jobafklaring og fleksjob, hvad rehabiliteringsteamet "
    "indstiller, hvilke indsatser beskæftigelse, social, sundhed og unge leverer, og hvad det "
    "koster den enkelte afdeling. Tallene kommer fra de regneark, som kommunens økonomi- og "
    "styringskonsulenter indlæser; CPR-numre erstattes af pseudonymer, før noget gemmes."
)

MORE_PAGES = (
    "Scenarierne for omfordeling af budgetter og investeringer kommer fra et regneark, som en "
    "controller udfylder og indlæser på siden Data."
)

PART_TITLES = {
    schema.REGISTER.kind: "Register",
    schema.ECONOMY.kind: "Økonomi",
    schema.SCENARIO_BOOK.kind: "Scenarier",
    schema.NATIONAL.kind: "Nationale tal",
}
PART_BOOKS = {**schema.WORKBOOKS, schema.NATIONAL.kind: schema.NATIONAL}

danish_datetime = formats.moment
TEMPLATE = "landing.html.j2"

# How the main text names each part when it is missing ("Scenarierne er ikke indlæst endnu").
PART_NAMES = {
    schema.REGISTER.kind: "registret",
    schema.ECONOMY.kind: "økonomien",
    schema.SCENARIO_BOOK.kind: "scenarierne",
}


def imported_at(moment: datetime) -> str:
    """'23-11-2026 kl. 14.05': when a version was imported, in Danish time."""
    day, clock = danish_datetime(moment).split(" ")
    return f"{day} kl. {clock.replace(':', '.')}"


def intro_html() -> str:
    return macro(TEMPLATE, "intro", INTRO)


def data_html(status: DataStatus) -> str:
    """The data section for every reader: which data the pages show, in plain Danish.

    The folder, the account and the commands are the controllers' business: they are in
    :func:`controller_html`, folded away."""
    info = status.current
    return macro(
        TEMPLATE,
        "data",
        status.problem,
        None if info is None else info.id,
        None if info is None else imported_at(info.created),
        None if info is None else _missing_sentence(info),
    )


def _missing_sentence(info: VersionInfo) -> str:
    missing = [name for part, name in PART_NAMES.items() if part not in info.parts]
    if not missing:
        return ""
    listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} og {missing[-1]}"
    return f"{listed.capitalize()} er ikke indlæst endnu."


def controller_html(status: DataStatus) -> str:
    """The controllers' details: the data folder, who imported, sources, rows, commands."""
    info = status.current
    current = None
    if status.problem is None and info is not None:
        current = {
            "saved": (
                "1 gemt version"
                if status.version_count == 1
                else f"{formats.integer(status.version_count)} gemte versioner"
            ),
            "version": info.id,
            "imported": danish_datetime(info.created),
            "user": info.user or "ukendt",
            "sources": _sources(info),
            "rows": _rows(info),
            "scenario_file": schema.SCENARIO_BOOK.file_name,
        }
    files = f"{schema.REGISTER.file_name} {schema.ECONOMY.file_name}"
    return macro(TEMPLATE, "controller", str(status.data_dir), status.problem, current, files)


def _sources(info: VersionInfo) -> list[tuple[str, str | None, str]]:
    """Each part's title, its files (None: not imported yet) and the version it is unchanged
    from."""
    sources: list[tuple[str, str | None, str]] = []
    for part, title in PART_TITLES.items():
        entry = info.parts.get(part)
        if entry is None:
            sources.append((title, None, ""))
            continue
        names = ", ".join(source.name for source in entry.sources) or "ukendt fil"
        sources.append((title, names, entry.inherited_from or ""))
    return sources


def _rows(info: VersionInfo) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rows per table under the sheet names the controllers know, in schema order."""
    parts = []
    for part, title in PART_TITLES.items():
        entry = info.parts.get(part)
        if entry is None:
            continue
        sheets = []
        for sheet in PART_BOOKS[part].sheets:
            count = entry.rows.get(sheet.table)
            sheets.append((sheet.name, "–" if count is None else formats.integer(count)))
        parts.append((title, sheets))
    return parts


def pages_html(pages: Sequence[Page] = LINKED_FROM_LANDING) -> str:
    """Links to the other dashboards (relative, so they work under any base URL)."""
    return macro(TEMPLATE, "pages", list(pages), MORE_PAGES)


def landing_page(data_dir: Path | None = None) -> widgets.Widget:
    """The Forside as one widget, built from the data folder's current version; with data,
    the «Hent briefing» box follows the list of pages. The controllers' details come last,
    folded away."""
    status = data_status(data_dir)
    sections = [intro_html(), data_html(status), pages_html()]
    children: list[widgets.Widget] = [widgets.HTML(section) for section in sections]
    if status.current is not None:
        # Imported here: the briefing pulls in the indicators, charts and Word writer, which
        # an empty Forside does not need.
        from toolkit.ui.briefing_box import briefing_box

        children.append(briefing_box(status.data_dir))
    children.append(controller_fold(controller_html(status)))
    return widgets.VBox(children, layout=widgets.Layout(padding="0 1em 2em 1em", max_width="60em"))
