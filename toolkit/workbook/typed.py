"""A read sheet turned into a typed frame, remembering the cells that could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from toolkit import formats, pseudonyms
from toolkit.schema import Column, Kind
from toolkit.workbook.convert import convert_column
from toolkit.workbook.reader import RawSheet
from toolkit.workbook.report import Category, Issue, Severity

_HIDDEN_KINDS = (Kind.CPR, Kind.STAFF)
_MAX_SHOWN = 60


@dataclass
class TypedSheet:
    raw: RawSheet
    file: str
    frame: pd.DataFrame
    unreadable: dict[str, set[int]] = field(default_factory=dict)  # column -> positions

    @property
    def title(self) -> str:
        return self.raw.title

    def readable(self, column: str) -> pd.Series:
        """True where the cell was read (blank or a value), False where conversion failed."""
        mask = pd.Series(True, index=self.frame.index)
        bad = self.unreadable.get(column)
        if bad:
            mask.iloc[sorted(bad)] = False
        return mask

    def issue(
        self,
        pos: int,
        column: Column | None,
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        show_value: bool = True,
    ) -> Issue:
        value = None
        if column is not None and show_value and column.kind not in _HIDDEN_KINDS:
            value = display_value(self.raw.values[column.name][pos])
        return Issue(
            severity,
            Category.VALUE,
            self.file,
            message,
            sheet=self.title,
            row=int(self.raw.rows[pos]),
            column=column.header if column else None,
            value=value,
            excel_column=self.raw.excel_columns.get(column.name) if column else None,
        )


def display_value(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return formats.day(value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        if float(value).is_integer() and abs(value) < 10_000:
            return formats.plain(value)  # years, weeks, hours: no thousands separator
        return formats.number(value)
    text = " ".join(str(value).split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def type_sheet(
    raw: RawSheet, file: str, memos: dict[Kind, dict[object, object]] | None = None
) -> tuple[TypedSheet, list[Issue]]:
    """Convert every column; ``memos`` (per kind) lets sheets share parsed CPR numbers."""
    data: dict[str, pd.Series] = {}
    unreadable: dict[str, set[int]] = {}
    issues: list[Issue] = []
    typed = TypedSheet(raw, file, pd.DataFrame())
    for col in raw.sheet.columns:
        memo = (
            memos.setdefault(col.kind, {}) if memos is not None and col.kind is Kind.CPR else None
        )
        series, bad = convert_column(raw.values[col.name], col, memo)
        if bad:
            unreadable[col.name] = {pos for pos, _ in bad}
            issues.extend(typed.issue(pos, col, message) for pos, message in bad)
        data[col.name] = series
    typed.frame = pd.DataFrame(data, index=pd.RangeIndex(len(raw.rows)))
    typed.unreadable = unreadable
    return typed, issues


def derive_from_cpr(typed: TypedSheet) -> None:
    """Fill blank Køn and Fødselsår in Borgere from the CPR number (7th-digit century rule)."""
    frame = typed.frame
    cpr = frame["cpr"]
    has_cpr = cpr.notna()
    blank_sex = frame["sex"].isna() & has_cpr & typed.readable("sex")
    if blank_sex.any():
        frame.loc[blank_sex, "sex"] = [pseudonyms.sex_from_cpr(c) for c in cpr[blank_sex]]
    blank_year = frame["birth_year"].isna() & has_cpr & typed.readable("birth_year")
    if blank_year.any():
        frame.loc[blank_year, "birth_year"] = [pseudonyms.birth_year(c) for c in cpr[blank_year]]
