"""Cell values -> typed columns, tolerant of what Excel users type.

Each converter takes the raw cell values of one column (as python-calamine returns them:
str, float, int, bool, date, datetime, time or "" for blank) and returns the typed values
(None for blank) plus the positions that could not be read, with a Danish reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from toolkit import privacy, schema
from toolkit.schema import Kind

Converted = tuple[list[object], list[tuple[int, str]]]

_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2099-12-31 as Excel serial numbers
_DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d.%m.%y")
_MONTH_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})$|^(\d{1,2})[-/.](\d{4})$")
_DANISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_TRUE = frozenset({"ja", "j", "yes", "y", "sand", "x", "1", "true"})
_FALSE = frozenset({"nej", "n", "no", "falsk", "0", "false"})
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "_", "-": "_"})

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
        return " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an ID typed as a number: 1001.0 -> "1001"
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def convert_text(values: Sequence[object]) -> Converted:
    return [None if is_blank(v) else _text(v) for v in values], []


def convert_upper(values: Sequence[object]) -> Converted:
    return [None if is_blank(v) else _text(v).upper() for v in values], []


def convert_lower(values: Sequence[object]) -> Converted:
    return [None if is_blank(v) else _text(v).lower() for v in values], []


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


def convert_code(values: Sequence[object], codes: schema.CodeList) -> Converted:
    """Known spellings become the canonical code; unknown text is kept for the code check."""
    lookup = code_lookup(codes)
    out: list[object] = []
    for value in values:
        if is_blank(value):
            out.append(None)
            continue
        key = _code_key(_text(value))
        out.append(lookup.get(key) or lookup.get(key.translate(_TRANSLITERATE)) or key)
    return out, []


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


def convert_date(values: Sequence[object]) -> Converted:
    out: list[object] = []
    bad: list[tuple[int, str]] = []
    for pos, value in enumerate(values):
        if is_blank(value):
            out.append(None)
            continue
        parsed = value if type(value) is date else parse_date(value)
        if parsed is None:
            bad.append((pos, MSG_DATE))
        out.append(parsed)
    return out, bad


def parse_month(value: object) -> date | None:
    if isinstance(value, str):
        match = _MONTH_TEXT.match(value.strip())
        if match:
            year = int(match.group(1) or match.group(4))
            month = int(match.group(2) or match.group(3))
            return date(year, month, 1) if 1 <= month <= 12 else None
    parsed = parse_date(value)
    return parsed.replace(day=1) if parsed else None


def convert_month(values: Sequence[object]) -> Converted:
    return _convert_each(values, parse_month, MSG_MONTH)


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


def convert_number(values: Sequence[object]) -> Converted:
    return _convert_each(values, parse_number, MSG_NUMBER)


def convert_int(values: Sequence[object]) -> Converted:
    out: list[object] = []
    bad: list[tuple[int, str]] = []
    for pos, value in enumerate(values):
        if is_blank(value):
            out.append(None)
            continue
        number = value if type(value) is int else parse_number(value)
        if number is None or not float(number).is_integer():
            bad.append((pos, MSG_INT))
            out.append(None)
        else:
            out.append(int(number))
    return out, bad


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


def convert_bool(values: Sequence[object]) -> Converted:
    return _convert_each(values, parse_bool, MSG_BOOL)


def convert_cpr(values: Sequence[object]) -> Converted:
    out: list[object] = []
    bad: list[tuple[int, str]] = []
    for pos, value in enumerate(values):
        if is_blank(value):
            out.append(None)
            continue
        cpr = privacy.normalise_cpr(value)
        if cpr is None or privacy.birth_date(cpr) is None:
            bad.append((pos, MSG_CPR))
            out.append(None)
        else:
            out.append(cpr)
    return out, bad


def _convert_each(
    values: Sequence[object], parse: Callable[[object], object | None], message: str
) -> Converted:
    out: list[object] = []
    bad: list[tuple[int, str]] = []
    for pos, value in enumerate(values):
        if is_blank(value):
            out.append(None)
            continue
        parsed = parse(value)
        if parsed is None:
            bad.append((pos, message))
        out.append(parsed)
    return out, bad


def converter(column: schema.Column) -> Callable[[Sequence[object]], Converted]:
    if column.kind is Kind.CODE:
        assert column.codes is not None
        codes = column.codes
        return lambda values: convert_code(values, codes)
    return _BY_KIND[column.kind]


_BY_KIND: dict[Kind, Callable[[Sequence[object]], Converted]] = {
    Kind.TEXT: convert_text,
    Kind.STAFF: convert_text,
    Kind.DEPARTMENT: convert_upper,
    Kind.INTERVENTION_TYPE: convert_lower,
    Kind.CPR: convert_cpr,
    Kind.DATE: convert_date,
    Kind.MONTH: convert_month,
    Kind.INT: convert_int,
    Kind.NUMBER: convert_number,
    Kind.BOOL: convert_bool,
}
