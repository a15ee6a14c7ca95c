"""The validation report: every problem found in a set of workbooks, in Danish."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from toolkit import pseudonyms, schema
from toolkit.formats import integer as danish_int


class Severity(StrEnum):
    ERROR = "fejl"
    WARNING = "advarsel"
    INFO = "oplysning"  # what the check did, e.g. rows added together; nothing to correct


class Category(StrEnum):
    FILE = "fil"  # the file cannot be read at all
    SHAPE = "opbygning"  # a sheet or column is missing, doubled or unknown
    VALUE = "værdi"  # a cell holds a bad value or breaks a rule


CATEGORY_TITLES = {
    Category.FILE: "Filen kan ikke læses",
    Category.SHAPE: "Forkert opbygning (ark og kolonner)",
    Category.VALUE: "Fejl i værdier",
}
INFO_TITLE = "Oplysninger (intet at rette)"


@dataclass(frozen=True)
class Issue:
    """One problem. ``value`` is already safe to show: CPR numbers are never put here."""

    severity: Severity
    category: Category
    file: str  # file name, without folders
    message: str  # a Danish sentence
    sheet: str | None = None
    row: int | None = None  # Excel row number (1 = first row)
    column: str | None = None  # the Danish header
    value: str | None = None
    excel_column: int | None = None  # 1-based column number in the sheet, for annotation

    def __post_init__(self) -> None:
        # The one choke point: whatever a cell, header or sheet name held, a CPR number
        # never reaches a report, an annotated copy or a log through an Issue.
        for name in ("file", "message", "sheet", "column", "value"):
            text = getattr(self, name)
            if text is not None and pseudonyms.contains_cpr(text):
                object.__setattr__(self, name, pseudonyms.mask_cpr(text))

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"ark «{self.sheet}»")
        if self.row is not None:
            parts.append(f"række {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return ", ".join(parts)

    def line(self) -> str:
        value = f" (værdi: {self.value})" if self.value not in (None, "") else ""
        return f"{self.severity.capitalize()}: {self.location()}: {self.message}{value}"


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        """Issues in reading order: file problems, shape, values; errors before warnings;
        then by file, the workbook's sheet order, row and column."""
        return iter(sorted(self.issues, key=_reading_order))

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)

    def for_file(self, file: str) -> list[Issue]:
        return [i for i in self.issues if i.file == file]

    def summary(self) -> str:
        n_err, n_warn = len(self.errors), len(self.warnings)
        if not n_err and not n_warn:
            return "Ingen fejl eller advarsler fundet."
        return f"{_count(n_err, 'fejl', 'fejl')} og {_count(n_warn, 'advarsel', 'advarsler')}."

    def groups(self) -> list[tuple[str, list[Issue]]]:
        """The issues under their headings, in reading order, empty groups left out:
        problems by kind, then information (rows added together, published rows replaced),
        which is nothing to correct and so never stands under a heading of errors."""
        problems = [i for i in self if i.severity is not Severity.INFO]
        groups = [
            (CATEGORY_TITLES[category], [i for i in problems if i.category is category])
            for category in (Category.FILE, Category.SHAPE, Category.VALUE)
        ]
        groups.append((INFO_TITLE, [i for i in self if i.severity is Severity.INFO]))
        return [(title, group) for title, group in groups if group]

    def to_text(self, *, max_per_rule: int = 50) -> str:
        """The report a controller reads: grouped by kind, errors before warnings.

        Repeats of the same rule in the same column are cut after ``max_per_rule`` lines with
        a count of the rest, so a column of 10.000 bad dates stays readable; the annotated
        workbook still marks every cell.
        """
        if not self.issues:
            return self.summary()
        lines: list[str] = []
        for title, group in self.groups():
            lines.append(f"{title}:")
            shown: Counter[tuple[Severity, str, str | None, str | None, str]] = Counter()
            hidden: Counter[tuple[Severity, str, str | None, str | None, str]] = Counter()
            for issue in group:
                rule = (issue.severity, issue.file, issue.sheet, issue.column, issue.message)
                shown[rule] += 1
                if shown[rule] <= max_per_rule:
                    lines.append(f"  {issue.line()}")
                else:
                    hidden[rule] += 1
            for rule, count in hidden.items():
                _, file, sheet, column, message = rule
                lines.append(
                    f"  … og {danish_int(count)} rækker mere i {file}, ark «{sheet}», "
                    f"kolonne «{column}»: {message}"
                )
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines)


_CATEGORY_ORDER = {Category.FILE: 0, Category.SHAPE: 1, Category.VALUE: 2}
_SHEET_ORDER = {sheet.name: index for index, sheet in enumerate(schema.all_sheets())}


def _reading_order(issue: Issue) -> tuple[object, ...]:
    return (
        _CATEGORY_ORDER[issue.category],
        issue.severity is not Severity.ERROR,
        issue.file,
        _SHEET_ORDER.get(issue.sheet or "", -1 if issue.sheet is None else 99),
        issue.sheet or "",
        issue.row or 0,
        issue.excel_column or 0,
    )


def _count(n: int, singular: str, plural: str) -> str:
    return f"{danish_int(n)} {singular if n == 1 else plural}"
