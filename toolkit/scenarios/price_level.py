"""One price level for every result: a price index converts amounts between price years.

SØM converts the user's own prices to the calculation's price level with a nettoprisindeks
(Social- og Boligstyrelsen, FAQ om vidensdatabasen, priser: /work/shared/reference/
domain-economics.md §1 step 6); Tværblik does the same. The shipped series
(``toolkit/data/price_index.csv``) is Danmarks Statistik's Nettoprisindeks (PRIS116,
2015=100), the mean of each year's monthly values
(https://www.dst.dk/da/Statistik/emner/oekonomi/prisindeks/nettoprisindeks); 2024 is the
mean of January-June, the months the table held.

A year outside the known years grows (after the series) or shrinks (before it) by
``EXTRAPOLATION_PCT`` a year from the nearest known year: Danmarks Nationalbank's
fixed-exchange-rate policy imports the ECB's 2 % inflation target. A year between two known
years (a gap the workbook's rows can leave) lies on the constant growth rate between them.
The user replaces the assumed years with real figures in the sheet Prisindeks of
scenarier.xlsx.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

from toolkit.formats import percent

EXTRAPOLATION_PCT = 2.0
WORKBOOK_SOURCE = "arket Prisindeks i scenarier.xlsx"


@dataclass(frozen=True)
class PriceIndex:
    """Known index values by year (any base) and the source of each."""

    points: Mapping[int, float]
    sources: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.points:
            raise ValueError("a price index needs at least one year")
        bad = sorted(year for year, value in self.points.items() if not value > 0)
        if bad:
            raise ValueError(f"price index values must be > 0; not in {bad}")
        # Read-only copies: a shared (cached) index must not change under its users.
        object.__setattr__(self, "points", MappingProxyType(dict(sorted(self.points.items()))))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    @property
    def first_year(self) -> int:
        return min(self.points)

    @property
    def last_year(self) -> int:
        return max(self.points)

    def is_extrapolated(self, year: int) -> bool:
        """True when the year's value is assumed (not a known year of the series)."""
        return year not in self.points

    def index(self, year: int) -> float:
        if year in self.points:
            return self.points[year]
        growth = 1 + EXTRAPOLATION_PCT / 100
        if year > self.last_year:
            return self.points[self.last_year] * growth ** (year - self.last_year)
        if year < self.first_year:
            return self.points[self.first_year] / growth ** (self.first_year - year)
        before, after = self._neighbours(year)
        share = (year - before) / (after - before)
        return self.points[before] * (self.points[after] / self.points[before]) ** share

    def factor(self, from_year: int, to_year: int) -> float:
        """× an amount in ``from_year`` prices gives it in ``to_year`` prices."""
        if from_year == to_year:
            return 1.0
        return self.index(to_year) / self.index(from_year)

    def convert(self, amount: float, from_year: int, to_year: int) -> float:
        return amount * self.factor(from_year, to_year)

    def with_points(
        self, points: Mapping[int, float], sources: Mapping[int, str | None] | None = None
    ) -> PriceIndex:
        """A new index where ``points`` (the workbook's years) replace this one's; a year
        without a source of its own is credited to the sheet Prisindeks."""
        given = sources or {}
        merged_sources = dict(self.sources)
        for year in points:
            merged_sources[year] = given.get(year) or WORKBOOK_SOURCE
        return PriceIndex({**self.points, **points}, merged_sources)

    def describe(
        self, from_year: int, to_year: int, *, subject: str = "Beløb fra registeret"
    ) -> str:
        """A Danish sentence for the assumptions list, e.g. «Beløb fra registeret
        (2025-priser) er omregnet til 2026-priser med nettoprisindekset: 121,05 → 123,47
        (2025 og 2026 fremskrevet med 2,0 % om året)»."""
        if from_year == to_year:
            return f"{subject} er i {price_label(to_year)}: ingen omregning"
        sentence = (
            f"{subject} ({price_label(from_year)}) er omregnet til {price_label(to_year)} "
            f"med nettoprisindekset: {_index_text(self.index(from_year))} → "
            f"{_index_text(self.index(to_year))}"
        )
        notes = self._assumed_notes(sorted({from_year, to_year}))
        return f"{sentence} ({'; '.join(notes)})" if notes else sentence

    def _neighbours(self, year: int) -> tuple[int, int]:
        before = max(y for y in self.points if y < year)
        after = min(y for y in self.points if y > year)
        return before, after

    def _assumed_notes(self, years: list[int]) -> list[str]:
        rate = f"med {percent(EXTRAPOLATION_PCT)} om året"
        forward = [y for y in years if y > self.last_year]
        backward = [y for y in years if y < self.first_year]
        notes = []
        if forward:
            notes.append(f"{_years_text(forward)} fremskrevet {rate}")
        if backward:
            notes.append(f"{_years_text(backward)} tilbageskrevet {rate}")
        for year in years:
            if self.is_extrapolated(year) and self.first_year < year < self.last_year:
                before, after = self._neighbours(year)
                notes.append(f"{year} interpoleret mellem {before} og {after}")
        return notes


def price_label(year: int) -> str:
    """2026 -> «2026-priser»."""
    return f"{year}-priser"


@functools.cache
def default_price_index() -> PriceIndex:
    """The shipped series, read once."""
    text = resources.files("toolkit").joinpath("data/price_index.csv").read_text("utf-8")
    points: dict[int, float] = {}
    sources: dict[int, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        year = int(row["year"])
        points[year] = float(row["index"])
        sources[year] = row["source"]
    return PriceIndex(points, sources)


def _index_text(value: float) -> str:
    """Two decimals, as the index is published: 1234.5 -> «1.234,50»."""
    return f"{value:,.2f}".replace(",", "§").replace(".", ",").replace("§", ".")


def _years_text(years: list[int]) -> str:
    names = [str(y) for y in years]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"
