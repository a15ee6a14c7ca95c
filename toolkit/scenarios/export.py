"""A scenario report (:mod:`toolkit.scenarios.report`) written out: Danish text, csv, json
or xlsx.

csv and json keep the code's column names (for other tools); text and xlsx are for people:
Danish headers and labels, kroner the Danish way, the price level named wherever amounts
are. Scenario figures are kroner for budgets and assumptions, not counts of persons, so
they are not small-cell suppressed; the person counts behind derived assumptions are never
part of the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import pandas as pd

from toolkit import formats
from toolkit.indicators.export import json_value
from toolkit.scenarios.model import ITEMS, PURSES, TRENDS
from toolkit.scenarios.report import CAVEAT, STANDARD, TABLES, ScenarioReport
from toolkit.scenarios.uncertainty import (
    DEFAULT_HIGH_PCT,
    DEFAULT_LOW_PCT,
    DRAWS,
    STANDARD_RANGE,
)
from toolkit.workbook import tables
from toolkit.workbook.tables import PERCENT_VALUE, YEAR, TableSheet, write_tables

KRONER = "#,##0"
FACTOR = "0.0000"  # a price conversion factor: 1,0412
NOT_COMPUTABLE = "–"  # the house mark for a value that does not exist
INTERVAL = "90 %-interval (tilbagediskonteret)"
NOT_PAID_BACK = "ikke inden for horisonten"
PAYBACK_PROBABILITY = "Sandsynlighed for tilbagebetaling inden for horisonten"


def price_level_sentence(report: ScenarioReport) -> str:
    """«Beløb i 2026-priser (faste priser)»: the first thing a reader of amounts needs."""
    return f"Beløb i {report.price_label} (faste priser)"


def model_notes(report: ScenarioReport) -> list[str]:
    """What the numbers rest on, in the words of docs/scenarios.md, for the Noter sheet."""
    return [
        f"{price_level_sentence(report)}: beløb fra registeret (basisår {report.base_year}) "
        f"og beløb skrevet i scenarier.xlsx er omregnet til {report.price_label} med "
        "nettoprisindekset (arket Antagelser, slags «prisniveau», viser faktorerne).",
        "Effekter på de samme borgere (samme ordning og samme støtte ved start, eller én af "
        "dem for hele ordningen) overlapper: de regnes sammen på det, der er tilbage, "
        "1 − (1 − a)(1 − b), så de sparede helårspersoner aldrig overstiger gruppens. "
        "Kolonnen «Advarsel» i Sammenfatning nævner effekterne.",
        "En effekt flytter borgere fra ordningen til en afgangsvej (job eller uddannelse, "
        "fleksjob, ledighedsydelse, førtidspension eller kontanthjælp); konsekvensprisen er "
        "forskellen i nettoudgift pr. helårsperson mellem de to, pr. afdeling og kasse efter "
        "refusion. Virkning pr. person og dødvægt står i arket Antagelser.",
        "Tilbagebetalt er det første år, hvorfra det akkumulerede resultat holder sig på 0 "
        "eller derover til horisontens slutning.",
        "Betaler mest og vinder mest er afdelingen med det laveste og det højeste "
        "nettoresultat inkl. flyttet budget; bruttoudgifter og -gevinster står i Hvem betaler.",
        f"{INTERVAL} og sandsynligheden for tilbagebetaling kommer fra "
        f"{formats.integer(DRAWS)} simulationer med fast startværdi, hvor hver antagelse "
        "trækkes mellem sin lave, forventede og høje værdi (arket Usikkerhed; tom: "
        f"{_pct(DEFAULT_LOW_PCT)} og {_pct(DEFAULT_HIGH_PCT)}). Følsomhed ændrer én antagelse "
        "ad gangen.",
        f"Beregnet mod version {report.version or NOT_COMPUTABLE}, basisår {report.base_year}.",
        "Plus er en gevinst for kassen (eller afdelingen), minus en udgift.",
        CAVEAT,
    ]


# -- text ------------------------------------------------------------------------------------


def to_text(report: ScenarioReport) -> str:
    """A Danish summary a controller can read in a terminal."""
    lines = [
        f"{price_level_sentence(report)}: kommunens resultat i kr., plus er en gevinst, "
        "minus en udgift.",
        f"Scenarier beregnet mod version {report.version or NOT_COMPUTABLE} "
        f"(basisår {report.base_year}).",
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
        lines += _price_conversion(report, scenario.scenario_id)
        if _known(row["overlap"]):
            lines.append(f"  Advarsel: {row['overlap']}")
        cost, gain = formats.kroner(row["cost"]), formats.kroner(row["gain"])
        net, discounted = formats.kroner(row["net"]), formats.kroner(row["net_discounted"])
        lines.append(
            f"  Udgifter {cost} · gevinster {gain} · nettoresultat {net} "
            f"(tilbagediskonteret {discounted})"
        )
        lines.append(f"  {INTERVAL}: {_kroner(row['net_low'])} til {_kroner(row['net_high'])}")
        lines.append(
            f"  Tilbagebetalt: {_break_even_text(row['break_even_year'])} (ikke diskonteret: "
            f"{_break_even_text(row['break_even_year_undiscounted'])})"
        )
        lines.append(f"  {PAYBACK_PROBABILITY}: {_probability(row['payback_probability'])}")
        lines += _payer_and_gainer(report, row)
        lines += _break_even_effect(row)
        lines.append("  Nettoresultat pr. år:")
        years = report.yearly[
            (report.yearly["scenario"] == row["scenario"]) & (report.yearly["scope"] == "kommune")
        ]
        for year in _rows(years):
            lines.append(
                f"    {year['year']}: {formats.kroner(year['net']).rjust(16)}   "
                f"akkumuleret {formats.kroner(year['cumulative']).rjust(16)}"
            )
        lines += _tornado(sensitivity[sensitivity["scenario"] == row["scenario"]])
        lines += _defaults_and_gaps(report, str(row["scenario"]))
        lines.append("")
    lines.append(CAVEAT)
    return "\n".join(lines)


def _payer_and_gainer(report: ScenarioReport, row: dict[str, Any]) -> list[str]:
    """«Betaler mest: Socialafdelingen, netto −1.234 kr. (udgifter …, gevinster …, flyttet
    budget …)»: ranked on the net, the gross beside it."""
    who = report.who_pays[report.who_pays["scenario"] == row["scenario"]]
    gross = {str(r["department"]): r for r in _rows(who)}
    lines = []
    for title, key in (("Betaler mest", "payer"), ("Vinder mest", "gainer")):
        if not _known(row[f"{key}_label"]):
            continue
        text = f"  {title}: {row[f'{key}_label']}, netto {_kroner(row[f'{key}_net'])}"
        found = gross.get(str(row[key]))
        if found is not None:
            text += (
                f" (udgifter {formats.kroner(found['cost'])}, gevinster "
                f"{formats.kroner(found['gain'])}, flyttet budget "
                f"{formats.kroner(found['budget_moved'])})"
            )
        lines.append(text)
    return lines


def _break_even_effect(row: dict[str, Any]) -> list[str]:
    factor = row["break_even_effect_factor"]
    if pd.isna(factor):
        return ["  En større effekt forbedrer ikke resultatet (ingen effekt-nulpunkt)"]
    return [
        "  Effekten skal være mindst "
        f"{formats.percent(float(factor) * 100, decimals=0)} af antagelsen for at "
        "betale sig hjem inden for horisonten"
    ]


def _tornado(tornado: pd.DataFrame) -> list[str]:
    """Each assumption at its own low and high (the sheet Usikkerhed, or the standard)."""
    if tornado.empty:
        return []
    lines = ["  Følsomhed (tilbagediskonteret nettoresultat med én antagelse ad gangen ved lav / "
             "høj):"]  # fmt: skip
    for item in _rows(tornado):
        span = f"{_pct(item['low_pct'])} / {_pct(item['high_pct'])}"
        if not item["given"]:
            span += ", standard"
        named = f"{item['label']} ({span})"
        lines.append(
            f"    {named.ljust(46)} "
            f"{formats.kroner(item['net_low']).rjust(16)} / "
            f"{formats.kroner(item['net_high']).rjust(16)}"
        )
    return lines


def _price_conversion(report: ScenarioReport, scenario_id: str) -> list[str]:
    """How the register's (and the workbook's) amounts reached the report's price level."""
    own = report.assumptions[
        (report.assumptions["scenario"] == scenario_id)
        & (report.assumptions["kind"] == "prisniveau")
        & (report.assumptions["status"] != STANDARD)
    ]
    return [f"  Prisniveau: {item['source']}" for item in _rows(own) if _known(item["source"])]


def _defaults_and_gaps(report: ScenarioReport, scenario_id: str) -> list[str]:
    """The blanks a default filled (with the default named) and the assumptions without a
    source."""
    own = report.assumptions[report.assumptions["scenario"] == scenario_id]
    lines = []
    defaults = own[own["status"] == STANDARD]
    if not defaults.empty:
        lines.append("  Standardværdier brugt (tomme felter i scenarier.xlsx):")
        for item in _rows(defaults):
            value = item["value"]
            shown = f" {formats.number(float(value))} {item['unit']}" if pd.notna(value) else ""
            source = f" ({item['source']})" if _known(item["source"]) else ""
            lines.append(f"    {item['what']}{shown}{source}")
    for item in _rows(own[own["status"] == "uden kilde"]):
        lines.append(f"  Bemærk: antagelsen «{item['what']}» har ingen kilde.")
    return lines


def _known(value: Any) -> bool:
    return isinstance(value, str) and value not in ("", "nan", "None")


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _kroner(value: Any) -> str:
    return NOT_COMPUTABLE if pd.isna(value) else formats.kroner(float(value))


def _pct(value: Any) -> str:
    return formats.percent(float(value), decimals=0)


def _probability(value: Any) -> str:
    return NOT_COMPUTABLE if pd.isna(value) else _pct(float(value) * 100)


def _break_even_text(year: Any) -> str:
    return NOT_PAID_BACK if pd.isna(year) else f"i {int(year)}"


# -- csv and json -------------------------------------------------------------------------


def write_csv(report: ScenarioReport, stream: IO[str], table: str = "projection") -> None:
    tables.write_csv(report.table(table), stream)


def write_json(report: ScenarioReport, stream: IO[str]) -> None:
    """Every table of :data:`TABLES` (ValueError for a report without the sensitivity)."""
    payload = {
        "version": report.version,
        "base_year": report.base_year,
        "price_level_year": report.price_level_year,
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
        "scenario": "Scenarie-ID", "name": "Navn", "price_label": "Prisniveau",
        "overlap": "Advarsel", "cost": "Udgifter (kr.)",
        "gain": "Gevinster (kr.)", "net": "Nettoresultat (kr.)",
        "net_discounted": "Nettoresultat, tilbagediskonteret (kr.)",
        "net_low": "90 %-interval fra, tilbagediskonteret (kr.)",
        "net_high": "90 %-interval til, tilbagediskonteret (kr.)",
        "payback_pct": f"{PAYBACK_PROBABILITY} (%)",
        "break_even_year": "Tilbagebetalt år",
        "break_even_year_undiscounted": "Tilbagebetalt år, ikke diskonteret",
        "break_even_effect_pct": "Effekt der skal til (% af antagelsen)",
        "payer_label": "Betaler mest", "payer_net": "Betaler mest, netto (kr.)",
        "gainer_label": "Vinder mest", "gainer_net": "Vinder mest, netto (kr.)",
        "unsourced": "Antagelser uden kilde", "derived": "Afledte antagelser",
    }, {"Navn": 40, "Advarsel": 60}),
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
        "scenario": "Scenarie-ID", "label": "Antagelse", "low_pct": "Lav (% af forventet)",
        "high_pct": "Høj (% af forventet)", "range": "Interval",
        "net_base": "Nettoresultat (kr.)", "net_low": "Ved lav (kr.)",
        "net_high": "Ved høj (kr.)",
    }, {"Antagelse": 26, "Interval": 18}),
    ("Usikkerhed", "uncertainty", {
        "scenario": "Scenarie-ID", "label": "Antagelse", "low_pct": "Lav (% af forventet)",
        "high_pct": "Høj (% af forventet)", "source": "Kilde", "status": "Status",
    }, {"Antagelse": 26, "Kilde": 60, "Status": 18}),
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
    """Sheets Sammenfatning, År for år, Hvem betaler, Følsomhed, Usikkerhed, Antagelser,
    Fremskrivning and Noter, with Danish headers and labels."""
    sensitivity = report.table("sensitivity")  # a report without it has no Følsomhed
    summary = report.summary
    frames = {
        "summary": summary.assign(
            price_label=report.price_label,
            break_even_year=_years(summary["break_even_year"]),
            break_even_year_undiscounted=_years(summary["break_even_year_undiscounted"]),
            break_even_effect_pct=[
                NOT_COMPUTABLE if pd.isna(f) else float(f) * 100
                for f in summary["break_even_effect_factor"]
            ],
            payback_pct=summary["payback_probability"] * 100,
            payer_label=[v if _known(v) else "" for v in summary["payer_label"]],
            gainer_label=[v if _known(v) else "" for v in summary["gainer_label"]],
        ),
        "sensitivity": sensitivity.assign(
            range=sensitivity["given"].map({True: "fra Usikkerhed", False: STANDARD_RANGE})
        ),
        "assumptions": report.assumptions.assign(
            value=[NOT_COMPUTABLE if pd.isna(v) else v for v in report.assumptions["value"]]
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
        frame = frames.get(name, report.table(name))
        shown = frame.loc[:, list(headers)].rename(columns=headers)
        number_formats = {
            header: KRONER if "(kr.)" in header else PERCENT_VALUE
            for header in shown.columns
            if "(kr.)" in header or "(%" in header
        } | {header: YEAR for header in shown.columns if header.startswith("Tilbagebetalt år")}
        cell_formats = (
            {"Værdi": _value_formats(report.assumptions)} if name == "assumptions" else {}
        )
        sheets.append(TableSheet(title, shown, number_formats, widths, cell_formats))
    notes = pd.DataFrame({"Note": model_notes(report)})
    sheets.append(TableSheet("Noter", notes, widths={"Note": 120}))
    return write_tables(path, sheets)


def _years(years: pd.Series) -> list[Any]:
    """A payback year, or the words for none (a blank cell would read as not computed)."""
    return [NOT_PAID_BACK if pd.isna(year) else int(year) for year in years]


def _value_formats(assumptions: pd.DataFrame) -> list[str | None]:
    """The Værdi column holds factors, kroner, percentages and years side by side."""
    found: list[str | None] = []
    for unit, value in zip(assumptions["unit"], assumptions["value"], strict=True):
        if pd.isna(value):
            found.append("General")  # «–» right-aligned beside the numbers
        elif unit == "omregningsfaktor":
            found.append(FACTOR)
        elif str(unit).startswith("kr."):
            found.append(KRONER)
        else:
            found.append(None)  # months, days, years, %: as entered
    return found
