"""A scenario as plain data: frozen dataclasses, the Danish labels of their codes, and the
conversion from and to the stored tables of ``scenarier.xlsx``.

Blank cells are ``None`` here; defaults that need the baseline (a running cost, a number of
persons, consequence prices) are filled in by the projection and marked *derived* there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

from toolkit import schema
from toolkit.register import stored_dtypes


def _schema_number(value: object) -> float:
    """A default or limit the schema gives as a number (a TypeError if it gives none)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"the schema gives no number here: {value!r}")
    return float(value)


_HORIZON = schema.SCENARIOS.column("horizon_years")
DEFAULT_HORIZON_YEARS = int(_schema_number(_HORIZON.default))
MAX_HORIZON_YEARS = int(_schema_number(_HORIZON.maximum))
DEFAULT_DISCOUNT_RATE_PCT = _schema_number(schema.SCENARIOS.column("discount_rate_pct").default)
DEFAULT_TREND = str(schema.SCENARIOS.column("baseline_trend").default)
TRENDS = {"tendens": "Tendens (seneste tre år)", "flad": "Flad (basisårets niveau)"}


class ScenarioError(ValueError):
    """A scenario cannot be projected; the message is one Danish sentence for the user."""


# -- labels ---------------------------------------------------------------------------------

SCHEMES: dict[str, str] = dict(schema.SCHEME.labels)
SUPPORT_AT_ENTRY: dict[str, str] = dict(schema.SUPPORT_AT_ENTRY.labels)

ITEMS: dict[str, str] = {
    "budget_moved": "Flyttet budget",
    "intervention_cost": "Udgift til indsatser",
    "benefit_cost": "Ydelser",
    "refund": "Statsrefusion",
    "consequence": "Konsekvensgevinst",
}

PURSES: dict[str, str] = dict(schema.PURSE.labels)


class Outcome(NamedTuple):
    label: str
    unit: str  # Danish unit of the effect's size
    factor: float  # person-years saved per person and unit of size


# Unit and factor per outcome code; the label is the schema's (its KeyError names a code the
# schema lacks).
_UNIT_AND_FACTOR: dict[str, tuple[str, float]] = {
    "afgang_arbejde": ("procentpoint", 0.01),
    "kortere_forloeb": ("måneder", 1 / 12),
    "faerre_ventedage": ("dage", 1 / 365),
}
OUTCOMES: dict[str, Outcome] = {
    code: Outcome(schema.SCENARIO_OUTCOME.labels[code], *_UNIT_AND_FACTOR[code])
    for code in schema.SCENARIO_OUTCOME.codes
}


def scheme_label(code: str | None) -> str:
    return "Alle ordninger" if code is None else SCHEMES.get(code, code)


# -- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reallocation:
    """Budget moved in ``year`` from one department to another (kroner, plus)."""

    year: int
    from_department: str
    to_department: str
    amount: float
    purpose: str | None = None


@dataclass(frozen=True)
class VolumeChange:
    """More (or fewer, minus) persons in a scheme or an intervention type from ``from_year``
    (None: the first year) to the end of the horizon: ``change_persons`` or ``change_pct`` %
    of the base year's persons."""

    scheme: str | None = None
    intervention_type: str | None = None
    change_persons: float | None = None
    change_pct: float | None = None
    from_year: int | None = None
    note: str | None = None
    replaces_benefit: str | None = None  # the benefit the persons would otherwise receive
    kind: str | None = None  # "bestand" (None) or "tilgang": an inflow builds a stock
    capacity: float | None = None  # places: caps the stock's person-years a year


@dataclass(frozen=True)
class Investment:
    """Extra persons a year in an intervention type, paid by a department."""

    intervention_type: str
    extra_persons: float
    startup_cost: float = 0.0
    running_cost_per_person: float | None = None  # None: the type's cost per person-year
    paying_department: str | None = None  # None: the type's department in Takster
    from_year: int | None = None  # None: the first year
    to_year: int | None = None  # None: the last year
    note: str | None = None


@dataclass(frozen=True)
class Effect:
    """An expected effect on a target group (a scheme, optionally one support at entry)."""

    scheme: str
    outcome: str
    size: float  # in the outcome's unit: percentage points, months or days
    support_at_entry: str | None = None
    delay_years: float = 0.0
    duration_years: float | None = None  # None: to the end of the horizon
    persons: float | None = None  # None: the target group's persons in the base year
    source: str | None = None
    destination: str | None = None  # None: the outcome's default path
    persistence_years: float | None = None  # None: 1 (an exit counts one year)
    deadweight_pct: float | None = None  # None: 0 (the size is already net of baseline)


@dataclass(frozen=True)
class ConsequencePrice:
    """Kroner saved per person-year out of ``scheme`` for ``outcome`` in one purse (and, for
    the kommune, one department). ``shared``: read from a row without a scenario ID."""

    outcome: str
    scheme: str
    department: str | None
    purse: str
    amount: float
    source: str | None = None
    derived: bool = False
    shared: bool = False


@dataclass(frozen=True)
class Uncertainty:
    """Low and high of one assumption in % of the value entered (None: 75 and 125).
    ``shared``: read from a row without a scenario ID."""

    parameter: str  # a code of schema.SCENARIO_PARAMETER
    low_pct: float | None = None
    high_pct: float | None = None
    source: str | None = None
    shared: bool = False


@dataclass(frozen=True)
class PriceIndexPoint:
    """One year of the price index the workbook gives (overrides the shipped series)."""

    year: int
    index: float
    source: str | None = None


@dataclass(frozen=True)
class Scenario:
    scenario_id: str
    name: str
    description: str | None
    first_year: int
    horizon_years: int = DEFAULT_HORIZON_YEARS
    discount_rate_pct: float = DEFAULT_DISCOUNT_RATE_PCT
    price_level_year: int | None = None  # None: the results' price level (typed as-is)
    baseline_trend: str = DEFAULT_TREND
    reallocations: tuple[Reallocation, ...] = ()
    volume_changes: tuple[VolumeChange, ...] = ()
    investments: tuple[Investment, ...] = ()
    effects: tuple[Effect, ...] = ()
    consequence_prices: tuple[ConsequencePrice, ...] = field(default=())
    # Shared prices (no scenario ID) the scenario's own rows override: unused by the
    # projection, kept so that writing the scenarios back keeps the workbook's rows.
    unused_shared_prices: tuple[ConsequencePrice, ...] = field(default=())
    uncertainty: tuple[Uncertainty, ...] = field(default=())
    # Shared ranges the scenario's own rows override: kept for writing back, like prices.
    unused_shared_uncertainty: tuple[Uncertainty, ...] = field(default=())
    price_index: tuple[PriceIndexPoint, ...] = field(default=())  # the workbook's, shared

    @property
    def years(self) -> range:
        return range(self.first_year, self.first_year + self.horizon_years)

    @property
    def last_year(self) -> int:
        return self.first_year + self.horizon_years - 1

    def describe(self) -> str:
        """«Navn» (ID): how errors name the scenario."""
        return f"Scenariet «{self.name}» ({self.scenario_id})"


# -- tables ---------------------------------------------------------------------------------

# The stored tables of scenarier.xlsx and their dtypes, in the schema's order.
TABLES: dict[str, dict[str, str]] = {
    sheet.table: stored_dtypes(sheet.table) for sheet in schema.SCENARIO_BOOK.sheets
}
# Tables whose rows belong to one scenario (or, without a scenario ID, to every scenario).
_PER_SCENARIO = ("reallocations", "volume_changes", "investments", "effects",
                 "consequence_prices", "uncertainty")  # fmt: skip


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _num(value: Any) -> float | None:
    return None if _blank(value) else float(value)


def _int(value: Any) -> int | None:
    return None if _blank(value) else int(value)


def _rows(tables: Mapping[str, pd.DataFrame], name: str) -> list[dict[str, Any]]:
    frame = tables.get(name)
    if frame is None or frame.empty:
        return []
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _uncertainty(row: Mapping[str, Any]) -> Uncertainty:
    return Uncertainty(
        parameter=str(row["parameter"]), low_pct=_num(row.get("low_pct")),
        high_pct=_num(row.get("high_pct")), source=_text(row.get("source")),
        shared=_text(row.get("scenario_id")) is None,
    )  # fmt: skip


def scenarios_from_tables(tables: Mapping[str, pd.DataFrame]) -> list[Scenario]:
    """Scenarios from the stored tables of scenarier.xlsx, in the order of the sheet.

    Consequence prices without a scenario ID apply to every scenario that has no rows of
    its own for that (outcome, scheme), uncertainty rows without one to every scenario
    without its own row for that parameter; every Prisindeks row belongs to every scenario.
    Tables or columns left out (a workbook from before a sheet or column existed) are blank.
    """
    parts: dict[str, dict[str, list[Any]]] = {}
    for row in _rows(tables, "scenarios"):
        sid = _text(row.get("scenario_id"))
        if sid is not None:
            parts[sid] = {key: [] for key in _PER_SCENARIO}

    def add(table: str, row: Mapping[str, Any], item: Any) -> None:
        sid = _text(row.get("scenario_id"))
        if sid is not None and sid in parts:
            parts[sid][table].append(item)

    for row in _rows(tables, "reallocations"):
        add("reallocations", row, Reallocation(
            year=int(row["year"]), from_department=str(row["from_department"]),
            to_department=str(row["to_department"]), amount=float(row["amount"]),
            purpose=_text(row.get("purpose")),
        ))  # fmt: skip
    for row in _rows(tables, "volume_changes"):
        add("volume_changes", row, VolumeChange(
            scheme=_text(row.get("scheme")), intervention_type=_text(row.get("intervention_type")),
            change_persons=_num(row.get("change_persons")), change_pct=_num(row.get("change_pct")),
            from_year=_int(row.get("from_year")), note=_text(row.get("note")),
            replaces_benefit=_text(row.get("replaces_benefit")), kind=_text(row.get("kind")),
            capacity=_num(row.get("capacity")),
        ))  # fmt: skip
    for row in _rows(tables, "investments"):
        add("investments", row, Investment(
            intervention_type=str(row["intervention_type"]),
            extra_persons=float(row["extra_persons"]),
            startup_cost=_num(row.get("startup_cost")) or 0.0,
            running_cost_per_person=_num(row.get("running_cost_per_person")),
            paying_department=_text(row.get("paying_department")),
            from_year=_int(row.get("from_year")), to_year=_int(row.get("to_year")),
            note=_text(row.get("note")),
        ))  # fmt: skip
    for row in _rows(tables, "effects"):
        add("effects", row, Effect(
            scheme=str(row["scheme"]), outcome=str(row["outcome"]), size=float(row["size"]),
            support_at_entry=_text(row.get("support_at_entry")),
            delay_years=_num(row.get("delay_years")) or 0.0,
            duration_years=_num(row.get("duration_years")), persons=_num(row.get("persons")),
            source=_text(row.get("source")), destination=_text(row.get("destination")),
            persistence_years=_num(row.get("persistence_years")),
            deadweight_pct=_num(row.get("deadweight_pct")),
        ))  # fmt: skip
    shared: list[ConsequencePrice] = []
    for row in _rows(tables, "consequence_prices"):
        price = ConsequencePrice(
            outcome=str(row["outcome"]), scheme=str(row["scheme"]),
            department=_text(row.get("department")), purse=str(row["purse"]),
            amount=float(row["amount"]), source=_text(row.get("source")),
        )  # fmt: skip
        if _text(row.get("scenario_id")) is None:
            shared.append(ConsequencePrice(**{**price.__dict__, "shared": True}))
        else:
            add("consequence_prices", row, price)
    shared_ranges: list[Uncertainty] = []
    for row in _rows(tables, "uncertainty"):
        uncertainty = _uncertainty(row)
        if uncertainty.shared:
            shared_ranges.append(uncertainty)
        else:
            add("uncertainty", row, uncertainty)
    price_index = tuple(
        PriceIndexPoint(year=int(row["year"]), index=float(row["index"]),
                        source=_text(row.get("source")))
        for row in _rows(tables, "price_index")
    )  # fmt: skip
    unused_prices: dict[str, list[ConsequencePrice]] = {}
    unused_ranges: dict[str, list[Uncertainty]] = {}
    for sid, own in parts.items():
        pairs = {(p.outcome, p.scheme) for p in own["consequence_prices"]}
        own["consequence_prices"] += [p for p in shared if (p.outcome, p.scheme) not in pairs]
        unused_prices[sid] = [p for p in shared if (p.outcome, p.scheme) in pairs]
        given = {u.parameter for u in own["uncertainty"]}
        own["uncertainty"] += [u for u in shared_ranges if u.parameter not in given]
        unused_ranges[sid] = [u for u in shared_ranges if u.parameter in given]

    out = []
    for row in _rows(tables, "scenarios"):
        sid = _text(row.get("scenario_id"))
        if sid is None:
            continue
        first_year = int(row["first_year"])
        horizon = _int(row.get("horizon_years"))
        rate = _num(row.get("discount_rate_pct"))
        out.append(
            Scenario(
                scenario_id=sid,
                name=_text(row.get("name")) or sid,
                description=_text(row.get("description")),
                first_year=first_year,
                horizon_years=DEFAULT_HORIZON_YEARS if horizon is None else horizon,
                discount_rate_pct=DEFAULT_DISCOUNT_RATE_PCT if rate is None else rate,
                price_level_year=_int(row.get("price_level_year")),
                baseline_trend=_text(row.get("baseline_trend")) or DEFAULT_TREND,
                unused_shared_prices=tuple(unused_prices[sid]),
                unused_shared_uncertainty=tuple(unused_ranges[sid]),
                price_index=price_index,
                **{key: tuple(items) for key, items in parts[sid].items()},
            )
        )
    return out


def _frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    dtypes = TABLES[table]
    data = {name: pd.Series([row.get(name) for row in rows], dtype="object") for name in dtypes}
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    for name, dtype in dtypes.items():
        frame[name] = frame[name].astype(dtype)  # type: ignore[call-overload]
    return frame


def _once(rows: list[dict[str, Any]], seen: set[Any], key: Any, row: dict[str, Any]) -> None:
    """Append ``row`` unless a row with ``key`` was written before (a shared row)."""
    if key not in seen:
        seen.add(key)
        rows.append(row)


def scenarios_to_tables(scenarios: Iterable[Scenario]) -> dict[str, pd.DataFrame]:
    """The stored tables of ``scenarios`` (the inverse of ``scenarios_from_tables``): blanks
    are NA; derived consequence prices are not written; shared prices (used or overridden
    by a scenario's own rows), shared uncertainty rows and the price index are written once,
    shared rows without a scenario ID.

    Raises ScenarioError when two scenarios carry different price indices for the same year:
    the workbook has one Prisindeks for all of them.
    """
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    seen: set[Any] = set()
    index_years: dict[int, PriceIndexPoint] = {}
    for s in scenarios:
        sid = s.scenario_id
        rows["scenarios"].append({
            "scenario_id": sid, "name": s.name, "description": s.description,
            "first_year": s.first_year, "horizon_years": s.horizon_years,
            "discount_rate_pct": s.discount_rate_pct, "price_level_year": s.price_level_year,
            "baseline_trend": s.baseline_trend,
        })  # fmt: skip
        for r in s.reallocations:
            rows["reallocations"].append({"scenario_id": sid, **r.__dict__})
        for v in s.volume_changes:
            rows["volume_changes"].append({"scenario_id": sid, **v.__dict__})
        for i in s.investments:
            rows["investments"].append({"scenario_id": sid, **i.__dict__})
        for e in s.effects:
            rows["effects"].append({"scenario_id": sid, **e.__dict__})
        for p in (*s.consequence_prices, *s.unused_shared_prices):
            if p.derived:
                continue
            values = {k: v for k, v in p.__dict__.items() if k not in ("derived", "shared")}
            row = {"scenario_id": None if p.shared else sid, **values}
            if p.shared:
                _once(rows["consequence_prices"], seen, p, row)
            else:
                rows["consequence_prices"].append(row)
        for u in (*s.uncertainty, *s.unused_shared_uncertainty):
            values = {k: v for k, v in u.__dict__.items() if k != "shared"}
            row = {"scenario_id": None if u.shared else sid, **values}
            if u.shared:
                _once(rows["uncertainty"], seen, u, row)
            else:
                rows["uncertainty"].append(row)
        for point in s.price_index:
            other = index_years.setdefault(point.year, point)
            if other != point:
                raise ScenarioError(
                    f"{s.describe()} har et andet prisindeks for {point.year} end de andre "
                    "scenarier; projektmappen har ét prisindeks for alle scenarier."
                )
            _once(rows["price_index"], seen, point, dict(point.__dict__))
    return {name: _frame(name, table_rows) for name, table_rows in rows.items()}
