"""A Jobindsats table's labelled rows as canonical rows of ``jobindsats`` or ``benchmark``.

Columns are told apart by their labels: the area, the period, the measures we use («Antal
personer», «Antal fuldtidspersoner»; for Y30R21 the expected, actual and difference in
full-time persons and the rank), other measures (skipped, said once) and dimensions (Køn,
Herkomst, Alder …). Of a dimension the total member («I alt», «Alle», «… i alt») is kept;
without one the members are added up, and the report says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from toolkit import schema
from toolkit.formats import integer, listing
from toolkit.published.areas import PublishedArea, is_skipped, read_area
from toolkit.published.cells import BadCell, Cell, ParsedPeriod, parse_cell, parse_period, shown
from toolkit.published.issues import FileIssues
from toolkit.published.layout import AREA_HEADERS, MEASURE_LABELS, PERIOD_HEADERS, Labelled
from toolkit.published.layout import normalise as norm
from toolkit.workbook.report import Category, Issue, Severity

Row = dict[str, object]  # a canonical row, plus "_origin": (file, row number)
_BENCHMARK_SUFFIXES = {
    "forventet antal": "expected",
    "faktisk antal": "actual",
    "forskel mellem forventet og faktisk antal": "difference",
}
_RANK = "placering på benchmarkranglisten"
_GROUP = "ydelsesgrupper"
_MEASURE_WORDS = ("antal", "fuldtidspersoner", "andel", "forventet", "faktisk", "forskel",
                  "placering", "gennemsnit")  # fmt: skip
_TOTALS = frozenset({"i alt", "alle", "total", "i alt/total"})
_MAY_BE_NEGATIVE = frozenset({"difference"})


@dataclass
class _Parsed:
    area: PublishedArea
    period: ParsedPeriod
    dims: tuple[str, ...]
    group: str
    cells: dict[str, Cell]
    number: int


def read_table(labelled: Labelled, file: str) -> tuple[str, list[Row], list[Issue]]:
    """(canonical table name, rows, issues) for a labelled table whose id is known."""
    table_id = labelled.table_id or ""
    benchmark = table_id == schema.BENCHMARK_TABLE
    table = "benchmark" if benchmark else "jobindsats"
    issues = FileIssues(file, labelled.sheet)
    roles = _roles(labelled, benchmark)
    _check_columns(roles, labelled.headers, benchmark, issues)
    if issues.has_errors:
        return table, [], list(issues)
    parsed: list[_Parsed] = []
    regions = 0
    for raw, number in zip(labelled.rows, labelled.numbers, strict=True):
        if len(raw) == len(labelled.headers) and is_skipped(raw[roles.area or 0]):
            regions += 1
        elif (row := _parse_row(raw, number, roles, labelled.headers, issues)) is not None:
            parsed.append(row)
    issues.skipped_areas(regions, "regioner, RAR-områder eller uoplyst område")
    for position, at in enumerate(roles.dims):
        parsed, note = _collapse(parsed, position, labelled.headers[at], benchmark)
        if note:
            severity = Severity.ERROR if benchmark else Severity.INFO
            issues.add(severity, Category.SHAPE, note, column=labelled.headers[at])
    if benchmark:
        return table, [_benchmark_row(p, file) for p in parsed], list(issues)
    scheme = schema.JOBINDSATS_TABLES[table_id]
    rows = [
        _jobindsats_row(p, table_id, scheme, code, cell, file)
        for p in parsed
        for code, cell in p.cells.items()
    ]
    return table, rows, list(issues)


def _check_columns(roles: _Roles, headers: list[str], benchmark: bool, issues: FileIssues) -> None:
    for header, role in (("Område", roles.area), ("Periode", roles.period)):
        if role is None:
            issues.add(Severity.ERROR, Category.SHAPE, f"Kolonnen «{header}» mangler.")
    if benchmark and roles.group is None:
        issues.add(Severity.ERROR, Category.SHAPE, "Kolonnen «Ydelsesgrupper» mangler.")
    if not roles.measures:
        wanted = (
            "«Forventet antal», «Faktisk antal» eller «Placering på benchmarkranglisten»"
            if benchmark
            else "«Antal personer» eller «Antal fuldtidspersoner»"
        )
        issues.add(Severity.ERROR, Category.SHAPE, f"Filen har ingen kolonne med {wanted}.")
    if roles.skipped:
        skipped = _quoted([headers[i] for i in roles.skipped])
        issues.add(Severity.INFO, Category.SHAPE,
                   f"Måletal, som Tværblik ikke bruger, springes over: {skipped}.")  # fmt: skip


def _parse_row(
    raw: list[object], number: int, roles: _Roles, headers: list[str], issues: FileIssues
) -> _Parsed | None:
    """The row's area, period and measures; None (and the errors reported) when any is bad."""
    if len(raw) != len(headers):
        issues.add(Severity.ERROR, Category.VALUE,
                   f"Rækken har {integer(len(raw))} værdier, men overskriften har "
                   f"{integer(len(headers))} kolonner.", row=number)  # fmt: skip
        return None
    assert roles.area is not None and roles.period is not None  # _check_columns said so
    area = read_area(raw[roles.area])
    if area is None:
        issues.add(Severity.ERROR, Category.VALUE, "Området mangler.", row=number,
                   column=headers[roles.area])  # fmt: skip
    period = parse_period(raw[roles.period])
    if period is None:
        issues.add(Severity.ERROR, Category.VALUE,
                   "Perioden kendes ikke; Jobindsats skriver fx 2024M01, 2024Q1, 2024 eller "
                   "2023QMAT02.", row=number, column=headers[roles.period],
                   value=shown(raw[roles.period]))  # fmt: skip
    cells = {}
    for at, code in roles.measures.items():
        problem = None
        try:
            cell = parse_cell(raw[at])
        except BadCell as exc:
            problem = str(exc)
        else:
            problem = _measure_problem(code, cell)
        if problem is not None:
            issues.add(Severity.ERROR, Category.VALUE, problem, row=number, column=headers[at],
                       value=shown(raw[at]))  # fmt: skip
            continue
        cells[code] = cell
    if area is None or period is None or len(cells) != len(roles.measures):
        return None
    group = str(raw[roles.group]).strip() if roles.group is not None else ""
    dims = tuple(str(raw[i]).strip() for i in roles.dims)
    return _Parsed(area, period, dims, group, cells, number)


def _measure_problem(code: str, cell: Cell) -> str | None:
    if cell.missing:
        return None
    if cell.value < 0 and code not in _MAY_BE_NEGATIVE:
        return "Et antal kan ikke være negativt."
    if code == "rank" and not (cell.value.is_integer() and cell.value >= 1):
        return "Placeringen skal være et helt tal fra 1."
    return None


@dataclass
class _Roles:
    """Which column is what (indices into the header)."""

    area: int | None = None
    period: int | None = None
    group: int | None = None
    measures: dict[int, str] = field(default_factory=dict)  # index -> measure code
    dims: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # measures Tværblik does not use


def _roles(labelled: Labelled, benchmark: bool) -> _Roles:
    roles = _Roles()
    for at, header in enumerate(labelled.headers):
        label = norm(header)
        if label in AREA_HEADERS and roles.area is None:
            roles.area = at
        elif label in PERIOD_HEADERS and roles.period is None:
            roles.period = at
        elif benchmark and label.startswith(_GROUP):
            roles.group = at
        elif (code := _measure(label, benchmark)) is not None:
            roles.measures[at] = code
        elif _looks_like_measure(label, [row[at] for row in labelled.rows if len(row) > at]):
            roles.skipped.append(at)
        else:
            roles.dims.append(at)
    return roles


def _measure(label: str, benchmark: bool) -> str | None:
    if not benchmark:
        return MEASURE_LABELS.get(label)
    if label == _RANK:
        return "rank"
    return _BENCHMARK_SUFFIXES.get(label.rsplit(": ", 1)[-1]) if ": " in label else None


def _looks_like_measure(label: str, values: list[object]) -> bool:
    if label.startswith(_MEASURE_WORDS) or "pct" in label or ": " in label:
        return True
    try:
        for value in values:
            parse_cell(value)
    except BadCell:
        return False
    return bool(values)


def _collapse(
    parsed: list[_Parsed], position: int, header: str, benchmark: bool
) -> tuple[list[_Parsed], str | None]:
    """Keep the dimension's total member; without one add the members up (a sentence)."""
    members = sorted({p.dims[position] for p in parsed})
    total = next((m for m in members if _is_total(m)), None)
    if total is not None:
        return [p for p in parsed if p.dims[position] == total], None
    if len(members) <= 1:
        return parsed, None
    if benchmark:
        return [], (
            f"Kolonnen «{header}» har ingen «I alt», og en benchmark kan ikke lægges sammen "
            "over den. Hent tabellen igen med «I alt»."
        )
    summed: dict[tuple[object, ...], _Parsed] = {}
    for p in parsed:
        key = (p.area, p.period, p.dims[:position] + p.dims[position + 1 :], p.group)
        if key not in summed:
            summed[key] = _Parsed(p.area, p.period, p.dims, p.group, dict(p.cells), p.number)
            continue
        into = summed[key].cells
        for code, cell in p.cells.items():
            into[code] = _add(into[code], cell)
    note = (
        f"Kolonnen «{header}» har ingen «I alt»; tallene for {listing(members)} er lagt "
        f"sammen ({integer(len(parsed))} rækker til {integer(len(summed))})."
    )
    return list(summed.values()), note


def _add(one: Cell, other: Cell) -> Cell:
    """A sum with a marked part is unknown: it keeps the part's mark."""
    if one.mark is not None or other.mark is not None:
        return Cell(math.nan, one.mark or other.mark)
    if one.missing or other.missing:
        return Cell(math.nan, None)
    return Cell(one.value + other.value, None)


def _is_total(member: str) -> bool:
    lowered = norm(member)
    return lowered in _TOTALS or lowered.endswith(" i alt")


def _origin(p: _Parsed, file: str) -> tuple[str, int]:
    return (file, p.number)


def _jobindsats_row(
    p: _Parsed, table_id: str, scheme: str, measure: str, cell: Cell, file: str
) -> Row:
    return {
        "table_id": table_id, "scheme": scheme, "measure": measure,
        **_where(p), "value": cell.value, "mark": cell.mark, "_origin": _origin(p, file),
    }  # fmt: skip


def _benchmark_row(p: _Parsed, file: str) -> Row:
    def value(code: str) -> float:
        return p.cells[code].value if code in p.cells else math.nan

    marks = [cell.mark for cell in p.cells.values() if cell.mark is not None]
    return {
        **_where(p), "group": p.group, "expected": value("expected"),
        "actual": value("actual"), "difference": value("difference"),
        "rank": None if math.isnan(value("rank")) else int(value("rank")),
        "mark": marks[0] if marks else None, "_origin": _origin(p, file),
    }  # fmt: skip


def _where(p: _Parsed) -> Row:
    return {"area": p.area.name, "area_code": p.area.code, "period": p.period.label,
            "period_kind": p.period.kind}  # fmt: skip


def _quoted(labels: list[str]) -> str:
    return listing([f"«{label}»" for label in labels])
