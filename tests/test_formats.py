"""Danish formats, as a controller and a committee expect to read them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from toolkit import formats


def test_numbers_money_and_percent() -> None:
    assert formats.integer(1234567) == "1.234.567"
    assert formats.number(1234.5) == "1.234,5"
    assert formats.number(-2500.0) == "-2.500"
    assert formats.plain(2026) == "2026" and formats.plain(0.5) == "0,5"
    assert formats.kroner(1234567.4) == "1.234.567 kr."
    assert formats.percent(12.5) == "12,5 %"
    # A rate column keeps its decimal: «6,0» beside «5,7», never «6».
    assert formats.fixed(6) == "6,0" and formats.fixed(1234.56) == "1.234,6"
    assert formats.fixed(2.25) == "2,3" and formats.fixed(1234.5, 0) == "1.235"


def test_dates_and_moments_in_danish_time() -> None:
    assert formats.day(date(2026, 11, 23)) == "23-11-2026"
    utc = datetime(2026, 7, 1, 12, 5, tzinfo=UTC)  # summer time: UTC+2
    assert formats.moment(utc) == "01-07-2026 14:05"
    assert formats.moment(datetime(2026, 1, 2, 8, 0)) == "02-01-2026 08:00"


def test_numbers_round_half_up_as_danes_do() -> None:
    # Python's round() gives 177.942 (half to even); a Danish reader expects 177.943.
    assert formats.kroner(177_942.5) == "177.943 kr."
    assert formats.kroner(-177_942.5) == "-177.943 kr."
    assert formats.percent(12.25) == "12,3 %"
    assert formats.percent(0.05, decimals=1) == "0,1 %"
    assert formats.number(2.675, decimals=2) == "2,68"
    assert formats.round_half_up(0.5) == 1.0 and formats.round_half_up(1.5) == 2.0
    assert formats.round_half_up(2.5) == 3.0  # round() says 2


def test_listing_is_danish_with_og_before_the_last() -> None:
    assert formats.listing([]) == ""
    assert formats.listing(["A"]) == "A"
    assert formats.listing(["A", "B"]) == "A og B"
    assert formats.listing(["A", "B", "C"]) == "A, B og C"


def test_million_kroner_rounds_half_up_on_the_krone_amount() -> None:
    assert formats.million_kroner(121_874_000) == "121,9 mio. kr."
    assert formats.million_kroner(1_250_000) == "1,3 mio. kr."  # half up, not to even
    assert formats.million_kroner(1_249_999.99) == "1,2 mio. kr."
    assert formats.million_kroner(1_234_500_000) == "1.234,5 mio. kr."
    assert formats.million_kroner(999_950_000) == "1.000,0 mio. kr."
    assert formats.million_kroner(1_443_041, decimals=2) == "1,44 mio. kr."
    assert formats.millions(121_874_000) == "121,9"


def test_million_kroner_signs_with_the_typographic_minus() -> None:
    assert formats.million_kroner(1_443_041, signed=True) == "+1,4 mio. kr."
    assert formats.million_kroner(-1_443_041, signed=True) == "\u22121,4 mio. kr."
    assert formats.million_kroner(-1_250_000) == "\u22121,3 mio. kr."  # away from zero
    assert formats.millions(-3_043_586, signed=True) == "\u22123,0"
    # What rounds to zero has no sign, either way.
    assert formats.million_kroner(-40_000, signed=True) == "0,0 mio. kr."
    assert formats.million_kroner(0, signed=True) == "0,0 mio. kr."
    with pytest.raises(ValueError):
        formats.million_kroner(float("nan"))
