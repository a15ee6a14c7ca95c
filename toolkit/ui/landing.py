"""The Forside: what Tværblik is, which data the pages show, and which pages there are.

Only the versions' manifests are read (through :meth:`toolkit.store.Store.versions`), not the
tables themselves: the row counts are recorded there, so the front page opens quickly and its
kernel stays small however large the register grows.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from toolkit import config, formats, schema
from toolkit.store import Store, StoreError, VersionInfo

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

CONTROLLER_FOLD_TITLE = "For controllere: datamappe og kommandoer"

PART_TITLES = {
    schema.REGISTER.kind: "Register",
    schema.ECONOMY.kind: "Økonomi",
    schema.SCENARIO_BOOK.kind: "Scenarier",
}


@dataclass(frozen=True)
class Page:
    """A dashboard page: its notebook in ``dashboards/``, Danish title and one sentence."""

    notebook: str
    title: str
    description: str


# The other dashboards, in the order the Forside lists them. A new page adds itself here.
PAGES: tuple[Page, ...] = (
    Page("Overblik.ipynb", "Overblik", "borgere, udgifter og ventetid på tværs af afdelingerne"),
    Page(
        "Afdeling.ipynb",
        "Afdeling",
        "én afdelings indsatser, økonomi mod budget, ventetid, "
        "afvisninger og hvem dens penge går til",
    ),
    Page(
        "Rehabiliteringsteam.ipynb",
        "Rehabiliteringsteam",
        "møder, sager, indstillinger, medarbejdertid og en prognose for næste kvartals sager",
    ),
    Page(
        "Forloeb_og_resultater.ipynb",
        "Forløb og resultater",
        "hvordan forløbene slutter, varighed, progression og delmål – og hvad der virker for hvem",
    ),
    Page(
        "Scenarier.ipynb",
        "Scenarier",
        "hvad der sker år for år i hver afdeling, når budget flyttes eller der investeres i en "
        "indsats – hvem betaler, hvem vinder, og hvornår det tjener sig hjem",
    ),
    Page("Data.ipynb", "Data", "gemte versioner og indlæsning af nye regneark"),
)


@dataclass(frozen=True)
class DataStatus:
    """What the Forside says about the data folder."""

    data_dir: Path
    current: VersionInfo | None = None
    version_count: int = 0
    problem: str | None = None  # a Danish sentence when the folder cannot be read


def data_status(data_dir: Path | None = None) -> DataStatus:
    """The current version of the store in ``data_dir`` (``TVAERBLIK_DATA`` or ``./data``)."""
    folder = config.data_dir(data_dir).expanduser().resolve()
    try:
        versions = Store(folder).versions()
    except StoreError as exc:
        return DataStatus(folder, problem=str(exc))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return DataStatus(folder, problem=f"Datamappen kan ikke læses ({reason}).")
    except (KeyError, TypeError, ValueError):  # a manifest without the expected fields
        return DataStatus(
            folder, problem="Et manifest i datamappen mangler oplysninger og kan ikke læses."
        )
    current = next((info for info in versions if info.is_current), None)
    return DataStatus(folder, current=current, version_count=len(versions))


danish_datetime = formats.moment

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
    return (
        "<h1 style='margin-bottom:0.2em'>Tværblik</h1>"
        "<p style='font-size:1.1em;color:#555;margin-top:0'>Styringsværktøj til den "
        "tværfaglige rehabiliteringsindsats</p>"
        f"<p style='line-height:1.5'>{html.escape(INTRO)}</p>"
    )


def data_html(status: DataStatus) -> str:
    """The data section for every reader: which data the pages show, in plain Danish.

    The folder, the account and the commands are the controllers' business: they are in
    :func:`controller_html`, folded away."""
    if status.problem is not None:
        return (
            "<h2>Data</h2>"
            f"<p><b>Data kan ikke vises.</b> {html.escape(status.problem)}</p>"
            "<p>Siderne kan ikke vise tal, før det er rettet. Kontakt den, der indlæser "
            "kommunens regneark (en økonomi- eller styringskonsulent).</p>"
        )
    if status.current is None:
        return (
            "<h2>Data</h2>"
            "<p><b>Der er ikke indlæst data endnu.</b> Siderne viser tal, når en økonomi- eller "
            "styringskonsulent har indlæst kommunens regneark på siden "
            "<a href='Data.ipynb'>Data</a>.</p>"
        )
    info = status.current
    return (
        "<h2>Data</h2>"
        f"<p>Siderne viser version <b>{html.escape(info.id)}</b>, indlæst "
        f"{imported_at(info.created)}.{_missing_sentence(info)}</p>"
    )


def _missing_sentence(info: VersionInfo) -> str:
    missing = [name for part, name in PART_NAMES.items() if part not in info.parts]
    if not missing:
        return ""
    listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} og {missing[-1]}"
    return f" {listed.capitalize()} er ikke indlæst endnu."


def controller_html(status: DataStatus) -> str:
    """The controllers' details: the data folder, who imported, sources, rows, commands."""
    folder = f"<code>{html.escape(str(status.data_dir))}</code>"
    if status.problem is not None:
        return (
            f"<p>Tværblik læser data fra mappen {folder}. <code>tvaerblik versions</code> viser, "
            "hvilke versioner der kan læses.</p>"
        )
    if status.current is None:
        return f"<p>Tværblik læser data fra mappen {folder}.</p>{_first_import_html()}"
    info = status.current
    saved = (
        "1 gemt version"
        if status.version_count == 1
        else f"{formats.integer(status.version_count)} gemte versioner"
    )
    return (
        f"<p>Datamappen {folder} har {saved}. Version {html.escape(info.id)} blev indlæst "
        f"{danish_datetime(info.created)} af kontoen «{html.escape(info.user or 'ukendt')}».</p>"
        f"{_sources_html(info)}{_rows_html(info)}"
        "<ul style='line-height:1.6'>"
        "<li><code>tvaerblik versions</code> viser alle gemte versioner; "
        "<code>tvaerblik rollback VERSION</code> gør en tidligere version aktuel igen. "
        "Intet slettes.</li>"
        "<li>Scenarierne udfyldes i skabelonen i <code>templates_xlsx/</code> og indlæses med "
        f"<code>tvaerblik import {schema.SCENARIO_BOOK.file_name}</code> eller på siden Data."
        "</li>"
        "<li>Kommandoerne tager <code>--data MAPPE</code>, når datamappen ikke er "
        "<code>./data</code>.</li>"
        "</ul>"
    )


def _first_import_html() -> str:
    register, economy = schema.REGISTER.file_name, schema.ECONOMY.file_name
    return (
        "<ul style='line-height:1.6'>"
        "<li>Vil du se, hvordan det ser ud? Kør <code>tvaerblik demo</code>: den laver en "
        "opdigtet eksempelkommune og indlæser den.</li>"
        "<li>Kommunens egne tal: udfyld skabelonerne i mappen <code>templates_xlsx/</code>, "
        f"kontrollér dem med <code>tvaerblik validate {register} {economy}</code>, og indlæs "
        f"dem med <code>tvaerblik import {register} {economy}</code> eller på siden Data.</li>"
        "</ul>"
        "<p>Genindlæs derefter denne side.</p>"
    )


def _sources_html(info: VersionInfo) -> str:
    items = []
    for part, title in PART_TITLES.items():
        entry = info.parts.get(part)
        if entry is None:
            items.append(f"<li>{title}: ikke indlæst endnu</li>")
            continue
        names = ", ".join(html.escape(source.name) for source in entry.sources) or "ukendt fil"
        inherited = (
            f" (uændret fra {html.escape(entry.inherited_from)})" if entry.inherited_from else ""
        )
        items.append(f"<li>{title}: {names}{inherited}</li>")
    return f"<p style='margin-bottom:0.2em'>Kildefiler:</p><ul>{''.join(items)}</ul>"


def _rows_html(info: VersionInfo) -> str:
    """Rows per table under the sheet names the controllers know, in schema order."""
    cell = "style='padding:0 12px 0 0;line-height:1.6'"
    number = "style='padding:0 0 0 12px;line-height:1.6;text-align:right'"
    lines = [f"<tr><th {cell} align='left'>Ark</th><th {number}>Rækker</th></tr>"]
    for part, title in PART_TITLES.items():
        entry = info.parts.get(part)
        if entry is None:
            continue
        lines.append(f"<tr><td colspan='2' {cell}><b>{title}</b></td></tr>")
        for sheet in schema.WORKBOOKS[part].sheets:
            count = entry.rows.get(sheet.table)
            shown = "–" if count is None else formats.integer(count)
            lines.append(
                f"<tr><td {cell}>{html.escape(sheet.name)}</td><td {number}>{shown}</td></tr>"
            )
    return f"<table style='border-collapse:collapse'>{''.join(lines)}</table>"


def pages_html(pages: Sequence[Page] = PAGES) -> str:
    """Links to the other dashboards (relative, so they work under any base URL)."""
    links = "".join(
        f"<li><a href='{html.escape(page.notebook)}'>{html.escape(page.title)}</a>: "
        f"{html.escape(page.description)}</li>"
        for page in pages
    )
    listed = f"<ul style='line-height:1.6'>{links}</ul>" if links else ""
    return f"<h2>Sider</h2>{listed}<p>{html.escape(MORE_PAGES)}</p>"


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


def controller_fold(body_html: str) -> widgets.Accordion:
    """The controller's details (paths, accounts, commands) in a fold, closed until a
    controller opens it; the Forside and the Data page both end with one."""
    return widgets.Accordion(
        children=[widgets.HTML(body_html)],
        titles=(CONTROLLER_FOLD_TITLE,),
        selected_index=None,
        layout=widgets.Layout(margin="1em 0 0 0"),
    )
