"""The one assembly of scenario results: every scenario projected against one baseline in
one price level, summarised with its overlap warning and its simulated range, who pays and
who gains, the assumptions it rests on with the ranges of each and, when the caller asks
for it, the sensitivity (tornado and break-even effect).

The Scenarier page, ``tvaerblik scenario`` and the briefing all take their numbers from
:func:`scenario_report`; :mod:`toolkit.scenarios.export` writes a report out. The
simulation is one vectorised pass a scenario, so every report has it; the sensitivity costs
fourteen projections and two vectorised passes a scenario, so it is computed only on
request: the briefing does not show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from toolkit import formats, schema
from toolkit.scenarios.baseline import Baseline
from toolkit.scenarios.effects import overlaps
from toolkit.scenarios.model import OUTCOMES, PURSES, Scenario, scheme_label
from toolkit.scenarios.paths import consequence_prices, destination_of, path_text
from toolkit.scenarios.price_level import price_label
from toolkit.scenarios.projection import price_index_of, price_level, project_all
from toolkit.scenarios.results import summary, who_pays_who_gains, yearly
from toolkit.scenarios.sensitivity import break_even_effect, effect_label, sensitivity
from toolkit.scenarios.uncertainty import PARAMETERS, STANDARD_RANGE, ranges, simulate

VOLUME_KINDS: dict[str, str] = dict(schema.VOLUME_KIND.labels)
TABLES = ("projection", "yearly", "summary", "who_pays", "sensitivity", "assumptions",
          "uncertainty")  # fmt: skip
CAVEAT = (
    "Scenarier er beslutningsstøtte, ikke beslutningsgrundlag: de regner kun på de "
    "antagelser, der står i scenariet. Progression og livskvalitet for borgerne tæller også."
)


@dataclass(frozen=True)
class ScenarioReport:
    """Everything the page, the command and the briefing show about a set of scenarios.

    ``sensitivity`` is None, and ``summary`` has no ``break_even_effect_factor`` column,
    when the report was assembled without the sensitivity. Every amount is in the price
    level ``price_level_year`` (faste priser)."""

    scenarios: tuple[Scenario, ...]
    base_year: int
    version: str | None
    price_level_year: int
    projection: pd.DataFrame  # scenario, year, department, purse, item, amount, derived
    yearly: pd.DataFrame  # per scenario, year and scope: net and cumulative
    summary: pd.DataFrame  # one row per scenario
    who_pays: pd.DataFrame  # per scenario and department
    assumptions: pd.DataFrame  # every effect and consequence price, with its source
    uncertainty: pd.DataFrame  # every assumption's low and high, per scenario
    sensitivity: pd.DataFrame | None  # the tornado of every scenario

    @property
    def price_label(self) -> str:
        """«2026-priser»."""
        return price_label(self.price_level_year)

    def table(self, name: str) -> pd.DataFrame:
        """One of :data:`TABLES`; ValueError for the sensitivity of a report without it."""
        if name not in TABLES:
            raise KeyError(name)
        frame: pd.DataFrame | None = getattr(self, name)
        if frame is None:
            raise ValueError(f"the report was assembled without the {name}")
        return frame


def scenario_report(
    baseline: Baseline, scenarios: Sequence[Scenario], *, with_sensitivity: bool = False
) -> ScenarioReport:
    """Project and summarise every scenario against ``baseline``; with ``with_sensitivity``
    also the tornado and the break-even effect size of each.

    Raises :class:`toolkit.scenarios.ScenarioError` (Danish) when a scenario needs a fact
    the baseline does not have.
    """
    departments = dict(baseline.departments)
    projection = project_all(baseline, scenarios)
    summary_frame = summary(projection, scenarios, departments=departments)
    simulations = [simulate(baseline, s) for s in scenarios]
    summary_frame["price_level_year"] = pd.Series([baseline.price_level] * len(scenarios),
                                                  dtype="int64")  # fmt: skip
    summary_frame["overlap"] = pd.Series([overlap_text(s) for s in scenarios], dtype="str")
    summary_frame["net_low"] = pd.Series([m.low for m in simulations], dtype="float64")
    summary_frame["net_high"] = pd.Series([m.high for m in simulations], dtype="float64")
    summary_frame["payback_probability"] = pd.Series(
        [m.payback_probability for m in simulations], dtype="float64"
    )
    tornado: pd.DataFrame | None = None
    if with_sensitivity:
        tornados = [sensitivity(baseline, s) for s in scenarios]
        tornado = pd.concat(tornados, ignore_index=True) if tornados else _empty_tornado()
        factors = {s.scenario_id: break_even_effect(baseline, s).multiplier for s in scenarios}
        summary_frame["break_even_effect_factor"] = pd.Series(
            [factors[s] for s in summary_frame["scenario"]], dtype="Float64"
        )
    return ScenarioReport(
        scenarios=tuple(scenarios),
        base_year=baseline.base_year,
        version=baseline.version,
        price_level_year=baseline.price_level,
        projection=projection,
        yearly=yearly(projection, scenarios, departments=departments),
        summary=summary_frame,
        who_pays=who_pays_who_gains(projection, departments=departments),
        assumptions=assumptions(baseline, scenarios),
        uncertainty=uncertainty_table(scenarios),
        sensitivity=tornado,
    )


def overlap_text(scenario: Scenario) -> str:
    """«Effekterne overlapper: …» naming each group of effects on the same persons, or ""."""
    groups = overlaps(scenario)
    if not groups:
        return ""
    parts = []
    for group in groups:
        parts.append(formats.listing([f"«{effect_label(e)}»" for e in group]))
    return ("Effekterne overlapper: " + "; ".join(parts) + " virker på de samme borgere, så "
            "de regnes sammen på det, der er tilbage (1 − (1 − a)(1 − b)), og tælles ikke "
            "dobbelt.")  # fmt: skip


def uncertainty_table(scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """scenario, parameter, label, low_pct, high_pct, source, status: the range of every
    assumption the tornado and the simulation use ("standard ±25 %" when blank)."""
    rows = []
    for scenario in scenarios:
        for r in ranges(scenario):
            rows.append((scenario.scenario_id, r.parameter, PARAMETERS[r.parameter],
                         r.low * 100, r.high * 100, r.source or "",
                         "" if r.given else STANDARD_RANGE))  # fmt: skip
    columns = ["scenario", "parameter", "label", "low_pct", "high_pct", "source", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"scenario": "str", "parameter": "str", "label": "str",
                         "low_pct": "float64", "high_pct": "float64", "source": "str",
                         "status": "str"})  # fmt: skip


def _row(scenario: Scenario, kind: str, what: str, value: float | None, unit: str,
         source: str | None, status: str) -> dict[str, Any]:  # fmt: skip
    return {"scenario": scenario.scenario_id, "kind": kind, "what": what,
            "value": float("nan") if value is None else value, "unit": unit,
            "source": source or "", "status": status}  # fmt: skip


STANDARD = "standard"


def assumptions(baseline: Baseline, scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """Every assumption a scenario rests on, with its source: the price level, each
    effect's size, path, persistence and deadweight, each volume change's type and each
    consequence price (in the results' price level). Derived prices are marked "afledt",
    blanks filled with a default "standard", entered values without a source "uden
    kilde"."""
    rows: list[dict[str, Any]] = []
    for scenario in scenarios:
        level = price_level(baseline, scenario)
        index = price_index_of(scenario)
        typed = scenario.price_level_year
        text = index.describe(baseline.base_year, level.year)
        rows.append(_row(scenario, "prisniveau", f"Alle beløb i {price_label(level.year)}",
                         level.register, "omregningsfaktor", text, ""))  # fmt: skip
        if typed is not None and typed != level.year:
            rows.append(_row(scenario, "prisniveau", f"Beløb i projektmappen ({typed}-priser)",
                             level.typed, "omregningsfaktor", index.describe(typed, level.year,
                                                         subject="Beløb i projektmappen"),
                             ""))  # fmt: skip
        elif typed is None:
            rows.append(_row(scenario, "prisniveau", "Beløb i projektmappen", None, "",
                             f"«Prisniveau (år)» er tom: beløbene regnes som "
                             f"{price_label(level.year)}", STANDARD))  # fmt: skip
        for change in scenario.volume_changes:
            target = (scheme_label(change.scheme) if change.scheme
                      else f"indsatstypen «{change.intervention_type}»")  # fmt: skip
            kind = change.kind or "bestand"
            rows.append(_row(scenario, "volumen", f"{target}: {VOLUME_KINDS.get(kind, kind)}",
                             change.capacity, "pladser" if change.capacity else "",
                             change.note, "" if change.kind else STANDARD))  # fmt: skip
        for effect in scenario.effects:
            label = effect_label(effect)
            outcome = OUTCOMES.get(effect.outcome)
            status = "uden kilde" if not effect.source else ""
            rows.append(_row(scenario, "effekt", label, effect.size,
                             outcome.unit if outcome else "", effect.source, status))  # fmt: skip
            rows.append(_row(scenario, "afgang", f"{label}: {path_text(destination_of(effect))}",
                             None, "",
                             effect.source if effect.destination else None,
                             "" if effect.destination else STANDARD))  # fmt: skip
            if effect.outcome == "afgang_arbejde":
                rows.append(_row(scenario, "virkning", f"{label}: virkning pr. person",
                                 effect.persistence_years or 1.0, "år",
                                 None if effect.persistence_years else
                                 "Forsigtig standard: en afgang tæller i ét år",
                                 "" if effect.persistence_years else STANDARD))  # fmt: skip
            rows.append(_row(scenario, "dødvægt", f"{label}: dødvægt",
                             effect.deadweight_pct or 0.0, "%",
                             None if effect.deadweight_pct is not None else
                             "Størrelsen regnes som forskellen fra basisforløbet",
                             "" if effect.deadweight_pct is not None else STANDARD))  # fmt: skip
        paths = dict.fromkeys((e.outcome, e.scheme, e.destination) for e in scenario.effects)
        for outcome_code, scheme, destination in paths:
            prices = consequence_prices(baseline, scenario, outcome_code, scheme, destination)
            for price in prices:
                where = PURSES.get(price.purse, price.purse)
                if price.department:
                    where = f"{baseline.department_label(price.department)} ({where.lower()})"
                outcome = OUTCOMES.get(outcome_code)
                factor = level.register if price.derived else level.typed
                status = "afledt" if price.derived else ("uden kilde" if not price.source else "")
                rows.append(_row(scenario, "konsekvenspris",
                                 f"{outcome.label if outcome else outcome_code}, "
                                 f"{scheme_label(scheme)}: {where}", price.amount * factor,
                                 "kr. pr. helårsperson", price.source, status))  # fmt: skip
    columns = ["scenario", "kind", "what", "value", "unit", "source", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: "str" for c in columns if c != "value"} | {"value": "float64"})


def _empty_tornado() -> pd.DataFrame:
    dtypes = {"scenario": "str", "parameter": "str", "label": "str", "low_pct": "float64",
              "high_pct": "float64", "given": "bool", "net_base": "float64",
              "net_low": "float64", "net_high": "float64"}  # fmt: skip
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})
