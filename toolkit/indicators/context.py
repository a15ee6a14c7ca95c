"""What every indicator function receives: the data, the periods asked for and the as-of date."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from toolkit import schema
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

    @cached_property
    def period_labels(self) -> pd.Index:
        """The labels of ``periods`` in order: the categories of every shared ``period`` key."""
        return pd.Index(self.labels, dtype="str")

    @cached_property
    def period_starts(self) -> np.ndarray:
        """First days of the periods that begin on or before the as-of date, ascending."""
        starts = np.array([p.start for p in self.periods], dtype="datetime64[us]")
        return starts[starts <= np.datetime64(self.as_of, "us")]

    @cached_property
    def period_ends(self) -> np.ndarray:
        """Last days of the same periods, none after the as-of date."""
        ends = np.array([p.end for p in self.periods], dtype="datetime64[us]")[
            : len(self.period_starts)
        ]
        return np.minimum(ends, np.datetime64(self.as_of, "us"))

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


# Text columns the indicators group by or join on, coded once per ``compute`` call.
_CATEGORY_KINDS = (schema.Kind.CODE, schema.Kind.DEPARTMENT, schema.Kind.INTERVENTION_TYPE)
_SHARED_IDS = ("person_id", "course_id")  # the same value means the same thing in every table


_CODED: dict[int, tuple[weakref.ref[Register], Register]] = {}


def coded_once(register: Register) -> Register:
    """``coded(register)``, made once per register object and kept while it lives.

    A loaded register is read, never changed, and a page computes indicators from it again
    at every filter change: at national scale the coding alone takes 0,1-0,2 s.
    """
    key = id(register)
    held = _CODED.get(key)
    if held is not None and held[0]() is register:
        return held[1]
    result = coded(register)
    _CODED[key] = (weakref.ref(register, lambda _: _CODED.pop(key, None)), result)
    return result


def coded(register: Register) -> Register:
    """``register`` as the indicators read it fastest: ``person_id`` and ``course_id`` as
    integer codes (the same code in every table, NA stays NA), code columns (scheme,
    department, benefit, ...) as categoricals.

    Nearly every indicator groups by these columns and counts distinct persons; on integers
    and categoricals that is several times faster than on text. The codes live only inside
    one ``compute`` call: no indicator returns a person or a course, and dimension values
    leave as text (``spans.tidy``).
    """
    tables = register.tables()
    changed: dict[str, dict[str, pd.Series]] = {name: {} for name in tables}
    for column in _SHARED_IDS:
        holders = [name for name, frame in tables.items() if column in frame]
        values = pd.concat([tables[name][column] for name in holders], ignore_index=True)
        codes, _ = pd.factorize(values)
        at = 0
        for name in holders:
            frame = tables[name]
            part = codes[at : at + len(frame)]
            at += len(frame)
            known = part >= 0
            ids = pd.Series(part, index=frame.index)
            changed[name][column] = ids if known.all() else ids.astype("Int64").where(known)
    for name, frame in tables.items():
        sheet = schema.sheet(name)
        for column, spec in zip(schema.stored_columns(sheet), sheet.columns, strict=True):
            if spec.kind in _CATEGORY_KINDS:
                values = frame[column].astype("category")
                # Every code of the list is a category, seen or not: an indicator may fill
                # a blank with one (a refusal without a reason is «andet»).
                unseen = [code for code in spec.allowed if code not in values.cat.categories]
                changed[name][column] = values.cat.add_categories(unseen)
    return replace(
        register,
        **{name: tables[name].assign(**columns) for name, columns in changed.items() if columns},
    )
