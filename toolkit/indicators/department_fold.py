"""Departments folded into one code, «Øvrige afdelinger», for a breakdown by department whose
thin rows or columns would otherwise be all hidden.

A department that pays for few interventions, or coordinates few courses, gives a row or a
column of «<5» in «Udgift til indsatser efter koordinerende afdeling». Summing its hidden
cells is not allowed, so the folded figure is the indicator computed again on a register
where those departments carry one code, and suppressed again by the ordinary publish path:
a folded number is never a sum of hidden cells.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from toolkit.register import Register

OTHER_DEPARTMENTS = "oevrige_afdelinger"  # the one code of the folded departments
# What a fold changes: the paying department of an intervention, or the coordinating
# department of a course.
FOLDABLE = {"department": ("interventions", "department"),
            "coordinating_department": ("courses", "coordinating_department")}  # fmt: skip


def fold_departments(register: Register, dimension: str, departments: Collection[str]) -> Register:
    """The register with the ``departments`` of ``dimension`` («department»: who pays for an
    intervention; «coordinating_department»: who coordinates a course) as
    :data:`OTHER_DEPARTMENTS`; the other departments, and missing codes, unchanged."""
    table, column = FOLDABLE[dimension]
    frame = getattr(register, table)
    codes = frame[column]
    folded = codes.where(~codes.isin(list(departments)), OTHER_DEPARTMENTS)
    return replace(register, **{table: frame.assign(**{column: folded.astype(codes.dtype)})})
