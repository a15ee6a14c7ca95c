"""Indicator tables out of the toolkit: suppressed by default, as csv, json or xlsx.

csv and json keep the catalogue's column names (for other tools); xlsx is for people:
Danish headers, labels and units beside the ids, a definitions sheet, Danish formats.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import pandas as pd

from toolkit import privacy
from toolkit.indicators.catalogue import DIMENSIONS, REGISTRY
from toolkit.workbook.tables import DECIMAL, TableSheet, write_tables


def unsuppressed_note() -> str:
    return (
        f"Ikke diskretioneret: tal for færre end {privacy.suppression_threshold()} personer "
        "er vist. Kun til intern analyse; må ikke offentliggøres eller deles."
    )


def publishable(frame: pd.DataFrame, *, suppress: bool = True) -> pd.DataFrame:
    """The frame as it may leave the toolkit: small cells suppressed unless told otherwise.

    Unsuppressed output carries a ``note`` column saying so on every row, so a csv or json
    file that travels on cannot be mistaken for a publishable one.
    """
    if not suppress:
        return frame.assign(suppressed="", note=unsuppressed_note())
    dimensions = {item.id: item.dimensions for item in REGISTRY.values()}
    exempt = [item.id for item in REGISTRY.values() if not item.about_persons]
    return privacy.suppress(frame, dimensions, exempt=exempt)


def write_csv(frame: pd.DataFrame, stream: IO[str]) -> None:
    frame.to_csv(stream, index=False, lineterminator="\n")


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


def write_xlsx(frame: pd.DataFrame, path: Path, *, suppressed: bool = True) -> Path:
    """The table with Danish headers and a sheet of definitions for every indicator in it."""
    dims = [d for d in DIMENSIONS if d in frame.columns]
    labels = {item.id: item.label for item in REGISTRY.values()}
    units = {item.id: item.unit for item in REGISTRY.values()}
    shown = pd.DataFrame(
        {
            "Indikator": frame["indicator"].map(labels),
            "Id": frame["indicator"],
            "Periode": frame["period"],
            **{DIMENSIONS[d]: frame[d] for d in dims},
            "Værdi": frame["value"],
            "Enhed": frame["indicator"].map(units),
            "Antal personer": frame["n"],
            "Skjult": [privacy.display(None, mark) if mark else "" for mark in frame["suppressed"]],
        }
    )
    ids = list(dict.fromkeys(frame["indicator"]))
    definitions = pd.DataFrame(
        {
            "Id": ids,
            "Indikator": [REGISTRY[i].label for i in ids],
            "Enhed": [REGISTRY[i].unit for i in ids],
            "Opdelinger": [", ".join(DIMENSIONS[d] for d in REGISTRY[i].dimensions) for i in ids],
            "Definition": [REGISTRY[i].definition for i in ids],
        }
    )
    note = privacy.footnote_da() if suppressed else unsuppressed_note()
    notes = pd.DataFrame({"Note": [note]})
    return write_tables(
        path,
        [
            TableSheet(
                "Indikatorer",
                shown,
                {"Værdi": DECIMAL, "Antal personer": "#,##0"},
                {"Indikator": 34, "Id": 30, "Værdi": 14},
            ),
            TableSheet("Definitioner", definitions, widths={"Definition": 100, "Id": 30}),
            TableSheet("Noter", notes, widths={"Note": 120}),
        ],
    )
