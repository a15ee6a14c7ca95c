"""The command loads only what the command needs (issue 18).

``tvaerblik import`` must stay within twice the time of merely reading the workbooks, start-up
included, so nothing on its path may import the pages, charts, briefing, indicators,
scenarios or openpyxl at module level; ``tvaerblik --help`` loads not even pandas. Each probe
runs in a fresh interpreter, as a user's command does: modules another test loaded into this
process cannot hide an import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import SAMPLE_DIR

# Loaded by commands that need them (serve, brief, indicators, scenario, demo, templates,
# validate --annotated), never by an import of the workbooks.
HEAVY = (
    "altair",
    "ipywidgets",
    "anywidget",
    "voila",
    "docx",
    "openpyxl",
    "duckdb",
    "jinja2",
    "toolkit.briefing",
    "toolkit.charts",
    "toolkit.compare",
    "toolkit.forecast",
    "toolkit.hub",
    "toolkit.indicators",
    "toolkit.national",
    "toolkit.rules",
    "toolkit.sample",
    "toolkit.scenarios",
    "toolkit.survival",
    "toolkit.ui",
    "toolkit.workbook.annotate",
    "toolkit.workbook.writer",
)
# Not needed to parse the command line: «--help» and a typing error are answered at once.
BEHIND_THE_COMMANDS = ("pandas", "numpy", "pyarrow", "python_calamine", "toolkit.store")

# Imports the command module the way the console script does, runs it, and prints the
# modules loaded after the import and after the command as the last line.
_PROBE = """
import json, sys
from toolkit.cli import main
after_import = sorted(sys.modules)
code = main(sys.argv[1:])
print(json.dumps({"code": code, "after_import": after_import, "after_run": sorted(sys.modules)}))
"""


def probe(*args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),  # the test's own key file (conftest)
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def loaded(modules: object, prefixes: tuple[str, ...]) -> list[str]:
    assert isinstance(modules, list)
    return sorted(
        name
        for name in modules
        if any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)
    )


def test_help_loads_nothing_behind_the_commands() -> None:
    found = probe("--help")
    assert found["code"] == 0
    assert loaded(found["after_import"], HEAVY + BEHIND_THE_COMMANDS) == []
    assert loaded(found["after_run"], HEAVY + BEHIND_THE_COMMANDS) == []


@pytest.mark.parametrize("command", ["import", "validate"])
def test_an_import_of_the_workbooks_loads_no_heavy_module(command: str, tmp_path: Path) -> None:
    """A real import (or check) of the sample municipality, from the command line to the new
    version: a top-level ``import altair`` anywhere on its path makes this fail."""
    data = tmp_path / "data"
    books = [str(SAMPLE_DIR / "register.xlsx"), str(SAMPLE_DIR / "oekonomi.xlsx")]
    found = probe("--data", str(data), command, *books)
    assert found["code"] == 0
    assert loaded(found["after_run"], ("pandas", "python_calamine")), "the probe ran no import"
    assert loaded(found["after_run"], HEAVY) == []
    if command == "import":
        assert (data / "CURRENT").exists()
