"""Registers for the numbers a breakdown cannot give: a dimension pooled into one code.

A median or a share cannot be summed over a breakdown, so a figure «over everyone» (or a
figure too small to show by type or reason) is the same indicator computed on a register
whose columns behind a dimension hold one code, :data:`POOLED`. Its result is suppressed by
the ordinary publish path (:func:`toolkit.indicators.publish`): a pooled number is never a
sum of hidden cells.

Citizens belong to a department through their courses' coordinating department, the
register's only link from a person to a department (:func:`by_department`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

import pandas as pd

from toolkit.register import Register

POOLED = "alle"  # the one code a pooled dimension holds
# Dimension -> the register columns holding it (table, column).
POOLED_COLUMNS = {
    "refusal_reason": (("interventions", "refusal_reason"),),
    "intervention_type": (("interventions", "intervention_type"),),
    "department": (("interventions", "department"), ("meetings", "department")),
    "scheme": (("courses", "scheme"),),
    "exit_reason": (("courses", "exit_reason"),),
    "case_type": (("cases", "case_type"),),
    "recommendation": (("cases", "recommendation"),),
}


def pool(register: Register, dimensions: Iterable[str]) -> Register:
    """The register with the columns behind ``dimensions`` holding one code (missing codes
    stay missing, so an intervention without a refusal reason stays without one)."""
    tables = register.tables()
    changed: dict[str, pd.DataFrame] = {}
    for dimension in dimensions:
        for table, column in POOLED_COLUMNS[dimension]:
            frame = changed.get(table, tables[table]).copy()
            codes = frame[column]
            frame[column] = pd.Series(POOLED, index=frame.index, dtype="str").where(codes.notna())
            changed[table] = frame
    return replace(register, **changed)


FOLDED = "oevrige"  # a group's folded codes become «oevrige:<group>» (``fold``)
# Dimension -> the code an indicator gives a missing one (a refusal without a reason is
# «andet»): folding that code folds the missing ones too.
MISSING_COUNTS_AS = {"refusal_reason": "andet"}


def folded_code(group: str) -> str:
    """The code of one group's fold: its own, so the folds of two departments (or schemes)
    are not one code across them (no total over departments sums them)."""
    return f"{FOLDED}:{group}"


def is_folded(code: str) -> bool:
    return code.startswith(f"{FOLDED}:")


def fold(
    register: Register,
    dimension: str,
    folds: Mapping[str, Collection[str]],
    *,
    within: str = "department",
) -> Register:
    """The register with, per value of ``within``, the codes of ``dimension`` in
    ``folds[value]`` replaced by :func:`folded_code`: a breakdown's thin rows as one «Øvrige»
    row per department (or scheme), computed on the register itself (a median or a share
    cannot be summed).

    ``within`` must be a column of the table holding ``dimension`` (the interventions'
    department, the courses' scheme), so it says where each row belongs."""
    ((table, column),) = POOLED_COLUMNS[dimension]
    frame: pd.DataFrame = getattr(register, table)
    if within not in frame.columns:
        raise ValueError(f"fold: {dimension!r} cannot be folded within {within!r}")
    codes = frame[column]
    folded_codes = codes.astype("object")
    for group, folded in folds.items():
        taken = codes.isin(list(folded))
        if MISSING_COUNTS_AS.get(dimension) in folded:
            taken |= codes.isna()
        chosen = frame[within].eq(group).fillna(False).astype(bool) & taken
        folded_codes = folded_codes.where(~chosen, folded_code(group))
    return replace(register, **{table: frame.assign(**{column: folded_codes.astype(codes.dtype)})})


OTHER_DEPARTMENTS = "oevrige_afdelinger"  # the one code of departments folded across all
# A department dimension -> the column ``fold_departments`` changes: who pays for an
# intervention, or who coordinates a course.
DEPARTMENT_COLUMNS = {
    "department": ("interventions", "department"),
    "coordinating_department": ("courses", "coordinating_department"),
}


def fold_departments(register: Register, dimension: str, departments: Collection[str]) -> Register:
    """The register with the ``departments`` of ``dimension`` («department»: who pays for an
    intervention; «coordinating_department»: who coordinates a course) as one code,
    :data:`OTHER_DEPARTMENTS` («Øvrige afdelinger»), across every department: a breakdown by
    department whose thin rows or columns would otherwise be all hidden. The other
    departments, and missing codes, are unchanged."""
    table, column = DEPARTMENT_COLUMNS[dimension]
    frame = getattr(register, table)
    codes = frame[column]
    folded = codes.where(~codes.isin(list(departments)), OTHER_DEPARTMENTS)
    return replace(register, **{table: frame.assign(**{column: folded.astype(codes.dtype)})})


def by_department(register: Register, departments: tuple[str, ...]) -> Register:
    """The courses coordinated by the chosen departments, their goals and their persons'
    progression (all when none is chosen)."""
    if not departments:
        return register
    courses = register.courses
    courses = courses[courses["coordinating_department"].isin(departments)]
    persons = courses["person_id"]
    return replace(
        register,
        courses=courses.reset_index(drop=True),
        goals=register.goals[register.goals["course_id"].isin(courses["course_id"])],
        progression=register.progression[register.progression["person_id"].isin(persons)],
    )


def pooled_departments(register: Register, departments: tuple[str, ...]) -> Register:
    """The register with interventions of the chosen departments (and those without one),
    courses they coordinate, and every department, intervention type and scheme pooled into
    one code: the indicators over everyone the choice covers."""
    register = by_department(register, departments)
    interventions = register.interventions
    if departments:
        own = interventions["department"].isna() | interventions["department"].isin(departments)
        interventions = interventions[own].reset_index(drop=True)
    interventions = interventions.assign(department=POOLED, intervention_type=POOLED)
    courses = register.courses.assign(scheme=POOLED)
    for frame, columns in ((interventions, ("department", "intervention_type")),
                           (courses, ("scheme",))):  # fmt: skip
        for column in columns:
            frame[column] = frame[column].astype("str")
    return replace(register, interventions=interventions, courses=courses)
