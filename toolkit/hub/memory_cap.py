"""A memory cap per user: the user's server and every kernel it starts share one cgroup.

JupyterHub's local spawners do not enforce ``Spawner.mem_limit`` (they only export
``MEM_LIMIT``), and a per-process rlimit cannot cap a server plus its kernels. So the spawner
makes ``<parent>/tvaerblik-<user>`` in the hub's own memory cgroup, sets the limit there
(swap included on cgroup v1) and moves the server into it before it starts; the kernels
inherit it. Past the cap the kernel of that user is killed, never the hub or anyone else.
Where the hub may not create cgroups (no delegation), :func:`find_cgroup_parent` says so and
the hub runs without a cap.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import Unicode

CGROUP_ROOT = Path("/sys/fs/cgroup")


def _limit_files(group: Path) -> tuple[str, ...]:
    """cgroup v2 names the limit ``memory.max``; v1 ``memory.limit_in_bytes`` (+ swap)."""
    if (group / "memory.max").exists():
        return ("memory.max",)
    return ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes")


def own_memory_cgroup(proc_cgroup: str, root: Path = CGROUP_ROOT) -> Path | None:
    """This process's memory cgroup folder from the text of ``/proc/self/cgroup``."""
    for line in proc_cgroup.splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return root / "memory" / path.lstrip("/")
        if controllers == "" and (root / "cgroup.controllers").exists():
            return root / path.lstrip("/")
    return None


def find_cgroup_parent() -> Path | None:
    """A cgroup the hub may create capped children in, proven by creating one; else None."""
    try:
        parent = own_memory_cgroup(Path("/proc/self/cgroup").read_text())
    except OSError:
        return None
    if parent is None:
        return None
    probe = parent / f"tvaerblik-probe-{os.getpid()}"
    try:
        probe.mkdir()
    except OSError:
        return None
    try:
        files = _limit_files(probe)
        (probe / files[0]).write_text(str(2**40))
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()
    return parent


class MemoryCappedSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner with ``mem_limit`` enforced through a cgroup when
    ``cgroup_parent`` is set (the hub found one it may use); without it, unchanged."""

    cgroup_parent = Unicode("", config=True, help="a memory cgroup the hub may create groups in")

    def _cgroup(self) -> Path:
        return Path(self.cgroup_parent) / f"tvaerblik-{self.user.name}"

    def _capped(self) -> bool:
        return bool(self.cgroup_parent and self.mem_limit)

    async def start(self) -> Any:
        if self._capped():
            group = self._cgroup()
            group.mkdir(exist_ok=True)
            for name in _limit_files(group):
                with contextlib.suppress(FileNotFoundError):  # v1 without swap accounting
                    (group / name).write_text(str(int(self.mem_limit)))
        return await super().start()

    def make_preexec_fn(self, name: str) -> Any:
        inner = super().make_preexec_fn(name)
        procs = self._cgroup() / "cgroup.procs" if self._capped() else None

        def preexec() -> None:
            if procs is not None:
                procs.write_text(str(os.getpid()))  # the server joins; its kernels inherit it
            inner()

        return preexec

    async def stop(self, now: bool = False) -> None:
        await super().stop(now=now)
        if self._capped():
            with contextlib.suppress(OSError):
                self._cgroup().rmdir()
