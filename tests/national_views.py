"""The small national case (tests/national_data.py) grown for the pages and the briefing:
the same quarters a year before, a benchmark ranking 98 areas, and committees."""

from __future__ import annotations

from dataclasses import replace

from tests.indicator_data import table
from tests.national_data import (
    benchmark_row,
    jobindsats_row,
    national,
    population_row,
    small_benchmark,
    small_dataset,
    small_jobindsats,
    small_population,
)
from toolkit.register import Dataset, National, conform

# Ressourceforløb a year before 2024-Q1 and 2024-Q2 (Bakkeby and Fjordby have none).
LAST_YEAR = {"Eksempel": (8, 12), "Ådal": (18, 18), "Hele landet": (24000, 24000)}
LAST_YEAR_POPULATION = {"Eksempel": 10000, "Ådal": 5000, "Hele landet": 3790000}
RANKED = 98


def with_last_year() -> National:
    """The small case plus 2023-Q1 and 2023-Q2, and Y30R21 for 2024-Q2 ranking 98 areas."""
    rows = [*small_jobindsats()]
    population = [*small_population()]
    for area, counts in LAST_YEAR.items():
        for period, count in zip(("2023-Q1", "2023-Q2"), counts, strict=True):
            rows.append(jobindsats_row(area, period, count))
            population.append(population_row(area, period, LAST_YEAR_POPULATION[area]))
    others = [benchmark_row(f"Område {i}", i + 5, expected=1.0, actual=1.0)
              for i in range(RANKED - 4)]  # fmt: skip
    return national(rows, population, [*small_benchmark(), *others])


def with_committees(dataset: Dataset) -> Dataset:
    """``dataset`` whose department JOB (coordinating the courses) is under
    Beskæftigelsesudvalget and SOC under Socialudvalget."""
    departments = conform("departments", table("departments", [
        {"department": "JOB", "name": "Jobcentret", "committee": "Beskæftigelsesudvalget"},
        {"department": "SOC", "name": "Socialafdelingen", "committee": "Socialudvalget"},
    ]))  # fmt: skip
    return replace(dataset, economy=replace(dataset.economy, departments=departments))


def grown_dataset() -> Dataset:
    return with_committees(replace(small_dataset(), national=with_last_year()))
