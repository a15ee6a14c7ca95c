"""The Data page's check runs in a process of its own: a workbook that crashes its reader
gives a Danish sentence, not a page that waits for ever."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from workbooks import valid_register, write_xlsx

from toolkit.ui import data_page as data_page_module
from toolkit.ui.data_page import DataPage
from toolkit.ui.worker import WorkerDied, run_check


def crash_like_a_native_parser(
    paths: list[Path], data_dir: Path, progress: Callable[[str], None]
) -> Any:
    """What calamine did with a cell at XFD1048576: abort the whole process."""
    progress("Læser regnearket …")
    os.abort()


def refuse(paths: list[Path], data_dir: Path, progress: Callable[[str], None]) -> Any:
    raise ValueError("ikke et regneark")


def echo(paths: list[Path], data_dir: Path, progress: Callable[[str], None]) -> list[str]:
    progress("Kontrollerer …")
    return [p.name for p in paths]


def test_the_answer_and_the_progress_come_back_from_the_child(tmp_path: Path) -> None:
    said: list[str] = []
    assert run_check(echo, [tmp_path / "register.xlsx"], tmp_path, said.append) == ["register.xlsx"]
    assert said == ["Kontrollerer …"]


def test_an_exception_in_the_child_is_raised_in_the_page(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ikke et regneark"):
        run_check(refuse, [], tmp_path)


def test_a_child_that_dies_is_reported_not_waited_for(tmp_path: Path) -> None:
    with pytest.raises(WorkerDied) as died:
        run_check(crash_like_a_native_parser, [], tmp_path)
    assert died.value.exit_code is not None and died.value.exit_code < 0  # killed by a signal


def test_the_page_says_in_danish_that_the_check_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data_page_module, "CHECK_TASK", crash_like_a_native_parser)
    data_dir = tmp_path / "data"
    page = DataPage(data_dir)
    workbook = write_xlsx(tmp_path / "register.xlsx", valid_register())
    page.check([{"name": "register.xlsx", "content": workbook.read_bytes()}])
    assert "Kontrollen stoppede uventet" in page.message.value
    assert "datamappen er uændret" in page.message.value
    assert page.import_button.disabled
    assert not data_dir.exists() or not any(data_dir.glob("v*"))
