"""Shared fixtures: every test runs with its own pseudonymisation key and data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"
TEMPLATE_DIR = ROOT / "templates_xlsx"


@pytest.fixture(autouse=True)
def _isolated_key_and_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path_factory.mktemp("keys")
    monkeypatch.setenv("TVAERBLIK_KEY_FILE", str(keys / "pseudonym.key"))
    monkeypatch.delenv("TVAERBLIK_DATA", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path
