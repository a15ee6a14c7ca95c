"""The follow-up part of «Resultater»: where citizens are 1 and 6 months after their
ressourceforløb or jobafklaringsforløb ended, how long a ressourceforløb lasts (median
with its 95 % interval) and the Kaplan-Meier curves of the latest start years.

The statuses are the catalogue's ``status_after_end_pct`` for the latest calendar year whose
courses have all reached the last horizon shown (so no course is too recent and the shares
of a year are complete), computed and published as the briefing's other figures. The
durations come from :mod:`toolkit.survival`, published there (a step or a median with fewer
than the threshold at risk is hidden).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from toolkit import formats, schema
from toolkit.briefing.builder import Builder, Values
from toolkit.briefing.model import Block, Figure, Paragraph
from toolkit.briefing.thin_rows import on_values
from toolkit.charts import follow_up_charts
from toolkit.indicators import compute, publish
from toolkit.indicators.follow_up import FOLLOWED_SCHEMES, STATUS_ORDER, last_whole_month
from toolkit.indicators.publishing import PRIMARY, display
from toolkit.periods import Period, period_of
from toolkit.register import Dataset, Register
from toolkit.survival import course_survival, published_curves, published_summaries

STATUS_ID = "status_after_end_pct"
HORIZONS = (1, 6)
DURATION_SCHEME = "ressourceforloeb"


def followed_year(as_of: date, months: int = max(HORIZONS)) -> int:
    """The latest calendar year whose December ends ``months`` months before ``as_of``'s
    month or earlier: every course ending that year has reached the horizon."""
    month_index = last_whole_month(as_of) + 1970 * 12 - months
    year, month = divmod(month_index, 12)
    return year if month == 11 else year - 1


def committee_schemes(register: Register, departments: Sequence[str]) -> list[str]:
    """The followed schemes the committee's departments coordinate courses in; all of them
    when they coordinate none (the committee still sees the municipality's figures)."""
    courses = register.courses
    own = set(courses.loc[courses["coordinating_department"].isin(departments), "scheme"])
    return [s for s in FOLLOWED_SCHEMES if s in own] or list(FOLLOWED_SCHEMES)


def _horizon_name(months: int) -> str:
    return "1 md. efter" if months == 1 else f"{months} mdr. efter"


def status_table(b: Builder, dataset: Dataset) -> list[Block]:
    """A row per status, a column per scheme and horizon (none when nothing ended)."""
    year = followed_year(b.as_of)
    period = period_of(date(year, 1, 1), "year")
    frame = compute(
        dataset.register, dataset.economy, ids=[STATUS_ID], level="year",
        first=period.start, last=period.end, as_of=b.as_of,
    )  # fmt: skip
    values = Values(publish(frame))
    schemes = [
        s for s in committee_schemes(dataset.register, b.committee.departments)
        if values.codes(STATUS_ID, "scheme", (period,)).count(s)
    ]  # fmt: skip
    if not schemes:
        return []
    return on_values(b, values, lambda fb: [_table(fb, period, schemes)])


def _table(b: Builder, period: Period, schemes: Sequence[str]) -> Block:
    headers = ["Status"] + [
        f"{schema.SCHEME.label(s)}, {_horizon_name(h)}" for s in schemes for h in HORIZONS
    ]
    rows = [
        (
            follow_up_charts.status_label(status),
            *(b.show(STATUS_ID, period, scheme=s, horizon=str(h), status=status)
              for s in schemes for h in HORIZONS),
        )
        for status in STATUS_ORDER
    ]  # fmt: skip
    return b.table(
        f"Borgernes status 1 og 6 måneder efter slutmåneden for de forløb, der sluttede i "
        f"{period.danish} (andel af forløbene)",
        headers,
        rows,
        (STATUS_ID,),
        (False, *(True for _ in headers[1:])),
    )


def median_sentence(summaries: pd.DataFrame, scheme_name: str) -> str:
    """One sentence on the median time in the scheme with its 95 % interval."""
    what = scheme_name.lower()
    median = summaries[summaries["measure"] == "median"]
    if median.empty:
        return f"Der er ingen {what} i registret at beregne varigheden af."
    row = median.iloc[0]
    if row["suppressed"]:
        mark = display(None, str(row["suppressed"]))
        return f"Den mediane tid i {what} vises ikke ({mark}): for få forløb at regne den på."
    if pd.isna(row["value"]):
        return (
            f"Mere end halvdelen af borgerne i {what} er stadig i forløbet, så den mediane "
            "tid kan endnu ikke opgøres."
        )
    if pd.notna(row["upper"]):
        upper = f"{formats.fixed(float(row['upper']))} måneder"
    elif bool(row.get("upper_hidden", False)):
        upper = f"en grænse, der ikke vises ({display(None, PRIMARY)})"
    else:
        upper = "mere end det, data dækker"
    lower = formats.fixed(float(row["lower"])) if pd.notna(row["lower"]) else "?"
    return (
        f"Halvdelen af {what}ene er slut efter {formats.fixed(float(row['value']))} måneder "
        f"(median; 95 %-interval {lower} til {upper}), regnet med de forløb, der stadig "
        "kører, som Kaplan-Meier gør."
    )


def duration_blocks(b: Builder, dataset: Dataset) -> list[Block]:
    """The median sentence for all ressourceforløb and the curves of the latest start years."""
    scheme_name = schema.SCHEME.label(DURATION_SCHEME)
    every = course_survival(dataset.register, b.as_of, schemes=(DURATION_SCHEME,), by=None)
    blocks: list[Block] = [Paragraph(median_sentence(published_summaries(every), scheme_name))]
    figure = _curves_figure(b, dataset, scheme_name)
    return blocks + ([figure] if figure is not None else [])


def _curves_figure(b: Builder, dataset: Dataset, scheme_name: str) -> Figure | None:
    by_year = published_curves(
        course_survival(dataset.register, b.as_of, schemes=(DURATION_SCHEME,))
    )
    years = [str(c) for c in by_year["cohort"].unique()]
    cohorts = follow_up_charts.latest_whole_years(years, b.as_of)
    chosen = by_year[by_year["cohort"].astype(str).isin(cohorts)]
    if not chosen["value"].notna().any():
        return None
    chart = follow_up_charts.print_survival_curves(
        chosen, f"Tid i {scheme_name.lower()} efter startår", cohorts
    )
    source = (
        f"Kilde: Tværblik, forløbene i registret (Kaplan-Meier), data opgjort "
        f"{formats.day(b.as_of)}."
    )
    return b.figure(
        chart,
        f"Andel af {scheme_name.lower()}ene, der stadig er i gang, efter måneder siden start, "
        f"for forløb startet i {formats.listing(cohorts)}; forløb, der stadig kører, tæller "
        "med til opgørelsesdatoen. Båndet er et 95 %-konfidensinterval. En kurve stopper, "
        "når færre end 5 forløb stadig er i gang.",
        (),
        "Trappekurver over andelen af forløbene, der stadig er i gang, for hvert startår.",
        source=source,
    )


def follow_up(b: Builder, dataset: Dataset) -> list[Block]:
    """The status table, the median sentence and the duration curves."""
    return [*status_table(b, dataset), *duration_blocks(b, dataset)]
