"""The Data page's check in a process of its own, so a workbook that kills its reader does not
kill the page.

A hostile or broken workbook can make a parser abort the whole process (a native crash is no
Python exception). Run in the page's kernel, that left the page waiting for ever. Here the
check runs in a fresh child process; its progress messages come back through a queue, and
if the child dies the page gets :class:`WorkerDied` and can say so in Danish.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["WorkerDied", "WorkerError", "run_check"]

POLL_S = 0.2


class WorkerDied(RuntimeError):
    """The child process ended without an answer (killed, or crashed inside a parser)."""

    def __init__(self, exit_code: int | None) -> None:
        super().__init__(f"the check process ended with exit code {exit_code}")
        self.exit_code = exit_code


class WorkerError(RuntimeError):
    """An exception in the child that could not be sent back as itself."""


def _child(task: Callable[..., Any], paths: Sequence[Path], data_dir: Path, out: Any) -> None:
    def progress(message: str) -> None:
        out.put(("progress", message))

    try:
        result = task(paths, data_dir, progress=progress)
    except Exception as exc:  # every failure goes back to the page
        try:
            pickle.dumps(exc)
            out.put(("error", exc))
        except Exception:  # an exception that cannot travel goes as text
            out.put(("error", WorkerError(str(exc))))
        return
    out.put(("result", result))


def run_check(
    task: Callable[..., Any],
    paths: Sequence[Path],
    data_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> Any:
    """``task(paths, data_dir, progress=…)`` in a fresh process; its result, its exception,
    or :class:`WorkerDied` when the process ended without either."""
    context = multiprocessing.get_context("spawn")  # a fork of a kernel would copy its sockets
    out = context.Queue()
    child = context.Process(target=_child, args=(task, list(paths), data_dir, out), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=POLL_S)
            except queue.Empty:
                if child.is_alive():
                    continue
                try:  # the answer may have arrived just as the child ended
                    kind, payload = out.get(timeout=POLL_S)
                except queue.Empty:
                    raise WorkerDied(child.exitcode) from None
            if kind == "progress":
                if progress is not None:
                    progress(payload)
                continue
            if kind == "error":
                raise payload
            return payload
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
        out.close()
