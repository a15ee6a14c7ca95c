"""The JupyterHub configuration for Tværblik, built from :class:`HubSettings`.

Everything listens on 127.0.0.1 unless told otherwise (a server goes behind the
municipality's TLS reverse proxy). Each user gets one server, standalone Voilà
(``toolkit.hub.launcher``) in a short home folder; the hub's database and cookie secret live
in the private state folder; idle servers are stopped by jupyterhub-idle-culler, idle kernels
by Voilà; logging out stops the user's server.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traitlets.config import Config

from toolkit.access import ROLES_FILE_ENV
from toolkit.hub.authenticator import FilePasswordAuthenticator
from toolkit.hub.memory_cap import MemoryCappedSpawner
from toolkit.hub.oidc import OidcSettings, apply_oidc
from toolkit.serve import JUPYTER_DATA_DIR, PROJECT_ROOT

HUB_SHARE = PROJECT_ROOT / "share" / "hub"
VOILA_CONFIG_DIR = HUB_SHARE / "config"  # the multi-user voila.json
TEMPLATES_DIR = HUB_SHARE / "templates"  # the hub's pages in Danish
PROXY_COMMAND = PROJECT_ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
SETTINGS_FILE = "hub-settings.json"
GIB = 2**30


@dataclass(frozen=True)
class HubSettings:
    state_dir: str
    data_dir: str
    key_file: str
    roles_file: str
    users_file: str
    host: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    cull_timeout_s: int = 1800  # a server nobody used for 30 minutes is stopped
    cull_every_s: int = 300
    activity_interval_s: int = 300  # how often servers report activity to the hub
    # per user, server and all its kernels: every page open takes 1.4 GiB, a briefing more
    mem_limit_bytes: int = 2 * GIB
    cgroup_parent: str = ""  # "" when the hub may not create cgroups: no cap
    max_servers: int = 40  # the whole machine
    oidc: OidcSettings | None = field(default=None)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(dataclasses.asdict(self), indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> HubSettings:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        oidc = raw.pop("oidc", None)
        if oidc:
            oidc["allowed_groups"] = tuple(oidc["allowed_groups"])
        return cls(**raw, oidc=OidcSettings(**oidc) if oidc else None)


def homes_root(state_dir: str) -> Path:
    """The users' home folders: short, one folder per state folder (see :func:`runtime_dir`)."""
    digest = hashlib.sha256(str(Path(state_dir).resolve()).encode()).hexdigest()[:8]
    return Path("/tmp") / f"tvaerblik-{digest}"


def runtime_dir(root: Path) -> Callable[[Any], str]:
    """Kernels' ipc sockets live in the Jupyter runtime folder, and a Unix socket path longer
    than 107 bytes fails («File name too long»); named by the user's number, not their name,
    it stays short for every name."""

    def for_spawner(spawner: Any) -> str:
        return str(root / f"run-{spawner.user.id}")

    return for_spawner


def user_environment(settings: HubSettings) -> dict[str, str | Callable[[Any], str]]:
    """What every user's server (and its kernels) gets besides the hub's own variables."""
    return {
        "JUPYTER_RUNTIME_DIR": runtime_dir(homes_root(settings.state_dir)),
        "TVAERBLIK_DATA": settings.data_dir,
        "TVAERBLIK_KEY_FILE": settings.key_file,
        ROLES_FILE_ENV: settings.roles_file,
        "JUPYTER_PATH": str(JUPYTER_DATA_DIR),
        "JUPYTER_CONFIG_PATH": str(VOILA_CONFIG_DIR),
        "VOILA_APP_IP": "127.0.0.1",  # preheated kernels wait for their visitor here
        "JUPYTERHUB_ACTIVITY_INTERVAL": str(settings.activity_interval_s),
    }


def culler_service(settings: HubSettings) -> dict[str, Any]:
    return {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={settings.cull_timeout_s}",
            f"--cull-every={settings.cull_every_s}",
        ],
    }


CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]


def build_config(settings: HubSettings) -> Config:
    c = Config()
    state = Path(settings.state_dir)
    hub = c.JupyterHub
    hub.ip = settings.host
    hub.port = settings.port
    hub.hub_ip = "127.0.0.1"
    hub.hub_port = settings.hub_port
    hub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    hub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    hub.pid_file = str(state / "jupyterhub.pid")
    hub.template_paths = [str(TEMPLATES_DIR)]
    hub.implicit_spawn_seconds = 0.5  # /user/NAVN/… starts the server without a button
    hub.shutdown_on_logout = True  # logging out stops the server and its kernels
    hub.allow_named_servers = False  # one server per user
    hub.active_server_limit = settings.max_servers
    hub.concurrent_spawn_limit = 10
    hub.last_activity_interval = min(300, settings.activity_interval_s)
    hub.services = [culler_service(settings)]
    hub.load_roles = [{"name": "idle-culler", "scopes": CULLER_SCOPES, "services": ["idle-culler"]}]

    proxy = c.ConfigurableHTTPProxy
    proxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    proxy.command = [str(PROXY_COMMAND)]
    proxy.pid_file = str(state / "jupyterhub-proxy.pid")

    hub.spawner_class = MemoryCappedSpawner
    c.MemoryCappedSpawner.home_dir_template = str(homes_root(settings.state_dir) / "{username}")
    c.MemoryCappedSpawner.cgroup_parent = settings.cgroup_parent
    spawner = c.Spawner
    spawner.cmd = [sys.executable, "-m", "toolkit.hub.launcher"]
    spawner.args = []
    spawner.environment = user_environment(settings)
    spawner.mem_limit = settings.mem_limit_bytes
    spawner.start_timeout = 120
    spawner.http_timeout = 120

    c.Authenticator.admin_users = set()  # a hub admin could open every user's pages as them
    if settings.oidc is None:
        hub.authenticator_class = FilePasswordAuthenticator
        c.FilePasswordAuthenticator.users_file = settings.users_file
    else:
        apply_oidc(c, settings.oidc)
    return c
