"""``tvaerblik hub``: prepare the state folder, start JupyterHub, say where to go, stop cleanly."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

from toolkit import config as toolkit_config
from toolkit import formats
from toolkit.access import RolesFileError, read_roles
from toolkit.hub.config import PROXY_COMMAND, SETTINGS_FILE, HubSettings, homes_root
from toolkit.hub.memory_cap import find_cgroup_parent
from toolkit.hub.oidc import read_oidc_settings
from toolkit.hub.state import make_state_dir, roles_file, users_file
from toolkit.hub.users import read_users
from toolkit.serve import PROJECT_ROOT, is_loopback, port_is_free

STARTUP_TIMEOUT_S = 90.0
SHUTDOWN_TIMEOUT_S = 40.0  # the hub stops every user's server first


class HubStartError(Exception):
    """The hub cannot start; ``str()`` is one Danish sentence saying what to do."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def prepare(
    state: Path,
    data_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    oidc_file: Path | None = None,
    **overrides: Any,
) -> HubSettings:
    """Check what the hub needs and write its settings; :class:`HubStartError` if it can't."""
    if not PROXY_COMMAND.exists():
        raise HubStartError(
            "Hubbens proxy (configurable-http-proxy) er ikke installeret. "
            "Kør make hub (eller npm ci i projektmappen)."
        )
    if not port_is_free(host, port):
        raise HubStartError(f"Port {port} er optaget på {host}; vælg en anden med --port.")
    state = make_state_dir(state)
    homes_root(str(state)).mkdir(mode=0o700, exist_ok=True)  # users' names stay private
    try:
        read_roles(roles_file(state))
    except RolesFileError as exc:
        raise HubStartError(str(exc)) from exc
    oidc = read_oidc_settings(oidc_file) if oidc_file else None
    cgroup = find_cgroup_parent()
    settings = HubSettings(
        state_dir=str(state),
        data_dir=str(data_dir.expanduser().resolve()),
        key_file=str(toolkit_config.key_file().expanduser().resolve()),
        roles_file=str(roles_file(state)),
        users_file=str(users_file(state)),
        host=host,
        port=port,
        hub_port=free_port(),
        proxy_api_port=free_port(),
        cgroup_parent=str(cgroup) if cgroup else "",
        oidc=oidc,
    )
    settings = dataclasses.replace(settings, **overrides)
    settings.save(state / SETTINGS_FILE)
    return settings


def start_hub(
    settings: HubSettings, *, output: int | IO[bytes] | None = None, new_session: bool = False
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit.hub.run", str(Path(settings.state_dir) / SETTINGS_FILE)],
        cwd=settings.state_dir,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=output,
        start_new_session=new_session,
    )


def hub_url(settings: HubSettings) -> str:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "") else settings.host
    return f"http://{host}:{settings.port}/"


def wait_until_healthy(
    proc: subprocess.Popen[bytes], url: str, timeout: float = STARTUP_TIMEOUT_S
) -> bool:
    """The proxy answers 404 on /hub/health until the hub has added its route: wait for 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "hub/health", timeout=2):
            return True
        time.sleep(0.3)
    return False


def stop_hub(proc: subprocess.Popen[bytes], timeout: float = SHUTDOWN_TIMEOUT_S) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
        return proc.wait()


def _say(message: str) -> None:
    print(message, flush=True)


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def describe(settings: HubSettings) -> list[str]:
    """The start-up lines about limits and login, in Danish."""
    gib = formats.number(settings.mem_limit_bytes / 2**30, decimals=1)
    lines = []
    if settings.cgroup_parent:
        lines.append(f"Hukommelsesgrænse: {gib} GB pr. bruger (cgroup {settings.cgroup_parent}).")
    else:
        lines.append(
            "ADVARSEL: Hubben må ikke oprette cgroups her, så der er ingen hukommelsesgrænse pr. "
            "bruger (kun grænsen på antal servere og lukning af ubrugte servere)."
        )
    minutes = formats.number(settings.cull_timeout_s / 60, decimals=0)
    lines.append(
        f"Én server pr. bruger, højst {settings.max_servers} i alt; en server, der ikke er "
        f"brugt i {minutes} minutter, stoppes."
    )
    if settings.oidc:
        lines.append(f"Login: single sign-on ({settings.oidc.authorize_url}).")
    else:
        count = len(read_users(Path(settings.users_file)))
        lines.append(f"Login: lokale adgangskoder, {count} brugere ({settings.users_file}).")
        if count == 0:
            lines.append(
                "Der er ingen brugere endnu: tilføj en med "
                "tvaerblik hub-user add NAVN --rolle leder --afdeling SOC."
            )
    return lines


def run(settings: HubSettings) -> int:
    """Run the hub until Ctrl+C; 0 after a normal stop."""
    if not is_loopback(settings.host):
        _warn(
            f"ADVARSEL: Hubben lytter på {settings.host}. Brug kun det bag kommunens "
            "TLS-proxy: adgangskoder må ikke sendes uden kryptering."
        )
    for line in describe(settings):
        _say(line)
    _say("Starter JupyterHub …")
    started = time.monotonic()
    log = (Path(settings.state_dir) / "hub.log").open("ab")
    proc = start_hub(settings, output=log)
    # A service manager's SIGTERM to this command reaches the hub, which stops the servers.
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.send_signal(signal.SIGTERM))
    try:
        if not wait_until_healthy(proc, hub_url(settings)):
            _warn(f"Hubben startede ikke. Se loggen {settings.state_dir}/hub.log.")
            stop_hub(proc)
            return 1
        seconds = formats.number(time.monotonic() - started, decimals=1)
        _say(f"Tværblik (mange brugere) kører på {hub_url(settings)} efter {seconds} s.")
        _say(f"Log: {settings.state_dir}/hub.log — stop med Ctrl+C")
        code = proc.wait()
    except KeyboardInterrupt:
        _say("Stopper hubben og brugernes servere …")
        stop_hub(proc)
        _say("Hubben er stoppet.")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        log.close()
    return 0 if code in (0, -signal.SIGTERM) else code
