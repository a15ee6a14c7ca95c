"""Indicator tables out of the toolkit as csv, json or xlsx, after :func:`.publish.publish`.

csv and json keep the catalogue's column names and codes (for other tools); xlsx is for
people: Danish headers, labels, periods and number formats, and a definitions sheet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

import pandas as pd

from toolkit import schema
from toolkit.indicators.catalogue import DIMENSIONS, REGISTRY
from toolkit.indicators.cross import NO_COURSE
from toolkit.indicators.follow_up import STATUS_LABELS
from toolkit.indicators.publishing import display, footnote_da, unsuppressed_note
from toolkit.periods import parse_period
from toolkit.register import Economy
from toolkit.schema import SCHEME
from toolkit.workbook import tables
from toolkit.workbook.tables import DATE, DECIMAL, INTEGER, PERCENT_VALUE, TableSheet, write_tables


def write_csv(frame: pd.DataFrame, stream: IO[str]) -> None:
    tables.write_csv(frame, stream)


def write_json(frame: pd.DataFrame, stream: IO[str]) -> None:
    records = [
        {key: json_value(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]
    json.dump(records, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def json_value(value: Any) -> Any:
    """A cell as JSON wants it: None for missing values, Python numbers for numpy ones."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# What a reader sees for the codes in a dimension column: the schema's code lists (a
# department's or an intervention type's name comes from the economy: see code_names).
CODE_LABELS: dict[str, Mapping[str, str]] = {
    codes.name: codes.labels for codes in schema.CODE_LISTS if codes.name in DIMENSIONS
}
NO_COURSE_LABEL = "Uden forløb"
# Units counted in whole things; every other unit but % is a mean, median or rate.
WHOLE_UNITS = frozenset({"kr.", "personer", "forløb", "indsatser", "sager"})


def code_names(economy: Economy) -> dict[str, dict[str, str]]:
    """Dimension -> code -> Danish name, for the codes the economy names: departments (also
    as coordinating department) and intervention types (the newest name in Priser)."""
    departments = economy.department_names()
    return {
        "department": departments,
        "coordinating_department": {**departments, NO_COURSE: NO_COURSE_LABEL},
        "intervention_type": economy.intervention_type_names(),
    }


def number_format(unit: str) -> str:
    """The Excel format of a value in ``unit``: whole with thousands separators, a share
    (0-100) with one decimal and «%», anything else with one decimal."""
    if unit == "%":
        return PERCENT_VALUE
    return INTEGER if unit in WHOLE_UNITS else DECIMAL


def write_xlsx(
    frame: pd.DataFrame,
    path: Path,
    *,
    suppressed: bool = True,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> Path:
    """The table for people: Danish labels instead of ids and codes (``names`` adds the
    economy's, see :func:`code_names`; an unknown code stays as it is), the period in Danish
    and as a date, numbers formatted by unit, «<5» / «..» where a cell is suppressed, and
    sheets with the definitions (with the ids the csv and json use) and the note."""
    dims = [d for d in DIMENSIONS if d in frame.columns]
    labels = {**CODE_LABELS, "scheme": {**SCHEME.labels, NO_COURSE: NO_COURSE_LABEL},
              "status": STATUS_LABELS}  # fmt: skip
    labels.update(names or {})
    units = frame["indicator"].map({item.id: item.unit for item in REGISTRY.values()})
    periods = [_period(label) for label in frame["period"]]
    marks = [display(None, mark) if mark else "" for mark in frame["suppressed"]]
    shown = pd.DataFrame(
        {
            "Indikator": frame["indicator"].map({i.id: i.label for i in REGISTRY.values()}),
            "Periode": [text for text, _ in periods],
            "Første dag": [first for _, first in periods],
            **{DIMENSIONS[d]: _labelled(frame[d], labels.get(d, {})) for d in dims},
            "Værdi": _marked(frame["value"], marks),
            "Enhed": units,
            "Antal personer": _marked(frame["n"], marks),
        }
    )
    ids = list(dict.fromkeys(frame["indicator"]))
    definitions = pd.DataFrame(
        {
            "Indikator": [REGISTRY[i].label for i in ids],
            "Enhed": [REGISTRY[i].unit for i in ids],
            "Opdelinger": [", ".join(DIMENSIONS[d] for d in REGISTRY[i].dimensions) for i in ids],
            "Definition": [REGISTRY[i].definition for i in ids],
            "Indikator-id": ids,
        }
    )
    note = footnote_da() if suppressed else unsuppressed_note()
    notes = pd.DataFrame({"Note": [note]})
    return write_tables(
        path,
        [
            TableSheet(
                "Indikatorer",
                shown,
                {"Første dag": DATE, "Antal personer": INTEGER},
                {"Indikator": 34, "Periode": 13, "Første dag": 12, "Værdi": 14},
                cell_formats={"Værdi": [number_format(unit) for unit in units]},
            ),
            TableSheet(
                "Definitioner",
                definitions,
                widths={"Indikator": 34, "Definition": 100, "Indikator-id": 30},
            ),
            TableSheet("Noter", notes, widths={"Note": 120}),
        ],
    )


def _period(label: object) -> tuple[str, date | None]:
    """«1. kvt. 2025» and its first day; a label that is no single period (a span the page
    already wrote in Danish) as it is, without a day."""
    try:
        period = parse_period(str(label))
    except ValueError:
        return str(label), None
    return period.danish, period.start


def _labelled(codes: pd.Series, labels: Mapping[str, str]) -> list[object]:
    return [None if pd.isna(code) else labels.get(str(code), str(code)) for code in codes]


def _marked(values: pd.Series, marks: Sequence[str]) -> list[object]:
    """The values, with the suppression mark («<5», «..») in the cells it hides."""
    return [
        mark if mark else (None if pd.isna(value) else value)
        for value, mark in zip(values, marks, strict=True)
    ]
