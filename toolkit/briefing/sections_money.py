"""The economy: «Økonomi pr. afdeling» (the year's budget status as a controller reports it,
in mio. kr.), its annex in kroner («Bilag: Økonomi i kroner») and the two lines on the economy
for page 1. «Udgift til indsatser på tværs af afdelingerne» is in ``sections_cross``.

Each section takes the ``Builder`` and returns one ``Section``; the committee's departments
come first. The budget status (``Builder.budget``, from ``indicators.budget_status``) is money,
not persons: it is not suppressed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from toolkit import formats
from toolkit.briefing.builder import SECTION_TITLES, Builder
from toolkit.briefing.model import INDENT, Block, Paragraph, Section
from toolkit.briefing.sentences import format_value
from toolkit.charts.budget_chart import budget_chart
from toolkit.indicators import REGISTRY
from toolkit.indicators.budget_status import AMOUNT_COLUMNS, STATUS_COLUMNS, department_totals
from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK

ANNEX_TITLE = "Bilag: Økonomi i kroner"
ALL_DEPARTMENTS = "Alle afdelinger i alt"
Amounts = Mapping[Hashable, Any]  # a department's or an account's amounts by column
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")  # fmt: skip
# A variance that rounds to 0,0 mio. kr. (under 50.000 kr. either way) keeps the budget.
ON_BUDGET_DKK = 50_000
COUNT_WORDS = {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte",
                9: "ni", 10: "ti"}  # fmt: skip
# The forecast is the indicators' «Forventet årsforbrug»; the variance their
# «Forventet mer-/mindreforbrug» (the same rules, per account here).
_BUDGET_IDS = ("forecast_year_end_dkk", "forecast_variance_dkk")
_ECONOMY_HEADERS = ("Korrigeret budget", "Forbrug år til dato", "Forventet regnskab",
                    "Forventet mer-/mindreforbrug")  # fmt: skip
_CORRECTED_COLUMNS = ("budget_corrected", "spent_to_date", "forecast", "variance")
_ANNEX_COLUMNS = ("budget_original", *_CORRECTED_COLUMNS)


# -- the budget status -------------------------------------------------------------------------


def _status(b: Builder) -> pd.DataFrame:
    if b.budget is None:
        return pd.DataFrame(columns=list(STATUS_COLUMNS))
    return b.budget


def _year(b: Builder) -> int:
    return b.period.start.year


def _until(b: Builder) -> str:
    """«ved udgangen af september»: the month the spend to date runs to."""
    return f"ved udgangen af {MONTHS[b.period.end.month - 1]}"


def _totals(b: Builder) -> dict[str, Amounts]:
    """Department -> its summed amounts, the committee's departments first."""
    frame = department_totals(_status(b)).set_index("department")
    records: dict[str, Amounts] = {str(d): r for d, r in frame.to_dict(orient="index").items()}
    return {d: records[d] for d in b.departments(records)}


def _sum(rows: Iterable[Amounts]) -> Amounts:
    """The amounts of ``rows`` added up; an amount none of them has stays NaN."""
    return pd.DataFrame(list(rows), columns=list(AMOUNT_COLUMNS)).sum(min_count=1).to_dict()


def _direction(variance: float) -> str:
    """«merforbrug», «mindreforbrug» or «» (keeps the budget)."""
    if abs(variance) < ON_BUDGET_DKK:
        return ""
    return "merforbrug" if variance > 0 else "mindreforbrug"


def _sentence(text: str) -> str:
    """``text`` ending in one full stop («… 1,4 mio. kr.» ends in one already)."""
    return text if text.endswith(".") else f"{text}."


def _expects(who: str, row: Amounts, year: int, *, closed: bool) -> str:
    """«Socialafdelingen forventer et merforbrug på 1,4 mio. kr. i 2026: et forventet regnskab
    på 123,4 mio. kr. mod et korrigeret budget på 121,9 mio. kr.»; when the year is over
    (``closed``) the past tense and the regnskab itself."""
    forecast = formats.million_kroner(row["forecast"])
    result = "regnskab" if closed else "forventet regnskab"
    if pd.isna(row["budget_corrected"]):
        the_result = "regnskabet" if closed else "det forventede regnskab"
        return f"{who} har intet budget for {year}; {the_result} er {forecast}"
    budget = formats.million_kroner(row["budget_corrected"])
    basis = f"et {result} på {forecast} mod et korrigeret budget på {budget}"
    direction = _direction(row["variance"])
    if not direction:
        keeps = "holdt budgettet" if closed else "forventer at holde budgettet"
        return f"{who} {keeps} i {year}: {basis}"
    amount = formats.million_kroner(abs(row["variance"]))
    verb = "havde" if closed else "forventer"
    return f"{who} {verb} et {direction} på {amount} i {year}: {basis}"


def _largest(totals: dict[str, Amounts], b: Builder, direction: str) -> tuple[str, str, str]:
    """(department, «det største»/«et», amount) with the largest ``direction`` among
    ``totals`` («et» when one department has it); empty strings when none has."""
    chosen = {d: abs(r["variance"]) for d, r in totals.items()
              if _direction(r["variance"]) == direction}  # fmt: skip
    if not chosen:
        return "", "", ""
    code = max(chosen, key=lambda d: chosen[d])
    which = "det største" if len(chosen) > 1 else "et"
    return b.department(code), which, formats.million_kroner(chosen[code])


def _elsewhere(others: dict[str, Amounts], b: Builder, *, closed: bool) -> str:
    """«Af de andre afdelinger ventes et merforbrug i Socialafdelingen med 1,4 mio. kr. og det
    største mindreforbrug i Beskæftigelse (Jobcenter) med 13,6 mio. kr.»"""
    parts = []
    for direction in ("merforbrug", "mindreforbrug"):
        name, which, amount = _largest(others, b, direction)
        if name:
            parts.append(f"{name} {which} {direction} på {amount}" if closed
                         else f"{which} {direction} i {name} med {amount}")  # fmt: skip
    if not parts:
        keeps = "holdt budgettet" if closed else "forventer at holde budgettet"
        return f"De andre afdelinger {keeps}."
    verb = "havde" if closed else "ventes"
    return _sentence(f"Af de andre afdelinger {verb} {formats.listing(parts)}")


def _all_together(total: Amounts, who: str, b: Builder, *, closed: bool) -> str:
    """«Opgjort ved udgangen af september forventer de fire afdelinger samlet et mindreforbrug
    på 15,3 mio. kr. i 2026.» (after December: «I 2025 havde …»)."""
    year = _year(b)
    if pd.isna(total["budget_corrected"]):
        return f"Ingen af afdelingerne har et budget for {year}."
    direction = _direction(total["variance"])
    amount = formats.million_kroner(abs(total["variance"]))
    if closed:
        return (_sentence(f"I {year} havde {who} et {direction} på {amount}") if direction
                else f"I {year} holdt {who} budgettet.")  # fmt: skip
    if direction:
        return f"Opgjort {_until(b)} forventer {who} et {direction} på {amount} i {year}."
    return f"Opgjort {_until(b)} forventer {who} at holde budgettet i {year}."


def economy_summary(b: Builder) -> tuple[str, str]:
    """The two lines on the economy for page 1: the committee's department(s), then all
    departments together with the largest merforbrug and mindreforbrug among the others."""
    year = _year(b)
    closed = b.period.end.month == 12
    totals = _totals(b)
    if not totals:
        return (
            f"Der er ingen budget- eller regnskabstal for {year} i økonomiarket.",
            f"Økonomien kan derfor ikke opgøres {_until(b)}.",
        )
    mine = [d for d in b.committee.departments if d in totals]
    if mine:
        first = " ".join(
            _sentence(_expects(b.department(d), totals[d], year, closed=closed)) for d in mine
        )
    else:
        names = formats.listing([b.department(d) for d in b.committee.departments])
        first = f"Der er ingen budget- eller regnskabstal for {names} i {year}."
    count = len(totals)
    if count == 1:
        return first, f"Økonomiarket har ikke andre afdelinger; tallene er opgjort {_until(b)}."
    who = f"de {COUNT_WORDS.get(count, str(count))} afdelinger samlet"
    second = _all_together(_sum(totals.values()), who, b, closed=closed)
    others = {d: r for d, r in totals.items() if d not in mine}
    if others and mine:
        second += " " + _elsewhere(others, b, closed=closed)
    return first, second


def _status_rows(
    b: Builder, show: Callable[..., str], columns: Sequence[str]
) -> list[tuple[str, ...]]:
    """Per department its total row, its accounts indented under it; then all departments.
    A missing budget shows «–» (no value); the variance is signed (+ is a merforbrug)."""
    status = _status(b)
    totals = _totals(b)

    def cells(row: Amounts) -> tuple[str, ...]:
        return tuple(
            NOT_COMPUTABLE_MARK if pd.isna(row[c]) else show(row[c], signed=c == "variance")
            for c in columns
        )

    rows: list[tuple[str, ...]] = []
    for code, total in totals.items():
        rows.append((b.department(code), *cells(total)))
        for account in status[status["department"] == code].to_dict(orient="records"):
            label = f"{account['account']} {account['account_name']}".strip()
            rows.append((f"{INDENT}{label}", *cells(account)))
    rows.append((ALL_DEPARTMENTS, *cells(_sum(totals.values()))))
    return rows


def sum_rows(rows: Sequence[Sequence[str]]) -> tuple[int, ...]:
    """The rows of ``_status_rows`` that are sums (a department's, all departments'): every
    row but the accounts indented under their department."""
    return tuple(i for i, row in enumerate(rows) if not row[0].startswith(INDENT))


def _heading_for(b: Builder) -> str:
    return f"Forventet regnskab {_year(b)} pr. afdeling og konto, opgjort {_until(b)}"


def _source(b: Builder) -> str:
    """The economy's source: the workbook's sheets, computed as two indicators (named, so the
    definitions annex explains them)."""
    b.used.update(dict.fromkeys(_BUDGET_IDS))
    labels = formats.listing([f"«{REGISTRY[i].label}»" for i in _BUDGET_IDS])
    return (
        f"Kilde: Tværblik, arkene Budget og Regnskab, beregnet som indikatorerne {labels}, "
        f"data opgjort {formats.day(b.as_of)}."
    )


def _overview(b: Builder) -> str:
    """Which departments head for a merforbrug, a mindreforbrug or keep the budget (after
    December: which had one)."""
    closed = b.period.end.month == 12
    by_direction: dict[str, list[str]] = {"merforbrug": [], "mindreforbrug": [], "": []}
    for code, row in _totals(b).items():
        by_direction[_direction(row["variance"])].append(b.department(code))
    has = "havde" if closed else "forventer"
    keeps = "holdt budgettet" if closed else "forventer at holde budgettet"
    parts = [
        f"{formats.listing(names)} {has} et {direction}"
        if direction
        else f"{formats.listing(names)} {keeps}"
        for direction, names in by_direction.items()
        if names
    ]
    return f"{_until(b).capitalize()}: " + "; ".join(parts) + "."


def economy(b: Builder) -> Section:
    """The year's budget status per department and account in mio. kr., as a controller
    reports it, and the forventet regnskab against the korrigeret budget in a chart."""
    if _status(b).empty:
        return Section(
            SECTION_TITLES["economy"],
            (Paragraph(f"Ingen budget- eller regnskabstal for {_year(b)}."),),
        )
    names = formats.listing([b.department(d) for d in b.committee.departments])
    month = MONTHS[b.period.end.month - 1]
    rows = _status_rows(b, _millions, _CORRECTED_COLUMNS)
    blocks: list[Block] = [
        Paragraph(
            f"Årets budgetopfølgning {_until(b)}. {b.committee.name}s "
            f"{'afdeling' if len(b.committee.departments) == 1 else 'afdelinger'}, {names}, "
            "står først, hver afdeling med sin sum og derunder dens konti. Korrigeret budget er "
            "det oprindelige budget med årets tillægsbevillinger (det oprindelige, hvor en "
            "konto ikke har et korrigeret). Forventet regnskab er forbruget fra januar til og "
            f"med {month} fremskrevet med det gennemsnitlige månedsforbrug indtil nu; "
            "sæsonudsving og kendte ændringer resten af året er ikke regnet med. Forventet "
            "mer-/mindreforbrug er forventet regnskab minus korrigeret budget: plus er et "
            "merforbrug, minus et mindreforbrug."
        ),
        b.table(
            f"{_heading_for(b)} (mio. kr.)",
            ("Afdeling og konto", *_ECONOMY_HEADERS),
            rows,
            _BUDGET_IDS,
            (False, True, True, True, True),
            source=_source(b),
            emphasis=sum_rows(rows),
        ),
        Paragraph(f"{_overview(b)} Beløbene i hele kroner står i «{ANNEX_TITLE}» bagest."),
    ]
    chart = budget_chart(
        _chart_rows(b), title=f"Forventet regnskab og korrigeret budget {_year(b)}"
    )
    blocks.append(
        b.figure(
            chart,
            f"Forventet regnskab {_year(b)} mod korrigeret budget pr. afdeling, opgjort "
            f"{_until(b)}, i mio. kr.; tallet ved søjlen er det forventede mer- eller "
            "mindreforbrug.",
            _BUDGET_IDS,
            "Liggende søjler med hver afdelings forventede regnskab for året og en streg for "
            "det korrigerede budget; ved hver søjle står det forventede mer- eller "
            "mindreforbrug i mio. kr.",
            source=_source(b),
        )
    )
    return Section(SECTION_TITLES["economy"], tuple(blocks))


def _millions(value: float, *, signed: bool = False) -> str:
    return formats.millions(value, signed=signed)


def _kroner(value: float, *, signed: bool = False) -> str:
    """Whole kroner without the unit (the caption says kr.): «−1.443.041», signed «+1.443.041»."""
    text = format_value(value, "money").removesuffix(" kr.")
    positive = formats.round_half_up(value) > 0
    return f"+{text}" if signed and positive else text


def _chart_rows(b: Builder) -> pd.DataFrame:
    """Per department: its name, korrigeret budget and forventet regnskab in mio. kr. and
    the variance as the chart's label («+1,4»)."""
    totals = _totals(b)
    return pd.DataFrame(
        {
            "afdeling": [b.department(d) for d in totals],
            "budget": [r["budget_corrected"] / 1_000_000 for r in totals.values()],
            "forventet": [r["forecast"] / 1_000_000 for r in totals.values()],
            "afvigelse": [formats.millions(r["variance"], signed=True) for r in totals.values()],
        }
    )


def economy_annex(b: Builder) -> Section:
    """«Bilag: Økonomi i kroner»: the table of ``economy`` to the krone, with the oprindeligt
    budget beside the korrigeret."""
    if _status(b).empty:
        return Section(ANNEX_TITLE, ())
    rows = _status_rows(b, _kroner, _ANNEX_COLUMNS)
    return Section(
        ANNEX_TITLE,
        (
            b.table(
                f"{_heading_for(b)} (kr.)",
                ("Afdeling og konto", "Oprindeligt budget", *_ECONOMY_HEADERS),
                rows,
                _BUDGET_IDS,
                (False, True, True, True, True, True),
                source=_source(b),
                emphasis=sum_rows(rows),
            ),
        ),
    )
