"""A stand-in for JupyterHub's API, for in-process tests of roles: a tiny HTTP server on a
free local port that answers ``GET /user`` for the token's owner, and the environment a
user's server gets from the hub (name, API address and token, roles file)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from toolkit import access

TOKEN = "test-token-0123456789"
ROLES = """\
[brugere.anna]
rolle = "leder"
afdelinger = ["SUND", "SOC"]

[brugere.bo]
rolle = "controller"

[grupper.sekretariat]
rolle = "sekretaer"

[grupper.it]
rolle = "admin"
"""


class FakeHub:
    """Answers ``GET /user`` with ``name`` and ``groups`` for the right token, 403 otherwise."""

    def __init__(self, name: str, groups: Sequence[str]) -> None:
        self.name, self.groups = name, list(groups)
        self.requests = 0
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hub.requests += 1
                if self.path != "/user" or self.headers.get("Authorization") != f"token {TOKEN}":
                    self.send_error(403)
                    return
                body = json.dumps({"name": hub.name, "groups": hub.groups, "admin": False})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *_args: object) -> None:  # quiet test output
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeHub:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port_url() -> str:
    """An address where nothing listens: a hub that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def set_hub_env(
    monkeypatch: pytest.MonkeyPatch, user: str, api_url: str, roles_file: Path | None
) -> None:
    """The environment JupyterHub gives a user's server (and its kernels)."""
    monkeypatch.setenv("JUPYTERHUB_USER", user)
    monkeypatch.setenv("JUPYTERHUB_API_URL", api_url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", TOKEN)
    if roles_file is None:
        monkeypatch.delenv(access.ROLES_FILE_ENV, raising=False)
    else:
        monkeypatch.setenv(access.ROLES_FILE_ENV, str(roles_file))
    monkeypatch.setattr(access, "_hub_groups_cache", {})  # a new kernel asks the hub afresh


@contextlib.contextmanager
def logged_in(
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    user: str,
    groups: Sequence[str] = (),
    roles: str = ROLES,
) -> Iterator[FakeHub]:
    """Run the block as ``user`` (in ``groups``) on a hub whose roles file holds ``roles``."""
    roles_file = folder / "roller.toml"
    roles_file.write_text(roles, encoding="utf-8")
    with FakeHub(user, groups) as hub:
        set_hub_env(monkeypatch, user, hub.url, roles_file)
        yield hub
