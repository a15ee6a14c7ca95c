"""The Scenarier page's list of what the focused scenario assumes, in Danish: the scenario's
own rows (budget moved, volume changes, investments, effects) and the report's
assumptions (price level, each effect's destination, persistence and deadweight, the
consequence prices in the results' price level), each marked «afledt», «uden kilde» or
«standard» (a blank filled by a default, which the line names).

Persons shown (a target group's persons in the base year) are suppressed through
:func:`toolkit.indicators.publishing.display`. No widgets here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from toolkit import formats, schema
from toolkit.indicators.publishing import NOT_SUPPRESSED, PRIMARY, display, suppression_threshold
from toolkit.scenarios import OUTCOMES, SUPPORT_AT_ENTRY, Baseline, Scenario
from toolkit.scenarios.model import scheme_label

STANDARD = "standard"
VOLUME_KINDS: dict[str, str] = {str(k): str(v) for k, v in schema.VOLUME_KIND.labels.items()}
# The report's kinds of assumption this list shows as they are, under these headings; its
# «effekt» and «volumen» rows are the scenario's own lines below, written more fully.
REPORT_GROUPS = {
    "prisniveau": "Prisniveau",
    "afgang": "Afgang",
    "virkning": "Virkning",
    "dødvægt": "Dødvægt",
    "konsekvenspris": "Konsekvenspris",
}
# Kinds whose «source» is where the number comes from (the others' is a sentence of its own).
SOURCED_KINDS = {"afgang", "virkning", "dødvægt", "konsekvenspris"}


@dataclass(frozen=True)
class Assumption:
    """One line of the assumption list: the text and its marks."""

    group: str
    text: str
    derived: bool = False
    no_source: bool = False
    standard: bool = False


def persons_text(value: float | None) -> str:
    """A number of persons in Danish; 1-4 as "<5" (a count of persons is suppressed)."""
    if value is None:
        return "–"
    limit = suppression_threshold()
    mark = PRIMARY if 0 < value < limit else NOT_SUPPRESSED
    return display(round(value), mark)


def pct_text(value: float) -> str:
    """75 -> «75 %», 12.5 -> «12,5 %»: whole per cents without a decimal."""
    return formats.percent(value, 0 if float(value).is_integer() else 1)


def value_text(value: float, unit: str) -> str:
    """A report assumption's value in its unit, «–» when it has none to give."""
    if not math.isfinite(value):
        return "–"
    if unit == "omregningsfaktor":
        return f"omregningsfaktor {formats.number(value, 4)}"
    if unit.startswith("kr."):
        return f"{formats.kroner(value)} {unit.removeprefix('kr.').strip()}".strip()
    if unit == "%":
        return pct_text(value)
    return f"{formats.number(value)} {unit}".strip()


def _years(first: int | None, last: int | None, scenario: Scenario) -> str:
    start = scenario.first_year if first is None else first
    end = scenario.last_year if last is None else last
    return str(start) if start == end else f"{start}–{end}"


def _bare(label: str) -> str:
    """«Kortere forløb (måneder)» -> «Kortere forløb»: the unit is written after the size."""
    return re.sub(r"\s*\([^)]*\)$", "", label)


def _target_persons(baseline: Baseline, scheme: str, support: str | None) -> float | None:
    facts = baseline.schemes.get(scheme)
    if facts is None:
        return None
    if support is None:
        return facts.persons
    return facts.persons_by_support.get(support, 0.0)


def report_lines(rows: pd.DataFrame) -> list[Assumption]:
    """The report's assumption rows of :data:`REPORT_GROUPS`, one line each."""
    out = []
    for kind, what, value, unit, source, status in zip(
        rows["kind"], rows["what"], rows["value"], rows["unit"], rows["source"],
        rows["status"], strict=True,
    ):  # fmt: skip
        group = REPORT_GROUPS.get(str(kind))
        if group is None:
            continue
        shown = "" if not unit and not math.isfinite(value) else f": {value_text(value, unit)}"
        source = str(source)
        if status == "afledt":
            source = source.removeprefix("Afledt af basisåret: ")
        said = ""
        if source:
            plain = kind not in SOURCED_KINDS or status in (STANDARD, "afledt")
            said = f"; {source}" if plain else f"; kilde: {source}"
        out.append(Assumption(group, f"{what}{shown}{said}", derived=status == "afledt",
                              no_source=status == "uden kilde",
                              standard=status == STANDARD))  # fmt: skip
    return out


def assumptions(
    scenario: Scenario,
    baseline: Baseline,
    names: Mapping[str, str],
    types: Mapping[str, str] | None = None,
    report_rows: pd.DataFrame | None = None,
) -> list[Assumption]:
    """Every assumption of the scenario in Danish: its own rows, then ``report_rows`` (the
    report's assumptions of this scenario); derived ones, those without a source and blanks
    filled by a default marked."""
    types = types or {}

    def dep(code: str | None) -> str:
        return names.get(code, code) if code else "indsatstypens afdeling (afledt)"

    def kind_of(code: str | None) -> str:
        return types.get(str(code), str(code))

    rate = formats.percent(scenario.discount_rate_pct)
    out = [Assumption("Scenariet", f"{scenario.horizon_years} år fra {scenario.first_year}; "
                      f"diskonteringsrente {rate}.")]  # fmt: skip
    for move in scenario.reallocations:
        purpose = f" – {move.purpose}" if move.purpose else ""
        out.append(Assumption("Flyttet budget", f"{move.year}: {formats.kroner(move.amount)} "
                              f"fra {dep(move.from_department)} til {dep(move.to_department)}"
                              f"{purpose}"))  # fmt: skip
    for change in scenario.volume_changes:
        what = (scheme_label(change.scheme) if change.scheme
                else f"indsatstypen {kind_of(change.intervention_type)}")  # fmt: skip
        if change.change_persons is not None:
            size = f"{formats.number(change.change_persons)} personer"
        else:
            size = f"{formats.percent(change.change_pct or 0.0)} af basisårets personer"
        kind = change.kind or "bestand"
        places = (f", højst {formats.number(change.capacity)} pladser"
                  if change.capacity is not None else "")  # fmt: skip
        out.append(Assumption("Flere eller færre borgere",
                              f"{what}: {size} fra {_years(change.from_year, None, scenario)}; "
                              f"{VOLUME_KINDS.get(kind, kind).lower()}{places}",
                              derived=change.change_persons is None,
                              standard=change.kind is None))  # fmt: skip
    for inv in scenario.investments:
        cost = inv.running_cost_per_person
        running = (f"drift {formats.kroner(cost)} pr. helårsperson" if cost is not None
                   else "drift pr. helårsperson som indsatstypens udgift pr. helårsperson i "
                        "basisåret (afledt)")  # fmt: skip
        out.append(Assumption(
            "Investering",
            f"{kind_of(inv.intervention_type)}: {formats.number(inv.extra_persons)} ekstra "
            f"helårspladser pr. år, opstart {formats.kroner(inv.startup_cost)}, {running}; "
            f"betales af {dep(inv.paying_department)}; "
            f"{_years(inv.from_year, inv.to_year, scenario)}",
            derived=cost is None or inv.paying_department is None,
        ))  # fmt: skip
    for effect in scenario.effects:
        outcome = OUTCOMES.get(effect.outcome)
        label = _bare(outcome.label) if outcome else effect.outcome
        unit = outcome.unit if outcome else ""
        group = scheme_label(effect.scheme)
        if effect.support_at_entry:
            group += f", {SUPPORT_AT_ENTRY.get(effect.support_at_entry, effect.support_at_entry)}"
        duration = ("til horisontens slut" if effect.duration_years is None
                    else f"{formats.number(effect.duration_years)} år")  # fmt: skip
        if effect.persons is not None:
            persons = f"{persons_text(effect.persons)} personer"
        else:
            target = _target_persons(baseline, effect.scheme, effect.support_at_entry)
            persons = f"{persons_text(target)} personer (afledt: målgruppen i basisåret)"
        source = f"; kilde: {effect.source}" if effect.source else ""
        start = ("fra første år" if not effect.delay_years
                 else f"efter {formats.number(effect.delay_years)} år")  # fmt: skip
        out.append(Assumption(
            "Effekt",
            f"{group}: {label.lower()} {formats.number(effect.size)} {unit}, {start}, "
            f"varighed {duration}, {persons}{source}",
            derived=effect.persons is None,
            no_source=not effect.source,
        ))  # fmt: skip
    if report_rows is not None:
        out += report_lines(report_rows[report_rows["scenario"] == scenario.scenario_id])
    used = {(e.outcome, e.scheme) for e in scenario.effects}
    for price in scenario.consequence_prices:
        if (price.outcome, price.scheme) in used:
            continue
        outcome = OUTCOMES.get(price.outcome)
        where = schema.PURSE.label(price.purse)
        if price.department:
            where = f"{where}, {dep(price.department)}"
        out.append(Assumption(
            "Konsekvenspris",
            f"{_bare(outcome.label) if outcome else price.outcome}, "
            f"{scheme_label(price.scheme)}: {formats.kroner(price.amount)} pr. sparet "
            f"personår som skrevet i regnearket ({where}) (bruges ikke: ingen effekt)",
            no_source=not price.source,
        ))  # fmt: skip
    return out


__all__ = ["Assumption", "assumptions", "persons_text", "report_lines", "value_text"]
