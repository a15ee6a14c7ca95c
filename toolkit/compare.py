"""What works for whom: outcomes of courses compared between groups, with their uncertainty.

Pure pandas on a register: no widgets, no charts. The groups are a course's cohort (the
year it started), the citizen's support at entry, or the age band at the start of the
course (under 40 / 40 and over, the bands of Jobindsats and the 2013 reform). The window is
the days ``first``..``last`` (inclusive, not after ``as_of``): a course counts when it ended
in the window, a sub-goal when it was set in the window, a progression score when it was
measured in the window.

Every table leaves here suppressed, with the catalogue's rule for shares
(``toolkit.indicators.spans.share``): a share says something about those with and those
without the outcome, so it is hidden when either side, or the group, counts 1 to
threshold-1 persons. A median or a mean is hidden when fewer persons are behind it. Values
carry one decimal at most; a hidden value is NA (never 0) and its mark is "primær".
Counts of exits by reason are published through ``toolkit.indicators.publish`` (primary and
secondary suppression).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from toolkit import schema
from toolkit.indicators.outcomes import AGE_THRESHOLD, NOT_INFLUENCEABLE, WORK_OR_EDUCATION
from toolkit.indicators.publishing import (
    NOT_SUPPRESSED,
    PRIMARY,
    SECONDARY,
    publish,
    reveals_whole_group,
    share_disclosure_n,
    suppression_threshold,
)
from toolkit.register import Register

__all__ = [
    "AGE_BANDS",
    "GROUPINGS",
    "Grouping",
    "course_groups",
    "duration_by_group",
    "exits_by_reason",
    "hidden_share",
    "person_groups",
    "progression_by_group",
    "subgoals_by_group",
    "wilson",
    "work_or_education_by_group",
]

Grouping = Literal["cohort", "support", "age"]
GROUPINGS: dict[Grouping, str] = {
    "cohort": "Startår",
    "support": "Forsørgelse ved start",
    "age": "Aldersgruppe",
}
AGE_BANDS = ("Under 40 år", "40 år og derover")
Z_95 = 1.959963984540054
REASONS_ID = "course_ends_count"


def wilson(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of ``successes`` out of ``total`` as shares (0-1).

    Unlike the plain ±1,96·SE, it stays inside 0-1 and behaves for small groups and for
    shares near 0 or 1. ``total`` 0 gives (NaN, NaN).
    """
    if successes < 0 or total < 0 or successes > total:
        raise ValueError(f"invalid counts: {successes} of {total}")
    if total == 0:
        return math.nan, math.nan
    p = successes / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z / (1 + z2 / total) * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def hidden_share(with_flag: int, without: int, threshold: int | None = None) -> bool:
    """The share rule of the catalogue: hidden when the group, or either side of it when
    both sides are there, counts fewer than ``threshold`` persons (0 is no person)."""
    limit = suppression_threshold(threshold)
    return bool(share_disclosure_n(with_flag, without) < limit)


def _share_mark(with_flag: int, without: int, threshold: int | None) -> str | None:
    """Why a group's share is hidden (``PRIMARY``: too few persons on a side; ``SECONDARY``:
    0 % or 100 % of a small group, which says the same about everyone), or None if shown."""
    if hidden_share(with_flag, without, threshold):
        return PRIMARY
    whole = with_flag + without
    share = 100.0 * with_flag / whole if whole else float("nan")
    return SECONDARY if reveals_whole_group(share, whole, threshold) else None


# -- groups ---------------------------------------------------------------------------------


def _age_band(start_year: pd.Series, birth_year: pd.Series) -> pd.Series:
    age = start_year.astype("float64") - birth_year.astype("float64")
    band = np.where(age < AGE_THRESHOLD, AGE_BANDS[0], AGE_BANDS[1])
    return pd.Series(band, index=age.index, dtype="object").where(age.notna())


def course_groups(register: Register, grouping: Grouping) -> pd.Series:
    """The group (a Danish label) of each course, aligned with ``register.courses``; NA
    where unknown (no start date, no support at entry or birth year)."""
    courses = register.courses
    citizens = register.citizens.drop_duplicates("person_id").set_index("person_id")
    if grouping == "cohort":
        years = courses["start"].dt.year
        return years.map(lambda y: str(int(y)), na_action="ignore").astype("object")
    if grouping == "support":
        codes = courses["person_id"].map(citizens["support_at_entry"])
        labels = dict(schema.SUPPORT_AT_ENTRY.labels)
        return codes.map(labels).astype("object")
    birth = courses["person_id"].map(citizens["birth_year"])
    return _age_band(courses["start"].dt.year, birth)


def person_groups(register: Register, grouping: Grouping, day: date) -> pd.Series:
    """Each person's group through their latest course started on or before ``day``
    (indexed by person_id); persons without such a course are left out."""
    courses = register.courses.assign(group=course_groups(register, grouping))
    courses = courses[courses["start"] <= pd.Timestamp(day)]
    latest = courses.sort_values(["start", "course_id"]).drop_duplicates("person_id", keep="last")
    return latest.set_index("person_id")["group"].dropna()


def group_order(grouping: Grouping, groups: pd.Series) -> list[str]:
    """The groups in reading order: years ascending, the code list's order, the age bands."""
    present = set(groups.dropna())
    if grouping == "cohort":
        return sorted(present)
    if grouping == "support":
        return [label for _, label in schema.SUPPORT_AT_ENTRY.labels.items() if label in present]
    return [band for band in AGE_BANDS if band in present]


def _ended(register: Register, grouping: Grouping, first: date, last: date) -> pd.DataFrame:
    courses = register.courses.assign(group=course_groups(register, grouping))
    inside = (courses["end"] >= pd.Timestamp(first)) & (courses["end"] <= pd.Timestamp(last))
    return courses[inside & courses["group"].notna()]


def _finish(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("value", "lower", "upper"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
            frame[column] = frame[column].round(1)
    for column in ("n", "total", "successes"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    frame["suppressed"] = frame["suppressed"].astype("str")
    return frame


# -- shares with intervals -----------------------------------------------------------------


SHARE_COLUMNS = ["group", "total", "successes", "value", "lower", "upper", "n", "suppressed"]


def _shares(
    frame: pd.DataFrame, flag: str, order: list[str], threshold: int | None
) -> pd.DataFrame:
    """Per group: rows (``total``), rows with ``flag`` (``successes``), the share in % with
    its 95 % Wilson interval, the persons behind it (``n``), suppressed by the share rule."""
    rows: list[dict[str, object]] = []
    for group in order:
        part = frame[frame["group"] == group]
        hits = part[flag].astype("bool")
        total, successes = len(part), int(hits.sum())
        with_flag = part.loc[hits, "person_id"].nunique()
        without = part.loc[~hits, "person_id"].nunique()
        if total == 0:
            continue
        mark = _share_mark(with_flag, without, threshold)
        if mark is not None:
            rows.append({"group": group, "suppressed": mark})
            continue
        lower, upper = wilson(successes, total)
        n = min(with_flag, without) if with_flag and without else with_flag + without
        rows.append(
            {
                "group": group,
                "total": total,
                "successes": successes,
                "value": successes / total * 100,
                "lower": lower * 100,
                "upper": upper * 100,
                "n": n,
                "suppressed": NOT_SUPPRESSED,
            }
        )
    return _finish(rows, SHARE_COLUMNS)


def work_or_education_by_group(
    register: Register,
    grouping: Grouping,
    first: date,
    last: date,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Share of the courses ending in the window that ended in work, education or a flex
    job, per group, with a 95 % Wilson interval (moved away or died: left out, as in
    ``exit_to_work_or_education_pct``)."""
    ended = _ended(register, grouping, first, last).dropna(subset=["exit_reason"])
    ended = ended[~ended["exit_reason"].isin(NOT_INFLUENCEABLE)]
    ended = ended.assign(success=ended["exit_reason"].isin(WORK_OR_EDUCATION))
    return _shares(ended, "success", group_order(grouping, ended["group"]), threshold)


def subgoals_by_group(
    register: Register,
    grouping: Grouping,
    first: date,
    last: date,
    as_of: date,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Share of the sub-goals set in the window that were achieved by ``as_of``, per group
    of their course, with a 95 % Wilson interval."""
    goals = register.goals
    set_in = (goals["created"] >= pd.Timestamp(first)) & (goals["created"] <= pd.Timestamp(last))
    subgoals = goals[(goals["goal_kind"] == "delmaal") & set_in]
    courses = register.courses.assign(group=course_groups(register, grouping))
    courses = courses.drop_duplicates("course_id").set_index("course_id")
    subgoals = subgoals.join(courses[["person_id", "group"]], on="course_id")
    subgoals = subgoals.dropna(subset=["group", "person_id"])
    achieved = subgoals["achieved"].notna() & (subgoals["achieved"] <= pd.Timestamp(as_of))
    subgoals = subgoals.assign(achieved_now=achieved)
    return _shares(subgoals, "achieved_now", group_order(grouping, subgoals["group"]), threshold)


# -- medians and means ---------------------------------------------------------------------


VALUE_COLUMNS = ["group", "value", "n", "suppressed"]


def _per_group(
    frame: pd.DataFrame, column: str, how: str, order: list[str], threshold: int | None
) -> pd.DataFrame:
    limit = suppression_threshold(threshold)
    rows: list[dict[str, object]] = []
    for group in order:
        part = frame[frame["group"] == group]
        n = part["person_id"].nunique()
        if n == 0:
            continue
        if n < limit:
            rows.append({"group": group, "suppressed": PRIMARY})
            continue
        value = part[column].median() if how == "median" else part[column].mean()
        rows.append({"group": group, "value": value, "n": n, "suppressed": ""})
    return _finish(rows, VALUE_COLUMNS)


def duration_by_group(
    register: Register,
    grouping: Grouping,
    first: date,
    last: date,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Median duration in days (both days counted) of the courses ending in the window."""
    ended = _ended(register, grouping, first, last)
    ended = ended.assign(days=(ended["end"] - ended["start"]).dt.days + 1)
    return _per_group(ended, "days", "median", group_order(grouping, ended["group"]), threshold)


def progression_by_group(
    register: Register,
    grouping: Grouping,
    first: date,
    last: date,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Mean change in progression score (last minus first in the window) of the persons
    with at least two scores there, grouped by their latest course started by ``last``."""
    scores = register.progression.dropna(subset=["score", "date"])
    inside = (scores["date"] >= pd.Timestamp(first)) & (scores["date"] <= pd.Timestamp(last))
    scores = scores[inside].sort_values("date", kind="stable")
    per_person = scores.groupby("person_id")["score"].agg(["first", "last", "size"])
    per_person = per_person[per_person["size"] >= 2]
    change = (per_person["last"] - per_person["first"]).astype("float64")
    groups = person_groups(register, grouping, last)
    frame = pd.DataFrame({"person_id": change.index, "change": change.to_numpy()})
    frame["group"] = frame["person_id"].map(groups)
    frame = frame.dropna(subset=["group"])
    return _per_group(frame, "change", "mean", group_order(grouping, frame["group"]), threshold)


# -- exits by reason ------------------------------------------------------------------------


def exits_by_reason(
    register: Register,
    grouping: Grouping,
    first: date,
    last: date,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Courses ending in the window per group and exit reason (codes), with the persons
    behind each count, suppressed (primary and secondary) as an indicator table
    (``indicator`` = course_ends_count, ``period`` = "valgt periode")."""
    ended = _ended(register, grouping, first, last).dropna(subset=["exit_reason"])
    grouped = ended.groupby(["group", "exit_reason"], observed=True)
    counts = grouped.agg(value=("person_id", "size"), n=("person_id", "nunique")).reset_index()
    order = {g: i for i, g in enumerate(group_order(grouping, ended["group"]))}
    counts = counts.assign(order=counts["group"].map(order)).sort_values(["order", "exit_reason"])
    frame = pd.DataFrame(
        {
            "indicator": REASONS_ID,
            "period": "valgt periode",
            "group": counts["group"].astype("str").to_numpy(),
            "exit_reason": counts["exit_reason"].astype("str").to_numpy(),
            "value": counts["value"].astype("float64").to_numpy(),
            "n": counts["n"].astype("Int64").to_numpy(),
        }
    )
    return publish(frame, dimensions={REASONS_ID: ("group", "exit_reason")}, threshold=threshold)
