"""Tests that need LibreOffice skip with a reason where it is missing and fail in CI
(issue 11, point 15): `make test` on a machine with only Python and make passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEEDS_LIBREOFFICE = "tests/test_ui_briefing_box.py::test_click_gives_three_files"


def _run_without_libreoffice(*, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(Path(sys.executable).parent)  # the venv only: no soffice on it
    if ci:
        env["CI"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", NEEDS_LIBREOFFICE, "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_a_libreoffice_test_is_skipped_with_a_reason_where_it_is_missing() -> None:
    done = _run_without_libreoffice(ci=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "1 skipped" in done.stdout
    assert "LibreOffice (soffice) er ikke installeret" in done.stdout


@pytest.mark.slow
def test_in_ci_a_missing_libreoffice_fails() -> None:
    done = _run_without_libreoffice(ci=True)
    assert done.returncode != 0
    assert ".ci/run skal installere den" in done.stdout
