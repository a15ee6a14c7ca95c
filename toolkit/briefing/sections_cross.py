"""The section «Udgift til indsatser på tværs af afdelingerne»: who pays for the interventions
of the citizens another department coordinates, the cost of the staff's time in the
rehabilitation team and the cost per intervention type.

Who pays for whom is shown for the year to date, not the quarter: in one quarter most pairs
of a paying and a coordinating department have fewer than five citizens, so the table was
almost all «<5». Departments that are still all hidden as payers (or as coordinators) are
folded into «Øvrige afdelinger» and the indicator is computed again on the folded register
and published again (``indicators.pooling.fold_departments``), so the fold is suppressed
like any other cell and never sums hidden numbers.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from toolkit.briefing import sentences
from toolkit.briefing.builder import (
    CHANGE,
    NO_DATA,
    SECTION_TITLES,
    Builder,
    bars_note,
    present,
)
from toolkit.briefing.model import Block, Paragraph, Section, Table
from toolkit.briefing.sections_money import COUNT_WORDS, MONTHS
from toolkit.charts.print_charts import MAX_SERIES, REST_LABEL
from toolkit.indicators import compute, publish
from toolkit.indicators.cross import NO_COURSE
from toolkit.indicators.pooling import OTHER_DEPARTMENTS, fold_departments
from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK
from toolkit.periods import Period
from toolkit.register import Dataset, Register

BY_COORDINATOR = "intervention_cost_by_coordinator_dkk"
OTHER_DEPARTMENTS_NAME = "Øvrige afdelinger"


def year_to_date_by_coordinator(dataset: Dataset, period: Period) -> tuple[pd.DataFrame, bool]:
    """The published cost by paying and coordinating department from 1 January to the end of
    ``period`` (one value per pair), and whether departments were folded: those whose row,
    or whose column, is all hidden, when two or more are (one alone gains nothing)."""
    first = date(period.start.year, 1, 1)

    def published(register: Register) -> pd.DataFrame:
        frame = compute(register, dataset.economy, ids=[BY_COORDINATOR], level="year",
                        first=first, last=period.end, as_of=period.end)  # fmt: skip
        return publish(frame)

    table = published(dataset.register)
    register = dataset.register
    folded = False
    for dimension in ("department", "coordinating_department"):
        thin = _all_hidden(table, dimension)
        if len(thin) >= 2:
            register = fold_departments(register, dimension, thin)
            folded = True
    return (published(register) if folded else table), folded


def _all_hidden(table: pd.DataFrame, dimension: str) -> list[str]:
    """The departments of ``dimension`` with no value shown in the table."""
    shown = table.groupby(dimension)["value"].apply(lambda v: bool(v.notna().any()))
    return [str(c) for c, any_shown in shown.items() if not any_shown and c != NO_COURSE]


def _name(b: Builder, code: str) -> str:
    return OTHER_DEPARTMENTS_NAME if code == OTHER_DEPARTMENTS else b.department(code)


def _coordinated_by(b: Builder, code: str) -> str:
    if code == NO_COURSE:
        return "Uden forløb"
    if code == OTHER_DEPARTMENTS:
        return "Koordineret af øvrige afdelinger"
    return f"Koordineret af {b.department(code)}"


def _ordered(b: Builder, codes: pd.Series) -> list[str]:
    """Committee's departments first, then the others; «Øvrige afdelinger» and «Uden forløb»
    last."""
    present_codes = [str(c) for c in dict.fromkeys(codes.dropna())]
    special = [c for c in (OTHER_DEPARTMENTS, NO_COURSE) if c in present_codes]
    return b.departments(c for c in present_codes if c not in special) + special


def _period_words(period: Period) -> str:
    """«januar til og med september 2026»; the quarter's name when it is the first."""
    if period.start.month == 1:
        return period.danish
    return f"januar til og med {MONTHS[period.end.month - 1]} {period.start.year}"


def _by_coordinator_blocks(b: Builder, dataset: Dataset) -> list[Block]:
    table, folded = year_to_date_by_coordinator(dataset, b.period)
    if table.empty or not table["value"].notna().any():
        return []
    payers = _ordered(b, table["department"])
    coordinators = _ordered(b, table["coordinating_department"])
    cells = {
        (str(r["department"]), str(r["coordinating_department"])): sentences.Cell(
            None if pd.isna(r["value"]) else float(r["value"]),
            r["suppressed"] if isinstance(r["suppressed"], str) else "",
        )
        for r in table.to_dict(orient="records")
    }

    def shown(payer: str, coordinator: str) -> str:
        cell = cells.get((payer, coordinator))
        if cell is None:
            return NOT_COMPUTABLE_MARK
        text = sentences.shown(cell, "money", threshold=b.values.threshold)
        return text or NOT_COMPUTABLE_MARK

    words = _period_words(b.period)
    why = (
        ""
        if b.period.start.month == 1
        else " Tabellen gælder året til dato, fordi et enkelt kvartal har for få borgere pr. "
        "par af afdelinger til, at tallene kan vises."
    )
    fold = (
        f" Afdelinger med for få borgere til at blive vist hver for sig er lagt sammen i "
        f"«{OTHER_DEPARTMENTS_NAME}», og tallet for dem er beregnet og diskretioneret igen."
        if folded
        else ""
    )
    rows = [(_name(b, p), *(shown(p, c) for c in coordinators)) for p in payers]
    return [
        Paragraph(
            "Tabellen viser, hvem der betaler for indsatserne til de borgere, en afdeling "
            "koordinerer forløbet for: en række er den afdeling, der betaler, en kolonne den "
            f"afdeling, der koordinerer.{why}{fold}"
        ),
        b.table(
            f"Udgift til indsatser efter betalende og koordinerende afdeling, {words}",
            ("Betalende afdeling", *(_coordinated_by(b, c) for c in coordinators)),
            rows,
            (BY_COORDINATOR,),
            (False, *(True for _ in coordinators)),
        ),
    ]


def _staff_blocks(b: Builder) -> list[Block]:
    staff = b.departments(b.values.codes("meeting_staff_cost_dkk", "department", (b.period,)))
    if not staff:
        return []
    rows = [
        (
            b.department(d),
            b.show("meeting_staff_cost_dkk", department=d),
            *b.compare("cost_per_person_dkk", department=d),
        )
        for d in staff
    ]
    table: Table = b.table(
        f"Udgift til medarbejdertid i rehabiliteringsteamet i {b.period.danish} og udgift pr. "
        "borger i forløb pr. afdeling, i kroner",
        (
            "Afdeling",
            "Udgift til medarbejdertid i teamet (kr.)",
            f"Udgift pr. borger {b.previous.danish}",
            f"Udgift pr. borger {b.period.danish}",
            CHANGE,
        ),
        rows,
        ("meeting_staff_cost_dkk", "cost_per_person_dkk"),
        (False, True, True, True, True),
    )
    return [table]


def cross(b: Builder, dataset: Dataset) -> Section:
    blocks: list[Block] = [*_by_coordinator_blocks(b, dataset), *_staff_blocks(b)]
    types = b.values.codes("intervention_cost_dkk", "intervention_type", (b.period,))
    largest = COUNT_WORDS.get(MAX_SERIES - 1, str(MAX_SERIES - 1))
    folded = (
        f": de {largest} største indsatstyper og «{REST_LABEL}» (de andre lagt sammen)"
        if len(types) > MAX_SERIES
        else ""
    )
    blocks += present(
        b.bar_figure(
            "intervention_cost_dkk",
            category="department",
            colour_by="intervention_type",
            title=f"Udgift til indsatser pr. afdeling og indsatstype, {b.period.danish}",
            caption=f"Udgift til indsatser pr. betalende afdeling og indsatstype i "
            f"{b.period.danish}{folded}."
            + bars_note(
                b,
                "intervention_cost_dkk",
                "department",
                left_out="Afdelinger, hvor alle udgifter er skjult, er ikke med.",
            ),
            alt_text="Liggende søjler med hver afdelings udgift til indsatser, delt på "
            "indsatstyper.",
            names={"intervention_type": b.intervention_names},
        )
    )
    return Section(SECTION_TITLES["cross"], tuple(blocks) or (Paragraph(NO_DATA),), level=2)
