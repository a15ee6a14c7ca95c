"""The national part of an import: the published files, checked by :mod:`toolkit.published`,
merged into the national figures of the version the import builds on.

Jobindsats and Statistikbanken publish a window of periods, and a file holds one table: a
newer download revises the periods it holds, and an older period it no longer holds must
stay. So a row of the new files replaces the stored row with the same key (the table's
``unique_together``: table, measure, area and period for Jobindsats; area, period and group
for the benchmark; area and period for the population), and every other stored row is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit import formats, schema
from toolkit.config import Limits
from toolkit.published import check_published
from toolkit.register import National, conform
from toolkit.store import Store
from toolkit.workbook.check import SourceFile
from toolkit.workbook.report import Category, Issue, Report, Severity

# What the report calls each table's rows: Jobindsats' table id (a column of its own), the
# benchmark's table, Statistikbanken's table.
POPULATION_TABLE = "FOLK1A"
_LABEL_COLUMN = {"jobindsats": "table_id"}
_FIXED_LABEL = {"benchmark": schema.BENCHMARK_TABLE, "population": POPULATION_TABLE}


@dataclass(frozen=True)
class MergeCount:
    """What the new files do to one published table: stored rows replaced, new rows added,
    stored rows of the same table kept as they were."""

    table: str  # jobindsats, benchmark or population
    label: str  # Y11A02, Y30R21, FOLK1A
    replaced: int
    added: int
    kept: int

    def sentence(self) -> str:
        new = "ny" if self.added == 1 else "nye"
        said = [f"{_rows(self.replaced)} erstattet", f"{formats.integer(self.added)} {new}"]
        if self.kept:
            said.append(f"{_rows(self.kept)} fra den gemte version beholdt")
        return f"{self.label}: {', '.join(said)}."


@dataclass(frozen=True)
class NationalCheck:
    """The published files checked and merged: the report (the check's issues, then one
    line per table merged), the files, the whole national part the import would store, and
    the version whose rows it keeps (None: none were stored)."""

    report: Report
    sources: list[SourceFile]
    national: National
    merged_with: str | None


def check_national(
    store: Store,
    paths: Sequence[Path],
    limits: Limits | None = None,
    progress: Callable[[str], None] | None = None,
) -> NationalCheck:
    """Check the published files and merge them into the store's current national part."""
    checked = check_published(list(paths), limits, progress)
    sources = list(checked.sources)
    report = Report(list(checked.report.issues))
    stored, version = stored_national(store)
    if report.has_errors:
        return NationalCheck(report, sources, stored, None)
    merged, counts = merge_national(stored, checked.tables)
    for count in counts:
        report.add(
            Issue(
                Severity.INFO,
                Category.VALUE,
                _files_named(count.label, sources),
                count.sentence(),
            )
        )
    return NationalCheck(report, sources, merged, version if counts else None)


def stored_national(store: Store) -> tuple[National, str | None]:
    """The current version's national part and that version; empty and None when nothing
    or no national part is stored."""
    version = store.current_version()
    if version is None:
        return National(), None
    frames = {}
    for sheet in schema.NATIONAL.sheets:
        frame = store.read_table(sheet.table, version=version)
        if frame is not None:
            frames[sheet.table] = frame
    if not frames:
        return National(), None
    return National.from_tables(frames), version


def merge_national(
    stored: National, new: Mapping[str, pd.DataFrame]
) -> tuple[National, list[MergeCount]]:
    """``stored`` with the rows of ``new`` (table -> rows) in place of those with the same
    key; what that did, per table id."""
    tables = stored.tables()
    counts: list[MergeCount] = []
    for sheet in schema.NATIONAL.sheets:
        incoming = new.get(sheet.table)
        if incoming is None or incoming.empty:
            continue
        incoming = conform(sheet.table, incoming)
        before = tables[sheet.table]
        keys = list(sheet.unique_together)
        stored_keys = pd.MultiIndex.from_frame(before[keys])
        new_keys = pd.MultiIndex.from_frame(incoming[keys])
        replaced = stored_keys.isin(new_keys)
        replacing = new_keys.isin(stored_keys)
        kept = before[~replaced]
        combined = pd.concat([frame for frame in (kept, incoming) if len(frame)])
        tables[sheet.table] = conform(sheet.table, combined.sort_values(keys, kind="stable"))
        new_labels, kept_labels = _labels(sheet.table, incoming), _labels(sheet.table, kept)
        for label in dict.fromkeys(new_labels):
            mine = (new_labels == label).to_numpy()
            n_replacing = int(replacing[mine].sum())
            counts.append(
                MergeCount(
                    sheet.table,
                    label,
                    replaced=n_replacing,
                    added=int(mine.sum()) - n_replacing,
                    kept=int((kept_labels == label).sum()),
                )
            )
    return National.from_tables(tables), counts


def _labels(table: str, frame: pd.DataFrame) -> pd.Series:
    column = _LABEL_COLUMN.get(table)
    if column is not None:
        return frame[column].astype(str).str.upper().reset_index(drop=True)
    return pd.Series(_FIXED_LABEL[table], index=range(len(frame)), dtype=object)


def _files_named(label: str, sources: Sequence[SourceFile]) -> str:
    """The files whose name holds the table id (Jobindsats' files must), else all of them."""
    named = [s.name for s in sources if label.casefold() in s.name.casefold()]
    return ", ".join(named or [s.name for s in sources])


def _rows(count: int) -> str:
    return f"{formats.integer(count)} {'række' if count == 1 else 'rækker'}"
