"""Tiny registers for hand-computed indicator tests: a few rows, every other column blank."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from toolkit.register import Economy, Register, stored_dtypes


def table(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A stored table from dicts; columns not given are blank."""
    dtypes = stored_dtypes(name)
    data = {col: [row.get(col) for row in rows] for col in dtypes}
    frame = pd.DataFrame(data)
    for col, dtype in dtypes.items():
        frame[col] = frame[col].astype(dtype)
    return frame


def register(**tables: list[dict[str, Any]]) -> Register:
    return Register.from_tables({name: table(name, rows) for name, rows in tables.items()})


def economy(**tables: list[dict[str, Any]]) -> Economy:
    return Economy.from_tables({name: table(name, rows) for name, rows in tables.items()})


def d(text: str) -> date:
    return date.fromisoformat(text)


def tabulate(
    reg: Register,
    eco: Economy,
    indicator_id: str,
    *,
    level: str = "month",
    first: str = "2024-01-01",
    as_of: str,
    with_n: bool = False,
) -> dict[tuple[Any, ...], Any]:
    """One indicator as {(period, *dimensions): value rounded to 4 decimals [, n]}."""
    from toolkit.indicators import compute

    out = compute(
        reg,
        eco,
        ids=[indicator_id],
        level=level,  # type: ignore[arg-type]
        first=d(first),
        as_of=d(as_of),
    )
    dims = [c for c in out.columns if c not in ("indicator", "period", "value", "n")]
    table: dict[tuple[Any, ...], Any] = {}
    for _, row in out.iterrows():
        key = (row["period"], *(row[c] for c in dims if pd.notna(row[c])))
        value = round(row["value"], 4)
        table[key] = (value, None if pd.isna(row["n"]) else int(row["n"])) if with_n else value
    return table
