"""The Data page: the stored versions, and an upload box to check and import workbooks.

A controller drops ``register.xlsx``, ``oekonomi.xlsx`` and/or ``scenarier.xlsx`` on the
page, and/or published national files (Jobindsats' .json, .csv or .xlsx, FOLK1A's .csv;
:mod:`toolkit.published`), which are merged into the stored national figures. The register
holds CPR numbers, so the workbooks are only ever written to a private
temporary folder outside the data folder, for as long as a check or an import reads them,
and deleted straight after. The check and the import are
:func:`toolkit.ingest.validate_files` and :func:`toolkit.ingest.import_files`, the same code
path as ``tvaerblik validate`` and ``tvaerblik import``.

The work runs in the widget callbacks themselves: Voilà sends every change of the progress
label to the browser while the callback runs, and the tests can drive the page synchronously.
The check reads the untrusted workbooks in a child process (``toolkit.ui.worker``) whose
progress comes back to the label; the import then reads the same, already checked files.

On JupyterHub only a role allowed :attr:`Action.IMPORT` (a controller) gets the upload box,
the «Indlæs» button and the controllers' fold; the others see the versions and why they
cannot import. Leaving the widgets out is for the eye only: a crafted comm message can still
set the upload's value or "click" the button, so the check and the import each ask
:func:`toolkit.access.require` themselves, in the kernel.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from toolkit import config, formats, ingest, schema
from toolkit.access import AccessDenied, Action, Identity, allowed, refusal, require
from toolkit.pseudonyms import KeyFileError
from toolkit.store import Store, StoreError, VersionInfo, safe_file_name
from toolkit.ui.controller_fold import CONTROLLER_FOLD_TITLE, controller_fold
from toolkit.ui.html import fragment, macro
from toolkit.ui.national_bridge import BridgeSection
from toolkit.ui.worker import WorkerDied, run_check
from toolkit.workbook import scratch
from toolkit.workbook.report import Issue, Report, Severity

__all__ = ["DataPage", "Upload", "data_page", "report_html", "uploads_from_value", "versions_html"]

log = logging.getLogger(__name__)

# The workbooks, and the published files' own (.json, .csv; a Jobindsats download may be .xlsx).
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".json", ".csv")
# The check runs in a process of its own (toolkit.ui.worker): a workbook that crashes its
# reader then gives a Danish sentence instead of a page that waits for ever.
CHECK_TASK = ingest.validate_files
LOCK_TIMEOUT_S = 10.0  # an import waits this long for another import in the same folder
MAX_LINES_PER_GROUP = 200  # the report stays readable; the CLI's --annotated marks every cell
PART_TITLES = {
    schema.REGISTER.kind: "Register",
    schema.ECONOMY.kind: "Økonomi",
    schema.SCENARIO_BOOK.kind: "Scenarier",
    schema.NATIONAL.kind: "Nationale tal",
}
PART_BOOKS = {**schema.WORKBOOKS, schema.NATIONAL.kind: schema.NATIONAL}

INTRO = (
    "Her ser du de gemte versioner af data og kan indlæse nye regneark. Vælg "
    f"{schema.REGISTER.file_name}, {schema.ECONOMY.file_name} og/eller "
    f"{schema.SCENARIO_BOOK.file_name}, og filer med offentliggjorte tal fra Jobindsats "
    "(.json, .csv eller .xlsx med tabellens id i navnet, fx y11a02.json) og Statistikbankens "
    "FOLK1A (.csv): de kontrolleres med det samme, og du ser en rapport over fejl og "
    "advarsler. Er der ingen fejl, kan du indlæse dem som en ny version; nye offentliggjorte "
    "tal lægges til de gemte. Filerne gemmes kun midlertidigt, mens de kontrolleres, og "
    "slettes bagefter; CPR-numre erstattes af pseudonymer, før noget gemmes."
)


VIEW_ONLY_INTRO = (
    "Her ser du de gemte versioner af data: hvornår de er indlæst, af hvem, og hvor mange "
    "rækker hvert ark har. Den aktuelle version er den, siderne viser."
)

TEMPLATE = "data_page.html.j2"


@dataclass(frozen=True)
class Upload:
    """One uploaded workbook, held in memory (never in the data folder)."""

    name: str  # the file name without folders
    content: bytes


class UploadError(ValueError):
    """The uploaded files cannot be checked; the message is one Danish sentence."""


def uploads_from_value(value: Sequence[Mapping[str, Any]]) -> list[Upload]:
    """The FileUpload widget's value (ipywidgets 8: dicts with name and content) as uploads."""
    uploads: list[Upload] = []
    seen: set[str] = set()
    for entry in value:
        name = Path(str(entry.get("name", "")).replace("\\", "/")).name
        if not name.lower().endswith(ACCEPTED_SUFFIXES):
            raise UploadError(
                f"«{safe_file_name(name) or 'uden navn'}» er ikke et Excel-regneark eller en "
                "fil med offentliggjorte tal. Vælg filer, der ender på .xlsx, .xlsm, .json "
                "eller .csv."
            )
        if name.lower() in seen:
            raise UploadError(f"Der er valgt to filer med navnet «{safe_file_name(name)}».")
        seen.add(name.lower())
        uploads.append(Upload(name, bytes(entry.get("content", b""))))
    return uploads


@contextlib.contextmanager
def written_to_private_folder(uploads: Sequence[Upload], data_dir: Path) -> Iterator[list[Path]]:
    """The uploads as files in a new private folder beside the data folder (never in the
    shared /tmp, never in the data folder), deleted afterwards; a killed kernel's copies are
    swept by the next page to open."""
    with scratch.private_folder(data_dir, "upload") as folder:
        paths = []
        for upload in uploads:
            path = folder / upload.name
            path.write_bytes(upload.content)
            paths.append(path)
        yield paths


# -- HTML ---------------------------------------------------------------------------------


def versions_html(versions: Sequence[VersionInfo]) -> str:
    """The stored versions, newest first, with files and rows per sheet; the current marked."""
    rows = [
        {
            "id": info.id,
            "current": info.is_current,
            "imported": formats.moment(info.created),
            "user": info.user or "ukendt",
            "parts": [_part_cell(info, part) for part in PART_TITLES],
        }
        for info in reversed(versions)
    ]
    return macro(TEMPLATE, "versions", rows, list(PART_TITLES.values()))


def _part_cell(info: VersionInfo, part: str) -> dict[str, Any] | None:
    """A part's files (and the version they are unchanged from), total rows and rows per
    sheet; None when the version does not have the part."""
    entry = info.parts.get(part)
    if entry is None:
        return None
    names = ", ".join(source.name for source in entry.sources) or "ukendt fil"
    if entry.merged_with:
        names += f", lagt til {entry.merged_with}"
    return {
        "origin": f"uændret fra {entry.inherited_from}: {names}" if entry.inherited_from else names,
        "total": formats.integer(entry.total_rows),
        "sheets": [
            (sheet.name, formats.integer(entry.rows[sheet.table]))
            for sheet in PART_BOOKS[part].sheets
            if sheet.table in entry.rows
        ],
    }


def report_html(report: Report) -> str:
    """The check's report, grouped like ``tvaerblik validate``: errors before warnings."""
    if not report.issues:
        return macro(TEMPLATE, "report", None, "", [], CONTROLLER_FOLD_TITLE)
    if report.has_errors:
        verdict = "Filerne har fejl og kan ikke indlæses. Ret fejlene, og vælg filerne igen."
    elif report.warnings:
        verdict = "Ingen fejl: filerne kan indlæses. Se advarslerne igennem først."
    else:
        verdict = "Ingen fejl: filerne kan indlæses."
    groups = []
    for title, group in report.groups():
        more = len(group) - MAX_LINES_PER_GROUP
        issues = [_issue_row(issue) for issue in group[:MAX_LINES_PER_GROUP]]
        groups.append((title, issues, formats.integer(more) if more > 0 else ""))
    return macro(TEMPLATE, "report", report.summary(), verdict, groups, CONTROLLER_FOLD_TITLE)


def _issue_row(issue: Issue) -> dict[str, Any]:
    return {
        "error": issue.severity is Severity.ERROR,
        "info": issue.severity is Severity.INFO,  # e.g. the published rows a file replaces
        "cells": [
            issue.file,
            issue.sheet or "",
            "" if issue.row is None else formats.integer(issue.row),
            issue.column or "",
            issue.message,
            issue.value or "",  # CPR numbers are never put here
        ],
    }


def controller_html(data_dir: Path) -> str:
    """The data folder and the commands that do what this page does, and more."""
    files = f"{schema.REGISTER.file_name} {schema.ECONOMY.file_name}"
    commands = (
        ("tvaerblik versions", "viser alle gemte versioner med tidspunkt og konto."),
        ("tvaerblik rollback VERSION", "gør en tidligere version aktuel igen; intet slettes."),
        (f"tvaerblik validate {files} --annotated MAPPE",
         "kontrollerer som her og markerer hver fejl i en kopi af regnearket (kopien "
         "indeholder CPR-numre: læg den ikke i datamappen)."),
        (f"tvaerblik import {files}", "indlæser med samme kontrol som her."),
        ("tvaerblik import y11a02.json folk1a.csv",
         "indlæser offentliggjorte tal alene; de lægges til de gemte."),
    )  # fmt: skip
    return macro(TEMPLATE, "controller", str(data_dir), commands)


def _sentence(text: str, *, error: bool = False) -> str:
    return macro(TEMPLATE, "sentence", text, error=error)


# -- the widget ---------------------------------------------------------------------------


class DataPage:
    """The Data page's widgets and what they do; ``widget`` is what the notebook shows."""

    def __init__(self, data_dir: Path | None = None, *, user: str | None = None) -> None:
        self.data_dir = config.data_dir(data_dir).expanduser().resolve()
        scratch.sweep_leftovers(self.data_dir)  # uploads a killed kernel left behind
        self.user = user
        self._uploads: list[Upload] = []
        self._resetting = False
        self.versions = widgets.HTML()
        self.upload = widgets.FileUpload(
            accept=",".join(ACCEPTED_SUFFIXES),
            multiple=True,
            description="Vælg filer",
            button_style="",
            layout=widgets.Layout(width="auto"),
        )
        self.progress = widgets.Label(value="")
        self.report = widgets.HTML()
        self.message = widgets.HTML()
        self.import_button = widgets.Button(
            description="Indlæs",
            disabled=True,
            button_style="primary",
            tooltip="Gem de kontrollerede regneark som en ny version",
        )
        self.upload.observe(self._on_upload, names="value")
        self.import_button.on_click(self._on_import)
        if allowed(Action.IMPORT):
            children = [
                widgets.HTML(fragment("message", "Data", INTRO)),
                self.versions,
                widgets.HTML("<h2>Indlæs regneark og offentliggjorte tal</h2>"),
                widgets.HBox([self.upload, self.import_button]),
                self.progress,
                self.message,
                self.report,
                BridgeSection(self.data_dir),
                controller_fold(controller_html(self.data_dir)),
            ]
        else:
            children = [
                widgets.HTML(fragment("message", "Data", VIEW_ONLY_INTRO)),
                self.versions,
                widgets.HTML(fragment("note", refusal(Action.IMPORT))),
            ]
        self.widget = widgets.VBox(
            children, layout=widgets.Layout(padding="0 1em 2em 1em", max_width="75em")
        )
        self.refresh_versions()

    # -- versions -------------------------------------------------------------------------

    def refresh_versions(self) -> None:
        try:
            versions = Store(self.data_dir).versions()
        except StoreError as exc:
            self.versions.value = macro(TEMPLATE, "versions_problem", str(exc))
            return
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            self.versions.value = macro(
                TEMPLATE, "versions_problem", f"Datamappen kan ikke læses ({reason})."
            )
            return
        except (KeyError, TypeError, ValueError):
            self.versions.value = macro(
                TEMPLATE,
                "versions_problem",
                "Et manifest i datamappen mangler oplysninger og kan ikke læses.",
            )
            return
        self.versions.value = versions_html(versions)

    # -- check ----------------------------------------------------------------------------

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        if self._resetting:
            return
        self.check(change["new"])

    def check(self, value: Sequence[Mapping[str, Any]]) -> None:
        """Check the uploaded workbooks and show the report; enable Indlæs when clean."""
        self._uploads = []
        self.import_button.disabled = True
        self.message.value = ""
        self.report.value = ""
        if self._refused(Action.IMPORT) is None:
            return  # the uploads are not even written to the private folder
        if not value:
            self.progress.value = ""
            return
        with self._busy():
            try:
                uploads = uploads_from_value(value)
                with written_to_private_folder(uploads, self.data_dir) as paths:
                    result = run_check(CHECK_TASK, paths, self.data_dir, progress=self._say)
            except Exception as exc:
                self._fail(exc)
                return
        self.report.value = report_html(result.report)
        if result.ok:
            self._uploads = uploads
            self.import_button.disabled = False
            self.progress.value = "Kontrollen er færdig. Tryk «Indlæs» for at gemme en ny version."
        else:
            self.progress.value = "Kontrollen er færdig."

    # -- import ---------------------------------------------------------------------------

    def _on_import(self, _button: widgets.Button) -> None:
        self.run_import()

    def run_import(self) -> str | None:
        """Import the checked workbooks as a new version; the version, or None."""
        identity = self._refused(Action.IMPORT)
        if identity is None:
            self._uploads = []
            return None
        if not self._uploads:
            return None
        uploads, self._uploads = self._uploads, []
        self.import_button.disabled = True
        self.message.value = ""
        with self._busy():
            try:
                with written_to_private_folder(uploads, self.data_dir) as paths:
                    outcome = ingest.import_files(
                        paths,
                        self.data_dir,
                        user=self.user or identity.user,
                        progress=self._say,
                        lock_timeout=LOCK_TIMEOUT_S,
                    )
            except Exception as exc:
                self._uploads = uploads  # nothing was stored: the same files may be tried again
                self.import_button.disabled = False
                self._fail(exc)
                return None
        self.report.value = report_html(outcome.report)
        if outcome.version is None:
            self.progress.value = ""
            self.message.value = _sentence(
                "Intet er indlæst, fordi regnearkene har fejl. Datamappen er uændret.",
                error=True,
            )
            return None
        self.progress.value = ""
        self.message.value = _sentence(
            f"Indlæst som version {outcome.version}, som nu er den aktuelle. Genindlæs de "
            "andre sider for at se de nye tal."
        )
        self.refresh_versions()
        self._clear_upload()
        return outcome.version

    # -- helpers --------------------------------------------------------------------------

    def _say(self, message: str) -> None:
        self.progress.value = message

    def _refused(self, action: Action) -> Identity | None:
        """The user when their role allows ``action`` (asked now, not when the page was
        built: a role taken away applies at once); None, with the Danish reason shown."""
        try:
            return require(action)
        except AccessDenied as denied:
            self.import_button.disabled = True
            self.progress.value = ""
            self.message.value = _sentence(str(denied), error=True)
            return None

    @contextlib.contextmanager
    def _busy(self) -> Iterator[None]:
        self.upload.disabled = True
        try:
            yield
        finally:
            self.upload.disabled = False

    def _fail(self, exc: Exception) -> None:
        self.progress.value = ""
        self.message.value = _sentence(failure_sentence(exc), error=True)

    def _clear_upload(self) -> None:
        self._resetting = True
        try:
            self.upload.value = ()
        finally:
            self._resetting = False


def failure_sentence(exc: Exception) -> str:
    """One Danish sentence for a failed check or import (the details go to the log)."""
    if isinstance(exc, UploadError | KeyFileError | StoreError):
        return str(exc)
    if isinstance(exc, WorkerDied):
        log.error("Kontrollen af et regneark stoppede: %s", exc)
        return (
            "Kontrollen stoppede uventet: regnearket fik programmet, der læser det, til at "
            "gå ned. Intet er indlæst, og datamappen er uændret. Gem regnearket igen fra Excel "
            "som .xlsx, og prøv igen; kontakt den, der driver Tværblik, hvis det sker igen."
        )
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return f"Regnearkene kunne ikke gemmes midlertidigt ({reason}). Prøv igen."
    log.exception("Uventet fejl på siden Data")
    return (
        "Der skete en uventet fejl, og intet er indlæst. Prøv igen, og kontakt den, der driver "
        "Tværblik, hvis det sker igen."
    )


def data_page(data_dir: Path | None = None) -> widgets.Widget:
    """The Data page as one widget, for ``dashboards/Data.ipynb``."""
    return DataPage(data_dir).widget
