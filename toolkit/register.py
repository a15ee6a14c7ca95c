"""Register, Economy, Scenarios and National: typed bundles of the canonical, pseudonymised tables.

Stored dtypes follow the schema kind: text and codes as pandas ``str``, dates as
``datetime64[us]``, whole numbers as nullable ``Int64``, amounts as ``float64``, ja/nej as
nullable ``boolean``. CPR numbers never reach these frames: ``person_id`` stands in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Self

import pandas as pd

from toolkit import schema
from toolkit.schema import Kind

DATE_DTYPE = "datetime64[us]"


def column_dtype(kind: Kind) -> str:
    if kind in (Kind.DATE, Kind.MONTH):
        return DATE_DTYPE
    if kind is Kind.INT:
        return "Int64"
    if kind is Kind.NUMBER:
        return "float64"
    if kind is Kind.BOOL:
        return "boolean"
    return "str"


def stored_dtypes(table: str) -> dict[str, str]:
    """Column name -> dtype of a stored (pseudonymised) table."""
    sheet = schema.sheet(table)
    names = schema.stored_columns(sheet)
    return {name: column_dtype(col.kind) for name, col in zip(names, sheet.columns, strict=True)}


def empty_table(table: str) -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(dtype=dtype) for name, dtype in stored_dtypes(table).items()}
    )


def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the stored columns of ``table``, in order, with their dtypes."""
    dtypes = stored_dtypes(table)
    missing = [name for name in dtypes if name not in frame.columns]
    if missing:
        raise ValueError(f"{table}: missing columns {missing}")
    out = frame.loc[:, list(dtypes)].copy()
    for name, dtype in dtypes.items():
        if str(out[name].dtype) != dtype:
            out[name] = out[name].astype(dtype)  # type: ignore[call-overload]
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class TableBundle:
    """Base of the bundles below: every field is a stored table named after its schema sheet."""

    def tables(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> Self:
        names = [f.name for f in fields(cls)]
        return cls(**{name: conform(name, tables[name]) for name in names if name in tables})


@dataclass(frozen=True)
class Register(TableBundle):
    citizens: pd.DataFrame = field(default_factory=lambda: empty_table("citizens"))
    courses: pd.DataFrame = field(default_factory=lambda: empty_table("courses"))
    meetings: pd.DataFrame = field(default_factory=lambda: empty_table("meetings"))
    cases: pd.DataFrame = field(default_factory=lambda: empty_table("cases"))
    interventions: pd.DataFrame = field(default_factory=lambda: empty_table("interventions"))
    goals: pd.DataFrame = field(default_factory=lambda: empty_table("goals"))
    progression: pd.DataFrame = field(default_factory=lambda: empty_table("progression"))
    benefits: pd.DataFrame = field(default_factory=lambda: empty_table("benefits"))
    # Optional: a version stored before the sheet existed opens with it empty.
    status_after: pd.DataFrame = field(default_factory=lambda: empty_table("status_after"))


@dataclass(frozen=True)
class Economy(TableBundle):
    departments: pd.DataFrame = field(default_factory=lambda: empty_table("departments"))
    budget: pd.DataFrame = field(default_factory=lambda: empty_table("budget"))
    actuals: pd.DataFrame = field(default_factory=lambda: empty_table("actuals"))
    prices: pd.DataFrame = field(default_factory=lambda: empty_table("prices"))
    hourly_rates: pd.DataFrame = field(default_factory=lambda: empty_table("hourly_rates"))
    refund_ladder: pd.DataFrame = field(default_factory=lambda: empty_table("refund_ladder"))
    # Optional sheets: a version stored before they existed opens with them blank.
    municipality: pd.DataFrame = field(default_factory=lambda: empty_table("municipality"))
    targets: pd.DataFrame = field(default_factory=lambda: empty_table("targets"))
    comparison_group: pd.DataFrame = field(default_factory=lambda: empty_table("comparison_group"))

    @property
    def municipality_name(self) -> str | None:
        """The municipality's name from the sheet Kommune, None when it is not given."""
        names = self.municipality["name"].dropna()
        return str(names.iloc[0]) if len(names) else None

    @property
    def municipality_code(self) -> str | None:
        """The municipality's three-digit number from the sheet Kommune, None when not given."""
        codes = self.municipality["code"].dropna()
        return str(codes.iloc[0]) if len(codes) else None

    def targets_for(
        self,
        indicator: str,
        *,
        department: str | None = None,
        scheme: str | None = None,
        year: int | None = None,
    ) -> Target | None:
        """The municipality's target for ``indicator`` (a catalogue id), None if none is set.

        A row applies when each of its Afdeling, Ordning and År is blank (all) or equals the
        one asked for; of those, the most specific wins: the one naming most of the three,
        and between rows naming as many, a department before a scheme before a year.
        """
        asked = (department, scheme, year)
        applying = [
            target
            for target in map(Target.from_row, self.targets.itertuples(index=False))
            if target.indicator == indicator
            and all(
                mine in (None, wanted) for mine, wanted in zip(target.scope, asked, strict=True)
            )
        ]
        return max(applying, key=Target.specificity, default=None)

    def department_names(self) -> dict[str, str]:
        """Department code -> its Danish name, in the order of the Afdelinger sheet."""
        frame = self.departments
        return {str(c): str(n) for c, n in zip(frame["department"], frame["name"], strict=True)}

    def intervention_type_names(self) -> dict[str, str]:
        """Intervention type code -> its Danish name: the newest name in Priser wins."""
        prices = self.prices.dropna(subset=["name"]).sort_values("valid_from")
        pairs = zip(prices["intervention_type"], prices["name"], strict=True)
        return {str(code): str(name) for code, name in pairs}


@dataclass(frozen=True)
class Target:
    """One target the municipality has set (a row of the sheet Måltal in oekonomi.xlsx)."""

    indicator: str  # catalogue id
    department: str | None  # None: the whole municipality
    scheme: str | None  # None: every scheme
    year: int | None  # None: every year
    target: float
    direction: str  # "hoejst": the value should be at most the target; "mindst": at least
    note: str | None

    @classmethod
    def from_row(cls, row: Any) -> Target:
        return cls(
            indicator=str(row.indicator),
            department=_given(row.department),
            scheme=_given(row.scheme),
            year=None if pd.isna(row.year) else int(row.year),
            target=float(row.target),
            direction=str(row.direction),
            note=_given(row.note),
        )

    @property
    def scope(self) -> tuple[str | int | None, ...]:
        return (self.department, self.scheme, self.year)

    def specificity(self) -> tuple[int, bool, bool, bool]:
        """How narrow the target is: how many of department, scheme and year it names, then
        which (a department before a scheme before a year)."""
        department, scheme, year = (value is not None for value in self.scope)
        return (department + scheme + year, department, scheme, year)

    def is_met(self, value: float) -> bool:
        """True when ``value`` meets the target (equal to it counts as met)."""
        return value <= self.target if self.direction == "hoejst" else value >= self.target


def _given(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


@dataclass(frozen=True)
class Scenarios(TableBundle):
    """The scenario workbook (scenarier.xlsx): scenarios and their assumptions, no CPR."""

    scenarios: pd.DataFrame = field(default_factory=lambda: empty_table("scenarios"))
    reallocations: pd.DataFrame = field(default_factory=lambda: empty_table("reallocations"))
    volume_changes: pd.DataFrame = field(default_factory=lambda: empty_table("volume_changes"))
    investments: pd.DataFrame = field(default_factory=lambda: empty_table("investments"))
    effects: pd.DataFrame = field(default_factory=lambda: empty_table("effects"))
    consequence_prices: pd.DataFrame = field(
        default_factory=lambda: empty_table("consequence_prices")
    )
    uncertainty: pd.DataFrame = field(default_factory=lambda: empty_table("uncertainty"))
    price_index: pd.DataFrame = field(default_factory=lambda: empty_table("price_index"))

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> Self:
        """Versions stored before an optional column existed open with it blank."""
        return super().from_tables(
            {name: with_blank_optional_columns(name, frame) for name, frame in tables.items()}
        )


def with_blank_optional_columns(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the optional columns of ``table`` it lacks added as blank."""
    dtypes = stored_dtypes(table)
    missing = [
        col.name
        for col in schema.sheet(table).columns
        if not col.required and col.name not in frame.columns
    ]
    if not missing:
        return frame
    blank = {name: pd.Series(None, index=frame.index, dtype=dtypes[name]) for name in missing}
    return frame.assign(**blank)


@dataclass(frozen=True)
class National(TableBundle):
    """The published national figures (part «national»): Jobindsats' counts per scheme, the
    ministry's benchmark and the population 16-66 years, per area and period. Published
    numbers, not personal data: they keep the publisher's own marks (column ``mark``)."""

    jobindsats: pd.DataFrame = field(default_factory=lambda: empty_table("jobindsats"))
    benchmark: pd.DataFrame = field(default_factory=lambda: empty_table("benchmark"))
    population: pd.DataFrame = field(default_factory=lambda: empty_table("population"))


@dataclass(frozen=True)
class Dataset:
    """One stored version: the register, the economy, the scenarios, the national figures
    and the manifest."""

    version: str | None
    register: Register
    economy: Economy
    manifest: dict[str, Any] = field(default_factory=dict)
    scenarios: Scenarios = field(default_factory=Scenarios)
    national: National = field(default_factory=National)
