"""What the tests of the published-file border share: a literal file written as a controller
would get it, the canonical rows compared exactly, and the report lines a controller reads."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from toolkit.published import PublishedCheck


def write_text(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def canonical_rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """The frame's rows with NA and NaN as None, for exact comparison."""
    return [
        tuple(None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in row)
        for row in frame.astype(object).itertuples(index=False)
    ]


def report_lines(result: PublishedCheck) -> list[str]:
    return [issue.line() for issue in result.report]
