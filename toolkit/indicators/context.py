"""What every indicator function receives: the data, the periods asked for and the as-of date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import pandas as pd

from toolkit.periods import Level, Period
from toolkit.register import Economy, Register

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    register: Register
    economy: Economy
    periods: tuple[Period, ...]  # consecutive, all of ``level``
    as_of: date  # a course with no end runs to here; later events are not yet known
    level: Level
    # Intermediate frames several indicators share (active courses, costs): computed once
    # per ``compute`` call. Never exposed: indicators still return fresh frames.
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def cached(self, key: str, make: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = make()
        result: T = self._cache[key]
        return result

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.periods]

    @property
    def first_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.periods[0].start)

    @property
    def last_day(self) -> pd.Timestamp:
        """The end of the last period, or the as-of date if that comes first."""
        return min(pd.Timestamp(self.periods[-1].end), pd.Timestamp(self.as_of))
