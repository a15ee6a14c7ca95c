"""check_published: read published files into the canonical national tables, one report."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pandas as pd

from toolkit import pseudonyms, schema
from toolkit.config import Limits
from toolkit.published.jobindsats import read_table
from toolkit.published.layout import ShapeError, from_grid, from_json, normalise
from toolkit.published.population import is_folk1a, read_population
from toolkit.published.source import (
    SUFFIXES,
    Grid,
    Unreadable,
    check_rows,
    read_csv,
    read_json,
    read_xlsx,
)
from toolkit.register import conform
from toolkit.workbook.check import SourceFile, source_file
from toolkit.workbook.plain import sheet_heads, sheet_titles
from toolkit.workbook.reader import detect_kind
from toolkit.workbook.report import Category, Issue, Report, Severity

Progress = Callable[[str], None]
Row = dict[str, object]
TABLES = ("jobindsats", "benchmark", "population")
_NO_TABLE_ID = (
    "Filen siger ikke, hvilken Jobindsats-tabel den kommer fra. Giv den et navn med "
    "tabellens id, fx y11a02.json, eller hent den igen fra jobindsats.dk."
)
_PUBLISHED_MARK = re.compile(r"(?<![a-z0-9])(y\d{2}[a-z]\d{2}|folk1a)", re.IGNORECASE)


@dataclass
class PublishedCheck:
    report: Report
    sources: list[SourceFile] = field(default_factory=list)
    # "jobindsats", "benchmark", "population" -> the canonical frame over all the files,
    # conformed to the stored dtypes (toolkit.register.conform).
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.report.has_errors


def check_published(
    paths: Sequence[Path], limits: Limits | None = None, progress: Progress | None = None
) -> PublishedCheck:
    """Read and check Jobindsats' and Statistikbanken's files (formats in ``layout.py`` and
    ``population.py``); every problem of every file in one report, nothing stops at the
    first. Rows with errors are left out of the tables; the caller stores nothing while
    the report has errors."""
    limits = limits or Limits.from_env()
    say = progress or (lambda _message: None)
    report = Report()
    result = PublishedCheck(report)
    rows: dict[str, list[Row]] = {table: [] for table in TABLES}
    for path in map(Path, paths):
        say(f"Læser og kontrollerer {path.name} …")
        found = _read_file(path, limits, report)
        result.sources.append(source_file(path, "national" if found else None))
        if found is not None:
            table, file_rows = found
            rows[table].extend(file_rows)
    say("Kontrollerer, at intet tal står to gange …")
    result.tables = {table: _frame(table, rows[table], report) for table in TABLES}
    return result


def is_published(path: Path) -> bool:
    """A published file rather than one of the three workbooks: a .json or .csv, or an
    .xlsx that is a Jobindsats download (named after its table, or saying so inside)."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return True
    if suffix != ".xlsx":
        return False
    limits = Limits.from_env()
    titles = sheet_titles(path, limits)
    if not titles or detect_kind(titles) is not None:
        return False
    heads = sheet_heads(path, limits)
    if _PUBLISHED_MARK.search(path.name):
        return True
    cells = [normalise(cell) for rows in heads.values() for row in rows for cell in row]
    return any(
        _PUBLISHED_MARK.search(cell) or "jobindsats" in cell or cell in ("område", "area")
        for cell in cells
    )


def _read_file(path: Path, limits: Limits, report: Report) -> tuple[str, list[Row]] | None:
    name = path.name
    try:
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise Unreadable(
                "Tværblik læser Jobindsats' og Statistikbankens filer som .json, .csv eller .xlsx."
            )
        if suffix == ".json":
            labelled = from_json(read_json(path, limits), name)
            check_rows(len(labelled.rows), limits)
        else:
            grid = _grid(path, limits, report)
            if is_folk1a(grid, name):
                population, issues = read_population(grid, name)
                report.extend(issues)
                return "population", population
            labelled = from_grid(grid, name)
    except Unreadable as exc:
        report.add(Issue(Severity.ERROR, Category.FILE, name, str(exc)))
        return None
    except ShapeError as exc:
        report.add(Issue(Severity.ERROR, Category.SHAPE, name, str(exc)))
        return None
    if labelled.table_id is None:
        report.add(Issue(Severity.ERROR, Category.SHAPE, name, _NO_TABLE_ID))
        return None
    if labelled.table_id not in {*schema.JOBINDSATS_TABLES, schema.BENCHMARK_TABLE}:
        report.add(Issue(Severity.ERROR, Category.SHAPE, name, _unknown_table(labelled.table_id)))
        return None
    table, table_rows, issues = read_table(labelled, name)
    report.extend(issues)
    return table, table_rows


def _grid(path: Path, limits: Limits, report: Report) -> Grid:
    if path.suffix.lower() == ".csv":
        return read_csv(path, limits)
    grid, other_sheets = read_xlsx(path, limits)
    for title in other_sheets:
        report.add(
            Issue(
                Severity.WARNING,
                Category.SHAPE,
                path.name,
                f"Kun det første ark («{grid.sheet}») læses; dette ark springes over.",
                sheet=title,
            )
        )
    return grid


def _unknown_table(table_id: str) -> str:
    known = [
        f"{tid} ({schema.NATIONAL_SCHEME.label(scheme)})"
        for tid, scheme in schema.JOBINDSATS_TABLES.items()
    ]
    return (
        f"Jobindsats-tabellen {table_id} bruges ikke af Tværblik. Tværblik læser "
        f"{', '.join(known)} og {schema.BENCHMARK_TABLE} (benchmark)."
    )


_TEXT_COLUMNS = ("area", "group", "mark")


def _frame(table: str, rows: list[Row], report: Report) -> pd.DataFrame:
    """The table's rows as a conformed frame; a key given twice is an error naming both."""
    keys = schema.sheet(table).unique_together
    first: dict[tuple[object, ...], tuple[str, int]] = {}
    kept: list[Row] = []
    for row in rows:
        key = tuple(row[k] for k in keys)
        file, number = cast(tuple[str, int], row["_origin"])
        if key in first:
            other_file, other_number = first[key]
            report.add(
                Issue(
                    Severity.ERROR,
                    Category.VALUE,
                    file,
                    f"Tallet for {_key_text(table, row)} står to gange: i {other_file} "
                    f"række {other_number} og i {file} række {number}.",
                    row=number,
                )
            )
            continue
        first[key] = (file, number)
        cpr_like = [c for c in _TEXT_COLUMNS if c in row and pseudonyms.contains_cpr(str(row[c]))]
        if cpr_like:
            # Nothing shaped like a CPR number reaches the store (it would refuse the whole
            # import without saying where); the report masks the number itself.
            report.add(Issue(Severity.ERROR, Category.VALUE, file,
                             "Cellen ligner et CPR-nummer; offentliggjorte tal indeholder ingen "
                             "personoplysninger, så filen er ikke den rigtige.",
                             row=number, value=str(row[cpr_like[0]])))  # fmt: skip
            continue
        kept.append(row)
    columns = list(schema.stored_columns(schema.sheet(table)))
    frame = pd.DataFrame([{c: row[c] for c in columns} for row in kept], columns=columns)
    frame = frame.sort_values(list(keys), kind="stable") if len(frame) else frame
    return conform(table, frame.astype(object).where(frame.notna(), None))


def _key_text(table: str, row: Row) -> str:
    where = f"{row['area']}, {row['period']}"
    if table == "jobindsats":
        return f"{row['table_id']} {schema.NATIONAL_MEASURE.label(str(row['measure']))}, {where}"
    if table == "benchmark":
        return f"{where}, {row['group']}"
    return where
