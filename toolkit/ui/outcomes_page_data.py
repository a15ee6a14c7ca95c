"""Forløb og resultater: the page's numbers for a selection and grouping, and the tables
behind its charts with Danish headers ("Hent som Excel"). Every table leaves here
suppressed (``toolkit.compare`` and ``toolkit.indicators.publish``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit import compare, schema
from toolkit.compare import GROUPINGS, Grouping
from toolkit.indicators import compute
from toolkit.indicators.pooling import by_department, pool, pooled_departments
from toolkit.indicators.publishing import display, keep_dimensions, publish
from toolkit.register import Economy, Register
from toolkit.ui.coarsen import Shown, Step, first_shown, steps
from toolkit.ui.selection import Selection, restrict

TREND_IDS = ("course_ends_count", "exit_reason_pct")


# -- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcomes:
    first: date
    last: date
    grouping: Grouping
    trend: pd.DataFrame  # course_ends_count and exit_reason_pct by exit reason, suppressed
    trend_shown: Shown  # the trend's step (coarser when all hidden) and its sentence
    reasons: pd.DataFrame  # compare.exits_by_reason
    work: pd.DataFrame  # compare.work_or_education_by_group
    duration: pd.DataFrame  # compare.duration_by_group
    progression: pd.DataFrame  # compare.progression_by_group
    subgoals: pd.DataFrame  # compare.subgoals_by_group


def restrict_all(register: Register, sel: Selection) -> Register:
    return by_department(restrict(register, sel), sel.departments)


def outcomes_data(
    register: Register, economy: Economy, as_of: date, sel: Selection, grouping: Grouping
) -> Outcomes:
    """Everything the page shows for the selection and grouping, suppressed."""
    data = restrict_all(register, sel)
    first, last = sel.periods[0].start, min(sel.periods[-1].end, as_of)
    schemes_pooled = pooled_departments(data, ())

    def trend_at(step: Step) -> pd.DataFrame:
        trend = compute(
            pool(schemes_pooled, step.pooled), economy, ids=list(TREND_IDS), level=step.level,
            first=first, last=last, as_of=as_of,
        )  # fmt: skip
        return keep_dimensions(publish(trend), "exit_reason")

    trend = first_shown(steps(sel.level, ("exit_reason",)), trend_at, first, last)
    return Outcomes(
        first=first,
        last=last,
        grouping=grouping,
        trend=trend.frame,
        trend_shown=trend,
        reasons=compare.exits_by_reason(data, grouping, first, last),
        work=compare.work_or_education_by_group(data, grouping, first, last),
        duration=compare.duration_by_group(data, grouping, first, last),
        progression=compare.progression_by_group(data, grouping, first, last),
        subgoals=compare.subgoals_by_group(data, grouping, first, last, as_of),
    )


# -- tables for "Hent som Excel" -------------------------------------------------------------


def _hidden(frame: pd.DataFrame) -> list[str]:
    return [display(None, mark) if mark else "" for mark in frame["suppressed"]]


def _cells(series: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v for v in series]


def work_export(data: Outcomes) -> pd.DataFrame:
    frame = data.work
    return pd.DataFrame(
        {
            GROUPINGS[data.grouping]: frame["group"].astype("str"),
            "Afsluttede forløb": _cells(frame["total"]),
            "Til job eller uddannelse": _cells(frame["successes"]),
            "Andel (%)": _cells(frame["value"]),
            "Nedre grænse, 95 % (%)": _cells(frame["lower"]),
            "Øvre grænse, 95 % (%)": _cells(frame["upper"]),
            "Antal personer": _cells(frame["n"]),
            "Skjult": _hidden(frame),
        }
    )


def reasons_export(data: Outcomes) -> pd.DataFrame:
    frame = data.reasons
    return pd.DataFrame(
        {
            GROUPINGS[data.grouping]: frame["group"].astype("str"),
            "Afslutningsårsag": frame["exit_reason"].map(schema.EXIT_REASON.label),
            "Afsluttede forløb": _cells(frame["value"]),
            "Antal personer": _cells(frame["n"]),
            "Skjult": _hidden(frame),
        }
    )


def results_export(data: Outcomes) -> pd.DataFrame:
    parts = []
    for title, unit, frame in (
        ("Forløbenes varighed (median)", "dage", data.duration),
        ("Ændring i progression", "point", data.progression),
        ("Opnåede delmål", "%", data.subgoals),
    ):
        lower = frame["lower"] if "lower" in frame else pd.Series(pd.NA, index=frame.index)
        upper = frame["upper"] if "upper" in frame else pd.Series(pd.NA, index=frame.index)
        parts.append(
            pd.DataFrame(
                {
                    "Mål": title,
                    GROUPINGS[data.grouping]: frame["group"].astype("str"),
                    "Værdi": _cells(frame["value"]),
                    "Enhed": unit,
                    "Nedre grænse, 95 %": _cells(lower),
                    "Øvre grænse, 95 %": _cells(upper),
                    "Antal personer": _cells(frame["n"]),
                    "Skjult": _hidden(frame),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
