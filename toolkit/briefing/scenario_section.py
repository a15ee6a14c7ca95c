"""The «Scenarier» section: the chosen scenarios from scenarier.xlsx, computed against the
data version's baseline by the assembly the page and ``tvaerblik scenario`` use
(``toolkit.scenarios.scenario_report``, without the sensitivity, which a briefing does not
show), as net results, who pays and who gains, and a cumulative chart per scenario.
Scenarios are kroner, not counts of citizens: not suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from toolkit.briefing.builder import SECTION_TITLES, Builder, as_text
from toolkit.briefing.model import Block, BriefingError, Paragraph, Section
from toolkit.briefing.sentences import format_value
from toolkit.register import Dataset


def _kroner(value: Any) -> str:
    """Kroner as the other tables show them: −1.234 kr. with the typographic minus."""
    return format_value(float(value), "money")


def scenarios(b: Builder, dataset: Dataset, scenario_ids: Sequence[str]) -> Section:
    # Imported here: scenarios are only computed when a briefing asks for them.
    from toolkit.charts.scenario_charts import cumulative_chart
    from toolkit.scenarios import (
        CAVEAT,
        ScenarioError,
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
    source = (
        f"Kilde: Tværblik, version {b.version or '–'}, scenarierne "
        f"{', '.join(s.scenario_id for s in chosen)} (scenarier.xlsx), basisår {report.base_year}."
    )
    blocks: list[Block] = [
        Paragraph(
            f"Scenarierne er regnet mod data-version {b.version or '–'} med basisår "
            f"{report.base_year}. Beløbene er kommunens resultat i kr.: plus er en gevinst, "
            "minus en udgift. Scenarierne er kroner, ikke tal for borgere, og skjules derfor ikke."
        )
    ]
    summary_rows = []
    for row in report.summary.to_dict(orient="records"):
        year = row["break_even_year"]
        summary_rows.append(
            (
                f"{row['scenario']}: {row['name']}",
                _kroner(row["net"]),
                _kroner(row["net_discounted"]),
                "ikke inden for horisonten" if pd.isna(year) else str(int(year)),
                as_text(row["payer_label"]) or "–",
                as_text(row["gainer_label"]) or "–",
            )
        )
    blocks.append(
        b.table(
            "Scenariernes nettoresultat for kommunen over horisonten, tilbagebetaling og hvem "
            "der betaler og vinder mest",
            ("Scenarie", "Nettoresultat", "Tilbagediskonteret", "Tjent hjem", "Betaler mest",
             "Vinder mest"),
            summary_rows,
            (),
            (False, True, True, True, False, False),
            source=source,
        )
    )  # fmt: skip
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
                "over horisonten",
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
                f"{scenario.scenario_id} ({scenario.name}), med og uden tilbagediskontering."
                + (f" Scenariet er tjent hjem i {break_even}." if break_even else ""),
                (),
                "Linjediagram over det akkumulerede nettoresultat pr. år.",
                source=source,
            )
        )
    blocks.append(Paragraph(CAVEAT))
    return Section(SECTION_TITLES["scenarios"], tuple(blocks))
