"""Shared pieces of the sample generator: the period, day arithmetic and quota streams.

Dates inside the generator are whole days since 1970-01-01 in ``int64`` arrays: numpy adds
and compares them fast, and they become ``datetime64[us]`` only when the frames are built.
``NO_DAY`` marks a missing date (a course still running, an intervention not started).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")

NO_DAY = np.int64(-(10**9))


def day(text: str) -> int:
    """Days since 1970-01-01 for an ISO date."""
    return int(np.datetime64(text, "D").astype(np.int64))


PERIOD_START_DAY = day("2022-01-01")
AS_OF_DAY = day("2026-10-31")
AS_OF = pd.Timestamp("2026-10-31")
PERIOD_START = pd.Timestamp("2022-01-01")
YEARS = (2022, 2023, 2024, 2025, 2026)
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12


def to_datetime(days: np.ndarray) -> pd.Series:
    """Whole days (``NO_DAY`` for blank) -> a ``datetime64[us]`` Series with NaT."""
    days = np.asarray(days, dtype=np.int64)
    values = days.astype("datetime64[D]").astype("datetime64[us]")
    values[days == NO_DAY] = np.datetime64("NaT")
    return pd.Series(values, dtype="datetime64[us]")


def _recount(counts: np.ndarray, unit: str, into: str) -> np.ndarray:
    """Whole ``unit``s since 1970-01-01 -> the whole ``into``s since then (numpy units)."""
    moments = np.asarray(counts, dtype=np.int64).astype(f"datetime64[{unit}]")
    return moments.astype(f"datetime64[{into}]").astype(np.int64)


def month_index(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 for each day."""
    return _recount(days, "D", "M")


def month_first_day(months: np.ndarray) -> np.ndarray:
    """The first day (days since 1970-01-01) of each month (months since 1970-01)."""
    return _recount(months, "M", "D")


def year_of(days: np.ndarray) -> np.ndarray:
    return month_index(days) // 12 + 1970


def uniform_days(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    """Whole days drawn uniformly from [low, high]."""
    return np.floor(rng.uniform(low, high + 1, n)).astype(np.int64)


def lognormal_days(
    rng: np.random.Generator, median: float, sigma: float, n: int, low: float = 0,
    high: float = 5 * 365,
) -> np.ndarray:  # fmt: skip
    """Whole days from a log-normal with the given median: waiting times and durations."""
    draws = median * np.exp(rng.normal(0.0, sigma, n))
    return np.clip(np.rint(draws), low, high).astype(np.int64)


def allocate(rng: np.random.Generator, n: int, probs: Sequence[float]) -> np.ndarray:
    """Category indices with counts as close to ``n * probs`` as whole numbers allow, shuffled.

    Largest-remainder rounding makes the shares exact up to one row per category, so the
    calibration figures hold for every seed instead of only on average.
    """
    p = np.asarray(probs, dtype=float)
    p = p / p.sum()
    raw = p * n
    counts = np.floor(raw).astype(np.int64)
    short = n - int(counts.sum())
    if short:
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:short]] += 1
    out = np.repeat(np.arange(len(p)), counts)
    rng.shuffle(out)
    return out


class Quota(Generic[T]):
    """An endless stream of values whose every block of ``block`` holds exact shares.

    Draws are taken in order, so any long enough prefix (whatever the scale) keeps the
    shares within a fraction of a per cent of ``probs``.
    """

    def __init__(self, rng: np.random.Generator, values: Sequence[T], probs: Sequence[float],
                 block: int = 100) -> None:  # fmt: skip
        if len(values) != len(probs):
            raise ValueError("values and probs differ in length")
        self._rng = rng
        self._values = np.asarray(values, dtype=object)
        self._probs = tuple(probs)
        self._block = block
        self._buffer = np.empty(0, dtype=np.int64)

    def take_index(self, n: int) -> np.ndarray:
        while len(self._buffer) < n:
            self._buffer = np.concatenate(
                [self._buffer, allocate(self._rng, self._block, self._probs)]
            )
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out

    def take(self, n: int) -> np.ndarray:
        return self._values[self.take_index(n)]


class Flags:
    """A quota stream of booleans: ``take(n)`` is True for a share ``p`` of the draws."""

    def __init__(self, rng: np.random.Generator, p: float, block: int = 100) -> None:
        self._quota: Quota[bool] = Quota(rng, [False, True], [1 - p, p], block)

    def take(self, n: int) -> np.ndarray:
        return self._quota.take_index(n).astype(bool)


def take_by_group(
    groups: np.ndarray, streams: dict[str, Quota[str]], default: str = ""
) -> np.ndarray:
    """One draw per row from the stream of the row's group (rows keep their order)."""
    out = np.full(len(groups), default, dtype=object)
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        out[rows] = streams[str(group)].take(len(rows))
    return out


def flags_by_group(groups: np.ndarray, streams: dict[str, Flags]) -> np.ndarray:
    out = np.zeros(len(groups), dtype=bool)
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        if str(group) in streams:
            out[rows] = streams[str(group)].take(len(rows))
    return out


def scaled(count: float, scale: float) -> int:
    """A volume at ``scale`` (at least 0): every volume in the sample scales linearly."""
    return max(0, round(count * scale))
