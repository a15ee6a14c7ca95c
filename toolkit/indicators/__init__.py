"""The indicator catalogue and ``compute``, the one way to get indicator values.

Importing this package registers every indicator family. Output is tidy:
``indicator, period, <dimension columns>, value, n`` where ``n`` is the number of distinct
persons behind the value (what small-cell suppression looks at). Everything shown or
exported passes :func:`publish` first (:mod:`toolkit.indicators.publishing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from toolkit.indicators import (  # noqa: F401  (importing registers the families)
    budget,
    cost,
    cross,
    follow_up,
    outcomes,
    process,
    team,
    volume,
)
from toolkit.indicators.catalogue import DIMENSIONS, FAMILIES, REGISTRY, Indicator, get
from toolkit.indicators.context import Context, coded_once
from toolkit.indicators.publishing import publish
from toolkit.periods import Level, as_of_default, first_date, period_of, periods_between
from toolkit.register import Economy, Register

__all__ = [
    "DIMENSIONS",
    "FAMILIES",
    "REGISTRY",
    "Context",
    "Indicator",
    "compute",
    "get",
    "publish",
]


def compute(
    register: Register,
    economy: Economy,
    *,
    ids: Sequence[str] | None = None,
    level: Level = "month",
    first: date | None = None,
    last: date | None = None,
    as_of: date | None = None,
) -> pd.DataFrame:
    """Indicator values for every period of ``level`` touching [first, last].

    ``as_of`` (default: the last date in the register) is the day the data describe:
    running courses and interventions count up to it and nothing after it is known.
    ``first`` defaults to the first date in the register, ``last`` to ``as_of``.
    """
    as_of = as_of or as_of_default(register)
    first = first or first_date(register) or as_of
    last = min(last or as_of, as_of)
    periods = tuple(periods_between(period_of(first, level).start, last, level))
    ctx = Context(coded_once(register), economy, periods, as_of, level)
    chosen = [get(i) for i in ids] if ids else list(REGISTRY.values())
    frames = [item.compute(ctx) for item in chosen]
    dims = [d for d in DIMENSIONS if any(d in item.dimensions for item in chosen)]
    columns = ["indicator", "period", *dims, "value", "n"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    out = pd.concat(frames, ignore_index=True)
    ids_by_row = np.repeat([item.id for item in chosen], [len(frame) for frame in frames])
    out.insert(0, "indicator", pd.Series(ids_by_row, index=out.index, dtype="str"))
    for dim in dims:
        out[dim] = (
            out[dim].astype("str") if dim in out else pd.Series(pd.NA, index=out.index, dtype="str")
        )
    return out.loc[:, columns]
