"""«Hent briefing» for the Forside: a committee's quarterly briefing as Word, HTML and PDF.

The choices come from the current version without loading it whole: the committees from
the departments sheet, the quarters from the register's date columns, the scenarios from
the scenario sheet (each read as a few Parquet columns). Only a click loads the version,
builds the briefing with :func:`toolkit.briefing.write_briefing` in a temporary folder and
offers the files as download links (data URIs: no server round trip, nothing left on disk).

On JupyterHub the box asks :func:`toolkit.access.require` for :attr:`Action.BRIEFING` when it
is built (a role without it sees why, and no data is read) and again in the click's callback
(a crafted comm message can "click" a disabled button). Every briefing made is recorded in
the audit log (event ``briefing``: committee, quarter, version, scenarios; the user is added
by the log) before its links are shown.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from toolkit import config, formats, schema
from toolkit.access import AccessDenied, Action, refusal, require
from toolkit.briefing import BriefingError, write_briefing
from toolkit.briefing.committees import committees
from toolkit.periods import Period, as_of_default, first_date, periods_between
from toolkit.register import Economy, stored_dtypes
from toolkit.store import Store, StoreError
from toolkit.ui.frame import LABEL_ABOVE, download_link
from toolkit.ui.html import Markup, fragment, macro

__all__ = ["BriefingBox", "BriefingChoices", "briefing_box", "briefing_choices", "download_link"]

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "pdf": "application/pdf",
}
LINK_TEXT = {"docx": "Hent som Word", "html": "Hent som HTML", "pdf": "Hent som PDF"}
TEMPLATE = "briefing_box.html.j2"


# -- the choices --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefingChoices:
    """What the box offers: committees, quarters (newest first) and stored scenarios."""

    version: str | None
    committees: tuple[str, ...] = ()
    quarters: tuple[Period, ...] = ()
    scenarios: tuple[tuple[str, str], ...] = ()  # (Danish label, scenario id)
    problem: str = ""  # why nothing can be offered, in Danish
    as_of: date | None = None  # how far the data reach

    @property
    def default_quarter(self) -> Period | None:
        """The newest quarter (every quarter offered is whole)."""
        return self.quarters[0] if self.quarters else None


class _DateTables:
    """The register's date columns only: enough for :func:`as_of_default`."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        self._tables = tables

    def tables(self) -> dict[str, pd.DataFrame]:
        return self._tables


def briefing_choices(
    data_dir: str | Path | None = None, today: date | None = None
) -> BriefingChoices:
    """The committees, quarters and scenarios of the current version in ``data_dir``."""
    try:
        store = Store(config.data_dir(data_dir))
        version = store.current_version()
        if version is None:
            return BriefingChoices(
                None, problem="Der er ingen data endnu. Indlæs regnearkene først."
            )
        departments = store.read_table("departments", version=version)
        economy = (
            Economy.from_tables({"departments": departments})
            if departments is not None
            else Economy()
        )
        found = tuple(c.name for c in committees(economy))
        dates: dict[str, pd.DataFrame] = {}
        for sheet in schema.REGISTER.sheets:
            dtypes = stored_dtypes(sheet.table)
            columns = [n for n, d in dtypes.items() if d.startswith("datetime")]
            if columns:
                frame = store.read_table(sheet.table, columns=columns, version=version)
                if frame is not None:
                    dates[sheet.table] = frame
        as_of, quarters = _quarters(dates, today)
        stored = store.read_table("scenarios", columns=["scenario_id", "name"], version=version)
    except (StoreError, OSError, ValueError, KeyError):
        return BriefingChoices(
            None, problem="Data kunne ikke læses. Prøv igen, eller spørg den, der indlæser data."
        )
    scenarios: tuple[tuple[str, str], ...] = ()
    if stored is not None and not stored.empty:
        scenarios = tuple(
            (f"{name} ({sid})" if isinstance(name, str) and name else str(sid), str(sid))
            for sid, name in zip(stored["scenario_id"], stored["name"], strict=True)
        )
    problem = ""
    if not found:
        problem = (
            "Der er ingen udvalg i data: udfyld kolonnen Udvalg i arket Afdelinger "
            "(oekonomi.xlsx), og indlæs regnearket igen."
        )
    elif not quarters:
        problem = (
            "Registret indeholder ingen datoer, så der er ingen kvartaler at vælge."
            if as_of is None
            else f"Data går kun til {formats.day(as_of)}, og der er endnu ikke et helt "
            "kvartal med data at vælge."
        )
    return BriefingChoices(version, found, quarters, scenarios, problem, as_of)


def _quarters(
    dates: dict[str, pd.DataFrame], today: date | None
) -> tuple[date | None, tuple[Period, ...]]:
    """The as-of date and every quarter from the first course, request or meeting to it,
    newest first."""
    try:
        as_of = as_of_default(_DateTables(dates), today)
    except ValueError:
        return None, ()
    first = first_date(_DateTables(dates))
    if first is None or first > as_of:
        return as_of, ()
    # Only whole quarters: a briefing for a quarter that is not over is refused.
    whole = [q for q in periods_between(first, as_of, "quarter") if q.end <= as_of]
    return as_of, tuple(reversed(whole))


# -- the box ------------------------------------------------------------------------------------


class BriefingBox(widgets.VBox):
    """Committee, quarter, optional scenarios and «Lav briefing»; then the download links."""

    def __init__(self, data_dir: str | Path | None = None, today: date | None = None) -> None:
        self.data_dir = data_dir
        self.today = today
        refused = refusal(Action.BRIEFING)
        self.choices = (
            BriefingChoices(None, problem=refused) if refused else briefing_choices(data_dir, today)
        )
        wide = widgets.Layout(width="24em")
        self.committee = widgets.Dropdown(
            options=list(self.choices.committees), description="Udvalg", layout=wide
        )
        self.quarter = widgets.Dropdown(
            options=[(q.danish, q.label) for q in self.choices.quarters],
            description="Kvartal",
            layout=wide,
        )
        default = self.choices.default_quarter
        if default is not None:
            self.quarter.value = default.label
        for dropdown in (self.committee, self.quarter):
            dropdown.style.description_width = "5em"
        self.scenarios = widgets.SelectMultiple(
            options=list(self.choices.scenarios),
            value=(),
            rows=max(2, min(len(self.choices.scenarios), 5)),
            description="Scenarier",
            layout=widgets.Layout(width="24em"),
        ).add_class(LABEL_ABOVE)
        self.button = widgets.Button(
            description="Lav briefing",
            button_style="primary",
            icon="file-text",
            tooltip="Lav briefingen som Word, HTML og PDF",
            layout=widgets.Layout(width="12em"),
        )
        self.status = widgets.HTML("")
        self.links = widgets.HTML("")
        self.button.on_click(self._clicked)
        intro = widgets.HTML(macro(TEMPLATE, "intro"))
        parts: list[widgets.Widget] = [intro]
        if self.choices.problem:
            self.button.disabled = True
            self.status.value = macro(TEMPLATE, "problem", self.choices.problem)
        else:
            parts += [self.committee, self.quarter]
            if self.choices.scenarios:
                parts.append(
                    widgets.VBox(
                        [
                            self.scenarios,
                            widgets.HTML(
                                fragment(
                                    "hint", "Valgfrit; hold Ctrl eller Cmd nede for at vælge flere."
                                )
                            ),
                        ]
                    )
                )
            parts.append(self.button)
        parts += [self.status, self.links]
        super().__init__(
            parts,
            layout=widgets.Layout(
                border="1px solid #E6E6E6", padding="0.5em 0.8em", margin="1em 0"
            ),
        )

    def _say(self, message: str) -> None:
        self.status.value = macro(TEMPLATE, "status", message)

    def _clicked(self, _button: Any = None) -> None:
        self.build()

    def build(self) -> None:
        """Build the briefing for the chosen committee, quarter and scenarios; show links."""
        try:
            require(Action.BRIEFING)
        except AccessDenied as denied:
            self._say(str(denied))
            return
        if not self.committee.value or not self.quarter.value:
            self._say("Vælg et udvalg og et kvartal.")
            return
        self.button.disabled = True
        self.links.value = ""
        try:
            self.links.value = self._build(
                str(self.committee.value), str(self.quarter.value), tuple(self.scenarios.value)
            )
        except BriefingError as error:
            self._say(str(error))
        except StoreError:
            self._say("Data kunne ikke læses. Prøv igen om lidt.")
        except Exception:  # never a traceback on the page
            self._say(
                "Briefingen kunne ikke laves på grund af en fejl i programmet. Prøv igen, og "
                "kontakt den, der driver Tværblik, hvis det sker igen."
            )
        finally:
            self.button.disabled = False

    def _build(self, committee: str, quarter: str, scenario_ids: Sequence[str]) -> str:
        from toolkit import load

        self._say("Henter data …")
        dataset = load(self.data_dir)
        with tempfile.TemporaryDirectory(prefix="tvaerblik-briefing-") as folder:
            files = write_briefing(
                dataset,
                committee,
                quarter,
                folder,
                scenario_ids=scenario_ids,
                progress=self._say,
                today=self.today,
            )
            links = []
            for kind in ("docx", "html", "pdf"):
                path = getattr(files, kind)
                if path is not None:
                    path = Path(path)
                    links.append(
                        download_link(
                            path.read_bytes(),
                            path.name,
                            MIME[kind],
                            LINK_TEXT[kind],
                            kind="tvaerblik-briefing-link",
                        )
                    )
        try:
            Store(config.data_dir(self.data_dir)).audit(
                {
                    "event": "briefing",
                    "committee": committee,
                    "period": quarter,
                    "version": dataset.version,
                    "scenarios": list(scenario_ids),
                }
            )
        except OSError as error:
            raise BriefingError(
                "Briefingen blev lavet, men kunne ikke skrives i audit-loggen "
                f"({error.strerror or type(error).__name__}), så den vises ikke. Kontakt den, "
                "der driver Tværblik."
            ) from error
        seconds = files.timings.get("total", 0.0)
        done = (
            f"Briefingen er klar ({seconds:.0f} sek.)." if seconds >= 1 else "Briefingen er klar."
        )
        self._say(done)
        skipped = files.pdf_skipped if files.pdf is None else ""
        # The links are HTML made by download_link, from the files' names: kept as markup.
        return macro(TEMPLATE, "files", [Markup(link) for link in links], skipped)


def briefing_box(data_dir: str | Path | None = None, today: date | None = None) -> widgets.Widget:
    """The «Hent briefing» box for the Forside (the current version in ``data_dir``)."""
    return BriefingBox(data_dir, today)
