"""Time in a course as survival: Kaplan-Meier curves of the time to exit from ressourceforløb
and jobafklaringsforløb, by start-year cohort, with 95 % intervals (docs/outcomes.md).

A running course has not ended yet, so its time is only known to be at least the time until
the as-of date: it is censored there rather than left out (leaving it out would make the
courses look shorter than they are). The interval of the survival is Greenwood's variance on
the log(-log) scale, which keeps it inside 0-1.

Pure pandas. Published curves and summaries pass ``toolkit.indicators.publish``: a step
whose number at risk is below the threshold is hidden, and with it every later step (the
number at risk never grows).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from toolkit.indicators.publishing import NOT_SUPPRESSED, publish, suppression_threshold
from toolkit.register import Register

__all__ = [
    "CURVE_COLUMNS",
    "DAYS_PER_MONTH",
    "SUMMARY_MONTHS",
    "course_durations",
    "course_survival",
    "followed_from",
    "kaplan_meier",
    "published_curves",
    "published_summaries",
    "survival_summary",
]

DAYS_PER_MONTH = 365.25 / 12
Z_95 = 1.959963984540054
SUMMARY_MONTHS = (12, 24, 36)
ALL_COHORTS = "Alle"
CURVE_ID = "course_survival"
SUMMARY_ID = "course_survival_summary"
CURVE_COLUMNS = ["time", "at_risk", "events", "censored", "survival", "lower", "upper"]
SUMMARY_COLUMNS = ["measure", "months", "value", "lower", "upper", "at_risk"]
Cohorts = Literal["start_year"] | None


def kaplan_meier(
    durations_days: Sequence[float] | pd.Series, ended: Sequence[bool] | pd.Series
) -> pd.DataFrame:
    """The Kaplan-Meier estimate of the share still in the course.

    One row per distinct duration (plus time 0): ``time`` in months (days / 30,4375),
    ``at_risk`` (durations at or after it), ``events`` (exits then), ``censored`` (still
    running then), ``survival`` (0-1) and its 95 % interval ``lower``/``upper``. At the
    same time, exits come before censoring (the censored are still at risk). The interval
    is 1 before the first exit and missing once the survival has reached 0.
    """
    days = np.asarray(durations_days, dtype="float64")
    events = np.asarray(ended, dtype=bool)
    if days.shape != events.shape:
        raise ValueError("durations and ended must have the same length")
    if np.isnan(days).any() or (days < 0).any():
        raise ValueError("durations must be known and not negative")
    if not len(days):
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in CURVE_COLUMNS}).astype(
            {"at_risk": "int64", "events": "int64", "censored": "int64"}
        )
    times, inverse = np.unique(days, return_inverse=True)
    exits = np.bincount(inverse, weights=events, minlength=len(times)).astype("int64")
    total = np.bincount(inverse, minlength=len(times)).astype("int64")
    at_risk = len(days) - (np.cumsum(total) - total)
    if times[0] > 0:
        times = np.concatenate([[0.0], times])
        exits, total = np.concatenate([[0], exits]), np.concatenate([[0], total])
        at_risk = np.concatenate([[len(days)], at_risk])
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.cumprod(1.0 - exits / at_risk)
        greenwood = np.cumsum(exits / (at_risk * (at_risk - exits)))
        log_s = np.log(survival)
        spread = Z_95 * np.sqrt(greenwood) / np.abs(log_s)
        lower = survival ** np.exp(spread)
        upper = survival ** np.exp(-spread)
    before_first_exit = np.cumsum(exits) == 0
    lower = np.where(before_first_exit, 1.0, np.where(survival > 0, lower, np.nan))
    upper = np.where(before_first_exit, 1.0, np.where(survival > 0, upper, np.nan))
    return pd.DataFrame(
        {
            "time": times / DAYS_PER_MONTH,
            "at_risk": at_risk,
            "events": exits,
            "censored": total - exits,
            "survival": survival,
            "lower": lower,
            "upper": upper,
        }
    )


def _first_time_at_or_below(curve: pd.DataFrame, column: str, level: float) -> float:
    hit = curve[curve[column] <= level + 1e-12]
    return float(hit["time"].iloc[0]) if len(hit) else math.nan


def _at(curve: pd.DataFrame, months: float) -> pd.Series | None:
    """The curve's step in force at ``months``, or None when the data end before it with
    courses still running (nothing is known there)."""
    steps = curve[curve["time"] <= months + 1e-12]
    last = steps.iloc[-1]
    if float(curve["time"].iloc[-1]) < months and float(last["survival"]) > 0:
        return None
    return last


def survival_summary(curve: pd.DataFrame, months: Sequence[int] = SUMMARY_MONTHS) -> pd.DataFrame:
    """The median time in months with its 95 % interval, and the share (0-1) still in the
    course after each of ``months`` with its interval.

    Rows: ``measure`` ("median" or "still_in_course"), ``months`` (the horizon of a share),
    ``value``, ``lower``, ``upper`` and ``at_risk`` (the courses still at risk at that point,
    which is what publishing looks at). The median is the first time the survival is at or
    below 0,5; its interval runs from the first time the lower curve is at or below 0,5 to
    the first time the upper curve is (Brookmeyer-Crowley). Not reached: missing.
    """
    rows: list[dict[str, object]] = []
    median = _first_time_at_or_below(curve, "survival", 0.5)
    # The median is read off its step, so it is shown exactly when that step is; one not
    # reached is read off the whole curve.
    reached = curve[curve["time"] <= median] if not math.isnan(median) else curve.iloc[:1]
    rows.append(
        {
            "measure": "median",
            "months": math.nan,
            "value": median,
            "lower": _first_time_at_or_below(curve, "lower", 0.5),
            "upper": _first_time_at_or_below(curve, "upper", 0.5),
            "at_risk": int(reached["at_risk"].iloc[-1]),
        }
    )
    for horizon in months:
        step = _at(curve, horizon)
        in_force = curve[curve["time"] <= horizon + 1e-12].iloc[-1]
        rows.append(
            {
                "measure": "still_in_course",
                "months": float(horizon),
                "value": math.nan if step is None else float(step["survival"]),
                "lower": math.nan if step is None else float(step["lower"]),
                "upper": math.nan if step is None else float(step["upper"]),
                "at_risk": int(in_force["at_risk"]),
            }
        )
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    for column in ("months", "value", "lower", "upper"):
        out[column] = out[column].astype("float64")
    out["at_risk"] = out["at_risk"].astype("Int64")
    return out


def course_durations(
    register: Register,
    as_of: date,
    schemes: Sequence[str] = ("ressourceforloeb", "jobafklaring"),
) -> pd.DataFrame:
    """The courses of ``schemes`` started on or before ``as_of``: ``course_id, person_id,
    scheme, start_year, days`` (end minus start; a running course, or one ending after
    ``as_of``, counts to ``as_of``) and ``ended``."""
    courses = register.courses
    day = pd.Timestamp(as_of)
    started = courses[courses["scheme"].isin(schemes) & (courses["start"] <= day)]
    ended = started["end"].notna() & (started["end"] <= day)
    stop = started["end"].where(ended, day)
    return pd.DataFrame(
        {
            "course_id": started["course_id"].to_numpy(),
            "person_id": started["person_id"].to_numpy(),
            "scheme": started["scheme"].to_numpy(),
            "start_year": started["start"].dt.year.astype("int64").astype("str").to_numpy(),
            "days": (stop - started["start"]).dt.days.clip(lower=0).to_numpy(dtype="float64"),
            "ended": ended.to_numpy(dtype=bool),
        }
    )


def followed_from(register: Register) -> int | None:
    """The first start year whose courses the register follows from their start: the year
    of its first rehabilitation-team meeting. A course started before is in the register
    only because it was still running then (the short ones of its year never came in), so
    its cohort's curve would be too long (left truncation) and is left out. None: no
    meetings, nothing to go by, every cohort is used."""
    dates = register.meetings["date"].dropna()
    return int(dates.min().year) if len(dates) else None


def course_survival(
    register: Register,
    as_of: date,
    schemes: Sequence[str] = ("ressourceforloeb", "jobafklaring"),
    by: Cohorts = "start_year",
) -> pd.DataFrame:
    """Kaplan-Meier curves of the time in course per scheme and cohort (the start year, or
    "Alle" with ``by=None``): ``scheme, cohort`` and the columns of :func:`kaplan_meier`,
    the cohorts in ascending order. Running courses are censored at ``as_of``; courses
    started before :func:`followed_from` are left out."""
    durations = course_durations(register, as_of, schemes)
    first_year = followed_from(register)
    if first_year is not None:
        durations = durations[durations["start_year"].astype("int64") >= first_year]
    cohorts = durations["start_year"] if by == "start_year" else ALL_COHORTS
    durations = durations.assign(cohort=cohorts)
    curves = [
        kaplan_meier(group["days"], group["ended"]).assign(scheme=str(scheme), cohort=str(cohort))
        for (scheme, cohort), group in durations.groupby(["scheme", "cohort"], sort=True)
    ]
    columns = ["scheme", "cohort", *CURVE_COLUMNS]
    if not curves:
        return kaplan_meier([], []).assign(scheme="", cohort="").loc[:, columns]
    return pd.concat(curves, ignore_index=True).loc[:, columns]


def _hide(frame: pd.DataFrame, indicator_id: str, threshold: int | None) -> pd.DataFrame:
    """Through the publish path: rows whose ``at_risk`` is below the threshold lose every
    number (no dimensions: the points of a curve are not parts of a sum)."""
    tidy = frame.assign(indicator=indicator_id, period=frame["cohort"], n=frame["at_risk"])
    published = publish(tidy, dimensions={indicator_id: ()}, threshold=threshold)
    hidden = published["suppressed"] != NOT_SUPPRESSED
    for column in ("value", "lower", "upper", "at_risk", "events", "censored"):
        if column in published:
            published[column] = published[column].mask(hidden)
    return published.drop(columns=["indicator", "period", "n"])


def published_curves(curves: pd.DataFrame, threshold: int | None = None) -> pd.DataFrame:
    """The curves of :func:`course_survival` as they may be shown: a step with fewer than
    the threshold at risk (and so every step after it) has no numbers, ``survival`` is
    renamed ``value`` and ``suppressed`` says why."""
    frame = curves.rename(columns={"survival": "value"})
    for column in ("at_risk", "events", "censored"):
        frame[column] = frame[column].astype("Int64")
    return _hide(frame, CURVE_ID, threshold)


def published_summaries(curves: pd.DataFrame, threshold: int | None = None) -> pd.DataFrame:
    """:func:`survival_summary` of each curve of :func:`course_survival` (``scheme, cohort``
    first), each figure hidden when fewer than the threshold are at risk at its point.

    An end of the median's interval read off a hidden part of the curve (later than the last
    step shown) is left out, and ``lower_hidden``/``upper_hidden`` say so: it would tell
    where the hidden curve crosses a half.
    """
    limit = suppression_threshold(threshold)
    parts = []
    for (scheme, cohort), curve in curves.groupby(["scheme", "cohort"], sort=False):
        summary = survival_summary(curve.reset_index(drop=True))
        shown = curve.loc[curve["at_risk"] >= limit, "time"]
        last_shown = float(shown.max()) if len(shown) else -math.inf
        median = summary["measure"] == "median"
        for end in ("lower", "upper"):
            beyond = median & (summary[end] > last_shown)
            summary[f"{end}_hidden"] = beyond  # «<5» where it is read, not «ikke nået»
            summary.loc[beyond, end] = math.nan
        parts.append(summary.assign(scheme=str(scheme), cohort=str(cohort)))
    columns = ["scheme", "cohort", *SUMMARY_COLUMNS, "lower_hidden", "upper_hidden"]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    frame["at_risk"] = frame["at_risk"].astype("Int64")
    # A share the data do not reach yet (a 2025 cohort after 24 months) is not computable
    # («–»), not a small number: it carries no figure, so nothing is hidden there.
    not_reached = (frame["measure"] == "still_in_course") & frame["value"].isna()
    published = _hide(frame.loc[:, columns], SUMMARY_ID, threshold)
    published.loc[not_reached.to_numpy(), "suppressed"] = NOT_SUPPRESSED
    published.loc[not_reached.to_numpy(), "at_risk"] = pd.NA
    return published
