"""A private scratch folder for copies of workbooks, which hold CPR numbers.

The Data page writes uploads to disk for the reader, and ``tvaerblik demo`` writes the
sample workbooks before importing them. Such copies never go to the shared temporary folder
(/tmp), where a killed kernel or process would leave them for anyone to read: they go to
``.tvaerblik-tmp`` beside the data folder (never inside it), readable by its owner only,
one folder per use named after the process that made it. A folder is removed when its use
ends, whatever happens; what a process killed outright (``kill -9``, a culled kernel) left
behind is swept by the next one to start, since its process no longer exists.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

SCRATCH_FOLDER = ".tvaerblik-tmp"
_PRIVATE = 0o700

log = logging.getLogger(__name__)


def scratch_root(data_dir: Path) -> Path:
    """The scratch folder for ``data_dir``, created readable by its owner only.

    Beside the data folder; where its parent cannot be written, in the user's cache folder.
    """
    beside = data_dir.expanduser().resolve().parent / SCRATCH_FOLDER
    try:
        return _private_dir(beside)
    except OSError:
        cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return _private_dir(Path(cache) / "tvaerblik" / "tmp")


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=_PRIVATE, parents=True, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise PermissionError(f"{path} is not a folder of this user")
    if stat.S_IMODE(info.st_mode) != _PRIVATE:
        path.chmod(_PRIVATE)
    return path


@contextlib.contextmanager
def private_folder(data_dir: Path, purpose: str) -> Iterator[Path]:
    """A new, empty folder (mode 0700) for one use, removed afterwards in every case."""
    root = scratch_root(data_dir)
    sweep(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{purpose}-{os.getpid()}-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_leftovers(data_dir: Path) -> None:
    """Remove what killed processes left in the scratch folder of ``data_dir``."""
    try:
        sweep(scratch_root(data_dir))
    except OSError:
        log.warning("Den midlertidige mappe til regneark kunne ikke ryddes op", exc_info=True)


def sweep(root: Path) -> list[Path]:
    """Remove the folders in ``root`` whose process has ended; the removed folders."""
    removed = []
    for folder in root.iterdir():
        pid = _owner_pid(folder.name)
        if pid is None or _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _owner_pid(name: str) -> int | None:
    parts = name.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True
