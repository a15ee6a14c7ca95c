"""Cell values -> typed columns, tolerant of what Excel users type.

``convert_column`` takes the raw cell values of one column (as python-calamine returns them:
str, float, int, bool, date, datetime, time or "" for blank) and returns a typed Series plus
the positions that could not be read, with a Danish reason. Registers repeat the same codes,
dates and CPR numbers many times, so each distinct raw value is parsed once (pandas
factorize) and the results are spread back: a million-row sheet costs a few thousand parses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from toolkit import pseudonyms, register, schema
from toolkit.schema import Kind

_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2099-12-31 as Excel serial numbers
_DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d.%m.%y")
_MONTH_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})$|^(\d{1,2})[-/.](\d{4})$")
_DANISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_TRUE = frozenset({"ja", "j", "yes", "y", "sand", "x", "1", "true"})
_FALSE = frozenset({"nej", "n", "no", "falsk", "0", "false"})
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "_", "-": "_"})

# Text starting with these is a formula to a spreadsheet; it is stored as a string cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

MSG_DATE = "Ikke en gyldig dato. Skriv datoen som dd-mm-åååå."
MSG_MONTH = "Ikke en gyldig måned. Skriv måneden som åååå-mm eller som en dato."
MSG_INT = "Skal være et helt tal."
MSG_NUMBER = "Skal være et tal, fx 1.234,50."
MSG_BOOL = "Skal være ja eller nej."
MSG_CPR = "Ugyldigt CPR-nummer: skal være 10 cifre (ddmmåå-xxxx) med en gyldig fødselsdato."


def is_blank(value: object) -> bool:
    if type(value) is str:
        return not value or value.isspace()
    return value is None


def _text(value: object) -> str:
    if type(value) is str:
        if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
            value = value[1:]  # the mark earlier versions of the writer added
        return " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an ID typed as a number: 1001.0 -> "1001"
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def code_lookup(codes: schema.CodeList) -> dict[str, str]:
    """Every way a controller may write a code -> the code: any case, the Danish label,
    Danish letters or spaces instead of the ASCII code spelling."""
    lookup: dict[str, str] = {}
    for code, label in codes.labels.items():
        for variant in (code, label):
            key = _code_key(variant)
            lookup.setdefault(key, code)
            lookup.setdefault(key.translate(_TRANSLITERATE), code)
    return lookup


def _code_key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    if isinstance(value, str):
        text = value.strip().split(" ")[0].split("T")[0]
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    return None


def parse_month(value: object) -> date | None:
    if isinstance(value, str):
        match = _MONTH_TEXT.match(value.strip())
        if match:
            year = int(match.group(1) or match.group(4))
            month = int(match.group(2) or match.group(3))
            return date(year, month, 1) if 1 <= month <= 12 else None
    parsed = parse_date(value)
    return parsed.replace(day=1) if parsed else None


def parse_number(value: object) -> float | None:
    """Numbers as Excel stores them, or Danish text: '1.234,50', '1234,5', '12 500 kr.'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u2212", "-").replace("\xa0", "").replace(" ", "")
    text = text.removesuffix("kr.").removesuffix("kr").removesuffix("%").strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _DANISH_THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def parse_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return {1: True, 0: False}.get(int(value)) if float(value).is_integer() else None
    key = _text(value).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


def parse_int(value: object) -> int | None:
    number = value if type(value) is int else parse_number(value)
    if number is None or not float(number).is_integer() or abs(number) > 2**53:
        return None
    return int(number)


def parse_cpr(value: object) -> str | None:
    cpr = pseudonyms.normalise_cpr(value)
    return cpr if cpr is not None and pseudonyms.birth_date(cpr) is not None else None


def parse_text(value: object) -> str:
    return _text(value)


def parse_code(codes: schema.CodeList) -> Callable[[object], str]:
    """Known spellings become the canonical code; unknown text is kept for the code check."""
    lookup = code_lookup(codes)

    def parse(value: object) -> str:
        key = _code_key(_text(value))
        return lookup.get(key) or lookup.get(key.translate(_TRANSLITERATE)) or key

    return parse


_PARSERS: dict[Kind, tuple[Callable[[object], object | None], str]] = {
    Kind.TEXT: (parse_text, ""),
    Kind.STAFF: (parse_text, ""),
    Kind.DEPARTMENT: (lambda value: _text(value).upper(), ""),
    Kind.INTERVENTION_TYPE: (lambda value: _text(value).lower(), ""),
    Kind.CPR: (parse_cpr, MSG_CPR),
    Kind.DATE: (parse_date, MSG_DATE),
    Kind.MONTH: (parse_month, MSG_MONTH),
    Kind.INT: (parse_int, MSG_INT),
    Kind.NUMBER: (parse_number, MSG_NUMBER),
    Kind.BOOL: (parse_bool, MSG_BOOL),
}


def parser(column: schema.Column) -> tuple[Callable[[object], object | None], str]:
    """The scalar parser for a column and the Danish message when it fails."""
    if column.kind is Kind.CODE:
        assert column.codes is not None
        return parse_code(column.codes), ""
    return _PARSERS[column.kind]


def convert_column(
    values: Sequence[object] | np.ndarray,
    column: schema.Column,
    memo: dict[object, object] | None = None,
) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Typed values (stored dtype of the column) and the (position, message) of bad cells.

    Blank cells become missing, or the column's default when it has one. ``memo`` carries
    parsed values between columns of the same kind (the same CPR numbers recur in every
    sheet of a register).
    """
    raw = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if column.kind is Kind.NUMBER:
        numbers = _plain_numbers(raw, column.default)
        if numbers is not None:
            return pd.Series(numbers, dtype="float64"), []
    codes, uniques = _factorize(raw)
    parse, message = parser(column)
    parsed: list[Any] = []
    failed: list[bool] = []
    for value in uniques:
        if is_blank(value):
            parsed.append(column.default)
            failed.append(False)
            continue
        if memo is None:
            result = parse(value)
        else:
            key = (type(value), value)
            result = memo[key] if key in memo else memo.setdefault(key, parse(value))
        parsed.append(result)
        failed.append(result is None)
    parsed.append(column.default)  # where factorize saw a missing value (code -1)
    failed.append(False)
    codes = np.where(codes < 0, len(uniques), codes)
    typed = _typed_array(parsed, register.column_dtype(column.kind))
    series = pd.Series(typed.take(codes), dtype=typed.dtype)
    bad_uniques = np.flatnonzero(failed)
    if bad_uniques.size == 0:
        return series, []
    positions = np.flatnonzero(np.isin(codes, bad_uniques))
    return series, [(int(pos), message) for pos in positions]


def _plain_numbers(raw: np.ndarray, default: object) -> np.ndarray | None:
    """The column as float64 when every cell is a number Excel stored as one or an empty
    cell (""), as in nearly every amount column: what ``parse_number`` gives each of them,
    without hashing a million floats. None when any cell needs the careful path (text,
    ja/nej, spaces, a date)."""
    empty = raw == ""
    filled = raw if not empty.any() else raw[~empty]
    if not set(map(type, filled)) <= {float, int}:
        return None
    numbers = np.full(len(raw), np.nan if default is None else default, dtype="float64")
    numbers[~empty] = filled.astype("float64")
    return numbers


_NUMBER_TYPES = frozenset({bool, int, float})
_TRUE_CELL, _FALSE_CELL = "\x00ja", "\x00nej"  # stand-ins: True == 1 and False == 0 in Python


def _factorize(raw: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Codes and distinct values, keeping a ja/nej cell apart from the numbers 1 and 0.

    factorize hashes like Python, where True == 1: a TRUE typed in a Deltagere column would
    otherwise swallow (or be swallowed by) the 1s. Only columns holding 0 or 1 pay for the
    second, careful pass.
    """
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    if _NUMBER_TYPES.isdisjoint(map(type, uniques)) or not any(
        type(u) in _NUMBER_TYPES and u in (0, 1) for u in uniques
    ):
        return codes, list(uniques)
    marked = np.empty(len(raw), dtype=object)
    marked[:] = [_TRUE_CELL if v is True else _FALSE_CELL if v is False else v for v in raw]
    codes, uniques = pd.factorize(marked, use_na_sentinel=True)
    restored = [True if u == _TRUE_CELL else False if u == _FALSE_CELL else u for u in uniques]
    return codes, restored


def _typed_array(values: list[Any], dtype: str) -> Any:
    """The parsed distinct values as an array of the stored dtype (None -> missing)."""
    if dtype == register.DATE_DTYPE:
        return np.array(["NaT" if v is None else v for v in values], dtype=dtype)
    if dtype == "float64":
        return np.array([np.nan if v is None else v for v in values], dtype="float64")
    return pd.array(values, dtype=dtype)  # type: ignore[call-overload]
