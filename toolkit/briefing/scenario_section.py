"""The «Scenarier» section: what the chosen scenarios may mean for the municipality.

The chosen scenarios from scenarier.xlsx are computed once (:func:`scenario_results`)
against the data version's baseline by the assembly the page and ``tvaerblik scenario`` use
(``toolkit.scenarios.scenario_report``, without the sensitivity, which a briefing does not
show); the section (:func:`scenarios`) and its annex in kroner (``scenario_annex``) read
the same results. The section reads as an orientation: horizon, price level and discount
rate said once, the net result with its 90 %-interval, the effect needed to pay back, the
assumptions with their sources, who pays and who may gain (net, per department and purse)
and a cumulative chart per scenario, in mio. kr. and hedged («kan», «hvis antagelserne
holder»). Scenarios are named by their names, never by their ID. They are kroner, not
counts of citizens: not suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from toolkit import formats, pseudonyms
from toolkit.briefing.builder import SECTION_TITLES, Builder, as_text
from toolkit.briefing.model import Block, BriefingError, Paragraph, Section
from toolkit.briefing.scenario_annex import ANNEX_TITLE
from toolkit.register import Dataset

if TYPE_CHECKING:
    from toolkit.scenarios import Effect, Scenario, ScenarioReport

NOT_COMPUTABLE = "–"
NOT_PAID_BACK = "ikke inden for horisonten"
MUNICIPALITY_TOTAL = "Kommunen i alt"
# Scenarios side by side, one column each, while their names fit the page; more go in rows.
MAX_SIDE_BY_SIDE = 3
_OTHER_PURSES = {"region": "Regionen", "stat": "Staten"}
_UNIT_SUFFIX = re.compile(r"\s*\([^()]*\)$")


@dataclass(frozen=True)
class ScenarioResults:
    """The chosen scenarios, computed once; the section and its annex both read them."""

    chosen: tuple[Scenario, ...]
    report: ScenarioReport
    needed: Mapping[str, float | None]  # the effect multiple that pays back, per scenario ID
    source: str  # the source line of every table and figure

    @property
    def prices(self) -> str:
        return self.report.price_label

    @property
    def whose(self) -> str:
        """«Scenariets» or «Scenariernes», for a caption."""
        return "Scenariets" if len(self.chosen) == 1 else "Scenariernes"

    def name(self, scenario_id: str) -> str:
        """The scenario's name from scenarier.xlsx (its ID only when the name is blank)."""
        found = next(s for s in self.chosen if s.scenario_id == scenario_id)
        return pseudonyms.mask_cpr(found.name.strip() or scenario_id)


def scenario_results(dataset: Dataset, scenario_ids: Sequence[str]) -> ScenarioResults:
    """The scenarios ``scenario_ids`` computed against ``dataset``'s baseline; a
    ``BriefingError`` (Danish) for an unknown ID or a scenario that cannot be computed."""
    # Imported here: scenarios are only computed when a briefing asks for them.
    from toolkit.scenarios import (
        ScenarioError,
        break_even_effect,
        build_baseline,
        scenario_report,
        scenarios_from_tables,
    )

    stored = scenarios_from_tables(dataset.scenarios.tables())
    known = {s.scenario_id: s for s in stored}
    unknown = [i for i in scenario_ids if i not in known]
    if unknown:
        listing = ", ".join(known) if known else "ingen"
        raise BriefingError(
            f"Ukendte scenarier: {', '.join(unknown)}. Scenarierne i data er: {listing}."
        )
    chosen = tuple(known[i] for i in dict.fromkeys(scenario_ids))
    try:
        baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
        report = scenario_report(baseline, chosen)  # without the sensitivity: not shown
        needed = {s.scenario_id: break_even_effect(baseline, s).multiplier for s in chosen}
    except ScenarioError as exc:
        raise BriefingError(str(exc)) from None
    as_of = formats.day(baseline.as_of) if baseline.as_of else "–"
    names = [f"«{pseudonyms.mask_cpr(s.name.strip() or s.scenario_id)}»" for s in chosen]
    which = "scenarie" if len(names) == 1 else "scenarier"
    source = (
        f"Kilde: Tværblik, kommunens {which} {formats.listing(names)}, regnet med data opgjort "
        f"{as_of} (basisår {report.base_year}), {report.price_label}."
    )
    return ScenarioResults(chosen, report, needed, source)


# -- amounts -------------------------------------------------------------------------------------


def _millions(value: Any, *, signed: bool = False) -> str:
    """Kroner in mio. kr. without the unit (the caption says it): «−3,8», signed «+1,2»."""
    return NOT_COMPUTABLE if pd.isna(value) else formats.millions(float(value), signed=signed)


def _probability(value: Any) -> str:
    """A share 0-1 as whole per cent: «62 %»."""
    return NOT_COMPUTABLE if pd.isna(value) else formats.percent(float(value) * 100, decimals=0)


def _effect_name(effect: Effect) -> str:
    """«Færre ventedage, Ressourceforløb»: the effect without its unit (the size has it)."""
    from toolkit.scenarios import OUTCOMES, effect_label

    label = effect_label(effect)
    outcome = OUTCOMES.get(effect.outcome)
    if outcome is None:
        return label
    return label.replace(outcome.label, _UNIT_SUFFIX.sub("", outcome.label), 1)


# -- the section ---------------------------------------------------------------------------------


def _terms(results: ScenarioResults) -> str:
    """Horizon and discount rate, once: for all scenarios when they share them."""
    chosen = results.chosen
    terms = {(s.first_year, s.last_year, s.discount_rate_pct) for s in chosen}
    if len(terms) == 1:
        first, last, rate = terms.pop()
        who = {1: "Scenariet", 2: "Begge scenarier"}.get(len(chosen), "Alle scenarierne")
        return (
            f"{who} regner over årene {first}-{last} med en diskonteringsrente på "
            f"{formats.percent(rate)}."
        )
    each = [
        f"«{results.name(s.scenario_id)}» over årene {s.first_year}-{s.last_year} med "
        f"{formats.percent(s.discount_rate_pct)}"
        for s in chosen
    ]
    return f"Horisont og diskonteringsrente: {formats.listing(each)}."


def _introduction(results: ScenarioResults) -> Paragraph:
    one = len(results.chosen) == 1
    return Paragraph(
        f"{'Scenariet' if one else 'Scenarierne'} viser, hvad en ændring kan betyde for "
        f"kommunens økonomi, hvis antagelserne holder; {'det' if one else 'de'} er "
        "beslutningsstøtte, ikke et budget. Beløbene er i mio. kr. i "
        f"{results.prices} (faste priser) og summeret over horisonten: plus er en gevinst, "
        f"minus en udgift. {_terms(results)} Tilbagediskonteret betyder, at et beløb tæller "
        "mindre, jo senere det falder. 90 %-intervallet er spændet fra nedre til øvre grænse, "
        "som det tilbagediskonterede nettoresultat ligger inden for i 9 ud af 10 beregninger, "
        "når alle antagelser varierer på én gang mellem deres lave og høje værdi. «Effekt der "
        "skal til» er, hvor stor effekten mindst skal være i forhold til antagelsen, for at "
        "scenariet kan betale sig hjem inden for horisonten. Beløbene viser ikke enkelte "
        "borgere og er derfor ikke skjult som små tal. Beløbene i hele kroner står i "
        f"«{ANNEX_TITLE}» bagest."
    )


def _overlap_notes(results: ScenarioResults) -> list[Block]:
    """Effects on the same citizens are combined, not added: said once per scenario."""
    from toolkit.scenarios import overlaps

    notes: list[Block] = []
    for scenario in results.chosen:
        groups = [formats.listing([f"«{_effect_name(e)}»" for e in group])
                  for group in overlaps(scenario)]  # fmt: skip
        if groups:
            notes.append(
                Paragraph(
                    f"Bemærk om «{results.name(scenario.scenario_id)}»: "
                    f"{'; '.join(groups)} virker på de samme borgere. Effekterne regnes "
                    "derfor sammen, så ingen borger tælles med to gange."
                )
            )
    return notes


def _who_pays_sentence(results: ScenarioResults, outside: Sequence[str]) -> Paragraph:
    """Per scenario the department that pays most and the one that may gain most, net
    (with the budget moved): never a gross amount. ``outside``: the purses beside the
    municipality's the table shows («Regionen», «Staten»)."""
    parts = []
    for row in results.report.summary.to_dict(orient="records"):
        name = results.name(str(row["scenario"]))
        payer = (
            f"betaler {as_text(row['payer_label'])} mest "
            f"({formats.million_kroner(float(row['payer_net']))})"
            if pd.notna(row["payer_net"])
            else "betaler ingen afdeling netto"
        )
        gainer = (
            f"{as_text(row['gainer_label'])} kan få den største nettogevinst "
            f"({formats.million_kroner(float(row['gainer_net']), signed=True)})"
            if pd.notna(row["gainer_net"])
            else "ingen afdeling får en nettogevinst"
        )
        parts.append(f"I «{name}» {payer}, og {gainer}.")
    purses = [*outside[:1], *(p.lower() for p in outside[1:])]  # «Regionen og staten»
    return Paragraph(
        "Hvis antagelserne holder, og det flyttede budget regnes med, fordeler "
        "nettoresultatet sig sådan på afdelingerne: "
        + " ".join(parts)
        + (f" {formats.listing(purses)} ligger uden for kommunens kasse." if purses else "")
    )


def _net_by_scope(results: ScenarioResults, b: Builder) -> tuple[list[str], dict[str, Any]]:
    """The rows of the department table (departments, the municipality, region and state
    when a scenario touches them) and per row label the undiscounted net per scenario."""
    yearly = results.report.yearly
    totals = yearly.groupby(["scope", "scenario"], sort=False)["net"].sum()
    scopes = [str(s) for s in dict.fromkeys(yearly["scope"])]
    departments = b.departments(
        s for s in scopes if s not in ("kommune", "offentlig", *_OTHER_PURSES)
    )
    rows = [(d, b.department(d)) for d in departments] + [("kommune", MUNICIPALITY_TOTAL)]
    rows += [
        (scope, label)
        for scope, label in _OTHER_PURSES.items()
        if scope in scopes and (totals.loc[scope].round(0) != 0).any()
    ]
    return [label for _, label in rows], {label: totals.loc[scope] for scope, label in rows}


def _department_table(
    results: ScenarioResults, b: Builder, labels: Sequence[str], nets: Mapping[str, Any]
) -> Block:
    ids = [s.scenario_id for s in results.chosen]
    caption = (
        "Nettoresultat pr. afdeling og kasse over horisonten med det flyttede budget, uden "
        f"tilbagediskontering (mio. kr., {results.prices})"
    )
    if len(ids) <= MAX_SIDE_BY_SIDE:
        return b.table(
            caption,
            ("Afdeling eller kasse", *(results.name(i) for i in ids)),
            [(label, *(_millions(nets[label].get(i), signed=True) for i in ids))
             for label in labels],
            (),
            (False, *(True for _ in ids)),
            source=results.source,
        )  # fmt: skip
    return b.table(
        caption,
        ("Scenarie", "Afdeling eller kasse", "Nettoresultat"),
        [(results.name(i), label, _millions(nets[label].get(i), signed=True))
         for i in ids for label in labels],
        (),
        (False, False, True),
        source=results.source,
    )  # fmt: skip


def _charts(results: ScenarioResults, b: Builder) -> list[Block]:
    from toolkit.charts import print_charts
    from toolkit.charts.scenario_charts import cumulative_chart

    report = results.report
    yearly = report.yearly[report.yearly["scope"] == "kommune"]
    by_id = report.summary.set_index("scenario")
    blocks: list[Block] = []
    for scenario in results.chosen:
        rows = yearly[yearly["scenario"] == scenario.scenario_id]
        if rows.empty:
            continue
        found: Any = by_id.loc[scenario.scenario_id, "break_even_year"]
        break_even = None if pd.isna(found) else int(found)
        values = [*rows["cumulative"], *rows["cumulative_discounted"]]
        shown = print_charts.kroner_amounts(f"Akkumuleret, {results.prices}", values)
        name = results.name(scenario.scenario_id)
        chart = cumulative_chart(
            rows, break_even, title=name, amounts=shown, width=print_charts.LINE_WIDTH
        )
        unit = "mio. kr." if shown.divisor > 1 else "kr."
        paid_back = (
            f" Hvis antagelserne holder, er scenariet tilbagebetalt fra {break_even}."
            if break_even
            else " Scenariet betaler sig ikke hjem inden for horisonten med antagelserne."
        )
        blocks.append(
            b.figure(
                chart,
                f"Kommunens akkumulerede nettoresultat år for år i «{name}», med og uden "
                f"tilbagediskontering ({unit}, {results.prices}).{paid_back}",
                (),
                "Linjediagram over kommunens akkumulerede nettoresultat pr. år, med og uden "
                f"tilbagediskontering, i {unit}.",
                source=results.source,
            )
        )
    return blocks


def _effects_table(results: ScenarioResults, b: Builder) -> list[Block]:
    """Every effect the scenarios assume, with its size and its source: the details a
    reader looks up after the results."""
    from toolkit.scenarios import OUTCOMES

    effects = [(s, e) for s in results.chosen for e in s.effects]
    if not effects:
        return []
    return [
        b.table(
            f"{results.whose} antagelser om effekt og deres kilder",
            ("Scenarie", "Effekt", "Størrelse", "Kilde"),
            [
                (
                    results.name(s.scenario_id),
                    _effect_name(e),
                    f"{formats.number(e.size)} {OUTCOMES[e.outcome].unit}"
                    if e.outcome in OUTCOMES
                    else formats.number(e.size),
                    as_text(e.source) or "uden kilde",
                )
                for s, e in effects
            ],
            (),
            (False, False, True, False),
            source=results.source,
        )
    ]


def scenarios(b: Builder, results: ScenarioResults) -> Section:
    """«Scenarier»: what the chosen scenarios may mean for the municipality, in mio. kr."""
    from toolkit.scenarios import CAVEAT

    prices = results.prices
    summary = results.report.summary.to_dict(orient="records")
    blocks: list[Block] = [_introduction(results), *_overlap_notes(results)]
    net_rows = []
    for row in summary:
        year = row["break_even_year"]
        factor = results.needed[str(row["scenario"])]
        net_rows.append(
            (
                results.name(str(row["scenario"])),
                _millions(row["net"]),
                _millions(row["net_discounted"]),
                NOT_PAID_BACK if pd.isna(year) else str(int(year)),
                NOT_COMPUTABLE if factor is None else formats.percent(factor * 100, decimals=0),
            )
        )
    blocks.append(
        b.table(
            f"{results.whose} nettoresultat for kommunen over horisonten, hvornår "
            f"{'det' if len(summary) == 1 else 'de'} kan være tilbagebetalt, og hvor stor "
            f"effekten mindst skal være (mio. kr., {prices})",
            ("Scenarie", "Nettoresultat", "Tilbagediskonteret", "Tilbagebetalt fra",
             "Effekt der skal til"),
            net_rows,
            (),
            (False, True, True, False, True),
            source=results.source,
        )
    )  # fmt: skip
    blocks.append(
        b.table(
            "Usikkerhed: 90 %-interval for det tilbagediskonterede nettoresultat, når alle "
            "antagelser varierer på én gang, og sandsynligheden for at blive tilbagebetalt "
            f"inden for horisonten (mio. kr., {prices})",
            ("Scenarie", "Nedre grænse", "Øvre grænse",
             "Sandsynlighed for tilbagebetaling"),
            [(results.name(str(row["scenario"])), _millions(row["net_low"]),
              _millions(row["net_high"]), _probability(row["payback_probability"]))
             for row in summary],
            (),
            (False, True, True, True),
            source=results.source,
        )
    )  # fmt: skip
    labels, nets = _net_by_scope(results, b)
    outside = [label for label in labels if label in _OTHER_PURSES.values()]
    blocks += [_who_pays_sentence(results, outside), _department_table(results, b, labels, nets)]
    blocks += _charts(results, b)
    blocks += _effects_table(results, b)
    blocks.append(Paragraph(CAVEAT))
    return Section(SECTION_TITLES["scenarios"], tuple(blocks))
