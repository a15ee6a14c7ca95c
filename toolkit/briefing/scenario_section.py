"""The «Scenarier» section: the chosen scenarios from scenarier.xlsx, computed against the
data version's baseline by the assembly the page and ``tvaerblik scenario`` use
(``toolkit.scenarios.scenario_report``, without the sensitivity, which a briefing does not
show), as net results in one price level with their 90 %-interval and payback
probability, who pays and who gains (net, with the gross per department), the overlap
warning, and a cumulative chart per scenario. Scenarios are kroner, not counts of
citizens: not suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from toolkit import formats
from toolkit.briefing.builder import SECTION_TITLES, Builder, as_text
from toolkit.briefing.model import Block, BriefingError, Paragraph, Section
from toolkit.briefing.sentences import format_value
from toolkit.register import Dataset

NOT_COMPUTABLE = "–"
NOT_PAID_BACK = "ikke inden for horisonten"


def _kroner(value: Any) -> str:
    """Kroner as the other tables show them: −1.234 kr. with the typographic minus."""
    return NOT_COMPUTABLE if pd.isna(value) else format_value(float(value), "money")


def _probability(value: Any) -> str:
    """A share 0-1 as whole per cent: «62 %»."""
    return NOT_COMPUTABLE if pd.isna(value) else formats.percent(float(value) * 100, decimals=0)


def _department_net(label: Any, net: Any) -> str:
    """«Socialafdelingen (netto −1.234 kr.)», or «–» when no department pays (gains)."""
    name = as_text(label)
    if name in ("", "None", "nan"):
        return NOT_COMPUTABLE
    return f"{name} (netto {_kroner(net)})"


def scenarios(b: Builder, dataset: Dataset, scenario_ids: Sequence[str]) -> Section:
    # Imported here: scenarios are only computed when a briefing asks for them.
    from toolkit.charts.scenario_charts import cumulative_chart
    from toolkit.scenarios import (
        CAVEAT,
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
    chosen = [known[i] for i in dict.fromkeys(scenario_ids)]
    try:
        baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
        report = scenario_report(baseline, chosen)  # without the sensitivity: not shown
    except ScenarioError as exc:
        raise BriefingError(str(exc)) from None
    prices = report.price_label
    as_of = formats.day(baseline.as_of) if baseline.as_of else "–"
    names = [s.scenario_id for s in chosen]
    listed = formats.listing(names)
    source = (
        f"Kilde: Tværblik, {'scenariet' if len(names) == 1 else 'scenarierne'} {listed} i "
        f"scenarier.xlsx, regnet mod data opgjort {as_of} (basisår {report.base_year}), "
        f"{prices}."
    )
    terms = "; ".join(
        f"{s.scenario_id} {s.first_year}-{s.last_year} med diskonteringsrente "
        f"{formats.percent(s.discount_rate_pct)}"
        for s in chosen
    )
    blocks: list[Block] = [
        Paragraph(
            "Scenarierne viser, hvad en ændring kan betyde for kommunens økonomi, hvis "
            "antagelserne holder; de er beslutningsstøtte, ikke et budget. Beløbene er kommunens "
            f"resultat i kr. i {prices} (faste priser): plus er en gevinst, minus en udgift. "
            f"Horisont og diskonteringsrente: {terms}. 90 %-intervallet er det spænd, det "
            "tilbagediskonterede nettoresultat ligger inden for i 9 ud af 10 beregninger, hvor "
            "alle antagelser varierer på én gang mellem deres lave og høje værdi. «Effekt der "
            "skal til» er, hvor stor effekten mindst skal være i forhold til antagelsen, for at "
            "scenariet kan betale sig hjem inden for horisonten. Beløbene viser ikke enkelte "
            "borgere og er derfor ikke skjult som små tal."
        )
    ]
    summary = report.summary.to_dict(orient="records")
    blocks.extend(
        Paragraph(f"Advarsel om {row['scenario']}: {row['overlap']}")
        for row in summary
        if as_text(row["overlap"])
    )
    needed = {s.scenario_id: break_even_effect(baseline, s).multiplier for s in chosen}
    summary_rows = []
    for row in summary:
        year = row["break_even_year"]
        factor = needed[str(row["scenario"])]
        summary_rows.append(
            (
                f"{row['scenario']}: {row['name']}",
                _kroner(row["net"]),
                _kroner(row["net_discounted"]),
                NOT_PAID_BACK if pd.isna(year) else str(int(year)),
                NOT_COMPUTABLE if factor is None else formats.percent(factor * 100, decimals=0),
            )
        )
    blocks.append(
        b.table(
            f"Scenariernes nettoresultat for kommunen over horisonten i {prices}, hvornår de "
            "kan være tilbagebetalt, og hvor stor effekten mindst skal være",
            ("Scenarie", "Nettoresultat", "Tilbagediskonteret", "Tilbagebetalt fra",
             "Effekt der skal til"),
            summary_rows,
            (),
            (False, True, True, False, True),
            source=source,
        )
    )  # fmt: skip
    effects = report.assumptions[report.assumptions["kind"] == "effekt"]
    if not effects.empty:
        blocks.append(
            b.table(
                "Scenariernes antagelser om effekt og deres kilder",
                ("Scenarie", "Effekt", "Størrelse", "Kilde"),
                [
                    (
                        str(r["scenario"]),
                        str(r["what"]),
                        f"{formats.number(float(r['value']))} {r['unit']}",
                        as_text(r["source"]) or "uden kilde",
                    )
                    for r in effects.to_dict(orient="records")
                ],
                (),
                (False, False, True, False),
                source=source,
            )
        )
    blocks.append(
        b.table(
            f"Usikkerhed: 90 %-interval for det tilbagediskonterede nettoresultat i {prices}, "
            "når alle antagelser varierer på én gang, og sandsynligheden for at blive "
            "tilbagebetalt inden for horisonten",
            ("Scenarie", "90 %-interval fra", "90 %-interval til",
             "Sandsynlighed for tilbagebetaling"),
            [(str(row["scenario"]), _kroner(row["net_low"]), _kroner(row["net_high"]),
              _probability(row["payback_probability"])) for row in summary],
            (),
            (False, True, True, True),
            source=source,
        )
    )  # fmt: skip
    blocks.append(
        b.table(
            f"Hvem betaler mest, og hvem vinder mest: afdelingernes nettoresultat inkl. flyttet "
            f"budget over horisonten i {prices}",
            ("Scenarie", "Betaler mest", "Vinder mest"),
            [
                (
                    str(row["scenario"]),
                    _department_net(row["payer_label"], row["payer_net"]),
                    _department_net(row["gainer_label"], row["gainer_net"]),
                )
                for row in summary
            ],
            (),
            (False, False, False),
            source=source,
        )
    )
    who = report.who_pays
    order = b.departments(who["department"].astype(str))
    who = who.assign(_order=[order.index(str(d)) for d in who["department"]])
    who = who.sort_values(["scenario", "_order"], kind="stable")
    who_rows = [
        (
            str(r["scenario"]),
            as_text(r["department_label"]) or str(r["department"]),
            _kroner(r["cost"]),
            _kroner(r["gain"]),
            _kroner(r["budget_moved"]),
            _kroner(r["net"]),
        )
        for r in who.to_dict(orient="records")
    ]
    if who_rows:
        blocks.append(
            b.table(
                "Hvem betaler, og hvem vinder: udgifter, gevinster og flyttet budget pr. afdeling "
                f"over horisonten i {prices}",
                ("Scenarie", "Afdeling", "Udgifter", "Gevinster", "Flyttet budget", "Netto"),
                who_rows,
                (),
                (False, False, True, True, True, True),
                source=source,
            )
        )
    yearly = report.yearly[report.yearly["scope"] == "kommune"]
    by_id = report.summary.set_index("scenario")
    for scenario in chosen:
        rows = yearly[yearly["scenario"] == scenario.scenario_id]
        if rows.empty:
            continue
        found: Any = by_id.loc[scenario.scenario_id, "break_even_year"]
        break_even = None if pd.isna(found) else int(found)
        chart = cumulative_chart(
            rows, break_even, title=f"{scenario.scenario_id}: akkumuleret nettoresultat"
        )
        blocks.append(
            b.figure(
                chart,
                f"Kommunens akkumulerede nettoresultat år for år i scenariet "
                f"{scenario.scenario_id} ({scenario.name}) i {prices}, med og uden "
                "tilbagediskontering."
                + (f" Scenariet er tilbagebetalt fra {break_even}." if break_even else ""),
                (),
                "Linjediagram over det akkumulerede nettoresultat pr. år.",
                source=source,
            )
        )
    blocks.append(Paragraph(CAVEAT))
    return Section(SECTION_TITLES["scenarios"], tuple(blocks))
