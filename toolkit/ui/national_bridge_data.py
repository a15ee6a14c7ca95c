"""The Data page's «Registret mod Jobindsats» as data: the bridge
(:func:`toolkit.national.bridge.bridge`) per scheme and quarter as Danish table cells, its
verdicts, and the marks' legend. No widgets (``national_bridge.py`` shows it).

The register's counts come already suppressed from the bridge (``toolkit.indicators.publish``):
a hidden count is shown as its mark («<5», «..»), never as a number; Jobindsats' own
figures keep the publisher's mark.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from toolkit import formats, schema
from toolkit.indicators.publishing import MARKS_LEGEND_DA, NOT_COMPUTABLE_MARK
from toolkit.periods import parse_period

__all__ = [
    "BRIDGE_COLUMNS",
    "EXPLANATION",
    "LEGEND",
    "NO_BRIDGE",
    "QUARTERS_SHOWN",
    "SchemeTable",
    "bridge_export",
    "scheme_tables",
]

# Bridge column -> its Danish header, in the order shown.
BRIDGE_COLUMNS: dict[str, str] = {
    "jobindsats_persons": "Jobindsats: personer",
    "register_paid_persons": "Registret: personer med ydelse",
    "register_course_persons": "Registret: personer i forløb",
    "course_without_payment": "Forløb uden ydelse",
    "payment_without_course": "Ydelse uden forløb",
    "moved_away": "Fraflyttet",
    "difference": "Forskel (Jobindsats − registret)",
    "jobindsats_full_time": "Jobindsats: fuldtidspersoner",
    "register_full_time": "Registret: fuldtidspersoner",
}
QUARTERS_SHOWN = 8  # per scheme on the page; «Hent som Excel» has them all
PRELIMINARY = "foreløbig"
NO_BRIDGE = (
    "Der er intet at afstemme endnu: den aktuelle version har hverken Jobindsats' tal for "
    "kommunen eller ydelser og forløb i registret for de samme ordninger. Indlæs Jobindsats' "
    "tabeller for kommunen (fx Y11A02 for ressourceforløb) sammen med registret."
)
EXPLANATION = (
    "Jobindsats tæller de borgere, der fik en ydelse udbetalt i perioden; registret kender "
    "forløbene (start og slut) og ydelserne måned for måned. Her står de side om side pr. "
    "ordning og kvartal: personer med ydelsen i registret, personer i forløb, forløb uden "
    "ydelse, ydelse uden forløb og borgere, hvis forløb sluttede, fordi de flyttede. "
    "Registret og Jobindsats stemmer overens, når forskellen er højst 2 % eller 2 personer. "
    "Jobindsats' nyeste tal er foreløbige og rettes senere; et kvartal, registrets ydelser "
    "ikke dækker helt, er også foreløbigt. For kontanthjælp, ledighedsydelse og fleksjob "
    "rummer registret kun de borgere, rehabiliteringsarbejdet kender, så forskellen siger, "
    "hvor meget registret dækker. "
    "Fuldtidspersoner i registret er måneder med ydelse divideret med periodens måneder, en "
    "tilnærmelse til Jobindsats' opgørelse i dage og uger. Reglerne står i Tværbliks "
    "vejledning om nationale tal, afsnittet «Broen mellem registret og Jobindsats»."
)
LEGEND = (
    f"{MARKS_LEGEND_DA} I Jobindsats' kolonner er «..» Jobindsats' eget tegn: tallet er ikke "
    "offentliggjort. «foreløbig»: tallene kan endnu blive rettet."
)


@dataclass(frozen=True)
class SchemeTable:
    """One scheme's rows on the page: its name, headers, cells and the verdict per row."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    verdicts: tuple[tuple[str, str], ...]  # (quarter as shown, sentence)
    left_out: int  # older quarters not shown (in the Excel file)


def _cell(row: pd.Series, column: str) -> str:
    value = row[column]
    if column == "difference":
        if pd.isna(value):
            return NOT_COMPUTABLE_MARK
        rounded = round(float(value))
        sign = "+" if rounded > 0 else ("-" if rounded < 0 else "")
        return f"{sign}{formats.integer(abs(rounded))}"
    if pd.isna(value):
        mark = row.get("jobindsats_mark" if column == "jobindsats_persons" else f"{column}_mark")
        return str(mark) if isinstance(mark, str) and mark else NOT_COMPUTABLE_MARK
    decimals = 1 if column.endswith("full_time") else 0
    return formats.fixed(float(value), decimals)


def _value(row: pd.Series, column: str) -> float | str:
    """The number for a spreadsheet, or the mark in its place."""
    value = row[column]
    return _cell(row, column) if pd.isna(value) else float(value)


def _quarter(row: pd.Series) -> str:
    name = parse_period(str(row["period"])).danish
    return f"{name} ({PRELIMINARY})" if bool(row["preliminary"]) else name


def scheme_tables(bridged: pd.DataFrame) -> list[SchemeTable]:
    """A table per scheme (in the code list's order), newest quarter first, the latest
    ``QUARTERS_SHOWN`` quarters."""
    tables = []
    headers = ("Kvartal", *BRIDGE_COLUMNS.values())
    for scheme in schema.NATIONAL_SCHEME.codes:
        rows = bridged[bridged["scheme"] == scheme]
        if rows.empty:
            continue
        order = rows["period"].map(lambda label: parse_period(label).start)
        rows = rows.assign(order=order).sort_values("order", ascending=False, kind="stable")
        shown = rows.head(QUARTERS_SHOWN)
        cells = tuple(
            (_quarter(row), *(_cell(row, column) for column in BRIDGE_COLUMNS))
            for _, row in shown.iterrows()
        )
        verdicts = tuple((_quarter(row), str(row["verdict"])) for _, row in shown.iterrows())
        title = schema.NATIONAL_SCHEME.label(scheme)
        tables.append(SchemeTable(title, headers, cells, verdicts, len(rows) - len(shown)))
    return tables


def bridge_export(bridged: pd.DataFrame) -> pd.DataFrame:
    """Every scheme and quarter with Danish headers, the marks in the cells they hide."""
    rows = []
    for _, row in bridged.iterrows():
        rows.append(
            {
                "Ordning": schema.NATIONAL_SCHEME.label(str(row["scheme"])),
                "Kvartal": parse_period(str(row["period"])).danish,
                "Foreløbig": "ja" if bool(row["preliminary"]) else "nej",
                **{header: _value(row, column) for column, header in BRIDGE_COLUMNS.items()},
                "Vurdering": str(row["verdict"]),
            }
        )
    return pd.DataFrame(rows)
