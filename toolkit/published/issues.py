"""The issues of one published file, and the sentences both readers share."""

from __future__ import annotations

from toolkit.formats import integer
from toolkit.workbook.report import Category, Issue, Severity


class FileIssues(list[Issue]):
    """Issues about one file (and its xlsx sheet, when it has one)."""

    def __init__(self, file: str, sheet: str | None) -> None:
        super().__init__()
        self.file, self.sheet = file, sheet

    def add(
        self,
        severity: Severity,
        category: Category,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.append(Issue(severity, category, self.file, message, self.sheet, row, column, value))

    @property
    def has_errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self)

    def skipped_areas(self, rows: int, kinds: str) -> None:
        """One sentence per file for the rows of areas that are not compared (never silent)."""
        if rows:
            self.add(
                Severity.INFO,
                Category.VALUE,
                f"{integer(rows)} {'række' if rows == 1 else 'rækker'} for {kinds} springes "
                "over; Tværblik sammenligner kommuner og hele landet.",
            )
