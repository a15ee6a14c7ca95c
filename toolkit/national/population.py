"""The population 16-66 years a published count is divided by (``docs/national.md``).

FOLK1A counts the population on the first day of each quarter. A month or a quarter uses
its own quarter, a year (and Jobindsats' rolling year, named after its last quarter) the
quarter its label names or, for a year, its first quarter. When that quarter has no row
the latest earlier quarter within :data:`FALLBACK_QUARTERS` stands in: FOLK1A is published
about six weeks after the quarter starts, so the newest Jobindsats month often has none yet.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toolkit.periods import parse_period

FALLBACK_QUARTERS = 4


def population_quarter(period: str) -> str:
    """The FOLK1A quarter for a period label: '2024-05' -> '2024-Q2', '2024' -> '2024-Q1',
    '2024-Q3' -> '2024-Q3'."""
    start = parse_period(period).start
    return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"


def quarters_back(quarter: str, steps: int) -> str:
    """The quarter label ``steps`` quarters before ``quarter``."""
    start = parse_period(quarter).start
    index = start.year * 4 + (start.month - 1) // 3 - steps
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def population_for(persons_by_quarter: Mapping[str, int], period: str) -> int | None:
    """The persons 16-66 for ``period`` from one area's FOLK1A rows (index: quarter label),
    falling back to the latest earlier quarter within :data:`FALLBACK_QUARTERS`; None if
    there is none."""
    quarter = population_quarter(period)
    for steps in range(FALLBACK_QUARTERS + 1):
        value = persons_by_quarter.get(quarters_back(quarter, steps))
        if value is not None and pd.notna(value):
            return int(value)
    return None
