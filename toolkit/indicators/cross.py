"""Across departments: what a department's intervention money serves.

A department pays for interventions; the citizen's course (the intervention's ``course_id``)
is coordinated by a department and belongs to a scheme. These indicators split a paying
department's intervention cost by the course's coordinating department and by its scheme:
the head of social sees what the jobcenter asks of social, and the reverse.
"""

from __future__ import annotations

import pandas as pd

from toolkit.indicators.catalogue import indicator
from toolkit.indicators.context import Context
from toolkit.indicators.cost import cost_spans
from toolkit.indicators.spans import sum_with_persons, tidy

NO_COURSE = "uden_forloeb"  # the code of interventions without a (known) course


def _costs_by_course(ctx: Context) -> pd.DataFrame:
    """Kroner per period, paying department, coordinating department, scheme and person."""
    return ctx.cached("intervention_costs_by_course", lambda: _by_course(ctx))


def _by_course(ctx: Context) -> pd.DataFrame:
    spans = cost_spans(ctx, ["person_id", "department", "course_id"])
    courses = ctx.register.courses.set_index("course_id")
    for column in ("coordinating_department", "scheme"):
        spans[column] = _or_no_course(spans["course_id"].map(courses[column]))
    return spans.loc[:, ["period", "department", "coordinating_department", "scheme",
                         "person_id", "cost"]]  # fmt: skip


def _or_no_course(values: pd.Series) -> pd.Series:
    """``values`` with NO_COURSE where the intervention has no (known) course; categories
    stay categories (cheap to group), anything else becomes text."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if NO_COURSE not in values.cat.categories:
            values = values.cat.add_categories([NO_COURSE])
        return values.fillna(NO_COURSE)
    return values.astype("str").fillna(NO_COURSE)


def _cost_by(ctx: Context, dimension: str) -> pd.DataFrame:
    keys = ["period", "department", dimension]
    return tidy(sum_with_persons(_costs_by_course(ctx), keys, "cost"), ("department", dimension))


_SAME_AS = (
    "Beløbene er de samme som i «Udgift til indsatser» (fordelt på de dage, indsatsen kørte), "
    "efter den afdeling der betaler."
)


@indicator(
    label="Udgift til indsatser efter koordinerende afdeling",
    definition="Udgiften til indsatser efter den afdeling der betaler og den afdeling, der "
    "koordinerer borgerens forløb (forløbet indsatsen hører til). Indsatser uden forløb "
    f"vises som «Uden forløb». {_SAME_AS}",
    unit="kr.",
    family="cost",
    dimensions=("department", "coordinating_department"),
)
def intervention_cost_by_coordinator_dkk(ctx: Context) -> pd.DataFrame:
    return _cost_by(ctx, "coordinating_department")


@indicator(
    label="Udgift til indsatser efter ordning",
    definition="Udgiften til indsatser efter den afdeling der betaler og ordningen for det "
    "forløb, indsatsen hører til. Indsatser uden forløb vises som «Uden forløb». "
    f"{_SAME_AS}",
    unit="kr.",
    family="cost",
    dimensions=("department", "scheme"),
)
def intervention_cost_by_scheme_dkk(ctx: Context) -> pd.DataFrame:
    return _cost_by(ctx, "scheme")
