"""check_files: read and validate a set of workbooks into one report and clean frames."""

# ReferenceData is re-exported: callers build it from the store.

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.config import Limits
from toolkit.schema import Kind
from toolkit.workbook.additive import add_together
from toolkit.workbook.reader import RawSheet, RawWorkbook, read_workbook
from toolkit.workbook.references import ReferenceData, check_references
from toolkit.workbook.report import Category, Issue, Report, Severity
from toolkit.workbook.rules import check_sheet
from toolkit.workbook.scenario_rules import check_scenarios
from toolkit.workbook.typed import TypedSheet, derive_from_cpr, type_sheet

Progress = Callable[[str], None]
__all__ = ["CheckResult", "ReferenceData", "SourceFile", "check_files"]


@dataclass(frozen=True)
class SourceFile:
    """A workbook handed in: what the manifest and the audit log record about it."""

    path: Path
    name: str
    sha256: str
    size: int
    kind: str | None  # "register", "oekonomi", "scenarier" or None when not recognised


@dataclass
class CheckResult:
    report: Report
    sources: list[SourceFile] = field(default_factory=list)
    # workbook kind -> table -> frame with the schema's canonical column names. CPR columns
    # hold normalised 10-digit CPR text (not yet pseudonymised); blank sex/birth_year are
    # derived from the CPR; dtypes as toolkit.register.column_dtype.
    tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.report.has_errors


def check_files(
    paths: Sequence[Path],
    reference: ReferenceData | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Read and validate ``paths`` (at most one workbook of each kind: register, economy,
    scenarios).

    Every problem ends up in one report; nothing stops at the first error. Cross-workbook
    references are checked against the other workbook when both are given, else against
    ``reference`` (the stored version), else reported as a warning.
    """
    with _cycle_collector_paused():
        return _check_files(paths, reference, limits or Limits.from_env(), progress)


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Reading a register allocates millions of rows and cells, none of them in a reference
    cycle: reference counting frees them. Python's cycle collector would walk all of them
    again at every full collection, a fifth of an import's time at 100.000 interventions,
    for nothing; it pauses while workbooks are read and checked and resumes as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_files(
    paths: Sequence[Path],
    reference: ReferenceData | None,
    limits: Limits,
    progress: Progress | None,
) -> CheckResult:
    say = progress or (lambda _message: None)
    report = Report()
    result = CheckResult(report)
    books: dict[str, RawWorkbook] = {}
    typed: dict[str, dict[str, TypedSheet]] = {}
    memos: dict[Kind, dict[object, object]] = {}
    for path in map(Path, paths):
        say(f"Læser og kontrollerer {path.name} …")
        checked: dict[str, TypedSheet] = {}

        def check_sheet_now(raw_sheet: RawSheet, file: str = path.name,
                            into: dict[str, TypedSheet] = checked) -> None:  # fmt: skip
            sheet, issues = type_sheet(raw_sheet, file, memos)
            report.extend(issues)
            report.extend(check_sheet(sheet))
            into[raw_sheet.sheet.table] = sheet

        raw, issues = read_workbook(path, limits, check_sheet_now)
        report.extend(issues)
        result.sources.append(source_file(path, raw.kind if raw else None))
        if raw is None:
            continue
        if raw.kind in books:
            report.add(
                Issue(
                    Severity.ERROR,
                    Category.FILE,
                    path.name,
                    f"Der er givet to projektmapper af samme slags ({raw.kind}): "
                    f"{books[raw.kind].path.name} og {path.name}.",
                )
            )
            continue
        books[raw.kind] = raw
        typed[raw.kind] = {table: checked[table] for table in raw.sheets}
    say("Kontrollerer henvisninger mellem ark …")
    report.extend(check_references(typed, reference))
    if "scenarier" in typed:
        report.extend(check_scenarios(typed["scenarier"]))
    if "citizens" in typed.get("register", {}):
        derive_from_cpr(typed["register"]["citizens"])
    result.tables = {kind: _added_together(sheets, report) for kind, sheets in typed.items()}
    return result


def _added_together(sheets: dict[str, TypedSheet], report: Report) -> dict[str, pd.DataFrame]:
    """The sheets' frames, rows of money sheets that share a key added together."""
    frames = {}
    for table, sheet in sheets.items():
        frames[table], notes = add_together(sheet)
        report.extend(notes)
    return frames


def source_file(path: Path, kind: str | None) -> SourceFile:
    """What the manifest and the audit log record about a file handed in: name, size and
    SHA-256 (read in chunks, so a big file is never held whole)."""
    digest = hashlib.sha256()
    size = 0
    if path.is_file():
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
    return SourceFile(path, path.name, digest.hexdigest(), size, kind)
