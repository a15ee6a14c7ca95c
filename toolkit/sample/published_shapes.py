"""The published national files in the shapes people get them, written from canonical frames.

Jobindsats' API v2 (a list holding one ``{"Variables": [...], "Data": [[...]]}``), its API v3
(``{"columns": [...], "rows": [...]}``), the jobindsats.dk download (a title line, then
``Område;Periode;Antal personer;Antal fuldtidspersoner``, as .xlsx or as a semicolon CSV with
decimal comma), the ministry's benchmark Y30R21 (API v2) and Statistikbanken's FOLK1A (the
API's CSV with single ages, and the web download: cp1252, a title line, periods as columns).
The input frames are the canonical tables ``jobindsats``, ``benchmark`` and ``population``
(``toolkit.schema``). The sample writes its files with these (``toolkit.sample.national``) and
the border's tests read every shape back into the same frames.

The API shapes and FOLK1A's API CSV follow public code that calls them; no saved
jobindsats.dk download or statbank.dk web CSV was found, so those two are the shapes the
border is built to accept (a title line, the header found by «Område» or the periods), not
copies of a real file.

The CSV files are written here rather than through ``toolkit.workbook.tables.write_csv``:
they imitate other publishers' files (semicolons, decimal commas, cp1252), not the
toolkit's own exports.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.workbook.tables import TableSheet, write_tables

PERSONS = schema.NATIONAL_MEASURE.label("persons")
FULL_TIME = schema.NATIONAL_MEASURE.label("full_time_persons")
MEASURES = (("persons", PERSONS), ("full_time_persons", FULL_TIME))
BENCHMARK_LABELS = (
    "Area",
    "Periode",
    "Ydelsesgrupper",
    "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forventet antal",
    "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Faktisk antal",
    "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forskel mellem "
    "forventet og faktisk antal",
    "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Forventet andel (pct.)",
    "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Faktisk andel (pct.)",
    "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Forskel mellem "
    "forventet og faktisk andel (pct. point)",
    "Placering på benchmarkranglisten",
)
BENCHMARK_NAMES = (
    "area",
    "period",
    "_ygrp_y30r21",
    "mbenb01_1",
    "mbenb01_2",
    "mbenb01_3",
    "mbenb01_4",
    "mbenb01_5",
    "mbenb01_6",
    "mbenb01_7",
)
FOLK1A_HEADER = ("OMRÅDE", "KØN", "ALDER", "CIVILSTAND", "TID", "INDHOLD")
FOLK1A_TITLE = "Befolkningen den 1. i kvartalet efter område, alder og tid"
WORKING_AGES = range(16, 67)


def published_period(period: str, kind: str, *, quarter_letter: str = "Q") -> str:
    """A canonical period as the publisher writes it: 2024-03 -> 2024M03, 2024-Q1 -> 2024Q1
    (Statistikbanken: 2024K1), a rolling year 2023-Q2 -> 2023QMAT02, a year stays 2024."""
    if kind == "month":
        return period.replace("-", "M")
    if kind == "quarter":
        return period.replace("-Q", quarter_letter)
    if kind == "rolling_year":
        year, quarter = period.split("-Q")
        return f"{year}QMAT{int(quarter):02d}"
    if kind == "year":
        return period
    raise ValueError(f"unknown period kind {kind!r}")


def _cell(value: float, mark: object) -> int | float | str | None:
    """A published cell: the number (whole numbers without decimals), else the mark."""
    if pd.notna(value):
        number = float(value)
        return int(number) if number.is_integer() else number
    return None if pd.isna(mark) else str(mark)


def _single_table(frame: pd.DataFrame) -> str:
    tables = frame["table_id"].unique()
    if len(tables) != 1:
        raise ValueError(f"one Jobindsats table per file, not {list(tables)}")
    return str(tables[0])


def _jobindsats_rows(frame: pd.DataFrame) -> list[list[int | float | str | None]]:
    """One row per area and period (in the frame's order): area, period, persons, full-time."""
    rows: dict[tuple[str, str], list[int | float | str | None]] = {}
    for area, period, kind, measure, value, mark in frame[
        ["area", "period", "period_kind", "measure", "value", "mark"]
    ].itertuples(index=False):
        row = rows.setdefault((area, period), [area, published_period(period, kind), None, None])
        row[2 if measure == "persons" else 3] = _cell(value, mark)
    return list(rows.values())


def write_jobindsats_v2_json(frame: pd.DataFrame, path: Path) -> Path:
    """One Jobindsats table as the API v2 returns it (``/v2/data/{table}/json``)."""
    table = _single_table(frame).lower()
    variables = [{"Name": "area", "Label": "Område"}, {"Name": "period", "Label": "Periode"}]
    # Jobindsats' own measure ids for these tables were not seen; readers go by the labels.
    variables += [
        {"Name": f"m{table}_{index}", "Label": label}
        for index, (_, label) in enumerate(MEASURES, 1)
    ]
    body = [{"Variables": variables, "Data": _jobindsats_rows(frame)}]
    return _write_json(path, body)


def write_jobindsats_v3_json(frame: pd.DataFrame, path: Path) -> Path:
    """One Jobindsats table as the API v3 returns it (``/v3/data/{table}?format=json``)."""
    _single_table(frame)
    columns = ["Område", "Periode", *(label for _, label in MEASURES)]
    return _write_json(path, {"columns": columns, "rows": _jobindsats_rows(frame)})


def download_title(table_id: str) -> str:
    scheme = schema.NATIONAL_SCHEME.label(schema.JOBINDSATS_TABLES[table_id])
    return f"{table_id}: {scheme} - antal personer og fuldtidspersoner"


def write_jobindsats_download(frame: pd.DataFrame, path: Path) -> Path:
    """One table as jobindsats.dk's «Hent data» gives it: .xlsx or .csv by the suffix."""
    table = _single_table(frame)
    header = ["Område", "Periode", *(label for _, label in MEASURES)]
    rows = _jobindsats_rows(frame)
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        # Row 1 holds the title, row 2 the header: the title becomes the sheet's "header".
        title_row = [download_title(table), *[""] * (len(header) - 1)]
        sheet = pd.DataFrame([header, *rows], columns=title_row, dtype=object)
        return write_tables(path, [TableSheet(table, sheet)])
    if path.suffix.lower() != ".csv":
        raise ValueError(f"a download is .xlsx or .csv, not {path.name}")
    lines: list[list[object]] = [[download_title(table)], list(header)]
    lines += [[_decimal_comma(value) for value in row] for row in rows]
    return _write_csv(path, lines, "utf-8-sig", "\r\n")


def write_benchmark_v2_json(
    frame: pd.DataFrame, path: Path, population: pd.DataFrame | None = None
) -> Path:
    """Y30R21 as the API v2 returns it. The shares (pct.) are the counts per 100 inhabitants
    16-66 of ``population`` in the period's quarter; without it they are left out (null)."""
    inhabitants: dict[tuple[str, str], float] = {}
    if population is not None:
        for place in population.to_dict("records"):
            inhabitants[(place["area"], place["period"])] = float(place["persons_16_66"])
    data = []
    for row in frame.to_dict("records"):
        mark = row["mark"]
        counts = [_cell(row[name], mark) for name in ("expected", "actual", "difference")]
        base = inhabitants.get((row["area"], row["period"]))
        shares: list[int | float | str | None] = [None, None, None]
        if base and pd.notna(row["expected"]) and pd.notna(row["actual"]):
            expected, actual = (round(100 * row[name] / base, 1) for name in ("expected", "actual"))
            shares = [expected, actual, round(expected - actual, 1)]  # the counts' sign
        rank = _cell(np.nan if pd.isna(row["rank"]) else float(row["rank"]), mark)
        period = published_period(row["period"], row["period_kind"])
        data.append([row["area"], period, row["group"], *counts, *shares, rank])
    named = zip(BENCHMARK_NAMES, BENCHMARK_LABELS, strict=True)
    variables = [{"Name": name, "Label": label} for name, label in named]
    return _write_json(path, [{"Variables": variables, "Data": data}])


def age_split(total: int) -> list[int]:
    """``total`` inhabitants spread over the single ages 16-66 (summing to ``total``
    exactly): a little fewer at the ends, the way a working-age population is shaped."""
    weights = np.array([1.0 - 0.006 * abs(age - 42) for age in WORKING_AGES])
    raw = weights / weights.sum() * total
    counts = np.floor(raw).astype(np.int64)
    short = total - int(counts.sum())
    counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return [int(count) for count in counts]


def _population_by_age(frame: pd.DataFrame) -> Iterator[tuple[str, str, int, int]]:
    """(area, FOLK1A period, age, inhabitants) for every row of the canonical frame."""
    for area, period, kind, persons in frame[
        ["area", "period", "period_kind", "persons_16_66"]
    ].itertuples(index=False):
        tid = published_period(period, kind, quarter_letter="K")
        for age, count in zip(WORKING_AGES, age_split(int(persons)), strict=True):
            yield area, tid, age, count


def write_folk1a_csv(frame: pd.DataFrame, path: Path) -> Path:
    """FOLK1A as ``api.statbank.dk/v1/data/FOLK1A/CSV`` gives it for ALDER 16-66 (UTF-8
    with BOM, semicolons, one row per area, age and quarter)."""
    rows = [
        [area, "I alt", f"{age} år", "I alt", tid, count]
        for area, tid, age, count in _population_by_age(frame)
    ]
    return _write_csv(path, [list(FOLK1A_HEADER), *rows], "utf-8-sig", "\n")


def write_folk1a_web_csv(frame: pd.DataFrame, path: Path) -> Path:
    """FOLK1A as statbank.dk's «Gem» gives it: cp1252, a title line, the quarters as
    columns, the area written only on its first row."""
    table: dict[tuple[str, int], dict[str, int]] = {}
    periods: list[str] = []
    for area, tid, age, count in _population_by_age(frame):
        table.setdefault((area, age), {})[tid] = count
        if tid not in periods:
            periods.append(tid)
    lines: list[list[object]] = [[FOLK1A_TITLE], ["", "", *periods]]
    previous = None
    for (area, age), counts in table.items():
        cells = [counts.get(tid, "..") for tid in periods]
        lines.append(["" if area == previous else area, f"{age} år", *cells])
        previous = area
    return _write_csv(path, lines, "cp1252", "\r\n")


def _decimal_comma(value: object) -> object:
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    return value


def _write_json(path: Path, body: object) -> Path:
    path = Path(path)
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def _write_csv(path: Path, lines: list[list[object]], encoding: str, end: str) -> Path:
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=";", lineterminator=end).writerows(lines)
    return path
