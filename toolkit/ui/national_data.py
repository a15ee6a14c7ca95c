"""Overblik's «Sammenlignet med andre kommuner» as data: the rates per 1.000 16-66-årige of
the municipality, its comparison group and the country, the latest quarter against the same
quarter a year before, the benchmark place, the source line and what did not match. No
widgets (``national_section.py`` shows it); the numbers are :mod:`toolkit.national`'s, the
quarters shown and the sentences the briefing's (``toolkit.briefing.national_comparison``).

Published figures keep the publisher's marks: a rate that cannot be shown is shown as its
mark («..» from Jobindsats, «–» when it cannot be computed), never as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from toolkit import schema
from toolkit.briefing.national_comparison import (
    area_name,
    comparison_quarters,
    imported_on,
    rate_text,
    signed,
    source_line,
)
from toolkit.charts.national_chart import RATE_TITLE
from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK
from toolkit.national.areas import resolve_areas
from toolkit.national.benchmark import benchmark_places
from toolkit.national.rates import rates
from toolkit.periods import parse_period
from toolkit.register import Dataset

__all__ = [
    "IGNORES_FILTERS",
    "NO_NATIONAL",
    "Comparison",
    "comparison",
    "export_table",
    "group_note",
    "has_rates",
    "no_rates_sentence",
    "scheme_rates",
    "table_rows",
]

NO_NATIONAL = (
    "Der er ingen tal fra Jobindsats i denne version af data. Hent ordningernes tabeller "
    "(fx Y11A02 for ressourceforløb og Y08A02 for fleksjob, «Antal personer» pr. kommune og "
    "kvartal) fra jobindsats.dk og befolkningen 16-66 år (FOLK1A) fra Statistikbanken, og "
    "indlæs filerne på siden Data eller med «tvaerblik import»: så står kommunen her ved "
    "siden af sammenligningskommunerne og hele landet."
)
IGNORES_FILTERS = (
    "Følger ikke filtrene øverst: tallene er Jobindsats' offentliggjorte tal for hele "
    "kommunen pr. kvartal."
)
ROLE_ORDER = ("own", "group", "country")


@dataclass(frozen=True)
class Comparison:
    """What the section shows, for every scheme at once (the picker only chooses)."""

    rates: pd.DataFrame  # toolkit.national.rates, quarters, persons
    places: pd.DataFrame  # toolkit.national.benchmark.benchmark_places
    schemes: tuple[str, ...]  # NATIONAL_SCHEME codes with published figures, in list order
    problems: tuple[str, ...]  # what did not match (toolkit.national.areas.resolve_areas)
    source: str  # «Kilde: Jobindsats (STAR) og Statistikbanken FOLK1A, hentet 02-12-2026.»


def comparison(dataset: Dataset) -> Comparison | None:
    """The section's data; None when the version holds no Jobindsats figures."""
    economy, national = dataset.economy, dataset.national
    if national.jobindsats.empty:
        return None
    found = rates(economy, national)
    present = set(found["scheme"])
    return Comparison(
        rates=found,
        places=benchmark_places(economy, national),
        schemes=tuple(code for code in schema.NATIONAL_SCHEME.codes if code in present),
        problems=resolve_areas(economy, national).problems,
        source=source_line(imported_on(dataset.manifest)),
    )


def scheme_rates(data: Comparison, scheme: str) -> pd.DataFrame:
    """The rates of one scheme, in period order."""
    rows = data.rates[data.rates["scheme"] == scheme]
    order = rows["period"].map(lambda label: parse_period(label).start)
    return rows.assign(order=order).sort_values(["order"], kind="stable").drop(columns="order")


def has_rates(rows: pd.DataFrame) -> bool:
    """Whether any area has a rate in the rows (else there is nothing to draw)."""
    return bool(rows["rate_per_1000"].notna().any())


def no_rates_sentence(scheme_label: str) -> str:
    return (
        f"Der kan ikke beregnes tal pr. 1.000 16-66-årige for {scheme_label.lower()}: "
        "Jobindsats' tal eller befolkningstallene (FOLK1A) mangler for kommunen, "
        "sammenligningsgruppen og hele landet."
    )


def _row(rows: pd.DataFrame, role: str, period: str) -> pd.Series | None:
    found = rows[(rows["role"] == role) & (rows["period"] == period)]
    return None if found.empty else found.iloc[0]


def table_rows(rows: pd.DataFrame) -> tuple[str, list[str], list[list[str]]]:
    """The compact table and its caption: per area the persons in the latest quarter, the
    rate the same quarter a year before and now, and the change in per 1.000."""
    latest, before = comparison_quarters(rows)
    now_name, before_name = parse_period(latest).danish, parse_period(before).danish
    caption = (
        f"Personer i {now_name}; pr. 1.000 16-66-årige i {before_name} og {now_name}; "
        "ændringen i promille-point."
    )
    headers = ["Område", "Personer", before_name, now_name, "Ændring"]
    body = []
    for role in ROLE_ORDER:
        if not (rows["role"] == role).any():
            continue
        now, then = _row(rows, role, latest), _row(rows, role, before)
        change = NOT_COMPUTABLE_MARK
        if now is not None and then is not None:
            difference = now["rate_per_1000"] - then["rate_per_1000"]
            change = NOT_COMPUTABLE_MARK if pd.isna(difference) else signed(difference)
        body.append([area_name(rows, role), rate_text(now, "count", 0), rate_text(then),
                     rate_text(now), change])  # fmt: skip
    return caption, headers, body


def group_note(rows: pd.DataFrame) -> str:
    """Says so when the group's rate in the latest quarter leaves members out."""
    latest, _ = comparison_quarters(rows)
    group = _row(rows, "group", latest)
    if group is None or pd.isna(group["areas_in_group"]):
        return ""
    counted, members = int(group["areas_counted"]), int(group["areas_in_group"])
    if counted >= members:
        return ""
    return (
        f"Sammenligningsgruppen er i {parse_period(latest).danish} beregnet for {counted} af "
        f"{members} kommuner: de øvrige har ikke et offentliggjort tal eller et befolkningstal."
    )


def export_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The scheme's rates with Danish headers, for «Hent som Excel»."""
    return pd.DataFrame(
        {
            "Ordning": [schema.NATIONAL_SCHEME.label(s) for s in rows["scheme"]],
            "Kvartal": [parse_period(p).danish for p in rows["period"]],
            "Område": [area_name(rows, role) for role in rows["role"]],
            "Antal personer": rows["count"].to_numpy(),
            "Indbyggere 16-66 år": rows["population"].astype("Float64").to_numpy(),
            RATE_TITLE: rows["rate_per_1000"].round(2).to_numpy(),
            "Udgiverens tegn": rows["mark"].fillna("").to_numpy(),
        }
    )
