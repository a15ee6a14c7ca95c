"""The Excel border: the only package that imports openpyxl or python-calamine.

- ``check_files``: read and validate workbooks, returning one report and clean frames;
- ``write_workbook`` / ``write_templates``: styled workbooks from the schema;
- ``write_annotated``: a copy of a workbook with bad cells marked and commented.

Every file is written through ``xlsx.py``. Workbooks from controllers are untrusted XML:
importing any module of this package refuses to go on unless openpyxl parses through
defusedxml (this file runs before any of them, whichever is imported first).
"""

import openpyxl

from toolkit.workbook.annotate import write_annotated
from toolkit.workbook.check import CheckResult, ReferenceData, SourceFile, check_files
from toolkit.workbook.report import Category, Issue, Report, Severity
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
    "write_annotated",
    "write_templates",
    "write_workbook",
]

# A raise, not an assert: asserts vanish under python -O.
if not openpyxl.DEFUSEDXML:
    raise ImportError("openpyxl parses XML without defusedxml; install defusedxml")
