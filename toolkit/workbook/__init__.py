"""The Excel border: the only package that imports openpyxl or python-calamine.

- ``check_files``: read and validate workbooks, returning one report and clean frames;
- ``write_workbook`` / ``write_templates``: styled workbooks from the schema;
- ``write_annotated``: a copy of a workbook with bad cells marked and commented.
"""

from toolkit.workbook.report import Category, Issue, Report, Severity

__all__ = ["Category", "Issue", "Report", "Severity"]
