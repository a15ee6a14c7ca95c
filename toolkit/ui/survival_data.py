"""Forløb og resultater, «Tid i forløb»: Kaplan-Meier curves of the time in a scheme's courses
by start-year cohort, with the median and the share still in the course after 12, 24 and
36 months, as published by :mod:`toolkit.survival` (a step with fewer than the threshold at
risk, and every step after it, has no numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit import formats
from toolkit.indicators.publishing import PRIMARY, display
from toolkit.register import Register
from toolkit.survival import SUMMARY_MONTHS, course_survival, published_curves, published_summaries

NOT_REACHED = "ikke nået"
SUMMARY_HEADERS = (
    "Startår",
    "Forløb",
    "Median (måneder)",
    *(f"Stadig i forløb efter {m} mdr." for m in SUMMARY_MONTHS),
)


@dataclass(frozen=True)
class Survival:
    scheme: str
    cohorts: tuple[str, ...]  # every start year with courses, ascending
    curves: pd.DataFrame  # published_curves of the scheme: cohort, time, value, lower, …
    summaries: pd.DataFrame  # published_summaries of the scheme
    courses: dict[str, str]  # courses per cohort (at risk at time 0, published: «<5» hidden)


def survival_for(register: Register, as_of: date, scheme: str) -> Survival:
    """The scheme's curves and summaries per start year, published."""
    raw = course_survival(register, as_of, schemes=(scheme,))
    curves = published_curves(raw)
    summaries = published_summaries(raw)
    starts = curves[curves["time"] == 0]
    courses = {
        str(c): display(None, m) if m else formats.integer(int(n))
        for c, n, m in zip(starts["cohort"], starts["at_risk"], starts["suppressed"], strict=True)
    }
    return Survival(
        scheme=scheme,
        cohorts=tuple(sorted(str(c) for c in raw["cohort"].unique())),
        curves=curves.reset_index(drop=True),
        summaries=summaries.reset_index(drop=True),
        courses=courses,
    )


def chosen_curves(data: Survival, cohorts: Sequence[str]) -> pd.DataFrame:
    """The curves of the chosen cohorts (all when none is chosen)."""
    chosen = set(cohorts) or set(data.cohorts)
    return data.curves[data.curves["cohort"].astype(str).isin(chosen)].reset_index(drop=True)


def _share(value: object) -> str:
    return formats.percent(float(value) * 100)  # type: ignore[arg-type]


def _months(value: object) -> str:
    return formats.fixed(float(value), 1)  # type: ignore[arg-type]


def _missing_end(row: pd.Series, end: str, otherwise: str) -> str:
    """An interval end that is hidden (it lies where fewer than 5 are at risk) says «<5»."""
    return display(None, PRIMARY) if bool(row.get(f"{end}_hidden", False)) else otherwise


def summary_cell(row: pd.Series, *, share: bool) -> str:
    """«14,2 (12,0–17,5)», «38,0 % (31,1 %–45,2 %)», «<5» when hidden, «ikke nået»."""
    if row["suppressed"]:
        return display(None, str(row["suppressed"]))
    if pd.isna(row["value"]):
        return NOT_REACHED if not share else "–"
    show = _share if share else _months
    lower = show(row["lower"]) if pd.notna(row["lower"]) else _missing_end(row, "lower", "?")
    upper = (
        show(row["upper"]) if pd.notna(row["upper"]) else _missing_end(row, "upper", NOT_REACHED)
    )
    return f"{show(row['value'])} ({lower}–{upper})"


def summary_rows(data: Survival, cohorts: Sequence[str]) -> list[tuple[str, ...]]:
    """A row per chosen cohort: start year, courses, median and the shares still in the
    course, each with its 95 % interval."""
    chosen = [c for c in data.cohorts if not cohorts or c in cohorts]
    rows = []
    for cohort in chosen:
        part = data.summaries[data.summaries["cohort"].astype(str) == cohort]
        median = part[part["measure"] == "median"]
        cells = [summary_cell(median.iloc[0], share=False) if len(median) else "–"]
        for months in SUMMARY_MONTHS:
            found = part[(part["measure"] == "still_in_course") & (part["months"] == months)]
            cells.append(summary_cell(found.iloc[0], share=True) if len(found) else "–")
        rows.append((cohort, data.courses.get(cohort, "0"), *cells))
    return rows


def survival_export(data: Survival, cohorts: Sequence[str]) -> pd.DataFrame:
    """The curves' shown steps (in %) for «Hent som Excel»."""
    rows = chosen_curves(data, cohorts)
    hidden = rows["suppressed"] != ""

    def pct(column: str) -> list[object]:
        return [None if h or pd.isna(v) else round(float(v) * 100, 1)
                for v, h in zip(rows[column], hidden, strict=True)]  # fmt: skip

    return pd.DataFrame(
        {
            "Startår": rows["cohort"].astype(str),
            "Måneder siden start": rows["time"].round(1),
            "Stadig i forløb (%)": pct("value"),
            "Nedre grænse, 95 % (%)": pct("lower"),
            "Øvre grænse, 95 % (%)": pct("upper"),
            "Stadig i forløb (antal)": [None if h else int(n) for n, h in
                                        zip(rows["at_risk"], hidden, strict=True)],
            "Skjult": [display(None, m) if m else "" for m in rows["suppressed"]],
        }
    )  # fmt: skip
