"""What the Scenarier page writes about the focused scenario and the chosen ones: the tiles,
the tables behind the figure cards (and their Excel files), who pays and who gains, the
uncertainty of each assumption, the overlap warning and the scenarios side by side, as
frames with Danish headers and as HTML from ``templates/scenarios_page.html.j2``.

No widgets and no rule of its own: every number is the report's
(:mod:`toolkit.ui.scenarios_page_data`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from toolkit import formats, schema
from toolkit.scenarios.uncertainty import DEFAULT_HIGH_PCT, DEFAULT_LOW_PCT, DRAWS
from toolkit.ui.html import Markup, macro
from toolkit.ui.scenario_assumptions_data import Assumption, pct_text
from toolkit.ui.scenarios_page_data import (
    Comparison,
    Outcome,
    break_even_text,
    factor_text,
    interval_text,
    item_label,
    millions_text,
    party_text,
    probability_text,
)

TEMPLATE = "scenarios_page.html.j2"
SIMULATION_NOTE = (
    f"90 %-interval og sandsynlighed: alle antagelser varieret på én gang inden for deres lav "
    f"og høj ({formats.integer(DRAWS)} trækninger, tilbagediskonteret)"
)

# The page's fixed sentences: the intro, what the numbers are not, and each card's note.
INTRO = (
    "Hvad sker der år for år i hver afdeling, hvis budget flyttes mellem afdelinger, eller en "
    "afdeling investerer i en indsats, når udgiften falder ét sted og gevinsten et andet? "
    "Vælg scenarier, sæt ét i fokus, og prøv antagelserne af med skyderne: alle tal og "
    "diagrammer regnes om. Beløbene er scenariets virkning på resultatet i forhold til "
    "basisforløbet: plus er en gevinst, minus en udgift."
)
CAVEAT = (
    "Scenarierne er beslutningsstøtte, ikke beslutningsgrundlag: de viser de økonomiske "
    "konsekvenser under de antagelser, der står nederst på siden. Progression og "
    "livskvalitet tæller også, men er ikke regnet med her."
)
DEPARTMENT_NOTE = (
    "Nettoresultat pr. år = summen af flyttet budget, udgifter til indsatser og ydelser, "
    "statsrefusion og konsekvensgevinster. Flyttet budget går ud i kommunen som helhed. "
    "Staten og regionen vises for sig. Beløb i kroner i resultaternes ene prisniveau (faste "
    "priser), som står over nøgletallene."
)
CUMULATIVE_NOTE = (
    "Summen af kommunens nettoresultater til og med året. Tilbagediskonteret: hvert år ganges "
    "med 1 / (1 + r)^t, hvor r er scenariets diskonteringsrente og t år efter første år. "
    "Tilbagebetalt: det første år, hvorfra den tilbagediskonterede sum forbliver mindst 0 til "
    "periodens slutning."
)
TORNADO_NOTE = (
    "Kommunens tilbagediskonterede nettoresultat over hele perioden, når én antagelse ad "
    "gangen sættes til sin lave og sin høje værdi (arket Usikkerhed i scenarier.xlsx; tomt: "
    f"{DEFAULT_LOW_PCT:g} % og {DEFAULT_HIGH_PCT:g} % af den forventede). Hver antagelses "
    "lav og høj står i parentes. Den lodrette streg er resultatet med antagelserne, som de "
    "er. Den længste bjælke er den antagelse, resultatet afhænger mest af."
)
COMPARE_NOTE = (
    "Basis: kommunens udgift til indsatser og ydelser fremskrevet fra basisåret. Med et "
    "scenarie: basis minus scenariets nettoresultat."
)


# -- small pieces of HTML ---------------------------------------------------------------------


def tile_html(title: str, rows: Sequence[tuple[str, str]], subtitle: str = "") -> str:
    """A tile in the look of :func:`toolkit.ui.frame.kpi_html`, without the change against
    last year (a scenario has no last year)."""
    return macro(TEMPLATE, "tile", title, list(rows), subtitle)


def tiles_html(result: Outcome) -> list[str]:
    """The key figures: net result with its 90 %-interval, payback with its probability,
    the effect that breaks even, and who pays and who gains most (net)."""
    scenario = result.scenario
    span = f"{scenario.first_year}–{scenario.last_year}"
    return [
        tile_html("Nettoresultat for kommunen", [
            ("Tilbagediskonteret", formats.kroner(result.net_discounted)),
            ("Ikke tilbagediskonteret", formats.kroner(result.net)),
            ("90 %-interval", interval_text(result.net_low, result.net_high)),
        ], f"Summen over {span} i {result.price_label}"),
        tile_html("Tilbagebetalt", [
            ("Tilbagediskonteret", break_even_text(result.break_even)),
            ("Ikke tilbagediskonteret", break_even_text(result.break_even_undiscounted)),
            ("Sandsynlighed for tilbagebetaling inden for horisonten",
             probability_text(result.payback_probability)),
        ], "Første år, hvorfra den akkumulerede sum forbliver mindst 0"),
        tile_html("Effekt der skal til", [
            ("For at gå i nul", factor_text(result.break_even_factor,
                                            bool(scenario.effects))),
        ], "Alle effekter ganget med samme tal; tilbagediskonteret over hele perioden"),
        tile_html("Betaler og vinder mest", [
            ("Betaler mest", party_text(result.payer, result.payer_net)),
            ("Vinder mest", party_text(result.gainer, result.gainer_net)),
        ], "Afdelingernes netto over perioden, flyttet budget medregnet"),
    ]  # fmt: skip


def key_figures_lead(result: Outcome) -> str:
    """Above the tiles: the price level of every amount, the simulation, and the overlap
    warning when the scenario's effects work on the same persons."""
    return macro(TEMPLATE, "key_figures_lead", f"Alle beløb i {result.price_label}",
                 SIMULATION_NOTE, result.overlap)  # fmt: skip


def table_html(frame: pd.DataFrame, numeric: Sequence[str] = (), small: bool = False) -> str:
    """A plain HTML table of a frame with Danish headers and already formatted cells.

    Amounts never wrap («kr.» stays with its number); text and headers wrap, so the table
    fits at 1024 px; should it still be wider than the page, it scrolls inside its own box
    instead of being cut off. ``small``: a smaller font, for a wide table."""
    headers = [str(c) for c in frame.columns]
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return macro(TEMPLATE, "table", headers, rows, [str(c) for c in numeric], small)


def section(title: str, body: str) -> str:
    """A heading and ``body``, HTML made by this page's templates."""
    return macro(TEMPLATE, "section", title, Markup(body))


def note(text: str) -> str:
    return macro(TEMPLATE, "note", text)


def kroner_cells(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column.endswith("(kr.)"):
            out[column] = [formats.kroner(v) if pd.notna(v) else "–" for v in out[column]]
    return out


def assumptions_html(items: Sequence[Assumption]) -> str:
    return macro(TEMPLATE, "assumptions", list(items))


# -- who pays and who gains -----------------------------------------------------------------


def who_table(who: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Who pays and who gains, gross and net, in the report's order (by net: the largest
    payer first), with Danish headers and kroner (numbers, for Excel)."""
    return pd.DataFrame({
        "Afdeling": [names.get(str(d), str(d)) if pd.notna(d) else "" for d in who["department"]],
        "Udgifter, brutto (kr.)": who["cost"].round(0),
        "Gevinster, brutto (kr.)": who["gain"].round(0),
        "Flyttet budget (kr.)": who["budget_moved"].round(0),
        "Netto (kr.)": who["net"].round(0),
    })  # fmt: skip


def who_html(result: Outcome, names: Mapping[str, str]) -> str:
    who = who_table(result.who, names)
    lead = macro(TEMPLATE, "payer_gainer", party_text(result.payer, result.payer_net),
                 party_text(result.gainer, result.gainer_net))  # fmt: skip
    return section(
        "Hvem betaler, og hvem vinder – summen over perioden",
        lead
        + table_html(kroner_cells(who), [c for c in who.columns if c != "Afdeling"])
        + note(f"Ordnet efter netto: den, der betaler mest, først. Udgifter og gevinster er "
               f"brutto, uden flyttet budget, som står for sig; netto er summen af de tre. "
               f"Ikke tilbagediskonteret, i {result.price_label}."),
    )  # fmt: skip


# -- uncertainty ----------------------------------------------------------------------------


def uncertainty_table(uncertainty: pd.DataFrame) -> pd.DataFrame:
    """«Usikkerhed pr. antagelse»: low, likely and high in % of the value entered, and where
    the range comes from (the sheet Usikkerhed's source, or «standard ±25 %»)."""
    return pd.DataFrame({
        "Antagelse": uncertainty["label"].astype(str),
        "Lav": [pct_text(v) for v in uncertainty["low_pct"]],
        "Forventet": pct_text(100.0),
        "Høj": [pct_text(v) for v in uncertainty["high_pct"]],
        "Kilde": [str(source) or str(status) or "uden kilde" for source, status in
                  zip(uncertainty["source"], uncertainty["status"], strict=True)],
    }, columns=["Antagelse", "Lav", "Forventet", "Høj", "Kilde"])  # fmt: skip


def uncertainty_html(result: Outcome) -> str:
    table = uncertainty_table(result.uncertainty)
    return section(
        "Usikkerhed pr. antagelse",
        table_html(table, ["Lav", "Forventet", "Høj"])
        + note("Lav og høj i procent af den forventede værdi, som står i scenariet. "
               "Følsomheden ovenfor flytter én antagelse ad gangen til sin lave og sin høje "
               f"værdi; {SIMULATION_NOTE[0].lower()}{SIMULATION_NOTE[1:]}, med samme "
               "startværdi hver gang, så tallene ikke skifter fra gang til gang."),
    )  # fmt: skip


# -- tables for the cards and Excel ---------------------------------------------------------


def department_table(result: Outcome, names: Mapping[str, str]) -> pd.DataFrame:
    rows = result.projection
    return pd.DataFrame({
        "År": rows["year"].astype(int),
        "Kasse": [schema.PURSE.label(str(p)) for p in rows["purse"]],
        "Afdeling": [names.get(str(d), "") if pd.notna(d) else "" for d in rows["department"]],
        "Post": [item_label(str(i)) for i in rows["item"]],
        "Beløb (kr.)": rows["amount"].round(0),
        "Afledt": ["ja" if d else "nej" for d in rows["derived"]],
    })  # fmt: skip


def cumulative_table(result: Outcome) -> pd.DataFrame:
    c = result.cumulative
    return pd.DataFrame({
        "År": c["year"].astype(int),
        "Akkumuleret, ikke tilbagediskonteret (kr.)": c["cumulative"].round(0),
        "Akkumuleret, tilbagediskonteret (kr.)": c["cumulative_discounted"].round(0),
    })  # fmt: skip


def tornado_table(result: Outcome) -> pd.DataFrame:
    s = result.sensitivity
    return pd.DataFrame({
        "Antagelse": s["label"].astype(str),
        "Lav (% af forventet)": s["low_pct"].astype(float),
        "Høj (% af forventet)": s["high_pct"].astype(float),
        "Med antagelserne som de er (kr.)": s["net_base"].round(0),
        "Ved lav (kr.)": s["net_low"].round(0),
        "Ved høj (kr.)": s["net_high"].round(0),
    })  # fmt: skip


def compare_table(yearly: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "År": yearly["year"].astype(int),
        "Serie": yearly["series"].astype(str),
        "Kommunens udgift (kr.)": yearly["cost"].round(0),
    })  # fmt: skip


# -- the chosen scenarios side by side ------------------------------------------------------

SIDE_TEXT_COLUMNS = ("Scenarie", "Tilbagebetalt (sandsynlighed)", "Betaler mest / vinder mest",
                     "Antagelser")  # fmt: skip


def summary_table(compared: Comparison, series: Callable[[str], str]) -> pd.DataFrame:
    """One row per chosen scenario, formatted for reading; ``series`` names a scenario ID."""
    rows = compared.summary.merge(compared.costs, on="scenario", how="left")

    def kroner(column: str) -> list[str]:
        return [formats.kroner(v) for v in rows[column]]

    def millions(column: str) -> list[str]:
        return [f"{formats.number(v / 1_000_000, 1)} mio. kr." for v in rows[column]]

    def party(name: Any, net: Any) -> str:
        if pd.isna(name) or str(name) in ("", "None"):
            return "–"
        return f"{name} ({millions_text(net)})" if pd.notna(net) else str(name)

    def paid_back(year: Any, share: float) -> str:
        return (f"{break_even_text(None if pd.isna(year) else int(year))} "
                f"({probability_text(share)})")  # fmt: skip

    return pd.DataFrame({
        "Scenarie": [series(str(sid)) for sid in rows["scenario"]],
        # The kommune's whole spending is read in millions; the exact kroner are in the
        # comparison chart's Excel download.
        "Udgift uden scenarie": millions("without"),
        "Udgift med scenariet": millions("with"),
        "Nettoresultat": kroner("net"),
        "Tilbage\u00addiskonteret": kroner("net_discounted"),  # may break at the hyphen
        "90 %-interval": [interval_text(lo, hi, millions=True) for lo, hi in
                          zip(rows["net_low"], rows["net_high"], strict=True)],
        "Tilbagebetalt (sandsynlighed)": [paid_back(y, p) for y, p in zip(
            rows["break_even_year"], rows["payback_probability"], strict=True)],
        # One column for both (a narrow page), each with its net incl. budget moved.
        "Betaler mest / vinder mest": [
            f"{party(payer, pn)} / {party(gainer, gn)}" for payer, pn, gainer, gn in zip(
                rows["payer_label"], rows["payer_net"], rows["gainer_label"],
                rows["gainer_net"], strict=True)
        ],
        # One narrow column for both counts.
        "Antagelser": [f"{formats.integer(int(d))} afledte, {formats.integer(int(u))} uden "
                       "kilde" for d, u in zip(rows["derived"], rows["unsourced"], strict=True)],
    })  # fmt: skip


def side_by_side_html(compared: Comparison, series: Callable[[str], str],
                      price_label: str) -> str:  # fmt: skip
    """The chosen scenarios' table, the overlap warning of each that has one, and what the
    columns mean."""
    side = summary_table(compared, series)
    if not len(side):
        return section("Scenarierne side om side",
                       "<p>Vælg mindst ét scenarie i listen ovenfor.</p>")  # fmt: skip
    numeric = [c for c in side.columns if c not in SIDE_TEXT_COLUMNS]
    overlaps = [(series(str(sid)), str(text)) for sid, text in
                zip(compared.summary["scenario"], compared.summary["overlap"], strict=True)
                if text]  # fmt: skip
    return section(
        "Scenarierne side om side",
        table_html(side, numeric, small=True)
        + macro(TEMPLATE, "overlaps", overlaps)
        + note(f"Kommunen over hvert scenaries egne år, i {price_label}. Uden scenarie: "
               "basisforløbet fremskrevet. Skydernes værdier er med. 90 %-interval: det "
               "tilbagediskonterede nettoresultat, når alle antagelser varieres på én gang; "
               "i parentes sandsynligheden for at blive tilbagebetalt inden for horisonten. "
               "Betaler og vinder: afdelingens netto, flyttet budget medregnet."),
    )  # fmt: skip


__all__ = [
    "assumptions_html",
    "compare_table",
    "cumulative_table",
    "department_table",
    "key_figures_lead",
    "kroner_cells",
    "section",
    "side_by_side_html",
    "summary_table",
    "table_html",
    "tiles_html",
    "tornado_table",
    "uncertainty_html",
    "uncertainty_table",
    "who_html",
    "who_table",
]
