"""What a committee briefing says, as plain data (``model.Briefing``), from one data version.

``build_briefing`` computes the indicators for the chosen quarter and the same quarter last
year with ``toolkit.indicators.compute`` (level quarter), suppresses them with
``indicators.publish`` exactly as ``tvaerblik indicators`` does, and takes every
number it shows from that suppressed frame: no totals of its own, no unsuppressed value, so
each number in a briefing is a number the command gives for the same period. Hidden cells
show as «<5» (or «..»). The exception: the waiting and refusal tables fold their thin rows
into «Øvrige …» per department (``thin_rows``), computed and published again the same way.

The committee sets the focus: its departments are named first and come first in every
table by department; the tables always show every department (the cross-sector picture).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from toolkit import config, formats, pseudonyms
from toolkit.briefing import sentences
from toolkit.briefing.builder import SECTION_TITLES, Builder, Values, as_text
from toolkit.briefing.committees import resolve
from toolkit.briefing.key_figure_trend import key_figure_table, trend_quarters, with_trend
from toolkit.briefing.key_figures import CANDIDATE_IDS, key_figures, profile
from toolkit.briefing.model import (
    Block,
    Briefing,
    BriefingError,
    Definition,
    KeyFigure,
    MarksLegend,
    Paragraph,
    Section,
    Table,
)
from toolkit.briefing.national_comparison import national_comparison
from toolkit.briefing.orientation import orientation
from toolkit.briefing.scenario_annex import scenario_annex
from toolkit.briefing.scenario_section import scenario_results, scenarios
from toolkit.briefing.sections_cross import cross
from toolkit.briefing.sections_money import economy, economy_annex, economy_summary
from toolkit.briefing.sections_people import outcomes, team, volume, waiting
from toolkit.indicators import REGISTRY, compute, publish
from toolkit.indicators.budget_status import budget_status
from toolkit.indicators.publishing import (
    NOT_COMPUTABLE_MARK,
    SECONDARY_MARK,
    footnote_da,
    suppression_threshold,
)
from toolkit.periods import Period, as_of_default, first_date, period_of
from toolkit.register import Dataset, Economy

__all__ = ["SECTION_TITLES", "BriefingError", "build_briefing", "parse_quarter"]

# The name in the files' properties when none is given (page 1 then leaves the line out).
FALLBACK_MUNICIPALITY = "Kommunen"

# The indicators the briefing draws on, in the order they are computed.
USED_IDS = (
    "persons_active_count",
    "course_starts_count",
    "full_time_persons",
    "cases_per_meeting_mean",
    "goal_in_recommendation_pct",
    "citizen_present_pct",
    "parallel_interventions_pct",
    "plans_with_subgoal_pct",
    "budget_dkk",
    "actual_dkk",
    "budget_utilisation_pct",
    "forecast_year_end_dkk",
    "intervention_cost_dkk",
    "meeting_staff_cost_dkk",
    "cost_per_person_dkk",
    "intervention_cost_by_coordinator_dkk",
    "waiting_days_median",
    "waiting_days_p90",
    "waiting_now_count",
    "interventions_started_count",
    "interventions_refused_pct",
    "exit_to_work_or_education_pct",
    "course_duration_days_median",
    "exit_reason_pct",
    "course_ends_count",
    "subgoals_achieved_pct",
    "progression_change_mean",
)

_QUARTER = re.compile(r"(\d{4})\s*-?\s*[QK]\s*([1-4])", re.ASCII | re.IGNORECASE)


def parse_quarter(text: str) -> Period:
    """«2026-Q3», «2026-K3» (also lower case, «2026K3») → the quarter; a BriefingError else."""
    match = _QUARTER.fullmatch(str(text).strip())
    if not match or int(match[1]) < 1:
        raise BriefingError(
            f"Ukendt periode «{text}». Skriv kvartalet som ÅÅÅÅ-Kn, fx 2026-K3 (eller 2026-Q3)."
        )
    return period_of(date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1), "quarter")


def _same_quarter_last_year(period: Period) -> Period:
    return period_of(date(period.start.year - 1, period.start.month, 1), "quarter")


def file_stem(committee: str, period: Period) -> str:
    """«Beskæftigelsesudvalget», 2026-Q3 → «beskaeftigelsesudvalget-2026-Q3» (ASCII only)."""
    letters: dict[str, str | int | None] = {"æ": "ae", "ø": "oe", "å": "aa"}
    text = committee.lower().translate(str.maketrans(letters))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "udvalg"
    return f"{slug}-{period.label}"


# -- sections ----------------------------------------------------------------------------------


def _about(b: Builder) -> Section:
    c = b.committee
    own = [b.department(d) for d in c.departments]
    others = [b.department(d) for d in b.department_names if d not in c.departments]
    text = sentences.about_orientation(c.name, own, others)
    return Section(SECTION_TITLES["about"], (Paragraph(text),))


def municipality_name(given: str | None, economy: Economy) -> str:
    """The municipality's name: ``given`` (``--kommune``), else the sheet Kommune, else
    ``TVAERBLIK_KOMMUNE``; '' when none of them names it."""
    for name in (given, economy.municipality_name, config.municipality()):
        if name and name.strip():
            return pseudonyms.mask_cpr(name.strip())
    return ""


def _scenario_names(dataset: Dataset, ids: Sequence[str]) -> list[str]:
    """The chosen scenarios' names from scenarier.xlsx (the ID where a name is blank)."""
    frame = dataset.scenarios.scenarios
    names = {str(i): as_text(n) for i, n in zip(frame["scenario_id"], frame["name"], strict=True)}
    return [pseudonyms.mask_cpr(names.get(i) or i) for i in dict.fromkeys(ids)]


# -- the briefing ------------------------------------------------------------------------------


def build_briefing(
    dataset: Dataset,
    committee: str,
    period: str,
    *,
    scenario_ids: Sequence[str] = (),
    today: date | None = None,
    municipality: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Briefing:
    """The briefing for ``committee`` and the quarter ``period`` («2026-Q3» or «2026-K3»).

    Raises ``BriefingError`` (Danish) for an unknown committee or scenario, a malformed
    period, or a quarter the data do not reach. ``municipality`` (``--kommune``) comes before
    the sheet Kommune in oekonomi.xlsx and the environment variable ``TVAERBLIK_KOMMUNE``
    (``municipality_name``); with none of them page 1 leaves the line out.
    """
    say = progress or (lambda _message: None)
    chosen = resolve(dataset.economy, committee)
    quarter = parse_quarter(period)
    register = dataset.register
    try:
        as_of = as_of_default(register)
    except ValueError:
        raise BriefingError(
            "Registret indeholder ingen data, så der kan ikke laves en briefing."
        ) from None
    if quarter.start > as_of:
        raise BriefingError(
            f"{quarter.danish} ligger efter datas opgørelsesdato {formats.day(as_of)}. "
            "Vælg et kvartal, der er begyndt."
        )
    if as_of < quarter.end:
        before = period_of(quarter.start - timedelta(days=1), "quarter")
        first_day = first_date(dataset.register)
        choice = (
            f"vælg {before.danish} eller før."
            if first_day is not None and before.end >= first_day
            else "der er endnu ikke et helt kvartal med data."
        )
        raise BriefingError(
            f"Data går kun til {formats.day(as_of)}, så {quarter.danish} er ikke slut; {choice}"
        )
    first_day = first_date(dataset.register)
    if first_day is None or quarter.end < first_day:
        start = f" Data begynder {formats.day(first_day)}." if first_day else ""
        raise BriefingError(f"Der er ingen data for {quarter.danish}.{start}")
    previous = _same_quarter_last_year(quarter)
    say(f"Beregner indikatorerne for {previous.danish} til {quarter.danish} …")
    frame = compute(
        register,
        dataset.economy,
        ids=list(dict.fromkeys((*USED_IDS, *CANDIDATE_IDS))),
        level="quarter",
        first=previous.start,
        last=quarter.end,
    )
    values = Values(publish(frame))
    periods = tuple(
        sorted({Period("quarter", *_bounds(label)) for label in values.frame["period"].unique()},
               key=lambda p: p.start)
    ) or (previous, quarter)  # fmt: skip
    departments = dataset.economy.departments
    names = {
        str(d): (str(n) if isinstance(n, str) and n else str(d))
        for d, n in zip(departments["department"], departments["name"], strict=True)
    }
    committees_of = {
        str(d): as_text(c) for d, c in zip(departments["department"], departments["committee"],
                                         strict=True)
    }  # fmt: skip
    type_names = dataset.economy.intervention_type_names()
    b = Builder(
        values=values,
        period=quarter,
        previous=previous,
        periods=periods,
        as_of=as_of,
        committee=chosen,
        department_names=names,
        department_committees=committees_of,
        intervention_names=type_names,
        budget=budget_status(dataset.economy, quarter.start.year, quarter.end.month),
    )
    say("Skriver indholdet …")
    roles = profile(register, dataset.economy, chosen)
    figures = key_figures(b, roles)
    # The same quarter in each of the last five years, from one more compute of just the
    # key figures' indicators (published as above, so each value is the command's).
    same_quarters = trend_quarters(quarter)
    trend_frame = compute(
        register,
        dataset.economy,
        ids=list(dict.fromkeys(k.indicator for k in figures)),
        level="quarter",
        first=same_quarters[0].start,
        last=quarter.end,
    )
    figures = with_trend(figures, Values(publish(trend_frame)), same_quarters)
    sections = [
        _about(b),
        volume(b),
        team(b),
        economy(b),
        cross(b, dataset),
        waiting(b, dataset),
        outcomes(b, dataset),
    ]
    # Left out, not listed as a gap, for a committee it does not concern or without figures.
    compared = national_comparison(b, dataset, roles)
    sections += [compared] if compared is not None else []
    # A data section with nothing but its introduction or «Ingen data» is left out (no
    # blocks: the renderers skip it); the notes name the gap once.
    sections = [sections[0], *(_with_data(s) for s in sections[1:])]
    gaps = [s.title for s in sections[1:] if not s.blocks]
    computed = None
    if scenario_ids:
        say(f"Beregner scenarierne {', '.join(scenario_ids)} …")
        computed = scenario_results(dataset, scenario_ids)
        sections.append(scenarios(b, computed))
    # «Økonomi pr. afdeling» refers to its table in kroner at the back, after the scenarios.
    sections.append(economy_annex(b))
    if computed is not None:  # «Scenarier» refers to its annex in kroner, after the economy's
        sections.append(scenario_annex(b, computed))
    name = municipality_name(municipality, dataset.economy)
    page_one = orientation(
        b,
        figures,
        dataset.economy,
        municipality=name,
        economy_lines=economy_summary(b),
        scenario_names=_scenario_names(dataset, scenario_ids),
    )
    figures_source = b.source(*dict.fromkeys(f.indicator for f in figures)) if figures else ""
    used = [i for i in REGISTRY if i in b.used]
    definitions = tuple(
        Definition(i, REGISTRY[i].label, REGISTRY[i].unit, REGISTRY[i].definition) for i in used
    )
    created = today or date.today()
    loaded = _loaded(dataset)
    legend = marks_legend(figures, sections, quarter.danish, values.threshold)
    notes: tuple[str, ...] = (
        f"Tallene er opgjort til {formats.day(as_of)}"
        + (f" og indlæst i Tværblik {loaded}" if loaded else "")
        + f". Orienteringen er lavet {formats.day(created)}.",
        "Alle tal er Tværbliks kvartalstal for perioden, med definitionerne i bilaget og den "
        "samme diskretionering som i Tværbliks andre opgørelser. Ændringer sammenlignes med "
        "samme kvartal året før; procenter i procentpoint. Et skjult tal sammenlignes ikke.",
    )
    if gaps:
        named = [f"«{t}»" for t in gaps]
        listed = formats.listing(named)
        notes += (
            f"{'Afsnittet' if len(named) == 1 else 'Afsnittene'} {listed} er udeladt, fordi "
            f"der ikke er data til {'det' if len(named) == 1 else 'dem'} for "
            f"{quarter.danish}.",
        )
    return Briefing(
        municipality=name or FALLBACK_MUNICIPALITY,
        committee=chosen.name,
        period=quarter.label,
        period_label=quarter.danish,
        created=created,
        version=dataset.version,
        title=page_one.title,
        key_figures=figures,
        key_figures_source=figures_source,
        sections=tuple(_masked(s) for s in sections),
        definitions=definitions,
        notes=notes,
        orientation=page_one,
        marks_legend=legend,
        file_stem=file_stem(chosen.name, quarter),
    )


def marks_legend(
    figures: Sequence[KeyFigure],
    sections: Sequence[Section],
    period_label: str,
    threshold: int | None,
) -> MarksLegend | None:
    """The marks explained right under the first table that shows one, in the order the
    renderers lay them out (the key figures, then the sections' tables); None when no table
    shows a mark."""
    marks = {f"<{suppression_threshold(threshold)}", SECONDARY_MARK, NOT_COMPUTABLE_MARK}
    text = footnote_da(threshold)

    def marked(rows: Sequence[Sequence[str]]) -> bool:
        return any(cell.strip() in marks for row in rows for cell in row)

    if figures and marked(key_figure_table(figures, period_label).rows):
        return MarksLegend(text, "key_figures")
    for block in (block for section in sections for block in section.blocks):
        if isinstance(block, Table) and marked(block.rows):
            return MarksLegend(text, "table", block.number)
    return None


def _with_data(section: Section) -> Section:
    """``section`` as it is when it has a table or a figure; else without blocks."""
    if any(not isinstance(block, Paragraph) for block in section.blocks):
        return section
    return Section(section.title, (), section.level)


def _bounds(label: str) -> tuple[date, date]:
    year, quarter = label.split("-Q")
    period = period_of(date(int(year), (int(quarter) - 1) * 3 + 1, 1), "quarter")
    return period.start, period.end


def _loaded(dataset: Dataset) -> str:
    created = dataset.manifest.get("created") if dataset.manifest else None
    if not created:
        return ""
    try:
        return formats.day(date.fromisoformat(str(created)[:10]))
    except ValueError:
        return ""


def _masked(section: Section) -> Section:
    """Free text from the workbooks (names of departments, scenarios) never shows a
    CPR-shaped string: the store refuses them already; this is the second lock."""
    blocks: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(pseudonyms.mask_cpr(block.text)))
        elif isinstance(block, Table):
            rows = tuple(tuple(pseudonyms.mask_cpr(c) for c in row) for row in block.rows)
            blocks.append(replace(block, rows=rows))
        else:
            blocks.append(block)
    return Section(section.title, tuple(blocks), section.level)
