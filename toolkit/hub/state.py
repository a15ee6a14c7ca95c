"""The hub's state folder: its database, cookie secret, users file and roles file.

Private (0700): the cookie secret signs every login, the users file holds password hashes.
Standard library only, so ``tvaerblik hub-user`` runs without JupyterHub.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_STATE_DIR = Path(".tvaerblik-hub")
STATE_DIR_ENV = "TVAERBLIK_HUB_STATE"
ROLES_FILE_HEADER = """\
# Tværbliks roller: hvem må hvad (README.md, «Mange brugere»).
# [brugere.NAVN] rolle = "leder" | "controller" | "sekretaer" | "admin", afdelinger = ["SOC"]
# [grupper.NAVN] det samme for en gruppe fra kommunens single sign-on.
"""


def state_dir(explicit: str | None = None) -> Path:
    """``--state MAPPE`` wins, then ``TVAERBLIK_HUB_STATE``, then ``./.tvaerblik-hub``."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(STATE_DIR_ENV) or DEFAULT_STATE_DIR)


def users_file(state: Path) -> Path:
    return state / "users.json"


def roles_file(state: Path) -> Path:
    return state / "roles.toml"


def make_state_dir(state: Path) -> Path:
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    state.chmod(0o700)  # the cookie secret and the password hashes live here
    roles = roles_file(state)
    if not roles.exists():
        roles.write_text(ROLES_FILE_HEADER, encoding="utf-8")
        roles.chmod(0o600)
    return state.resolve()
