"""The sections about the citizens and the work with them: «Borgere og forløb»,
«Rehabiliteringsteamet og samarbejdet», «Ventetid og afslag» and «Resultater».

Each takes the ``Builder`` and returns one ``Section``; every number comes from the
suppressed frame through the builder. Rows by department put the committee's first.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from toolkit import schema
from toolkit.briefing.builder import (
    CHANGE,
    NO_DATA,
    SECTION_TITLES,
    Builder,
    present,
    with_unit_label,
)
from toolkit.briefing.model import Block, Figure, Paragraph, Section
from toolkit.charts import builders, theme
from toolkit.indicators import REGISTRY
from toolkit.indicators.catalogue import DIMENSIONS
from toolkit.indicators.publishing import suppression_threshold
from toolkit.periods import Period


def _scheme(code: str) -> str:
    return schema.SCHEME.label(code)


def _by_scheme(b: Builder, indicator: str, *more: str) -> list[tuple[str, ...]]:
    """A row per scheme: its name, ``indicator`` last year, now and the change, then ``more``
    this quarter."""
    return [
        (
            _scheme(s),
            *b.compare(indicator, scheme=s),
            *(b.show(other, scheme=s) for other in more),
        )
        for s in b.scheme_codes(indicator)
    ]


def _summary_rows(b: Builder, ids: Sequence[str]) -> list[tuple[str, ...]]:
    """A row per indicator with a value this quarter: label, last year, now, change."""
    rows: list[tuple[str, ...]] = []
    for indicator in ids:
        if b.values.cell(indicator, b.period) is None:
            continue
        item = REGISTRY[indicator]
        rows.append((with_unit_label(item.label, item.unit), *b.compare(indicator)))
    return rows


def _summary_table(b: Builder, caption: str, ids: Sequence[str]) -> list[Block]:
    """The ``_summary_rows`` as a table (none when no indicator has a value this quarter)."""
    rows = _summary_rows(b, ids)
    if not rows:
        return []
    return [
        b.table(
            caption,
            ("Indikator", b.previous.danish, b.period.danish, CHANGE),
            rows,
            [i for i in ids if b.values.cell(i, b.period) is not None],
            (False, True, True, True),
        )
    ]


def volume(b: Builder) -> Section:
    blocks: list[Block] = []
    rows = _by_scheme(b, "persons_active_count", "course_starts_count", "full_time_persons")
    if rows:
        blocks.append(
            b.table(
                f"Borgere i forløb pr. ordning, {b.previous.danish} og {b.period.danish}; "
                f"påbegyndte forløb og fuldtidspersoner i {b.period.danish}",
                (
                    "Ordning",
                    f"Borgere {b.previous.danish}",
                    f"Borgere {b.period.danish}",
                    CHANGE,
                    "Påbegyndte forløb",
                    "Fuldtidspersoner",
                ),
                rows,
                ("persons_active_count", "course_starts_count", "full_time_persons"),
                (False, True, True, True, True, True),
            )
        )
    blocks += present(
        b.trend_figure(
            "persons_active_count",
            colour_by="scheme",
            title="Borgere i forløb pr. ordning",
            caption=f"Borgere i forløb pr. ordning pr. kvartal, {b.previous.danish} til "
            f"{b.period.danish}.",
            alt_text="Linjediagram over antallet af borgere i forløb i hver ordning pr. kvartal.",
        ),
        b.trend_figure(
            "course_starts_count",
            colour_by="scheme",
            title="Påbegyndte forløb pr. ordning",
            caption=f"Påbegyndte forløb pr. ordning pr. kvartal, {b.previous.danish} til "
            f"{b.period.danish}. Kvartaler med færre end "
            f"{suppression_threshold(b.values.threshold)} forløb er udeladt.",
            alt_text="Linjediagram over påbegyndte forløb i hver ordning pr. kvartal.",
        ),
    )
    return Section(SECTION_TITLES["volume"], tuple(blocks) or (Paragraph(NO_DATA),))


def team(b: Builder) -> Section:
    ids = (
        "cases_per_meeting_mean",
        "goal_in_recommendation_pct",
        "citizen_present_pct",
        "parallel_interventions_pct",
        "plans_with_subgoal_pct",
    )
    table = _summary_table(
        b,
        f"Rehabiliteringsteamet og det tværfaglige samarbejde, {b.previous.danish} og "
        f"{b.period.danish}",
        ids,
    )
    if not table:
        return Section(SECTION_TITLES["team"], (Paragraph(NO_DATA),), level=2)
    intro = Paragraph(
        "Rehabiliteringsteamet samler beskæftigelse, social, sundhed og unge om borgerens "
        "sag. Ændringer i procenter er i procentpoint."
    )
    return Section(SECTION_TITLES["team"], (intro, *table), level=2)


def _type_label(b: Builder, code: str) -> str:
    return b.intervention_names.get(code, code)


def waiting(b: Builder) -> Section:
    blocks: list[Block] = []
    pairs = _pairs(b, "waiting_days_median", "intervention_type", (b.previous, b.period))
    if pairs:
        rows: list[tuple[str, ...]] = [
            (
                b.department(d),
                _type_label(b, t),
                b.show("waiting_days_median", b.previous, department=d, intervention_type=t),
                b.show("waiting_days_median", department=d, intervention_type=t),
                b.show("waiting_days_p90", department=d, intervention_type=t),
                b.show("interventions_started_count", department=d, intervention_type=t),
                b.show("waiting_now_count", department=d, intervention_type=t),
            )
            for d, t in pairs
        ]
        blocks.append(
            b.table(
                f"Ventetid fra anmodning til start (dage) pr. afdeling og indsatstype; "
                f"90 %-fraktil, igangsatte og ventende indsatser i {b.period.danish}",
                (
                    "Afdeling",
                    "Indsatstype",
                    f"Median {b.previous.danish}",
                    f"Median {b.period.danish}",
                    "90 %-fraktil",
                    "Igangsatte",
                    "Ventende ved udgang",
                ),
                rows,
                (
                    "waiting_days_median",
                    "waiting_days_p90",
                    "interventions_started_count",
                    "waiting_now_count",
                ),
                (False, False, True, True, True, True, True),
            )
        )
    if b.has_values("waiting_days_median", (b.period,)):
        blocks.append(_waiting_chart(b))
    refusals = _pairs(b, "interventions_refused_pct", "refusal_reason", (b.previous, b.period))
    if refusals:
        rows = [
            (
                b.department(d),
                schema.REFUSAL_REASON.label(r),
                b.show("interventions_refused_pct", b.previous, department=d, refusal_reason=r),
                b.show("interventions_refused_pct", department=d, refusal_reason=r),
            )
            for d, r in refusals
        ]
        blocks.append(
            b.table(
                "Andel af de anmodede indsatser, der blev afvist eller afslået, pr. afdeling og "
                f"årsag, {b.previous.danish} og {b.period.danish}",
                ("Afdeling", "Årsag", b.previous.danish, b.period.danish),
                rows,
                ("interventions_refused_pct",),
                (False, False, True, True),
            )
        )
        figure = b.bar_figure(
            "interventions_refused_pct",
            category="department",
            colour_by="refusal_reason",
            title=f"Afviste og afslåede indsatser, {b.period.danish}",
            caption=f"Andel afviste og afslåede indsatser pr. afdeling og årsag i "
            f"{b.period.danish}. Skjulte tal er udeladt.",
            alt_text="Liggende søjler med hver afdelings andel afviste indsatser, delt på årsager.",
        )
        blocks.append(
            figure
            or Paragraph(
                f"Alle tal for afslag i {b.period.danish} bygger på så få borgere, at de er "
                "skjult; derfor er der ingen figur."
            )
        )
    return Section(SECTION_TITLES["waiting"], tuple(blocks) or (Paragraph(NO_DATA),))


def _pairs(
    b: Builder, indicator: str, second: str, periods: Sequence[Period]
) -> list[tuple[str, str]]:
    rows = b.values.rows(indicator, periods)
    if rows.empty:
        return []
    found = list(dict.fromkeys(zip(rows["department"].astype(str), rows[second].astype(str),
                                   strict=True)))  # fmt: skip
    order = b.departments(d for d, _ in found)
    return sorted(found, key=lambda pair: (order.index(pair[0]), pair[1]))


def _waiting_chart(b: Builder) -> Figure:
    rows = b.chart_frame("waiting_days_median", (b.period,))
    rows = rows[rows["value"].notna()]
    codes = rows["department"].astype(str).tolist()
    data = pd.DataFrame(
        {
            "indsats": [
                f"{_type_label(b, t)} ({b.department(d)})"
                for d, t in zip(codes, rows["intervention_type"], strict=True)
            ],
            "afdeling": [b.department(d) for d in codes],
            "value": rows["value"].astype(float).round(1).to_numpy(),
        }
    )
    # Colours stay fixed per department code; the legend shows the departments' names.
    by_code = theme.department_scale(sorted(set(codes)))
    scale = alt.Scale(domain=[b.department(str(d)) for d in by_code.domain], range=by_code.range)
    item = REGISTRY["waiting_days_median"]
    chart = (
        alt.Chart(data, title=f"Ventetid til indsats (median), {b.period.danish}")
        .mark_bar()
        .encode(
            y=alt.Y("indsats:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
            x=alt.X("value:Q", title=builders.axis_title(item.id),
                    axis=alt.Axis(format=builders.value_format(item.unit))),
            color=alt.Color("afdeling:N", title=DIMENSIONS["department"], scale=scale),
            tooltip=[alt.Tooltip("indsats:N", title="Indsats"),
                     alt.Tooltip("value:Q", title="Dage (median)")],
        )
    )  # fmt: skip
    return b.figure(
        chart,
        f"Median ventetid i dage fra anmodning til start pr. indsatstype og afdeling i "
        f"{b.period.danish}. Indsatstyper med skjulte tal er udeladt.",
        ("waiting_days_median",),
        "Liggende søjler med den mediane ventetid for hver indsatstype.",
    )


def outcomes(b: Builder) -> Section:
    blocks: list[Block] = []
    rows = _by_scheme(b, "exit_to_work_or_education_pct", "course_duration_days_median")
    if rows:
        blocks.append(
            b.table(
                "Afsluttede forløb, der endte i job, uddannelse eller fleksjob, og forløbenes "
                f"mediane varighed (dage) i {b.period.danish}",
                (
                    "Ordning",
                    f"Job/uddannelse {b.previous.danish}",
                    f"Job/uddannelse {b.period.danish}",
                    CHANGE,
                    "Varighed (median, dage)",
                ),
                rows,
                ("exit_to_work_or_education_pct", "course_duration_days_median"),
                (False, True, True, True, True),
            )
        )
    reasons = b.values.rows("exit_reason_pct", (b.period,))
    if not reasons.empty:
        order = list(schema.SCHEME.codes)
        pairs = sorted(
            dict.fromkeys(zip(reasons["scheme"].astype(str), reasons["exit_reason"].astype(str),
                              strict=True)),
            key=lambda p: (order.index(p[0]) if p[0] in order else len(order), p[1]),
        )  # fmt: skip
        blocks.append(
            b.table(
                f"Afsluttede forløb pr. ordning og afslutningsårsag, {b.period.danish}",
                ("Ordning", "Afslutningsårsag", "Afsluttede forløb", "Andel"),
                [
                    (
                        _scheme(s),
                        schema.EXIT_REASON.label(r),
                        b.show("course_ends_count", scheme=s, exit_reason=r),
                        b.show("exit_reason_pct", scheme=s, exit_reason=r),
                    )
                    for s, r in pairs
                ],
                ("course_ends_count", "exit_reason_pct"),
                (False, False, True, True),
            )
        )
    blocks += present(
        b.trend_figure(
            "exit_to_work_or_education_pct",
            colour_by="scheme",
            title="Afgang til job eller uddannelse",
            caption="Andel af de afsluttede forløb, der endte i job, uddannelse eller fleksjob, "
            f"pr. ordning og kvartal, {b.previous.danish} til {b.period.danish}. Kvartaler med "
            "skjulte tal er udeladt.",
            alt_text="Linjediagram over andelen af forløb, der endte i job eller uddannelse.",
        ),
        b.bar_figure(
            "exit_reason_pct",
            category="scheme",
            colour_by="exit_reason",
            title=f"Afslutningsårsager, {b.period.danish}",
            caption=f"Afslutningsårsager pr. ordning i {b.period.danish}. Skjulte tal er "
            "udeladt, så søjlerne kan summere til under 100 %.",
            alt_text="Liggende søjler med fordelingen af afslutningsårsager i hver ordning.",
        ),
    )
    blocks += _summary_table(
        b,
        f"Delmål og progression, {b.previous.danish} og {b.period.danish}",
        ("subgoals_achieved_pct", "progression_change_mean"),
    )
    return Section(SECTION_TITLES["outcomes"], tuple(blocks) or (Paragraph(NO_DATA),))
