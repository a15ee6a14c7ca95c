"""The shapes Jobindsats publishes in, brought to one: a header of labels and rows under it.

- API v2 JSON: a list whose element 0 holds ``Variables`` (``Name``, ``Label``, …) and
  ``Data`` (positional rows); also double-encoded as a JSON string, and with a UTF-8 BOM.
- API v3 JSON: ``{"columns": [labels], "rows": [[…]]}``.
- The jobindsats.dk download as .xlsx or semicolon CSV. ASSUMPTION (no real download was at
  hand when this was written; check against one): title lines, one naming the table («Y11A02:
  Ressourceforløb»), then a header row, either long (``Område;Periode;Antal personer;…``) or
  wide with the periods as columns (``Område;2024M01;2024M02;…``; the one measure shown is
  then named in a title line or the header's first cell). Both layouts are accepted.

Neither API body names its table, so the table id comes from the file name (y11a02.json);
the benchmark table Y30R21 is also recognised by its labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit import schema
from toolkit.published.cells import looks_like_period, shown
from toolkit.published.source import Grid

_TABLE_ID = re.compile(r"(?<![A-Za-z0-9])(Y\d{2}[A-Z]\d{2})(?![0-9])", re.IGNORECASE)
_HEADER_SCAN_ROWS = 15
AREA_HEADERS = frozenset({"område", "area", "kommune", "jobcenter", "områder"})
PERIOD_HEADERS = frozenset({"periode", "period", "tid"})
MEASURE_LABELS = {label.casefold(): code for code, label in schema.NATIONAL_MEASURE.labels.items()}
BENCHMARK_LABELS = (
    "placering på benchmarkranglisten",
    "forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse",
)


class ShapeError(ValueError):
    """The file is not in a shape Tværblik reads; ``args[0]`` is one Danish sentence."""


@dataclass
class Labelled:
    """A Jobindsats table as labels and rows; ``numbers[i]`` locates ``rows[i]`` in the
    file (CSV line, Excel row, or position in the JSON rows)."""

    headers: list[str]
    rows: list[list[object]]
    numbers: list[int]
    table_id: str | None = None
    sheet: str | None = None


def normalise(text: object) -> str:
    return " ".join(str(text if text is not None else "").replace("\xa0", " ").split()).casefold()


def from_json(body: object, file_name: str) -> Labelled:
    if isinstance(body, list) and body and isinstance(body[0], dict):
        first = body[0]
        if "Variables" not in first or "Data" not in first:
            missing = "Variables" if "Variables" not in first else "Data"
            raise ShapeError(
                f"JSON-filen ligner et svar fra Jobindsats' API, men mangler «{missing}». "
                "Hent den igen fra api.jobindsats.dk."
            )
        return _from_v2(first["Variables"], first["Data"], file_name)
    if isinstance(body, dict) and "columns" in body and "rows" in body:
        return _from_v3(body["columns"], body["rows"], file_name)
    if isinstance(body, dict) and len(body) == 1 and not next(iter(body.values())):
        raise ShapeError(
            "Filen er Jobindsats' afvisning af forespørgslen, ikke data "
            f"(«{shown(next(iter(body)))}»). Hent tallene igen med en gyldig nøgle."
        )
    raise ShapeError(
        "JSON-filen har ikke Jobindsats' opbygning: den skal være en liste med «Variables» "
        "og «Data» (API v2) eller et objekt med «columns» og «rows» (API v3)."
    )


def _from_v2(variables: object, data: object, file_name: str) -> Labelled:
    if not isinstance(variables, list) or not all(isinstance(v, dict) for v in variables):
        raise ShapeError("«Variables» i JSON-filen skal være en liste af variable.")
    headers = [str(v.get("Label") or v.get("Name") or "") for v in variables]
    if not all(headers):
        raise ShapeError("En variabel i «Variables» har hverken «Label» eller «Name».")
    return _labelled(headers, data, "Data", file_name)


def _from_v3(columns: object, rows: object, file_name: str) -> Labelled:
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise ShapeError("«columns» i JSON-filen skal være en liste af kolonnenavne.")
    return _labelled(list(columns), rows, "rows", file_name)


def _labelled(headers: list[str], data: object, key: str, file_name: str) -> Labelled:
    if not isinstance(data, list) or not all(isinstance(row, list) for row in data):
        raise ShapeError(f"«{key}» i JSON-filen skal være en liste af rækker.")
    labelled = Labelled(headers, data, list(range(1, len(data) + 1)))
    labelled.table_id = _table_id(file_name, [], headers)
    return labelled


def from_grid(grid: Grid, file_name: str) -> Labelled:
    """A download's rows: title lines, then a long or wide header."""
    at = _header_row(grid.rows)
    if at is None:
        raise ShapeError(
            "Filen har ingen overskriftsrække med «Område» og «Periode» (eller perioder som "
            "kolonner, fx 2024M01). Hent den igen fra jobindsats.dk."
        )
    titles = [" ".join(_text(c) for c in row if c not in (None, "")) for row in grid.rows[:at]]
    header = [" ".join(_text(c).split()) for c in grid.rows[at]]
    while header and not header[-1]:
        header.pop()
    rows, numbers = grid.rows[at + 1 :], grid.numbers[at + 1 :]
    table_id = _table_id(file_name, titles, header)
    if any(normalise(cell) in PERIOD_HEADERS for cell in header):
        labelled = Labelled(header, rows, numbers, table_id, grid.sheet)
    else:
        labelled = _unpivot(header, rows, numbers, titles)
        labelled.table_id, labelled.sheet = table_id, grid.sheet
    return labelled


def _text(cell: object) -> str:
    """A header or title cell as text; a year typed into Excel comes back as 2024.0."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


def _header_row(rows: list[list[object]]) -> int | None:
    for at, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        wide = any(map(looks_like_period, row[1:])) and not looks_like_period(row[0])
        if wide or any(normalise(cell) in AREA_HEADERS for cell in row):
            return at
    return None


def _unpivot(
    header: list[str], rows: list[list[object]], numbers: list[int], titles: list[str]
) -> Labelled:
    """A wide download (periods as columns) as long rows with one measure column."""
    periods = [i for i, cell in enumerate(header) if looks_like_period(cell)]
    stubs = list(range(periods[0]))
    measure = _wide_measure(header[0], titles)
    if measure is None:
        raise ShapeError(
            "Filen har perioderne som kolonner, men siger ikke, hvilket måletal tallene er. "
            "Skriv fx «Antal personer» i den første celle i overskriftsrækken, eller hent "
            "filen igen med Område og Periode som rækker."
        )
    stub_headers = [header[i] or f"Kolonne {i + 1}" for i in stubs]
    if normalise(header[0]) == normalise(measure) or not header[0]:
        stub_headers[0] = "Område"
    long_rows: list[list[object]] = []
    long_numbers: list[int] = []
    for row, number in zip(rows, numbers, strict=True):
        padded = list(row) + [""] * (len(header) - len(row))
        for column in periods:
            long_rows.append([*(padded[i] for i in stubs), header[column], padded[column]])
            long_numbers.append(number)
    return Labelled([*stub_headers, "Periode", measure], long_rows, long_numbers)


def _wide_measure(first_cell: str, titles: list[str]) -> str | None:
    """The measure a wide download shows: its header's first cell, else a title line."""
    candidates = [first_cell, *titles]
    for text in candidates:
        lowered = normalise(text)
        for label in sorted(MEASURE_LABELS, key=len, reverse=True):
            if label in lowered:
                return schema.NATIONAL_MEASURE.label(MEASURE_LABELS[label])
    if first_cell and normalise(first_cell) not in AREA_HEADERS:
        return first_cell  # another measure: reported as not used by the reader of the rows
    return None


def _table_id(file_name: str, titles: list[str], headers: list[str]) -> str | None:
    for text in (*titles, file_name):
        if match := _TABLE_ID.search(text):
            return match[1].upper()
    lowered = [normalise(h) for h in headers]
    if any(h.startswith(BENCHMARK_LABELS) for h in lowered):
        return schema.BENCHMARK_TABLE
    return None
