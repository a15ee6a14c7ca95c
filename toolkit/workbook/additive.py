"""Money sheets add up: rows sharing a key (``Sheet.unique_together``) are one amount.

Payment extracts have several rows per citizen, month and benefit (back payments,
regulations, two flex-job employers), ledgers several posting lines per account and month,
budgets supplementary lines. The sheet's ``additive`` columns are summed over such rows, the
other columns taken from the first of them, and the report says how many rows were added
together. An optional money column must be given in all rows of a key or in none: a blank
refund is estimated from the refund ladder, and half a sum cannot be.
"""

from __future__ import annotations

import pandas as pd

from toolkit import formats
from toolkit.workbook.report import Category, Issue, Severity, danish_int
from toolkit.workbook.typed import TypedSheet


def _headers(typed: TypedSheet, names: tuple[str, ...]) -> list[str]:
    sheet = typed.raw.sheet
    return [sheet.column(name).header for name in names]


def check_partly_given(typed: TypedSheet) -> list[Issue]:
    """An optional additive column filled in some rows of a key but not in others: each row
    that differs from the key's first row, which the message names."""
    sheet = typed.raw.sheet
    key = list(sheet.unique_together)
    frame = typed.frame
    if not frame.duplicated(key).any():
        return []
    grouped = frame.groupby(key, sort=False, dropna=False)
    first = (
        pd.Series(range(len(frame)), index=frame.index)
        .groupby([frame[name] for name in key], sort=False, dropna=False)
        .transform("min")
    )
    shared_by = formats.listing(_headers(typed, sheet.unique_together))
    issues: list[Issue] = []
    for name in sheet.additive:
        column = sheet.column(name)
        if column.required:
            continue
        given = frame[name].notna()
        filled = grouped[name].transform("count")
        size = grouped[name].transform("size")
        partly = (filled > 0) & (filled < size)
        differs = partly & (given.to_numpy() != given.to_numpy()[first.to_numpy()])
        for pos in differs.to_numpy().nonzero()[0]:
            message = (
                f"Rækken har samme {shared_by} som række {typed.raw.rows[first.iloc[pos]]}, men "
                f"kun den ene har udfyldt «{column.header}». Udfyld den i alle rækkerne eller "
                "i ingen."
            )
            issues.append(typed.issue(int(pos), column, message, show_value=False))
    return issues


def add_together(typed: TypedSheet) -> tuple[pd.DataFrame, list[Issue]]:
    """The sheet's frame with rows sharing a key added together, and the note saying so."""
    sheet = typed.raw.sheet
    frame = typed.frame
    key = list(sheet.unique_together)
    if not sheet.additive or not frame.duplicated(key).any():
        return frame, []
    grouped = frame.groupby(key, sort=False, dropna=False)
    combined = frame.copy()
    for name in sheet.additive:
        total = grouped[name].transform("sum")
        combined[name] = total.where(grouped[name].transform("count") > 0)
    combined = combined[~frame.duplicated(key).to_numpy()].reset_index(drop=True)
    in_shared_keys = frame.duplicated(key, keep=False)
    rows = int(in_shared_keys.sum())
    keys = len(frame[in_shared_keys].drop_duplicates(key))
    message = (
        f"{danish_int(rows)} rækker er lagt sammen til {danish_int(keys)}, fordi de har samme "
        f"{formats.listing(_headers(typed, sheet.unique_together))}; "
        f"{formats.listing(_headers(typed, sheet.additive))} er summeret."
    )
    note = Issue(Severity.INFO, Category.VALUE, typed.file, message, sheet=typed.title)
    return combined, [note]
