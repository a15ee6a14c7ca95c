"""A scenario report (:mod:`toolkit.scenarios.report`) written out: Danish text, csv, json
or xlsx.

csv and json keep the code's column names (for other tools); text and xlsx are for people:
Danish headers and labels, kroner the Danish way. Scenario figures are kroner for budgets
and assumptions, not counts of persons, so they are not small-cell suppressed; the person
counts behind derived assumptions are never part of the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import pandas as pd

from toolkit import formats
from toolkit.indicators.export import json_value
from toolkit.scenarios.model import ITEMS, PURSES, TRENDS
from toolkit.scenarios.report import CAVEAT, TABLES, ScenarioReport
from toolkit.workbook import tables
from toolkit.workbook.tables import TableSheet, write_tables

KRONER = "#,##0"


# -- text ------------------------------------------------------------------------------------


def to_text(report: ScenarioReport) -> str:
    """A Danish summary a controller can read in a terminal."""
    lines = [
        f"Scenarier beregnet mod version {report.version or '–'} (basisår {report.base_year}). "
        "Beløb er kommunens resultat i kr. i scenariets prisniveau: plus er en gevinst, "
        "minus en udgift.",
        "",
    ]
    by_id = {s.scenario_id: s for s in report.scenarios}
    sensitivity = report.table("sensitivity")  # with it, the summary's break-even effect
    for row in _rows(report.summary):
        scenario = by_id[str(row["scenario"])]
        lines.append(f"{scenario.scenario_id}: {scenario.name}")
        trend = TRENDS.get(scenario.baseline_trend, scenario.baseline_trend).lower()
        lines.append(
            f"  {scenario.first_year}-{scenario.last_year}, diskonteringsrente "
            f"{formats.percent(scenario.discount_rate_pct)}, basisfremskrivning: {trend}"
        )
        cost, gain = formats.kroner(row["cost"]), formats.kroner(row["gain"])
        net, discounted = formats.kroner(row["net"]), formats.kroner(row["net_discounted"])
        lines.append(
            f"  Udgifter {cost} · gevinster {gain} · nettoresultat {net} "
            f"(tilbagediskonteret {discounted})"
        )
        lines.append(f"  Tilbagebetalt: {_break_even_text(row['break_even_year'])}")
        if _known(row["payer_label"]):
            lines.append(f"  Betaler mest: {row['payer_label']}")
        if _known(row["gainer_label"]):
            lines.append(f"  Vinder mest: {row['gainer_label']}")
        factor = row["break_even_effect_factor"]
        if pd.notna(factor):
            lines.append(
                "  Effekten skal være mindst "
                f"{formats.percent(float(factor) * 100, decimals=0)} af antagelsen for at "
                "betale sig hjem inden for horisonten"
            )
        else:
            lines.append("  En større effekt forbedrer ikke resultatet (ingen effekt-nulpunkt)")
        lines.append("  Nettoresultat pr. år:")
        years = report.yearly[
            (report.yearly["scenario"] == row["scenario"]) & (report.yearly["scope"] == "kommune")
        ]
        for year in _rows(years):
            lines.append(
                f"    {year['year']}: {formats.kroner(year['net']).rjust(16)}   "
                f"akkumuleret {formats.kroner(year['cumulative']).rjust(16)}"
            )
        tornado = sensitivity[sensitivity["scenario"] == row["scenario"]]
        if not tornado.empty:
            lines.append("  Følsomhed (tilbagediskonteret nettoresultat ved −25 % / +25 %):")
            for item in _rows(tornado):
                lines.append(
                    f"    {str(item['label']).ljust(22)} "
                    f"{formats.kroner(item['net_low']).rjust(16)} / "
                    f"{formats.kroner(item['net_high']).rjust(16)}"
                )
        flagged = report.assumptions[
            (report.assumptions["scenario"] == row["scenario"])
            & (report.assumptions["status"] == "uden kilde")
        ]
        for item in _rows(flagged):
            lines.append(f"  Bemærk: antagelsen «{item['what']}» har ingen kilde.")
        lines.append("")
    lines.append(CAVEAT)
    return "\n".join(lines)


def _known(value: Any) -> bool:
    return isinstance(value, str) and value not in ("", "nan", "None")


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _break_even_text(year: Any) -> str:
    return "ikke inden for horisonten" if pd.isna(year) else f"i {int(year)}"


# -- csv and json -------------------------------------------------------------------------


def write_csv(report: ScenarioReport, stream: IO[str], table: str = "projection") -> None:
    tables.write_csv(report.table(table), stream)


def write_json(report: ScenarioReport, stream: IO[str]) -> None:
    payload = {
        "version": report.version,
        "base_year": report.base_year,
        **{name: _records(report.table(name)) for name in TABLES},
    }
    json.dump(payload, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: json_value(value) for key, value in row.items()} for row in _rows(frame)]


# -- xlsx -----------------------------------------------------------------------------------


# Danish headers of each table, in the order the sheet shows them.
_SHEETS: tuple[tuple[str, str, dict[str, str], dict[str, int]], ...] = (
    ("Sammenfatning", "summary", {
        "scenario": "Scenarie-ID", "name": "Navn", "cost": "Udgifter (kr.)",
        "gain": "Gevinster (kr.)", "net": "Nettoresultat (kr.)",
        "net_discounted": "Nettoresultat, tilbagediskonteret (kr.)",
        "break_even_year": "Tilbagebetalt år",
        "break_even_year_undiscounted": "Tilbagebetalt år, ikke diskonteret",
        "break_even_effect_pct": "Effekt der skal til (% af antagelsen)",
        "payer_label": "Betaler mest", "gainer_label": "Vinder mest",
        "unsourced": "Antagelser uden kilde", "derived": "Afledte antagelser",
    }, {"Navn": 40}),
    ("År for år", "yearly", {
        "scenario": "Scenarie-ID", "year": "År", "scope_label": "Hvem",
        "net": "Nettoresultat (kr.)", "cumulative": "Akkumuleret (kr.)",
        "net_discounted": "Tilbagediskonteret (kr.)",
        "cumulative_discounted": "Akkumuleret, tilbagediskonteret (kr.)",
    }, {"Hvem": 30}),
    ("Hvem betaler", "who_pays", {
        "scenario": "Scenarie-ID", "department_label": "Afdeling", "cost": "Udgifter (kr.)",
        "gain": "Gevinster (kr.)", "budget_moved": "Flyttet budget (kr.)", "net": "Netto (kr.)",
    }, {"Afdeling": 30}),
    ("Følsomhed", "sensitivity", {
        "scenario": "Scenarie-ID", "label": "Antagelse", "net_base": "Nettoresultat (kr.)",
        "net_low": "Ved −25 % (kr.)", "net_high": "Ved +25 % (kr.)",
    }, {"Antagelse": 26}),
    ("Antagelser", "assumptions", {
        "scenario": "Scenarie-ID", "kind": "Slags", "what": "Antagelse", "value": "Værdi",
        "unit": "Enhed", "source": "Kilde", "status": "Status",
    }, {"Antagelse": 60, "Kilde": 60}),
    ("Fremskrivning", "projection", {
        "scenario": "Scenarie-ID", "year": "År", "department": "Afdeling", "purse": "Kasse",
        "item": "Post", "amount": "Beløb (kr.)", "derived": "Afledt",
    }, {}),
)  # fmt: skip


def write_xlsx(report: ScenarioReport, path: Path) -> Path:
    """Sheets Sammenfatning, År for år, Hvem betaler, Følsomhed, Antagelser, Fremskrivning
    and Noter, with Danish headers and labels."""
    report.table("sensitivity")  # a report without it has no sheet Følsomhed to write
    tables = {
        "summary": report.summary.assign(
            break_even_effect_pct=report.summary["break_even_effect_factor"] * 100
        ),
        "projection": report.projection.assign(
            department=report.projection["department"].fillna(""),
            purse=report.projection["purse"].map(PURSES),
            item=report.projection["item"].map(ITEMS),
            derived=report.projection["derived"].map({True: "ja", False: "nej"}),
        ),
    }
    sheets = []
    for title, name, headers, widths in _SHEETS:
        frame = tables.get(name, report.table(name))
        shown = frame.loc[:, list(headers)].rename(columns=headers)
        kroner = {header: KRONER for header in shown.columns if "(kr.)" in header}
        sheets.append(TableSheet(title, shown, kroner, widths))
    notes = pd.DataFrame(
        {
            "Note": [
                f"Beregnet mod version {report.version or '–'}, basisår {report.base_year}.",
                "Plus er en gevinst for kassen (eller afdelingen), minus en udgift.",
                CAVEAT,
            ]
        }
    )
    sheets.append(TableSheet("Noter", notes, widths={"Note": 120}))
    return write_tables(path, sheets)
