"""Danish formats for everything a user reads: 1.234.567, 12,5 %, 23-11-2026, 14:05.

One place, so the CLI, the validation report, the dashboards and the briefings agree.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DANISH_TIME = "Europe/Copenhagen"
TYPOGRAPHIC_MINUS = "\u2212"  # the minus of printed Danish (−1,4), used by the briefing


def round_half_up(value: float, decimals: int = 0) -> float:
    """Rounded as Danes round, half away from zero: 177.942,5 -> 177.943, 0,25 -> 0,3 (one
    decimal). Python's own round() rounds half to even (177.942). The value is read as it
    prints (its shortest repr), so 2,675 rounds to 2,68 although the float is a hair below."""
    if not math.isfinite(value):
        return value
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def integer(n: int) -> str:
    """1234567 -> '1.234.567'."""
    return f"{n:,}".replace(",", ".")


def number(value: float, decimals: int = 2) -> str:
    """1234.5 -> '1.234,5'; whole numbers without decimals; trailing zeros dropped."""
    value = round_half_up(value, decimals)
    if float(value).is_integer():
        return integer(int(value))
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "§").replace(".", ",").replace("§", ".")


def fixed(value: float, decimals: int = 1) -> str:
    """A measure shown with the same decimals in every row, so a column lines up:
    6 -> '6,0', 1234.56 -> '1.234,6'; no decimals: '1.235'."""
    value = round_half_up(value, decimals)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "§").replace(".", ",").replace("§", ".")


def plain(value: float) -> str:
    """Years, weeks and bounds: no thousands dot. 37 -> '37', 0.5 -> '0,5'."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")


def kroner(value: float) -> str:
    """1234567.4 -> '1.234.567 kr.' (whole kroner)."""
    return f"{integer(int(round_half_up(value)))} kr."


def millions(value: float, *, signed: bool = False, decimals: int = 1) -> str:
    """Kroner in millions, the number only: 121.874.000 -> '121,9', 1.234.500.000 ->
    '1.234,5'; ``signed``: '+1,4' / '−1,4'. Rounded half up on the krone amount (1.250.000 ->
    '1,3'); a negative with the typographic minus (U+2212) of printed Danish, as the briefing
    writes it (the pages' formats above keep the hyphen-minus). Zero has no sign. A missing
    amount (NaN) is the caller's to show: it raises ValueError."""
    if not math.isfinite(value):
        raise ValueError(f"no amount to show in millions: {value}")
    shown = round_half_up(float(value), decimals - 6) / 1_000_000
    text = f"{abs(shown):,.{decimals}f}".replace(",", "§").replace(".", ",").replace("§", ".")
    if shown < 0:
        return TYPOGRAPHIC_MINUS + text
    return f"+{text}" if signed and shown > 0 else text


def million_kroner(value: float, *, signed: bool = False, decimals: int = 1) -> str:
    """121.874.000 -> '121,9 mio. kr.'; ``signed``: '+1,4 mio. kr.' / '−1,4 mio. kr.'."""
    return f"{millions(value, signed=signed, decimals=decimals)} mio. kr."


def listing(items: Sequence[str]) -> str:
    """Danish enumeration: 'a', 'a og b', 'a, b og c' (no comma before «og»)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def percent(value: float, decimals: int = 1) -> str:
    """12.5 -> '12,5 %' (the value is already 0-100)."""
    return f"{round_half_up(value, decimals):.{decimals}f}".replace(".", ",") + " %"


def day(value: date) -> str:
    """23-11-2026."""
    return value.strftime("%d-%m-%Y")


def moment(value: datetime) -> str:
    """23-11-2026 14:05, in Danish time when the moment carries a time zone."""
    if value.tzinfo is not None:
        with contextlib.suppress(ZoneInfoNotFoundError):
            value = value.astimezone(ZoneInfo(DANISH_TIME))
    return value.strftime("%d-%m-%Y %H:%M")
