"""The assumed levels and periods behind the sample's published national figures, and the
two tables drawn from them alone: the population 16-66 and the benchmark Y30R21.

SYNTHETIC: every level is a rounded assumption of this module, not a published figure; the
comparison group is fictional (``toolkit.sample.economy.COMPARISON_GROUP``). Periods follow
the publishers' lag at the sample's as-of date: Jobindsats' months up to two months before
it and the quarters complete by then; FOLK1A's quarters begun by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.register import conform
from toolkit.sample._base import AS_OF
from toolkit.sample.economy import COMPARISON_GROUP

if TYPE_CHECKING:
    from toolkit.sample import SampleMunicipality

SAMPLE_AREA = "Eksempel"  # Jobindsats and Statistikbanken write names without «Kommune»
COUNTRY = "Hele landet"
FIRST_MONTH = pd.Period("2022-01", "M")
LAST_MONTH = pd.Period(AS_OF, "M") - 2
SCHEME_BENEFIT = {
    "ressourceforloeb": "ressourceforloebsydelse",
    "jobafklaring": "jobafklaringsydelse",
    "fleksjob": "fleksloentilskud",
    "ledighedsydelse": "ledighedsydelse",
    "kontanthjaelp": "kontanthjaelp",
}
TABLE_OF = {scheme: table for table, scheme in schema.JOBINDSATS_TABLES.items()}
# Persons per 1.000 inhabitants 16-66 in the country, and the mean months on the scheme.
NATIONAL_RATE = {
    "ressourceforloeb": 6.0,
    "jobafklaring": 2.0,
    "fleksjob": 24.0,
    "ledighedsydelse": 4.2,
    "kontanthjaelp": 17.0,
}
MEAN_MONTHS = {
    "ressourceforloeb": 24,
    "jobafklaring": 9,
    "fleksjob": 72,
    "ledighedsydelse": 7,
    "kontanthjaelp": 14,
}
YEARLY_TREND = {
    "ressourceforloeb": 0.03,
    "jobafklaring": -0.02,
    "fleksjob": 0.015,
    "ledighedsydelse": 0.0,
    "kontanthjaelp": -0.025,
}
OUTSIDE_REGISTER = ("fleksjob", "ledighedsydelse", "kontanthjaelp")
EKSEMPEL_LEVEL = 0.95  # Eksempel's level of the schemes outside the register, × the country's
# At 2022-Q1. Eksempel's (at scale 1) puts its ressourceforløb near 5 per 1.000, a little
# below the country's 6; the sample's 60.000 inhabitants are taken to be older than most.
INHABITANTS_16_66 = {
    SAMPLE_AREA: 33_000,
    **dict(zip(COMPARISON_GROUP, (27_400, 41_800, 35_200, 23_900, 47_300), strict=True)),
    COUNTRY: 3_718_000,
}
# Each member's level × the country's: Ådal above Eksempel, Lyngå below, the rest between.
AREA_LEVEL = dict(zip(COMPARISON_GROUP, (1.35, 1.0, 1.15, 0.65, 0.9), strict=True))
MARKED = ("Lyngå", "Y12A02", "full_time_persons")  # its first month is published as «..»
BENCHMARK_SHARE = {"A-dagpenge mv.": 0.023, "Sygedagpenge mv.": 0.021, "Kontanthjælp mv.": 0.034}
BENCHMARK_TOTAL = "Ydelsesgrupper i alt"
MUNICIPALITIES_RANKED = 98


def months() -> pd.PeriodIndex:
    return pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M")


def quarters() -> pd.PeriodIndex:
    """The quarters Jobindsats has published: complete by ``LAST_MONTH``."""
    last = pd.Period(LAST_MONTH, "Q") - (0 if LAST_MONTH.month % 3 == 0 else 1)
    return pd.period_range(pd.Period(FIRST_MONTH, "Q"), last, freq="Q")


def population_quarters() -> pd.PeriodIndex:
    """FOLK1A's quarters: the population on the first day of each quarter begun by then."""
    return pd.period_range(pd.Period(FIRST_MONTH, "Q"), pd.Period(LAST_MONTH, "Q"), freq="Q")


def canonical_period(period: pd.Period) -> str:
    """2024-03 for a month, 2024-Q1 for a quarter (the canonical tables' notation)."""
    return (
        f"{period.year}-{period.month:02d}"
        if period.freqstr == "M"
        else f"{period.year}-Q{period.quarter}"
    )


def area_columns(area: str) -> dict[str, str | None]:
    """The area as the border reads it: only «Hele landet» has a code (the sample's names are
    fictional, so the border's list of municipalities does not know them)."""
    return {"area": area, "area_code": schema.COUNTRY_CODE if area == COUNTRY else None}


def seeded(sample: SampleMunicipality, purpose: int) -> np.random.Generator:
    """A stream of its own per purpose: the register's streams stay as they were."""
    return np.random.default_rng(np.random.SeedSequence([sample.seed, 16, purpose]))


def population_table(sample: SampleMunicipality) -> pd.DataFrame:
    """FOLK1A's inhabitants 16-66 per area and quarter: slowly changing, Eksempel's with the
    sample's scale (its register scales too, so its rates do not)."""
    rng = seeded(sample, 20)
    rows = []
    for area, inhabitants in INHABITANTS_16_66.items():
        growth = 0.0045 if area == COUNTRY else float(rng.normal(-0.001, 0.004))
        size = inhabitants * (sample.scale if area == SAMPLE_AREA else 1.0)
        for index, quarter in enumerate(population_quarters()):
            persons = size * (1 + growth) ** (index / 4) * (1 + rng.normal(0, 0.0004))
            rows.append(
                {
                    **area_columns(area),
                    "period": canonical_period(quarter),
                    "period_kind": "quarter",
                    "persons_16_66": round(persons),
                }
            )
    return conform("population", pd.DataFrame(rows))


def benchmark_table(sample: SampleMunicipality, population: pd.DataFrame) -> pd.DataFrame:
    """Y30R21 for the rolling years ending in Q2 and Q4 of the last two years."""
    rng = seeded(sample, 30)
    ends = [q for q in quarters() if q.quarter in (2, 4)][-4:]
    inhabitants = population.set_index(["area", "period"])["persons_16_66"]
    rows = []
    for area in INHABITANTS_16_66:
        tilt = {group: float(np.exp(rng.normal(0, 0.08))) for group in BENCHMARK_SHARE}
        for end in ends:
            period = canonical_period(end)
            base = float(inhabitants[(area, period)])
            counts = []
            for group, share in BENCHMARK_SHARE.items():
                expected = round(base * share * float(np.exp(rng.normal(0, 0.03))))
                actual = (
                    expected
                    if area == COUNTRY
                    else round(expected * tilt[group] * float(np.exp(rng.normal(0, 0.02))))
                )
                counts.append((group, expected, actual))
            total = (BENCHMARK_TOTAL, sum(c[1] for c in counts), sum(c[2] for c in counts))
            for group, expected, actual in (total, *counts):
                rank = None if area == COUNTRY else _rank(rng, expected, actual)
                rows.append(
                    {
                        **area_columns(area),
                        "period": period,
                        "period_kind": "rolling_year",
                        "group": group,
                        "expected": float(expected),
                        "actual": float(actual),
                        "difference": float(expected - actual),
                        "rank": rank,
                        "mark": None,
                    }
                )
    return conform("benchmark", pd.DataFrame(rows))


def _rank(rng: np.random.Generator, expected: int, actual: int) -> int:
    """A place among the 98 municipalities: better the more the actual falls below the
    expected (1 is best)."""
    gap = (expected - actual) / max(expected, 1)
    place = (MUNICIPALITIES_RANKED + 1) / 2 - gap * 400 + rng.normal(0, 4)
    return int(np.clip(round(place), 1, MUNICIPALITIES_RANKED))
