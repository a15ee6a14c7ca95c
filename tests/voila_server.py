"""Voilà as ``tvaerblik serve`` starts it (same command, ``voila.json``, template and
environment), on a free loopback port against a given data folder, always ended together with
its kernels: for the dashboard tests and the browser tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from toolkit import serve

START_TIMEOUT_S = 120.0  # cold start on a busy CI machine; typically 3-5 s
PAGE_TIMEOUT_S = 120.0  # a page is rendered during the request; the Forside takes ~1-3 s


@dataclass
class Server:
    base: str
    proc: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str = "", timeout: float = PAGE_TIMEOUT_S) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def running_voila(data_dir: Path, tmp_path: Path, settings: Sequence[str] = ()) -> Iterator[Server]:
    """Voilà as ``tvaerblik serve`` starts it; ``settings`` are extra ``--Class.trait=value``."""
    port = free_port()
    log = tmp_path / "voila.log"
    with log.open("wb") as sink:
        proc = serve.start_voila(
            data_dir, "127.0.0.1", port, output=sink, new_session=True, settings=settings
        )
        try:
            if not serve.wait_until_listening(proc, "127.0.0.1", port, START_TIMEOUT_S):
                pytest.fail("Voilà did not start:\n" + log.read_text(errors="replace")[-4000:])
            yield Server(serve.url("127.0.0.1", port), proc, log)
        finally:
            serve.stop(proc)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # kernels left behind, if any
