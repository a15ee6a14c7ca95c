"""Results of projections: net result per year and scope, one summary row per scenario, and
who pays and who gains.

Costs and gains are reported as positive kroner (a cost of 100 is ``cost`` 100); ``net`` and
``budget_moved`` keep the projection's sign (plus is a gain).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from toolkit.scenarios.model import PURSES, Scenario
from toolkit.scenarios.projection import discount_factors

SCOPE_LABELS = {
    "kommune": "Kommunen i alt",
    "region": PURSES["region"],
    "stat": PURSES["stat"],
    "offentlig": "Den offentlige sektor i alt",
}
TOLERANCE = 1e-6  # kroner: a result this close to 0 counts as 0
NAN = float("nan")


def _many(scenarios: Scenario | Sequence[Scenario]) -> Sequence[Scenario]:
    return [scenarios] if isinstance(scenarios, Scenario) else scenarios


def _label(code: str, departments: Mapping[str, str] | None) -> str:
    return (departments or {}).get(code, code)


Record = tuple[str, int, str | None, str, str, float]  # scenario, year, dep, purse, item, amount


def _records(projection: pd.DataFrame) -> list[Record]:
    """The projection's rows as plain tuples: one pass over the columns, no per-scenario
    filtering (100 scenarios stay fast)."""
    departments = [None if pd.isna(d) else str(d) for d in projection["department"]]
    return list(zip(projection["scenario"].astype(str), projection["year"].astype(int),
                    departments, projection["purse"].astype(str),
                    projection["item"].astype(str), projection["amount"].astype(float),
                    strict=True))  # fmt: skip


def yearly(
    projection: pd.DataFrame,
    scenarios: Scenario | Sequence[Scenario],
    *,
    departments: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """scenario, year, scope, scope_label, net, cumulative, net_discounted,
    cumulative_discounted: per scenario, every year of its horizon and every scope
    ("kommune", each department code in the projection or ``departments``, "region",
    "stat", "offentlig")."""
    sums: dict[tuple[str, str, int], float] = {}
    used: dict[str, set[str]] = {}
    for sid, year, department, purse, _item, amount in _records(projection):
        scopes = ["offentlig", purse]
        if purse == "kommune" and department is not None:
            scopes.append(department)
            used.setdefault(sid, set()).add(department)
        for scope in scopes:
            key = (sid, scope, year)
            sums[key] = sums.get(key, 0.0) + amount
    rows = []
    known = set(departments or {})
    for scenario in _many(scenarios):
        sid = scenario.scenario_id
        order = ["kommune", *sorted(known | used.get(sid, set())), "region", "stat",
                 "offentlig"]  # fmt: skip
        weights = discount_factors(scenario)
        for scope in order:
            cumulative = cumulative_discounted = 0.0
            label = SCOPE_LABELS.get(scope) or _label(scope, departments)
            for year in scenario.years:
                net = sums.get((sid, scope, year), 0.0)
                discounted = net * weights[year]
                cumulative += net
                cumulative_discounted += discounted
                rows.append((sid, year, scope, label, net, cumulative, discounted,
                             cumulative_discounted))  # fmt: skip
    columns = ["scenario", "year", "scope", "scope_label", "net", "cumulative",
               "net_discounted", "cumulative_discounted"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"scenario": "str", "year": "int64", "scope": "str", "scope_label": "str",
                         "net": "float64", "cumulative": "float64", "net_discounted": "float64",
                         "cumulative_discounted": "float64"})  # fmt: skip


def break_even_year(years: Sequence[int], cumulative: Sequence[float]) -> int | None:
    """Payback: the first year from which the cumulative result stays ≥ 0 (within
    ``TOLERANCE``) to the end of the horizon; None («ikke inden for horisonten») when the
    last year is negative, so a result that dips below 0 again has paid nothing back."""
    found: int | None = None
    for year, value in zip(reversed(years), reversed(cumulative), strict=True):
        if value < -TOLERANCE:
            break
        found = year
    return found


def summary(
    projection: pd.DataFrame,
    scenarios: Scenario | Sequence[Scenario],
    *,
    departments: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per scenario (the municipality, over the horizon): scenario, name, cost,
    gain, net, net_discounted, break_even_year, break_even_year_undiscounted, payer,
    payer_label, payer_net, gainer, gainer_label, gainer_net, unsourced, derived.

    Payer and gainer are ranked on each department's net result including the budget moved
    (``who_pays_who_gains``' net): the payer has the most negative net (if any is < 0), the
    gainer the most positive (if any is > 0); NaN nets when there is none."""
    records = _records(projection)
    per_year: dict[tuple[str, int], float] = {}
    for sid, year, _dep, purse, _item, amount in records:
        if purse == "kommune":
            per_year[(sid, year)] = per_year.get((sid, year), 0.0) + amount
    by_department: dict[str, dict[str, list[float]]] = {}
    nets: dict[str, dict[str, float]] = {}
    for (sid_, dep), totals in _department_totals(records).items():
        by_department.setdefault(sid_, {})[dep] = totals
        nets.setdefault(sid_, {})[dep] = _net(totals)
    rows = []
    for scenario in _many(scenarios):
        sid = scenario.scenario_id
        weights = discount_factors(scenario)
        years = list(scenario.years)
        per_years = [per_year.get((sid, y), 0.0) for y in years]
        undiscounted = _cumsum(per_years)
        discounted = _cumsum([n * weights[y] for n, y in zip(per_years, years, strict=True)])
        own = by_department.get(sid, {})
        own_nets = nets.get(sid, {})
        payer = _extreme(own_nets, sign=-1)
        gainer = _extreme(own_nets, sign=1)
        rows.append({
            "scenario": sid,
            "name": scenario.name,
            "cost": sum(t[0] for t in own.values()),
            "gain": sum(t[1] for t in own.values()),
            "net": undiscounted[-1] if years else 0.0,
            "net_discounted": discounted[-1] if years else 0.0,
            "break_even_year": break_even_year(years, discounted),
            "break_even_year_undiscounted": break_even_year(years, undiscounted),
            "payer": payer,
            "payer_label": None if payer is None else _label(payer, departments),
            "payer_net": NAN if payer is None else own_nets[payer],
            "gainer": gainer,
            "gainer_label": None if gainer is None else _label(gainer, departments),
            "gainer_net": NAN if gainer is None else own_nets[gainer],
            "unsourced": unsourced_count(scenario),
            "derived": derived_count(scenario),
        })  # fmt: skip
    columns = ["scenario", "name", "cost", "gain", "net", "net_discounted", "break_even_year",
               "break_even_year_undiscounted", "payer", "payer_label", "payer_net", "gainer",
               "gainer_label", "gainer_net", "unsourced", "derived"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"scenario": "str", "name": "str", "cost": "float64",
                         "gain": "float64", "net": "float64", "net_discounted": "float64",
                         "break_even_year": "Int64", "break_even_year_undiscounted": "Int64",
                         "payer": "str", "payer_label": "str", "payer_net": "float64",
                         "gainer": "str", "gainer_label": "str", "gainer_net": "float64",
                         "unsourced": "int64",
                         "derived": "int64"})  # fmt: skip


def _cumsum(values: list[float]) -> list[float]:
    out, total = [], 0.0
    for value in values:
        total += value
        out.append(total)
    return out


def _extreme(nets: Mapping[str, float], *, sign: int) -> str | None:
    """The department whose net × ``sign`` is largest and > 0 (-1: the payer, 1: the
    gainer); ties go to the first department code."""
    best: str | None = None
    for department in sorted(nets):
        value = nets[department] * sign
        if value > TOLERANCE and (best is None or value > nets[best] * sign + TOLERANCE):
            best = department
    return best


def _net(totals: Sequence[float]) -> float:
    cost, gain, budget_moved = totals
    return gain - cost + budget_moved


def _department_totals(records: list[Record]) -> dict[tuple[str, str], list[float]]:
    """(scenario, department) -> [cost, gain, budget moved] for the kommune's rows."""
    sums: dict[tuple[str, str], list[float]] = {}
    for sid, _year, department, purse, item, amount in records:
        if purse != "kommune" or department is None:
            continue
        entry = sums.setdefault((sid, department), [0.0, 0.0, 0.0])
        if item == "budget_moved":
            entry[2] += amount
        elif amount < 0:
            entry[0] -= amount
        else:
            entry[1] += amount
    return sums


def unsourced_count(scenario: Scenario) -> int:
    """Effects and entered consequence prices without a source."""
    effects = sum(1 for e in scenario.effects if not e.source)
    prices = sum(1 for p in scenario.consequence_prices if not p.derived and not p.source)
    return effects + prices


def derived_count(scenario: Scenario) -> int:
    """Assumptions the projection derives from the baseline: running costs, persons of
    effects, persons of volume changes in % (their projection rows are derived), and
    (outcome, scheme) pairs without prices."""
    running = sum(1 for i in scenario.investments if i.running_cost_per_person is None)
    persons = sum(1 for e in scenario.effects if e.persons is None)
    persons += sum(1 for v in scenario.volume_changes
                   if v.change_persons is None and v.change_pct is not None)  # fmt: skip
    priced = {(p.outcome, p.scheme) for p in scenario.consequence_prices if not p.derived}
    pairs = {(e.outcome, e.scheme) for e in scenario.effects} - priced
    return running + persons + len(pairs)


def who_pays_who_gains(
    projection: pd.DataFrame, *, departments: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Per scenario and department (purse kommune, undiscounted, over the horizon):
    scenario, department, department_label, cost (positive kroner of minus amounts except
    budget moved), gain (plus amounts except budget moved: gross), budget_moved and net
    (gain − cost + budget_moved). Scenarios in the projection's order; within one, by net
    ascending (the largest payer first), ties by department code."""
    sums = _department_totals(_records(projection))
    rows = [
        (s, d, _label(d, departments), *totals, _net(totals)) for (s, d), totals in sums.items()
    ]
    frame = pd.DataFrame(rows, columns=["scenario", "department", "department_label", "cost",
                                        "gain", "budget_moved", "net"])  # fmt: skip
    frame = frame.astype({"scenario": "str", "department": "str", "department_label": "str",
                          "cost": "float64", "gain": "float64", "budget_moved": "float64",
                          "net": "float64"})  # fmt: skip
    order = {sid: i for i, sid in enumerate(dict.fromkeys(projection["scenario"]))}
    frame["_order"] = frame["scenario"].map(order)
    frame["_net"] = frame["net"].round(2)  # equal to the øre ties, whatever float noise says
    frame = frame.sort_values(["_order", "_net", "department"], kind="stable")
    frame = frame.drop(columns=["_order", "_net"])
    return frame.reset_index(drop=True)
