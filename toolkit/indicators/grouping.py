"""Counting per group without a pandas group-by: rows numbered by their keys, then
``np.bincount``. The shared intermediates of the catalogue have a million rows at national
scale; there a pandas group-by with distinct counts costs ten times more than this.

Keys are categorical codes, the integer codes ``compute`` gives persons and courses
(:func:`toolkit.indicators.context.coded`), or codes made here for anything else.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Up to this many possible keys, groups are numbered by a lookup table instead of a hash.
DENSE_ROOM = 1 << 20


def combined_key(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row, equal exactly when the rows' ``columns`` are equal: the columns'
    codes (categories, the integer codes ``compute`` gives persons and courses, or codes made
    here) packed side by side, so finding duplicates or joining is one hash over one array."""
    return _packed(frame, columns)[0]


def _packed(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, int]:
    """``combined_key`` and how many keys there can be."""
    key = np.zeros(len(frame), dtype=np.int64)
    room = 1
    for column in columns:
        codes, size = _codes(frame[column])
        room *= size
        if room >= 2**62:
            raise ValueError(f"{columns} do not fit in one integer key")
        key = key * size + (codes + 1)  # NA (code -1) becomes 0
    return key, room


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of ``values`` from 0 (NA: -1) and how many codes there can be, plus 1."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype=np.int64), len(values.cat.categories) + 1
    if pd.api.types.is_integer_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        codes = values.to_numpy(dtype=np.int64, na_value=-1)
        if not len(codes) or codes.min() >= -1:
            return codes, int(codes.max(initial=0)) + 2
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), len(uniques) + 1


class Groups:
    """The rows of ``frame`` numbered by their ``keys`` (NA is a key like any other, as with
    ``dropna=False``): ``id`` per row, and the groups' key values in ``frame``'s first row of
    each. Counting per group is then ``np.bincount``, far cheaper than a pandas group-by."""

    def __init__(self, frame: pd.DataFrame, keys: list[str]) -> None:
        key, room = _packed(frame, keys)
        if room <= max(DENSE_ROOM, 4 * len(key)):
            # Few possible keys (periods × schemes, say): number them by a table lookup.
            present = np.zeros(room, dtype=bool)
            present[key] = True
            self.id = (np.cumsum(present) - 1)[key]
        else:
            self.id, _ = pd.factorize(key)
        self.count = int(self.id.max(initial=-1)) + 1
        # Any row of a group holds its key values: the last one written wins.
        representative = np.zeros(self.count, dtype=np.int64)
        representative[self.id] = np.arange(len(self.id))
        self.keys = frame.loc[:, keys].iloc[representative].reset_index(drop=True)

    def size(self, mask: np.ndarray | None = None) -> np.ndarray:
        ids = self.id if mask is None else self.id[mask]
        return np.bincount(ids, minlength=self.count)

    def total(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` per group, NaN counted as 0 (as pandas' sum does)."""
        values = np.nan_to_num(np.asarray(values, dtype=np.float64))
        total = np.bincount(self.id, weights=values, minlength=self.count)
        return total.astype(np.float64)  # also when there are no rows

    def distinct(self, values: pd.Series) -> np.ndarray:
        """Distinct non-NA ``values`` per group (sorted pairs, as ``distinct_by_flag``)."""
        codes, _ = _codes(values)
        keep = codes >= 0
        if (int(codes.max(initial=0)) + 1) * max(self.count, 1) >= 2**62:
            return self.distinct_by_flag(values, np.zeros(len(self.id), dtype=bool))[0]
        pairs = np.sort(codes[keep] * self.count + self.id[keep], kind="stable")
        first = np.r_[True, pairs[1:] != pairs[:-1]][: len(pairs)]
        return np.bincount(pairs[first] % max(self.count, 1), minlength=self.count)

    def distinct_by_flag(
        self, values: pd.Series, flagged: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Distinct non-NA ``values`` per group: all, those on a row with ``flagged`` true,
        those on a row with it false (a value can be both).

        The (value, group) pairs are sorted, value first: registers list a person's rows
        together, so the pairs arrive nearly sorted and a stable sort (timsort) takes a
        fraction of what hashing a million pairs does."""
        codes, _ = _codes(values)
        keep = codes >= 0
        codes, ids, flags = codes[keep], self.id[keep], flagged[keep]
        if (int(codes.max(initial=0)) + 1) * max(self.count, 1) < 2**62:
            order = np.argsort(codes * self.count + ids, kind="stable")
        else:
            order = np.lexsort((ids, codes))
        codes, ids, flags = codes[order], ids[order], flags[order]
        starts = np.flatnonzero(np.r_[True, (codes[1:] != codes[:-1]) | (ids[1:] != ids[:-1])])
        if not len(codes):
            starts = starts[:0]
        group = ids[starts]
        with_flag = np.logical_or.reduceat(flags, starts) if len(starts) else flags
        without = np.logical_or.reduceat(~flags, starts) if len(starts) else flags

        def per_group(weights: np.ndarray | None = None) -> np.ndarray:
            counted = np.bincount(group, weights=weights, minlength=self.count)
            return counted.astype(np.int64)

        return per_group(), per_group(with_flag), per_group(without)
