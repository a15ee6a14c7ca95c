"""Copies of workbooks with CPR numbers stay out of the shared temporary folder and never
outlive the process that made them (issue 11, point 4): the Data page's uploads and
`tvaerblik demo` write them to a private folder beside the data folder, remove them in every
path, and sweep what a killed kernel or process left behind at the next start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest

from tests.workbooks import valid_register, write_pair, write_xlsx
from toolkit import cli
from toolkit.ui.data_page import DataPage, Upload, written_to_private_folder
from toolkit.workbook.scratch import SCRATCH_FOLDER, private_folder


@pytest.fixture
def shared_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shared-tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)


def _leftover(data_dir: Path, purpose: str, pid: int) -> Path:
    """What a kernel killed in the middle of a check leaves: a folder with a register."""
    root = data_dir.resolve().parent / SCRATCH_FOLDER
    root.mkdir(mode=0o700, exist_ok=True)
    folder = root / f"{purpose}-{pid}-abc123"
    folder.mkdir(mode=0o700)
    write_xlsx(folder / "register.xlsx", valid_register())
    return folder


def test_uploads_go_to_a_private_folder_beside_the_data(data_dir: Path, shared_tmp: Path) -> None:
    upload = Upload("register.xlsx", b"PK fake")
    with written_to_private_folder([upload], data_dir) as paths:
        folder = paths[0].parent
        assert folder.parent == data_dir.resolve().parent / SCRATCH_FOLDER
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
        assert paths[0].read_bytes() == b"PK fake"
        assert not list(shared_tmp.iterdir())
    assert not folder.exists()


def test_the_copy_is_removed_when_the_check_fails(data_dir: Path) -> None:
    with pytest.raises(RuntimeError), private_folder(data_dir, "upload") as folder:
        (folder / "register.xlsx").write_bytes(b"x")
        raise RuntimeError("the check broke")
    assert not folder.exists()


def test_opening_the_data_page_sweeps_what_a_killed_kernel_left(data_dir: Path) -> None:
    dead = _leftover(data_dir, "upload", _dead_pid())
    alive = _leftover(data_dir, "upload", os.getpid())  # another page is checking right now
    DataPage(data_dir)
    assert not dead.exists()
    assert alive.exists()


def test_demo_writes_its_workbooks_beside_the_data_and_sweeps_leftovers(
    data_dir: Path,
    shared_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dead = _leftover(data_dir, "demo", _dead_pid())
    written: list[Path] = []

    def write_sample(out_dir: Path, scale: float, progress: object) -> list[Path]:
        written.append(out_dir)
        return list(write_pair(out_dir))

    monkeypatch.setitem(sys.modules, "toolkit.sample",
                        types.SimpleNamespace(write_sample=write_sample))  # fmt: skip
    assert cli.main(["--data", str(data_dir), "demo"]) == 0, capsys.readouterr()
    assert written[0].parent == data_dir.resolve().parent / SCRATCH_FOLDER
    assert not written[0].exists() and not dead.exists()
    assert not list(shared_tmp.iterdir())


_DEMO_THAT_HANGS = """
import sys, time, types
from pathlib import Path
from tests.workbooks import write_pair
from toolkit import cli

def write_sample(out_dir, scale, progress):
    write_pair(Path(out_dir))
    print(out_dir, flush=True)
    time.sleep(60)

sys.modules["toolkit.sample"] = types.SimpleNamespace(write_sample=write_sample)
sys.exit(cli.main(["--data", sys.argv[1], "demo"]))
"""


def test_a_terminated_demo_removes_its_workbooks(data_dir: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, "-c", _DEMO_THAT_HANGS, str(data_dir)],
                             cwd=root, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None
    folder = Path(child.stdout.readline().strip())
    assert (folder / "register.xlsx").exists()
    child.terminate()
    assert child.wait(timeout=30) == 128 + 15
    assert not folder.exists()
