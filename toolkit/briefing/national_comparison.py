"""The briefing's «Sammenlignet med andre kommuner»: the municipality's rate per 1.000
16-66-årige beside its comparison group's and the country's, from Jobindsats and FOLK1A.

Which committees get it follows the briefing's rule for what belongs to a committee
(``key_figures.profile``, the role «ordninger» of ``ROLE_FAMILIES``): a committee whose
departments coordinate most of the courses of a scheme Jobindsats publishes (ressourceforløb,
jobafklaring, fleksjob) sees every published scheme, its own first, with a chart of its
first. The section is left out, not shown empty, when the version has no Jobindsats figures
(docs/briefings.md). The numbers are :func:`toolkit.national.rates.rates`'; published
figures keep the publisher's marks («..»). The sentences and the quarters shown are here
once, for the briefing and for Overblik (``toolkit.ui.national_data``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from toolkit import formats, schema
from toolkit.briefing.builder import Builder
from toolkit.briefing.key_figures import Profile
from toolkit.briefing.model import Block, Paragraph, Section
from toolkit.charts.national_chart import COUNTRY, RATE_TITLE, comparison_print_chart, group_name
from toolkit.indicators.publishing import NOT_COMPUTABLE_MARK
from toolkit.national.benchmark import benchmark_places
from toolkit.national.rates import rates
from toolkit.periods import parse_period
from toolkit.published.areas import municipality_count
from toolkit.register import Dataset

__all__ = [
    "BENCHMARK_LEAD",
    "SECTION_TITLE",
    "SOURCE",
    "area_name",
    "benchmark_sentence",
    "comparison_quarters",
    "imported_on",
    "national_comparison",
    "rate_text",
    "signed",
    "source_line",
]

SECTION_TITLE = "Sammenlignet med andre kommuner"
SOURCE = "Kilde: Jobindsats (STAR) og Statistikbanken FOLK1A"
BENCHMARK_LEAD = "Placering i Beskæftigelsesministeriets benchmark"
ROLE_ORDER = ("own", "group", "country")
# The national schemes the register has courses of: a committee running one gets the section.
COURSE_SCHEMES = ("ressourceforloeb", "jobafklaring", "fleksjob")
CHART_QUARTERS = 9  # two years and the quarter itself
MARKS_NOTE = (
    "«..» er Jobindsats' eget tegn for et tal, der ikke offentliggøres; «–» betyder, at "
    "tallet ikke kan beregnes (fx uden befolkningstal). Sammenligningsgruppen er kommunerne "
    "i arket Sammenligningskommuner lagt sammen; en kommune uden offentliggjort tal tæller "
    "ikke med."
)


# -- shared with Overblik ----------------------------------------------------------------------


def imported_on(manifest: Mapping[str, Any]) -> date | None:
    """The day the version's national figures were read in: the version's own date when
    they came with it; None when they are inherited from an earlier version (its manifest
    does not say when that was)."""
    part = (manifest.get("parts") or {}).get("national")
    if not part or part.get("inherited_from") or not manifest.get("created"):
        return None
    try:
        return date.fromisoformat(str(manifest["created"])[:10])
    except ValueError:
        return None


def source_line(imported: date | None) -> str:
    """«Kilde: Jobindsats (STAR) og Statistikbanken FOLK1A, hentet 02-12-2026.»"""
    return SOURCE + (f", hentet {formats.day(imported)}." if imported else ".")


def _start(label: str) -> date:
    return parse_period(label).start


def comparison_quarters(rows: pd.DataFrame, up_to: str | None = None) -> tuple[str, str]:
    """The newest quarter (not after ``up_to``) with the municipality's rate, else with any
    row, and the same quarter a year before (whether or not the rows have it)."""
    if up_to is not None:
        rows = rows[rows["period"].map(_start) <= _start(up_to)]
    known = rows[rows["rate_per_1000"].notna()]
    own = known[known["role"] == "own"]
    pool = own if len(own) else (known if len(known) else rows)
    latest = max(pool["period"], key=_start)
    start = _start(latest)
    before = f"{start.year - 1:04d}-Q{(start.month - 1) // 3 + 1}"
    return latest, before


def area_name(rows: pd.DataFrame, role: str) -> str:
    """The municipality's name, «Sammenligningsgruppen (N kommuner)» or «Hele landet»."""
    if role == "country":
        return COUNTRY
    if role == "group":
        members = pd.to_numeric(rows.loc[rows["role"] == "group", "areas_in_group"]).max()
        return group_name(int(members) if pd.notna(members) else 0)
    return str(rows.loc[rows["role"] == "own", "area"].iloc[0])


def signed(value: float, minus: str = "-") -> str:
    """+1,2 / -1,2 / «uændret» with one decimal (the briefing passes the typographic
    minus)."""
    rounded = formats.round_half_up(float(value), 1)
    if rounded == 0:
        return "uændret"
    text = formats.number(abs(rounded), 1)
    return f"+{text}" if rounded > 0 else f"{minus}{text}"


def rate_text(row: pd.Series | None, column: str = "rate_per_1000", decimals: int = 1) -> str:
    """A rate (or a count) as shown; the publisher's mark or «–» when there is none."""
    if row is None:
        return NOT_COMPUTABLE_MARK
    if pd.isna(row[column]):
        mark = row["mark"]
        return str(mark) if isinstance(mark, str) and mark else NOT_COMPUTABLE_MARK
    return formats.fixed(float(row[column]), decimals)


def benchmark_sentence(places: pd.DataFrame, up_to: str | None = None) -> str:
    """«Placering i Beskæftigelsesministeriets benchmark: nr. 34 af 98, 12 måneder til og
    med 2. kvt. 2026 (nr. 1 er bedst).» for the municipality's newest period (not after
    ``up_to``); '' without a benchmark row."""
    own = places[places["role"] == "own"]
    if up_to is not None:
        own = own[own["period"].map(_start) <= _start(up_to)]
    if own.empty:
        return ""
    row = own.loc[max(own.index, key=lambda i: _start(str(own.at[i, "period"])))]
    period = parse_period(str(row["period"])).danish
    span = f"12 måneder til og med {period}" if row["period_kind"] == "rolling_year" else period
    if pd.isna(row["rank"]):
        mark = row["mark"] if isinstance(row["mark"], str) and row["mark"] else "–"
        return f"{BENCHMARK_LEAD}: ingen placering offentliggjort ({mark}), {span}."
    rank, ranked = int(row["rank"]), int(row["ranked"])
    # «af N» only when the file ranks every municipality: a download of a few (the group)
    # does not tell how many were ranked, and «nr. 5 af 8» would mislead.
    place = f"nr. {rank} af {ranked}" if ranked >= municipality_count() else f"nr. {rank}"
    text = f"{BENCHMARK_LEAD}: {place}, {span} (nr. 1 er bedst)."
    expected, actual = row["expected"], row["actual"]
    if pd.notna(expected) and pd.notna(actual) and formats.round_half_up(actual - expected):
        more = "flere" if actual > expected else "færre"
        text += (
            f" Kommunen havde {formats.number(abs(actual - expected), 0)} {more} "
            "fuldtidspersoner på offentlig forsørgelse, end rammevilkårene forventer."
        )
    return text


# -- the section -------------------------------------------------------------------------------


def _row(rows: pd.DataFrame, role: str, period: str) -> pd.Series | None:
    found = rows[(rows["role"] == role) & (rows["period"] == period)]
    return None if found.empty else found.iloc[0]


def _change(now: pd.Series | None, then: pd.Series | None) -> str:
    if now is None or then is None:
        return NOT_COMPUTABLE_MARK
    if pd.isna(now["rate_per_1000"]) or pd.isna(then["rate_per_1000"]):
        return NOT_COMPUTABLE_MARK
    return signed(now["rate_per_1000"] - then["rate_per_1000"], formats.TYPOGRAPHIC_MINUS)


def _schemes(found: Profile, published: pd.DataFrame) -> list[str]:
    """The published schemes with a rate, the committee's own first."""
    with_rate = set(published.loc[published["rate_per_1000"].notna(), "scheme"])
    order = [*found.schemes, *schema.NATIONAL_SCHEME.codes]
    return [s for s in dict.fromkeys(order) if s in with_rate and s in schema.NATIONAL_SCHEME.codes]


def national_comparison(b: Builder, dataset: Dataset, found: Profile) -> Section | None:
    """The section for the committee, or None when it runs no published scheme or the
    version has no Jobindsats figures to compare with."""
    runs = [s for s in found.schemes if s in COURSE_SCHEMES]
    if not runs or dataset.national.jobindsats.empty:
        return None
    published = rates(dataset.economy, dataset.national)
    published = published[published["period"].map(_start) <= b.period.start]
    schemes = _schemes(found, published)
    if not schemes or not (published["role"] == "own").any():
        return None
    intro = (
        "Kommunens borgere i ordningerne pr. 1.000 indbyggere på 16-66 år ved siden af "
        "sammenligningskommunerne og hele landet, efter Jobindsats' offentliggjorte tal. "
        "Ændringer er i promille-point (pr. 1.000)."
    )
    sentence = benchmark_sentence(benchmark_places(dataset.economy, dataset.national),
                                  b.period.label)  # fmt: skip
    # One paragraph, so it is kept with the first table and never ends a page alone.
    blocks: list[Block] = [Paragraph(f"{intro} {sentence}" if sentence else intro)]
    source = source_line(imported_on(dataset.manifest))
    for scheme in schemes:
        blocks.append(_table(b, published[published["scheme"] == scheme], scheme, source))
    first = published[published["scheme"] == schemes[0]]
    blocks.append(_figure(b, first, schemes[0], source))
    blocks.append(Paragraph(MARKS_NOTE))
    return Section(SECTION_TITLE, tuple(blocks))


def _table(b: Builder, rows: pd.DataFrame, scheme: str, source: str) -> Block:
    latest, before = comparison_quarters(rows, b.period.label)
    now_name, before_name = parse_period(latest).danish, parse_period(before).danish
    label = schema.NATIONAL_SCHEME.label(scheme)
    body = []
    for role in ROLE_ORDER:
        if not (rows["role"] == role).any():
            continue
        now, then = _row(rows, role, latest), _row(rows, role, before)
        body.append((area_name(rows, role), rate_text(then), rate_text(now), _change(now, then),
                     rate_text(now, "count", 0)))  # fmt: skip
    lag = "" if latest == b.period.label else f" (Jobindsats' seneste kvartal: {now_name})"
    return b.table(
        f"{label} pr. 1.000 16-66-årige, {before_name} og {now_name}{lag}",
        ("Område", before_name, now_name, "Ændring", f"Personer {now_name}"),
        body,
        (),
        (False, True, True, True, True),
        source=source,
    )


def _figure(b: Builder, rows: pd.DataFrame, scheme: str, source: str) -> Block:
    order = sorted(dict.fromkeys(rows["period"]), key=_start)[-CHART_QUARTERS:]
    shown = rows[rows["period"].isin(order)]
    label = schema.NATIONAL_SCHEME.label(scheme)
    caption = (
        f"{label}: borgere pr. 1.000 16-66-årige pr. kvartal i kommunen, "
        "sammenligningsgruppen og hele landet."
    )
    if shown["rate_per_1000"].isna().any():
        caption += " Et hul i en linje er et tal, Jobindsats ikke har offentliggjort, eller et "
        caption += "kvartal uden befolkningstal."
    chart = comparison_print_chart(shown, title=f"{label} ({RATE_TITLE.lower()})")
    alt_text = (
        f"Linjediagram over {label.lower()} pr. 1.000 16-66-årige pr. kvartal for kommunen, "
        "sammenligningsgruppen og hele landet."
    )
    return b.figure(chart, caption, (), alt_text, source=source)
