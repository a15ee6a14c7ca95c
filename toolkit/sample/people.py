"""Synthetic CPR numbers shaped like real ones, and the Borgere sheet.

A sample CPR number has a valid birth date, a 7th digit that gives the right century under
``toolkit.pseudonyms.birth_date`` and a last digit whose parity is the sex (even K, odd M).
Every number also *fails* the modulus-11 check. All CPR numbers issued before
1 October 2007 pass that check, and every sample citizen is born before that day, so no
sample number can be a real person's. They are still treated as real: never printed.
"""

from __future__ import annotations

import numpy as np

from toolkit.sample._base import day

MOD11_WEIGHTS = np.array([4, 3, 2, 7, 6, 5, 4, 3, 2, 1], dtype=np.int64)
LAST_BIRTH_DAY = day("2007-09-30")  # numbers issued later may fail modulus 11 for real


def birth_parts(birth_days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day of month) for whole days since 1970-01-01."""
    dates = np.asarray(birth_days, dtype=np.int64).astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    dom = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, dom


def _seventh_digit(rng: np.random.Generator, year: np.ndarray) -> np.ndarray:
    """The century digit: 0-3 for the 1900s (4 or 9 also for 1937-1999), 4-9 for 2000-2036."""
    n = len(year)
    digit = rng.integers(0, 4, n)
    late_1900s = (year >= 1937) & (year <= 1999) & (rng.random(n) < 0.1)
    digit[late_1900s] = rng.choice(np.array([4, 9]), int(late_1900s.sum()))
    born_2000s = year >= 2000
    digit[born_2000s] = rng.integers(4, 10, int(born_2000s.sum()))
    return digit


def _digits(rng: np.random.Generator, year: np.ndarray, month: np.ndarray, dom: np.ndarray,
            male: np.ndarray) -> np.ndarray:  # fmt: skip
    n = len(year)
    yy = year % 100
    digits = np.stack(
        [dom // 10, dom % 10, month // 10, month % 10, yy // 10, yy % 10,
         _seventh_digit(rng, year), rng.integers(0, 10, n), rng.integers(0, 10, n),
         rng.integers(0, 5, n) * 2 + male.astype(np.int64)],
        axis=1,
    )  # fmt: skip
    # Break modulus 11 where it holds: +2 on the last digit keeps the parity (the sex) and
    # moves the weighted sum by 2 (or by -8 when 8 wraps to 0), never to a multiple of 11.
    valid = (digits @ MOD11_WEIGHTS) % 11 == 0
    digits[valid, 9] = (digits[valid, 9] + 2) % 10
    return digits


def cpr_numbers(rng: np.random.Generator, birth_days: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Unique CPR numbers as text "ddmmyy-xxxx" for the given birth days and sexes."""
    year, month, dom = birth_parts(birth_days)
    digits = _digits(rng, year, month, dom, male)
    while True:
        keys = digits @ (10 ** np.arange(9, -1, -1, dtype=np.int64))
        _, first = np.unique(keys, return_index=True)
        again = np.ones(len(keys), dtype=bool)
        again[first] = False
        if not again.any():
            break
        digits[again] = _digits(rng, year[again], month[again], dom[again], male[again])
    text = np.array(["".join(map(str, row)) for row in digits.tolist()], dtype=object)
    return np.array([f"{t[:6]}-{t[6:]}" for t in text], dtype=object)
