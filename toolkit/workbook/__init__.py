"""The Excel border: the only package that imports openpyxl or python-calamine.

- ``check_files``: read and validate workbooks, returning one report and clean frames;
- ``write_workbook`` / ``write_templates``: styled workbooks from the schema;
- ``write_annotated``: a copy of a workbook with bad cells marked and commented.

Every file is written through ``xlsx.py``. Workbooks from controllers are untrusted XML:
importing any module of this package refuses to go on unless openpyxl parses through
defusedxml (this file runs before any of them, whichever is imported first; the modules
that use openpyxl check openpyxl's own flag again once they have imported it).

Reading and checking (``check_files``) uses python-calamine only, so openpyxl and the
writers are imported on first use: ``tvaerblik import`` does not pay for them.
"""

from __future__ import annotations

import importlib
import os
import sys
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from toolkit.workbook.check import CheckResult, ReferenceData, SourceFile, check_files
from toolkit.workbook.report import Category, Issue, Report, Severity

if TYPE_CHECKING:
    from toolkit.workbook.annotate import write_annotated
    from toolkit.workbook.writer import write_templates, write_workbook

__all__ = [
    "Category",
    "CheckResult",
    "Issue",
    "ReferenceData",
    "Report",
    "Severity",
    "SourceFile",
    "check_files",
    "require_defusedxml",
    "write_annotated",
    "write_templates",
    "write_workbook",
]

_LAZY = {
    "write_annotated": "toolkit.workbook.annotate",
    "write_templates": "toolkit.workbook.writer",
    "write_workbook": "toolkit.workbook.writer",
}


def require_defusedxml() -> None:
    """Raise ImportError unless openpyxl parses XML through defusedxml.

    Before openpyxl is imported its flag is foretold from what openpyxl decides it by
    (defusedxml installed, OPENPYXL_DEFUSEDXML not switched off); once it is, the flag
    itself is read. A raise, not an assert: asserts vanish under python -O.
    """
    openpyxl = sys.modules.get("openpyxl")
    if openpyxl is not None:
        defused = bool(getattr(openpyxl, "DEFUSEDXML", False))
    else:
        switched_on = os.environ.get("OPENPYXL_DEFUSEDXML", "True") == "True"
        defused = switched_on and find_spec("defusedxml") is not None
    if not defused:
        raise ImportError("openpyxl parses XML without defusedxml; install defusedxml")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


require_defusedxml()
