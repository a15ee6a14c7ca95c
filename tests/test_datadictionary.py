"""docs/inputs.md is the schema, rendered: it never drifts and it leaves nothing out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from toolkit import schema
from toolkit.datadictionary import (
    NATIONAL_TITLE,
    REGENERATE_COMMAND,
    bounds_text,
    danish_number,
    render_markdown,
    required_text,
    sheet_rules,
)

ROOT = Path(__file__).resolve().parents[1]
INPUTS_MD = ROOT / "docs" / "inputs.md"


def test_docs_inputs_md_is_up_to_date() -> None:
    assert INPUTS_MD.exists(), f"docs/inputs.md is missing; run `{REGENERATE_COMMAND}`"
    assert INPUTS_MD.read_text(encoding="utf-8") == render_markdown(), (
        f"docs/inputs.md differs from toolkit/schema.py; regenerate with `{REGENERATE_COMMAND}`"
    )


def test_every_workbook_sheet_column_and_code_appears() -> None:
    text = render_markdown()
    for book in schema.WORKBOOKS.values():
        assert f"## {book.file_name}: {book.title}" in text
        for sheet in book.sheets:
            section = text.split(f"### {sheet.name}\n", 1)[1].split("\n### ", 1)[0]
            assert sheet.description in section
            for column in sheet.columns:
                start = f"| {column.header} | `{column.name}` |"
                row = next((line for line in section.splitlines() if line.startswith(start)), None)
                assert row is not None, f"{sheet.name}.{column.name} is not documented"
                assert f"| {required_text(sheet, column)} |" in row
                for code in column.allowed:
                    assert f"`{code}`" in row, (column.name, code)


def test_the_national_tables_and_the_files_they_come_from_are_documented() -> None:
    text = render_markdown()
    national = text.split(f"{NATIONAL_TITLE}\n", 1)[1]
    for table_id in (*schema.JOBINDSATS_TABLES, schema.BENCHMARK_TABLE, "FOLK1A"):
        assert table_id in national, table_id
    for suffix in (".json", ".xlsx", ".csv"):
        assert f"`{suffix}`" in national
    for sheet in schema.NATIONAL.sheets:
        section = national.split(f"### {sheet.name}\n", 1)[1].split("\n### ", 1)[0]
        assert sheet.description in section
        for column in sheet.columns:
            start = f"| {column.header} | `{column.name}` |"
            assert any(line.startswith(start) for line in section.splitlines()), column.name
            for code in column.allowed:
                assert f"`{code}`" in section, (column.name, code)
        for rule in sheet_rules(sheet):
            assert rule in section


def test_refund_defaults_and_sheet_rules_are_documented() -> None:
    text = render_markdown()
    assert "| 53 |  | 20 |" in text
    for sheet in schema.all_sheets():
        for rule in sheet_rules(sheet):
            assert rule in text


def test_required_and_bounds_in_danish() -> None:
    courses = schema.sheet("courses")
    assert required_text(courses, courses.column("start")) == "ja"
    assert required_text(courses, courses.column("planned_end")) == "nej"
    assert required_text(courses, courses.column("exit_reason")) == "betinget"
    assert bounds_text(courses.column("weekly_hours")) == "over 0 og højst 37"
    assert bounds_text(schema.sheet("progression").column("score")) == "fra 1 til 10"
    assert bounds_text(schema.sheet("meetings").column("participants")) == "mindst 0"
    assert bounds_text(courses.column("start")) == ""
    assert danish_number(0.5) == "0,5" and danish_number(2030.0) == "2030"


def test_the_module_prints_the_page_and_needs_no_excel_library() -> None:
    code = (
        "import sys, toolkit.datadictionary as d; d.main(); "
        "assert 'openpyxl' not in sys.modules and 'python_calamine' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=True)
    assert result.stdout.decode("utf-8") == render_markdown()
