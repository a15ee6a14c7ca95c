"""Statistikbanken's FOLK1A as the canonical ``population``: persons 16-66 years per area
and quarter.

Two shapes: the API's CSV (``OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD``, UTF-8 with BOM; a
variable left out of the query is left out of the columns) and the statbank.dk download
(ASSUMPTION, no real one at hand: Windows-1252, a title line, the quarters as columns, the
stub cells left blank on continuation rows). Ages «16 år» … «66 år» are added up (all 51 must
be there) unless the band «16-66 år» is given; of sex and marital status the «I alt» rows
are used when present, else the parts are added up; a total is never added to its parts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from toolkit.formats import integer, listing
from toolkit.published.areas import PublishedArea, is_skipped, read_area
from toolkit.published.cells import BadCell, Cell, parse_cell, parse_period, shown
from toolkit.published.issues import FileIssues
from toolkit.published.layout import normalise
from toolkit.published.source import Grid
from toolkit.workbook.report import Category, Issue, Severity

Row = dict[str, object]
AGES = tuple(f"{age} år" for age in range(16, 67))
_BAND = "16-66 år"
_QUARTER_TOKEN = re.compile(r"\d{4}K[1-4]", re.ASCII)
_SINGLE_AGE = re.compile(r"\d+ år|\d+-\d+ år|alder i alt", re.ASCII)
_SEXES = frozenset({"mænd", "kvinder"})
_MARITAL = frozenset({"ugift", "gift/separeret", "enke/enkemand", "fraskilt"})
_TOTAL = "i alt"
_STUB_NAMES = {"område": "area", "køn": "sex", "alder": "age", "civilstand": "marital"}


def is_folk1a(grid: Grid, file_name: str) -> bool:
    if "folk1a" in file_name.casefold():
        return True
    for row in grid.rows[:10]:
        cells = [normalise(cell) for cell in row]
        if "indhold" in cells and "område" in cells:
            return True
        if any("befolkningen den 1. i kvartalet" in cell for cell in cells):
            return True
        if any(_QUARTER_TOKEN.fullmatch(str(cell).strip()) for cell in row[1:]):
            return True
    return False


@dataclass(frozen=True)
class _Record:
    area: str
    sex: str
    age: str
    marital: str
    period: str
    value: object
    number: int
    column: str


def read_population(grid: Grid, file: str) -> tuple[list[Row], list[Issue]]:
    issues = FileIssues(file, grid.sheet)
    records = _records(grid, issues)
    if records is None:
        return [], list(issues)
    regions = {r.number for r in records if is_skipped(r.area)}  # cached per area name
    issues.skipped_areas(len(regions), "regioner, landsdele eller uoplyst område")
    records = [r for r in records if not is_skipped(r.area)]
    records = _totals_or_parts(records, "sex", "Køn", issues)
    records = _totals_or_parts(records, "marital", "Civilstand", issues)
    return _persons(records, issues), list(issues)


def _records(grid: Grid, issues: FileIssues) -> list[_Record] | None:
    """One record per number in the file, or None when the shape is not FOLK1A's."""
    for at, row in enumerate(grid.rows[:15]):
        cells = [normalise(cell) for cell in row]
        if "indhold" in cells:
            return _long(grid, at, cells, issues)
        if any(_QUARTER_TOKEN.fullmatch(str(cell).strip()) for cell in row[1:]):
            return _wide(grid, at, issues)
    issues.add(Severity.ERROR, Category.SHAPE,
               "Filen ligner ikke FOLK1A fra Statistikbanken: der er hverken en kolonne "
               "«INDHOLD» eller kvartaler som kolonner (fx 2024K1).")  # fmt: skip
    return None


def _long(grid: Grid, at: int, header: list[str], issues: FileIssues) -> list[_Record] | None:
    names = ("område", "køn", "alder", "civilstand", "tid")
    where = [header.index(name) if name in header else None for name in names]
    for name in ("område", "alder", "tid"):
        if name not in header:
            issues.add(Severity.ERROR, Category.SHAPE, f"Kolonnen «{name.upper()}» mangler.")
    if not {"område", "alder", "tid"} <= set(header):
        return None
    content = header.index("indhold")
    records = []
    for row, number in zip(grid.rows[at + 1 :], grid.numbers[at + 1 :], strict=True):
        padded = row if len(row) >= len(header) else [*row, *[""] * (len(header) - len(row))]
        # A variable left out of the API query is its total («I alt»).
        area, sex, age, marital, period = [
            "I alt" if i is None else str(padded[i]).strip() for i in where
        ]
        records.append(_Record(area, sex, age, marital, period, padded[content], number, "INDHOLD"))
    return records


def _wide(grid: Grid, at: int, issues: FileIssues) -> list[_Record] | None:
    header = [str(cell).strip() for cell in grid.rows[at]]
    periods = [i for i, cell in enumerate(header) if _QUARTER_TOKEN.fullmatch(cell)]
    stubs = list(range(periods[0]))
    body = grid.rows[at + 1 :]
    filled: list[list[str]] = []
    last = [""] * len(stubs)
    for row in body:
        current = [str(row[i]).strip() if i < len(row) else "" for i in stubs]
        last = [value or previous for value, previous in zip(current, last, strict=True)]
        filled.append(last)
    roles = _stub_roles([header[i] for i in stubs], filled)
    if "area" not in roles or "age" not in roles:
        missing = "området" if "area" not in roles else "alderen"
        issues.add(Severity.ERROR, Category.SHAPE,
                   f"Filen har ingen kolonne med {missing}; hent FOLK1A igen med område og "
                   "alder (16 år … 66 år).")  # fmt: skip
        return None
    records = []
    for stub, row, number in zip(filled, body, grid.numbers[at + 1 :], strict=True):

        def part(role: str, values: list[str] = stub) -> str:
            return values[roles[role]] if role in roles else "I alt"

        for column in periods:
            value = row[column] if column < len(row) else ""
            records.append(_Record(part("area"), part("sex"), part("age"), part("marital"),
                                   header[column], value, number, header[column]))  # fmt: skip
    return records


def _stub_roles(headers: list[str], rows: list[list[str]]) -> dict[str, int]:
    """Which stub column is the area, sex, age and marital status: by its header when the
    download names it, else by its values; a column holding only «I alt» is no breakdown."""
    roles: dict[str, int] = {}
    for at, header in enumerate(headers):
        if (role := _STUB_NAMES.get(normalise(header))) is not None:
            roles[role] = at
    for at in range(len(headers)):
        if at in roles.values():
            continue
        values = {normalise(row[at]) for row in rows}
        if any(_SINGLE_AGE.fullmatch(v) for v in values) and "age" not in roles:
            roles["age"] = at
        elif values & _SEXES and "sex" not in roles:
            roles["sex"] = at
        elif values & _MARITAL and "marital" not in roles:
            roles["marital"] = at
        elif values - {_TOTAL, ""} and "area" not in roles:
            roles["area"] = at
    return roles


def _totals_or_parts(
    records: list[_Record], field: str, label: str, issues: FileIssues
) -> list[_Record]:
    members = {normalise(m) for m in {getattr(r, field) for r in records}}
    if _TOTAL in members:
        return [r for r in records if _is_total(getattr(r, field))]
    if field == "sex" and members and not members >= _SEXES:
        issues.add(Severity.ERROR, Category.VALUE,
                   f"Filen har hverken «I alt» eller både Mænd og Kvinder for {label.lower()}; "
                   "befolkningen kan ikke tælles sammen.")  # fmt: skip
        return []
    if len(members) > 1:
        names = sorted({getattr(r, field) for r in records})
        issues.add(Severity.INFO, Category.VALUE,
                   f"{label}: uden «I alt» lægges {listing(names)} sammen.")  # fmt: skip
    return records


@lru_cache(maxsize=1024)
def _is_total(member: str) -> bool:
    return normalise(member) == _TOTAL


def _persons(records: list[_Record], issues: FileIssues) -> list[Row]:
    parts: dict[tuple[str, str], dict[str, list[tuple[Cell, _Record]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    seen: dict[tuple[str, str, str, str, str], _Record] = {}
    for record in records:
        key = (record.area, record.period, record.sex, record.age, record.marital)
        if key in seen:
            issues.add(Severity.ERROR, Category.VALUE,
                       f"Tallet for {record.area}, {record.age}, {record.period} står to gange "
                       f"(også i række {seen[key].number}).", row=record.number)  # fmt: skip
            continue
        seen[key] = record
        age = " ".join(record.age.split())
        if age not in AGES and age != _BAND:
            continue
        try:
            cell = parse_cell(record.value)
        except BadCell as exc:
            issues.add(Severity.ERROR, Category.VALUE, str(exc), row=record.number,
                       column=record.column, value=shown(record.value))  # fmt: skip
            continue
        if cell.value < 0 or not (cell.missing or cell.value.is_integer()):
            issues.add(Severity.ERROR, Category.VALUE,
                       "Et antal indbyggere skal være et helt tal på 0 eller mere.",
                       row=record.number, column=record.column,
                       value=shown(record.value))  # fmt: skip
            continue
        parts[(record.area, record.period)][age].append((cell, record))
    rows: list[Row] = []
    missing_ages: dict[tuple[str, ...], list[str]] = defaultdict(list)
    marked: list[str] = []
    for (area_text, period_text), by_age in parts.items():
        ages = [_BAND] if _BAND in by_age else list(AGES)
        missing = tuple(age for age in ages if age not in by_age)
        if missing:
            missing_ages[missing].append(f"{area_text} {period_text}")
            continue
        cells = [cell for age in ages for cell, _ in by_age[age]]
        first = min(record.number for age in ages for _, record in by_age[age])
        period = parse_period(period_text)
        area = read_area(area_text)
        if period is None or area is None:
            issues.add(Severity.ERROR, Category.VALUE,
                       "Perioden kendes ikke; Statistikbanken skriver fx 2024K1." if area
                       else "Området mangler.", row=first, value=shown(period_text))  # fmt: skip
            continue
        if any(cell.missing for cell in cells):
            marked.append(f"{area_text} {period_text}")
        rows.append(_row(area, period.label, period.kind, cells, (issues.file, first)))
    for missing, where in missing_ages.items():
        issues.add(Severity.ERROR, Category.VALUE,
                   f"Alderen {_ages(missing)} mangler for {_places(where)}: alle 51 aldre fra "
                   "16 år til 66 år skal være med, eller aldersgruppen «16-66 år».")  # fmt: skip
    if marked:
        issues.add(Severity.WARNING, Category.VALUE,
                   f"Statistikbanken har intet tal for en del af befolkningen i {_places(marked)}; "
                   "antallet 16-66-årige står tomt der.")  # fmt: skip
    return rows


def _row(area: PublishedArea, period: str, kind: str, cells: list[Cell], origin: object) -> Row:
    known = None if any(cell.missing for cell in cells) else round(sum(c.value for c in cells))
    return {"area": area.name, "area_code": area.code, "period": period, "period_kind": kind,
            "persons_16_66": known, "_origin": origin}  # fmt: skip


def _ages(missing: tuple[str, ...]) -> str:
    if len(missing) <= 6:
        return listing(list(missing))
    return f"{', '.join(missing[:5])} og {integer(len(missing) - 5)} andre aldre"


def _places(where: list[str]) -> str:
    if len(where) <= 3:
        return listing(where)
    return f"{', '.join(where[:3])} og {integer(len(where) - 3)} andre"
