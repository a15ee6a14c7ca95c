"""Shared fixtures: every test runs with its own pseudonymisation key and data folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``libreoffice`` need soffice: skipped with the reason where it is missing
    (a machine with only Python and make), failed in CI, which installs it."""
    if item.get_closest_marker("libreoffice") is None:
        return
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    message = "LibreOffice (soffice) er ikke installeret; testen laver en PDF"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI: .ci/run skal installere den)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _isolated_key_and_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path_factory.mktemp("keys")
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(keys / "pseudonym.key"))
    monkeypatch.delenv("TVAERBLIK_DATA", raising=False)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the sample municipality (sample_data/), imported once for the
    session. Read it, never import into it."""
    from tests.store_data import imported_sample

    return imported_sample(tmp_path_factory, "sample")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path
