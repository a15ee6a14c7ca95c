"""Start the dashboards: Voilà over ``dashboards/`` on 127.0.0.1, configured by ``voila.json``.

The Voilà settings (template, preheated kernels, kernel culling, no tracebacks) live in the
committed ``voila.json`` at the project root; this module only adds what depends on the call:
host, port, the data folder (``TVAERBLIK_DATA`` for the kernels) and where the offline page
template is (``share/jupyter`` on ``JUPYTER_PATH``). Voilà has no login of its own, so it
listens on the loopback interface unless the caller names another host explicitly.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DASHBOARDS_DIR = PROJECT_ROOT / "dashboards"
VOILA_CONFIG = PROJECT_ROOT / "voila.json"
JUPYTER_DATA_DIR = PROJECT_ROOT / "share" / "jupyter"  # holds voila/templates/tvaerblik

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
STARTUP_TIMEOUT_S = 120.0  # Voilà starts in 2-5 s; a cold, busy machine may need more
SHUTDOWN_TIMEOUT_S = 20.0


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``: addresses only this machine can reach."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _url_host(host: str) -> str:
    """The host as it goes in a URL: IPv6 addresses in brackets."""
    bare = host.strip("[]")
    return f"[{bare}]" if ":" in bare else bare


def url(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    """The address people open; the folder page there forwards to the Forside."""
    return f"http://{_url_host(host)}:{port}/"


def _is_wildcard(host: str) -> bool:
    """0.0.0.0 and :: bind every interface of the machine."""
    return host.strip("[]") in ("0.0.0.0", "::", "")


def _connect_host(host: str) -> str:
    """Where this machine reaches a server bound to ``host`` (wildcards mean loopback)."""
    bare = host.strip("[]")
    if _is_wildcard(bare):
        return "::1" if bare == "::" else "127.0.0.1"
    return bare


def voila_command(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, settings: Sequence[str] = ()
) -> list[str]:
    """The Voilà command line; every other setting comes from ``voila.json``.

    ``settings`` are further ``--Class.trait=value`` options; they win over ``voila.json``
    (tests use them to shorten the culling times).
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(DASHBOARDS_DIR),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        "--Voila.open_browser=False",
        *settings,
    ]


def voila_env(data_dir: Path, host: str = DEFAULT_HOST) -> dict[str, str]:
    """Environment for Voilà and, through it, for every kernel it starts."""
    env = dict(os.environ)
    env["TVAERBLIK_DATA"] = str(Path(data_dir).expanduser().resolve())
    jupyter_path = [str(JUPYTER_DATA_DIR)]
    if env.get("JUPYTER_PATH"):
        jupyter_path.append(env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
    # A preheated kernel waits for its visitor over a websocket to this address.
    env["VOILA_APP_IP"] = _url_host(_connect_host(host))
    return env


def start_voila(
    data_dir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    output: int | IO[bytes] | None = None,
    new_session: bool = False,
    settings: Sequence[str] = (),
) -> subprocess.Popen[bytes]:
    """Start Voilà in the project root (where ``voila.json`` is) and return the process.

    ``output`` receives Voilà's log (default: this terminal); ``new_session`` puts Voilà and
    its kernels in a process group of their own, so a test can end them all; ``settings``
    go on Voilà's command line.
    """
    return subprocess.Popen(
        voila_command(host, port, settings),
        cwd=PROJECT_ROOT,
        env=voila_env(data_dir, host),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=output,
        start_new_session=new_session,
    )


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True


def wait_until_listening(
    proc: subprocess.Popen[bytes], host: str, port: int, timeout: float = STARTUP_TIMEOUT_S
) -> bool:
    """Poll the port until it accepts connections; False if the process ends or time runs out."""
    target = _connect_host(host)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection((target, port), timeout=1):
            return True
        time.sleep(0.2)
    return False


def stop(proc: subprocess.Popen[bytes], timeout: float = SHUTDOWN_TIMEOUT_S) -> int:
    """Ask Voilà to stop (it then shuts its kernels down); kill it if it does not."""
    if proc.poll() is None:
        proc.terminate()
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


@contextlib.contextmanager
def _terminate_on_sigterm(proc: subprocess.Popen[bytes]) -> Iterator[None]:
    """A service manager's SIGTERM to us is passed on, so Voilà's kernels don't linger."""

    def handler(signum: int, frame: FrameType | None) -> None:
        proc.terminate()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _has_display() -> bool:
    """A desktop to open a browser on; without one, ``webbrowser`` may start a text browser
    (lynx, w3m) that takes over the terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _say(message: str) -> None:
    print(message, flush=True)


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(
    data_dir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
) -> int:
    """Run the dashboards until Ctrl+C; the exit code is 0 after a normal stop."""
    host = host.strip()
    if not host:
        _warn("Angiv en adresse med --host, fx 127.0.0.1.")
        return 2
    if not DASHBOARDS_DIR.is_dir() or not VOILA_CONFIG.is_file():
        _warn(
            f"Tværblik finder ikke mappen dashboards/ og voila.json i {PROJECT_ROOT}. "
            "Start Tværblik fra en udpakket kopi af projektet (make run)."
        )
        return 2
    if not is_loopback(host):
        _warn(
            f"ADVARSEL: Tværblik lytter nu på {host}, ikke kun på denne maskine. Voilà har "
            "intet login: alle, der kan nå adressen, kan se tallene. Brug det kun bag "
            "kommunens login (JupyterHub eller en reverse proxy med godkendelse), se README.md."
        )
    if not port_is_free(host, port):
        _warn(
            f"Port {port} er optaget på {host}. Stop det program, der bruger den, "
            "eller vælg en anden port med --port."
        )
        return 1

    proc = start_voila(Path(data_dir), host, port)
    with _terminate_on_sigterm(proc):
        try:
            if not wait_until_listening(proc, host, port):
                _warn("Voilà startede ikke. Se fejlbeskeden ovenfor.")
                stop(proc)
                return 1
            address = url(_connect_host(host), port)
            everywhere = " (og på maskinens andre adresser)" if _is_wildcard(host) else ""
            _say(f"Tværblik kører på {address}{everywhere} — stop med Ctrl+C")
            if open_browser and _has_display():
                webbrowser.open(address)
            code = proc.wait()
        except KeyboardInterrupt:
            # Ctrl+C reached Voilà too (same process group): let it shut its kernels down.
            stop(proc)
            _say("Tværblik er stoppet.")
            return 0
    return 0 if code in (0, -signal.SIGTERM) else code
