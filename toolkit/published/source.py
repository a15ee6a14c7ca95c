"""Reading a published file's bytes safely: size first, then text, CSV rows, JSON or xlsx.

Nothing here gives the cells a meaning; that is ``layout.py`` (Jobindsats) and
``population.py`` (FOLK1A). Every refusal is an ``Unreadable`` with one Danish sentence.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from toolkit.config import Limits
from toolkit.formats import integer
from toolkit.workbook.plain import read_plain_sheets
from toolkit.workbook.safety import UnsafeFile

SUFFIXES = (".json", ".csv", ".xlsx")
# Jobindsats v2: list > object > Data > row > cell is 4 deep; Variables entries may carry a
# list of values of their own, one or two levels more. Anything deeper is not this shape.
MAX_JSON_DEPTH = 6


class Unreadable(Exception):
    """The file is refused or cannot be read; ``args[0]`` is one Danish sentence."""


@dataclass(frozen=True)
class Grid:
    """A file's non-empty rows of cells as read: ``numbers[i]`` is the line (CSV) or row
    (xlsx) of ``rows[i]``; ``sheet`` names the xlsx sheet."""

    rows: list[list[object]]
    numbers: list[int]
    sheet: str | None = None


def _check_size(path: Path, limits: Limits) -> int:
    if not path.exists():
        raise Unreadable("Filen findes ikke.")
    if path.is_dir():
        raise Unreadable("Stien er en mappe, ikke en fil.")
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise Unreadable(
            f"Filen fylder {_mb(size)} MB; grænsen er {_mb(limits.max_file_bytes)} MB. "
            "Del den op, eller hæv grænsen med TVAERBLIK_MAX_FILE_MB."
        )
    return size


def read_text(path: Path, limits: Limits) -> str:
    """The file as text: UTF-8 (with or without BOM), else Windows-1252 (Danish Excel's
    «CSV (semikolonsepareret)»)."""
    _check_size(path, limits)
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's «Unicode-tekst» (tab-separated UTF-16).
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise Unreadable("Filen er ikke gyldig UTF-16-tekst og kan ikke læses.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise Unreadable(
                "Filen er ikke tekst i UTF-8 eller Windows-1252 og kan ikke læses."
            ) from exc
    if "\x00" in text:
        raise Unreadable("Filen indeholder binære data og er ikke en tekstfil.")
    return text.removeprefix("\ufeff")


def read_csv(path: Path, limits: Limits) -> Grid:
    text = read_text(path, limits)
    lines = text.splitlines()
    delimiter = ";" if any(";" in line for line in lines) or not any(
        "\t" in line for line in lines
    ) else "\t"  # fmt: skip
    rows: list[list[object]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, 1):
            if "".join(row).strip():
                rows.append(list(row))
                numbers.append(number)
    except csv.Error as exc:
        # The csv module's own words are English; a controller gets the line and a reason.
        raise Unreadable(
            f"Filen kan ikke læses som CSV ved linje {reader.line_num}: et felt er for langt, "
            'eller et anførselstegn (") er ikke lukket.'
        ) from exc
    check_rows(len(rows), limits)
    return Grid(rows, numbers)


def read_xlsx(path: Path, limits: Limits) -> tuple[Grid, list[str]]:
    """The first sheet holding values, and the titles of any further ones (not read)."""
    try:
        sheets = read_plain_sheets(path, limits)
    except UnsafeFile as exc:
        raise Unreadable(str(exc)) from exc
    if not sheets:
        raise Unreadable("Projektmappen er tom.")
    first = sheets[0]
    check_rows(len(first.rows), limits)
    return Grid(first.rows, first.numbers, first.title), [s.title for s in sheets[1:]]


def read_json(path: Path, limits: Limits) -> object:
    """The parsed body; a body that is itself a JSON string (double-encoded, as some
    Jobindsats clients save it) is parsed once more."""
    text = read_text(path, limits).strip()
    body: object = _loads(text)
    if isinstance(body, str):
        body = _loads(body.strip().removeprefix("\ufeff"))
    if _depth(body) > MAX_JSON_DEPTH:
        raise Unreadable(
            f"JSON-filen er indlejret dybere, end Jobindsats' svar er (højst "
            f"{MAX_JSON_DEPTH} niveauer); den afvises."
        )
    return body


def check_rows(count: int, limits: Limits) -> None:
    if count > limits.max_rows_per_sheet:
        raise Unreadable(
            f"Filen har {integer(count)} rækker; grænsen er "
            f"{integer(limits.max_rows_per_sheet)}. Hæv grænsen med TVAERBLIK_MAX_ROWS, "
            "hvis filen er i orden."
        )


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise Unreadable(
            "JSON-filen er indlejret så dybt, at den ikke kan være et svar fra Jobindsats; "
            "den afvises."
        ) from exc
    except ValueError as exc:
        raise Unreadable(
            "Filen er ikke gyldig JSON (den er afskåret eller ændret). Hent den igen."
        ) from exc


def _depth(body: object) -> int:
    """How deeply lists and objects nest in ``body`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(body, 0)]
    while stack:
        node, level = stack.pop()
        children: list[object] = []
        if isinstance(node, list):
            children = node
        elif isinstance(node, dict):
            children = list(node.values())
        else:
            continue
        deepest = max(deepest, level + 1)
        if level + 1 > MAX_JSON_DEPTH + 1:
            return level + 1
        stack.extend((child, level + 1) for child in children)
    return deepest


def _mb(size: int) -> str:
    return f"{size / 1024**2:.1f}".replace(".", ",").removesuffix(",0")
