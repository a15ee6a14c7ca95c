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
from toolkit.briefing import thin_rows
from toolkit.briefing.builder import (
    CHANGE,
    NO_DATA,
    SECTION_TITLES,
    Builder,
    bars_note,
    present,
    with_unit_label,
)
from toolkit.briefing.follow_up_section import follow_up
from toolkit.briefing.model import Block, Figure, Paragraph, Section
from toolkit.charts import builders, print_charts, theme
from toolkit.indicators import REGISTRY
from toolkit.indicators.pooling import is_folded
from toolkit.register import Dataset


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
            f"{b.period.danish}.",
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


_WAITING_IDS = (
    "waiting_days_median",
    "waiting_days_p90",
    "interventions_started_count",
    "waiting_now_count",
)
_EXIT_IDS = ("course_ends_count", "exit_reason_pct")
# The share of «Alle årsager»: the whole scheme by definition, so it tells nothing about
# anyone; printed as it is rather than hidden as a share of 100 % of a small group would be.
WHOLE_SHARE = "100 %"
# The waiting chart's plot and label widths: with the days at the bars' ends, the chart
# stays within the 605 px (16 cm) the Word page prints at 100 %.
WAITING_BAR_WIDTH = 250
WAITING_LABEL_LIMIT = 260
DAYS_LABEL_FORMAT = ",.1~f"  # as the table shows the median: «147,5», «64»


def waiting(b: Builder, dataset: Dataset) -> Section:
    """Waiting by department and intervention type, then refusals by department and reason;
    each table from its own publication with thin rows folded (:mod:`thin_rows`)."""
    waits = thin_rows.breakdown(
        b,
        dataset,
        "intervention_type",
        _WAITING_IDS,
        [(i, b.period) for i in _WAITING_IDS],
    )
    blocks = thin_rows.on_values(b, waits.values, lambda fb: _waiting_blocks(fb, waits))
    refusals = thin_rows.breakdown(
        b,
        dataset,
        "refusal_reason",
        ("interventions_refused_pct",),
        [("interventions_refused_pct", b.period)],
    )
    blocks += thin_rows.on_values(b, refusals.values, lambda fb: _refusal_blocks(fb, refusals))
    return Section(SECTION_TITLES["waiting"], tuple(blocks) or (Paragraph(NO_DATA),))


def _waiting_blocks(b: Builder, waits: thin_rows.Breakdown) -> list[Block]:
    blocks: list[Block] = []
    if waits.rows:
        rows: list[tuple[str, ...]] = [
            (
                b.department(d),
                waits.label(d, t, lambda c: _type_label(b, c)),
                b.show("waiting_days_median", b.previous, department=d, intervention_type=t),
                b.show("waiting_days_median", department=d, intervention_type=t),
                b.show("waiting_days_p90", department=d, intervention_type=t),
                b.show("interventions_started_count", department=d, intervention_type=t),
                b.show("waiting_now_count", department=d, intervention_type=t),
            )
            for d, t in waits.rows
        ]
        blocks.append(
            b.table(
                f"Ventetid fra anmodning til start (dage) pr. afdeling og indsatstype; "
                f"90 %-fraktil, igangsatte og ventende indsatser i {b.period.danish}."
                + waits.note(),
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
                _WAITING_IDS,
                (False, False, True, True, True, True, True),
            )
        )
    if b.has_values("waiting_days_median", (b.period,)):
        blocks.append(_waiting_chart(b, waits))
    return blocks


def _refusal_blocks(b: Builder, refusals: thin_rows.Breakdown) -> list[Block]:
    if not refusals.rows:
        return []
    rows = [
        (
            b.department(d),
            refusals.label(d, r, schema.REFUSAL_REASON.label),
            b.show("interventions_refused_pct", b.previous, department=d, refusal_reason=r),
            b.show("interventions_refused_pct", department=d, refusal_reason=r),
        )
        for d, r in refusals.rows
    ]
    blocks: list[Block] = [
        b.table(
            "Andel af de anmodede indsatser, der blev afvist eller afslået, pr. afdeling og "
            f"årsag, {b.previous.danish} og {b.period.danish}." + refusals.note(),
            ("Afdeling", "Årsag", b.previous.danish, b.period.danish),
            rows,
            ("interventions_refused_pct",),
            (False, False, True, True),
        )
    ]
    visible = sum(
        b.cell("interventions_refused_pct", **refusals.dims(d, r)).known for d, r in refusals.rows
    )
    if not visible:
        blocks.append(
            Paragraph(
                f"Alle tal for afslag i {b.period.danish} bygger på så få borgere, at de er "
                "skjult; derfor er der ingen figur."
            )
        )
    if visible >= 2:  # one bar says no more than the table's one number
        blocks += present(
            b.bar_figure(
                "interventions_refused_pct",
                category="department",
                colour_by="refusal_reason",
                title=f"Afviste og afslåede indsatser, {b.period.danish}",
                caption=f"Andel afviste og afslåede indsatser pr. afdeling og årsag i "
                f"{b.period.danish}."
                + bars_note(
                    b,
                    "interventions_refused_pct",
                    "department",
                    left_out="Afdelinger, hvor alle andele er skjult, er ikke med.",
                    partly="Skjulte andele er udeladt.",
                ),
                alt_text="Liggende søjler med hver afdelings andel afviste indsatser, delt på "
                "årsager.",
                names={"refusal_reason": _fold_names(refusals)},
            )
        )
    return blocks


def _waiting_chart(b: Builder, waits: thin_rows.Breakdown) -> Figure:
    """The median waiting per intervention type, a panel per department (the committee's
    first), the days at each bar's end; no wider than the printed page (``CHART_WIDTH``)."""
    rows = b.chart_frame("waiting_days_median", (b.period,))
    rows = rows[rows["value"].notna()]
    codes = rows["department"].astype(str).tolist()
    data = pd.DataFrame(
        {
            "indsats": [
                waits.label(d, t, lambda c: _type_label(b, c))
                for d, t in zip(codes, rows["intervention_type"].astype(str), strict=True)
            ],
            "afdeling": [b.department(d) for d in codes],
            "value": rows["value"].astype(float).round(1).to_numpy(),
        }
    )
    # Colours stay fixed per department code; the panel's heading names the department.
    by_code = theme.department_scale(sorted(set(codes)))
    scale = alt.Scale(domain=[b.department(str(d)) for d in by_code.domain], range=by_code.range)
    item = REGISTRY["waiting_days_median"]
    x = alt.X("value:Q", title=builders.axis_title(item.id),
              axis=alt.Axis(format=builders.value_format(item.unit)))  # fmt: skip
    y = alt.Y("indsats:N", title=None, sort="-x", axis=alt.Axis(labelLimit=WAITING_LABEL_LIMIT))
    base = alt.Chart(data, width=WAITING_BAR_WIDTH, height=alt.Step(print_charts.BAR_STEP))
    bars = base.mark_bar().encode(
        x=x, y=y, color=alt.Color("afdeling:N", scale=scale, legend=None),
        tooltip=[alt.Tooltip("indsats:N", title="Indsats"),
                 alt.Tooltip("value:Q", title="Dage (median)")],
    )  # fmt: skip
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=theme.TEXT).encode(
        x=x, y=y, text=alt.Text("value:Q", format=DAYS_LABEL_FORMAT)
    )
    header = alt.Header(title=None, labelAngle=0, labelAlign="left", labelAnchor="start",
                        labelOrient="top", labelFontWeight="bold", labelFontSize=12,
                        labelPadding=0)  # fmt: skip
    order = [b.department(d) for d in b.departments(codes)]
    chart = (
        alt.layer(bars, labels)
        .facet(row=alt.Row("afdeling:N", header=header, sort=order),
               title=f"Ventetid til indsats (median), {b.period.danish}", spacing=14)
        .resolve_scale(y="independent")
    )  # fmt: skip
    hidden = b.chart_frame("waiting_days_median", (b.period,))["value"].isna().any()
    return b.figure(
        chart,
        f"Median ventetid i dage fra anmodning til start pr. indsatstype og afdeling i "
        f"{b.period.danish}." + (" Indsatstyper med skjult median er ikke med." if hidden else ""),
        ("waiting_days_median",),
        "Liggende søjler med den mediane ventetid for hver indsatstype, afdeling for afdeling.",
    )


def outcomes(b: Builder, dataset: Dataset) -> Section:
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
    exits = thin_rows.breakdown(
        b,
        dataset,
        "exit_reason",
        _EXIT_IDS,
        [(i, b.period) for i in _EXIT_IDS],
        by="scheme",
        periods=(b.period,),
    )
    if exits.rows:
        blocks += thin_rows.on_values(b, exits.values, lambda fb: [_exit_table(fb, exits)])
    blocks += present(
        b.trend_figure(
            "exit_to_work_or_education_pct",
            colour_by="scheme",
            title="Afgang til job eller uddannelse",
            caption="Andel af de afsluttede forløb, der endte i job, uddannelse eller fleksjob, "
            f"pr. ordning og kvartal, {b.previous.danish} til {b.period.danish}.",
            alt_text="Linjediagram over andelen af forløb, der endte i job eller uddannelse.",
        ),
        thin_rows.on_values(b, exits.values, lambda fb: _exit_figure(fb, exits)),
    )
    blocks += follow_up(b, dataset)
    blocks += _summary_table(
        b,
        f"Delmål og progression, {b.previous.danish} og {b.period.danish}",
        ("subgoals_achieved_pct", "progression_change_mean"),
    )
    return Section(SECTION_TITLES["outcomes"], tuple(blocks) or (Paragraph(NO_DATA),))


def _exit_table(b: Builder, exits: thin_rows.Breakdown) -> Block:
    return b.table(
        f"Afsluttede forløb pr. ordning og afslutningsårsag, {b.period.danish}." + exits.note(),
        ("Ordning", "Afslutningsårsag", "Afsluttede forløb", "Andel"),
        [
            (
                _scheme(s),
                exits.label(s, r, schema.EXIT_REASON.label),
                b.show("course_ends_count", scheme=s, exit_reason=r),
                WHOLE_SHARE
                if exits.is_whole(s, r)
                else b.show("exit_reason_pct", scheme=s, exit_reason=r),
            )
            for s, r in exits.rows
        ],
        _EXIT_IDS,
        (False, False, True, True),
    )


def _exit_figure(b: Builder, exits: thin_rows.Breakdown) -> Figure | None:
    return b.bar_figure(
        "exit_reason_pct",
        category="scheme",
        colour_by="exit_reason",
        title=f"Afslutningsårsager, {b.period.danish}",
        caption=f"Afslutningsårsager pr. ordning i {b.period.danish}."
        + bars_note(
            b,
            "exit_reason_pct",
            "scheme",
            # «Alle årsager» (100 % by definition) is not drawn: a bar that says nothing
            left_out="Ordninger, hvor ingen årsag kan vises for sig, er ikke med.",
            partly="Skjulte andele er udeladt, så en ordnings søjler kan summere til under 100 %.",
        ),
        alt_text="Liggende søjler med fordelingen af afslutningsårsager i hver ordning.",
        names={"exit_reason": _fold_names(exits)},
    )


def _fold_names(table: thin_rows.Breakdown) -> dict[str, str]:
    """A figure's names for the folds' codes (the other codes keep the chart's own names)."""
    return {code: table.label(group, code, str) for group, code in table.rows if is_folded(code)}
