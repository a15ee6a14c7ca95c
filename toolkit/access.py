"""Who is using Tværblik and what their role lets them do.

Without JupyterHub (``make run``, the CLI) there is one person at the machine: every action
is allowed, as it always was. On a hub the user's server runs with ``JUPYTERHUB_USER`` and a
token for the hub's API; the user's groups come from ``GET $JUPYTERHUB_API_URL/user`` with
that token, never from the browser. The roles file (TOML, named by ``TVAERBLIK_ROLES_FILE``,
edited by the administrator) maps users and hub groups to a role and departments::

    [brugere.anna]
    rolle = "leder"
    afdelinger = ["SOC"]

    [grupper.controllere]
    rolle = "controller"

Resolution is explicit, not "most privileged wins": the user's own entry wins; otherwise the
first ``[grupper.…]`` entry in the file that names one of the user's groups. A ``leder`` must
have at least one department (the Afdeling page opens on the first); for the other roles no
departments means all. A hub user who matches nothing has no role and sees «Ingen adgang».

What each role may do (the pages themselves show suppressed numbers to everyone):

- ``leder``: the pages and «Hent briefing» (a briefing holds the same suppressed numbers as
  the pages); no upload, rollback or unsuppressed export.
- ``controller``: also import (upload) and rollback on the Data page, and unsuppressed exports.
- ``sekretaer``: the pages and «Hent briefing».
- ``admin``: users and roles. Not data: an administrator is no controller.

Failing closed: if the hub's API cannot be reached the user has no groups; if the roles file is
missing or wrong, :func:`current_identity` raises :class:`RolesFileError` (the page shows it)
and :func:`allowed` / :func:`require` refuse.

The checks belong in the kernel-side callbacks: a hidden button can still be "clicked" by a
crafted comm message. This module imports only the standard library.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from toolkit import formats

log = logging.getLogger(__name__)

ROLES = ("leder", "controller", "sekretaer", "admin")
ROLES_FILE_ENV = "TVAERBLIK_ROLES_FILE"
HUB_USER_ENV = "JUPYTERHUB_USER"
HUB_API_TIMEOUT_SECONDS = 3.0


class Action(StrEnum):
    IMPORT = "import"
    ROLLBACK = "rollback"
    BRIEFING = "briefing"
    UNSUPPRESSED_EXPORT = "unsuppressed_export"
    MANAGE_USERS = "manage_users"


PERMISSIONS: Mapping[Action, frozenset[str]] = {
    Action.IMPORT: frozenset({"controller"}),
    Action.ROLLBACK: frozenset({"controller"}),
    Action.BRIEFING: frozenset({"leder", "controller", "sekretaer"}),
    Action.UNSUPPRESSED_EXPORT: frozenset({"controller"}),
    Action.MANAGE_USERS: frozenset({"admin"}),
}

# "Din rolle … må ikke <verb phrase>" and "… må kun <who>".
_ACTION_PHRASES: Mapping[Action, str] = {
    Action.IMPORT: "indlæse regneark",
    Action.ROLLBACK: "gå tilbage til en tidligere version",
    Action.BRIEFING: "hente en briefing",
    Action.UNSUPPRESSED_EXPORT: "hente tal, der ikke er diskretioneret",
    Action.MANAGE_USERS: "ændre brugere og roller",
}
# The role as a reader sees it: «sekretær», never the file's code «sekretaer».
ROLE_LABELS: Mapping[str, str] = {
    "leder": "leder",
    "controller": "controller",
    "sekretaer": "sekretær",
    "admin": "administrator",
}
_ROLE_PLURALS: Mapping[str, str] = {
    "leder": "ledere",
    "controller": "controllere",
    "sekretaer": "sekretærer",
    "admin": "administratorer",
}
_ENTRY_KEYS = frozenset({"rolle", "afdelinger"})
_SECTIONS = {"brugere": "bruger", "grupper": "gruppe"}


class RolesFileError(ValueError):
    """The roles file is missing or wrong; ``str()`` is one Danish sentence naming the file."""


class AccessDenied(PermissionError):
    """An action the user's role does not allow; ``str()`` is one Danish sentence."""


@dataclass(frozen=True)
class RoleEntry:
    role: str
    departments: tuple[str, ...]


@dataclass(frozen=True)
class Roles:
    users: Mapping[str, RoleEntry]
    groups: Mapping[str, RoleEntry]  # in file order: the first matching group wins

    def resolve(self, user: str, groups: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
        """The user's role and departments: their own entry, else the first matching group."""
        own = self.users.get(user)
        if own is not None:
            return own.role, own.departments
        member_of = set(groups)
        for group, entry in self.groups.items():
            if group in member_of:
                return entry.role, entry.departments
        return None, ()


@dataclass(frozen=True)
class Identity:
    user: str
    groups: tuple[str, ...]
    role: str | None
    departments: tuple[str, ...]  # empty: all (a leder always has at least one)
    on_hub: bool


def read_roles(path: str | os.PathLike[str]) -> Roles:
    """Parse and check the roles file; :class:`RolesFileError` in Danish when it is wrong."""
    where = Path(path)
    try:
        document = tomllib.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RolesFileError(f"Rollefilen {where} findes ikke.") from exc
    except OSError as exc:
        raise RolesFileError(f"Rollefilen {where} kan ikke læses ({exc.strerror}).") from exc
    except UnicodeDecodeError as exc:
        raise RolesFileError(f"Rollefilen {where} er ikke gemt som UTF-8.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RolesFileError(f"Rollefilen {where} er ikke gyldig TOML: {exc}.") from exc
    unknown = sorted(set(document) - set(_SECTIONS))
    if unknown:
        raise RolesFileError(
            f"Rollefilen {where}: ukendt afsnit {_quoted(unknown)}; "
            "kun [brugere.NAVN] og [grupper.NAVN] er tilladt."
        )
    sections = {
        section: _entries(where, section, document.get(section, {})) for section in _SECTIONS
    }
    for name in sections["brugere"]:
        if name != name.lower():
            raise RolesFileError(
                f"Rollefilen {where}: brugere.{name}: JupyterHub skriver brugernavne med små "
                f"bogstaver; skriv [brugere.{name.lower()}]."
            )
    return Roles(users=sections["brugere"], groups=sections["grupper"])


def _entries(where: Path, section: str, table: object) -> dict[str, RoleEntry]:
    if not isinstance(table, dict):
        raise RolesFileError(
            f"Rollefilen {where}: «{section}» skal være tabeller som [{section}.NAVN]."
        )
    return {
        str(name): _entry(where, f"{section}.{name}", _SECTIONS[section], value)
        for name, value in table.items()
    }


def _entry(where: Path, label: str, kind: str, value: object) -> RoleEntry:
    if not isinstance(value, dict):
        raise RolesFileError(
            f"Rollefilen {where}: {label} skal være en tabel med rolle og afdelinger."
        )
    unknown = sorted(set(value) - _ENTRY_KEYS)
    if unknown:
        raise RolesFileError(
            f"Rollefilen {where}: {label}: ukendt nøgle {_quoted(unknown)}; "
            "kun «rolle» og «afdelinger» er tilladt."
        )
    role = value.get("rolle")
    if role is None:
        raise RolesFileError(f"Rollefilen {where}: {label} mangler «rolle».")
    if role not in ROLES:
        raise RolesFileError(
            f"Rollefilen {where}: {label}: ukendt rolle {_quoted([str(role)])}; "
            f"kendte roller er {', '.join(ROLES)}."
        )
    departments = _departments(where, label, value.get("afdelinger", []))
    if role == "leder" and not departments:
        raise RolesFileError(
            f"Rollefilen {where}: {label} er leder og skal have mindst én afdeling "
            '(fx afdelinger = ["SOC"]).'
        )
    return RoleEntry(role=str(role), departments=departments)


def _departments(where: Path, label: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RolesFileError(
            f'Rollefilen {where}: {label}: «afdelinger» skal være en liste, fx ["SOC"].'
        )
    codes: list[str] = []
    for code in value:
        if not isinstance(code, str) or not code.strip():
            raise RolesFileError(
                f"Rollefilen {where}: {label}: afdelingskoden {code!r} er ikke en tekst; "
                'skriv koden i anførselstegn, fx "SOC".'
            )
        codes.append(code.strip())
    return tuple(dict.fromkeys(codes))


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"«{name}»" for name in names)


def hub_user() -> str | None:
    """The hub's name for the logged-in user, None outside a hub."""
    return os.environ.get(HUB_USER_ENV) or None


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "ukendt"


_hub_groups_cache: dict[tuple[str, str, str], tuple[str, ...]] = {}


def hub_groups(user: str) -> tuple[str, ...]:
    """The user's groups as the hub's API reports them; () when the API cannot say.

    An answer is kept for the kernel's life; a failure is not, so a hub that was briefly
    down does not lock the user out until the page is reloaded.
    """
    api_url = os.environ.get("JUPYTERHUB_API_URL", "")
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not api_url or not token:
        return ()
    key = (api_url, token, user)
    if key not in _hub_groups_cache:
        answer = _ask_hub(api_url.rstrip("/") + "/user", token)
        if answer is None or answer.get("name") != user:
            return ()
        groups = answer.get("groups")
        if not isinstance(groups, list):
            return ()
        _hub_groups_cache[key] = tuple(str(group) for group in groups)
    return _hub_groups_cache[key]


def _ask_hub(url: str, token: str) -> dict[str, Any] | None:
    import urllib.request  # only on a hub: every command imports this module

    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=HUB_API_TIMEOUT_SECONDS) as response:
            answer = json.load(response)
    except (OSError, ValueError) as exc:  # URLError, timeouts and bad JSON alike
        log.warning("Hubbens API svarede ikke (%s): brugeren får ingen grupper.", exc)
        return None
    return answer if isinstance(answer, dict) else None


def current_identity() -> Identity:
    """Who is using this kernel; raises :class:`RolesFileError` on a hub with a bad roles file."""
    user = hub_user()
    if user is None:
        return Identity(user=os_user(), groups=(), role=None, departments=(), on_hub=False)
    groups = hub_groups(user)
    roles_file = os.environ.get(ROLES_FILE_ENV)
    if not roles_file:
        raise RolesFileError(
            f"Tværblik kører på JupyterHub, men {ROLES_FILE_ENV} peger ikke på en rollefil."
        )
    role, departments = read_roles(roles_file).resolve(user, groups)
    return Identity(user=user, groups=groups, role=role, departments=departments, on_hub=True)


def allowed(action: Action, identity: Identity | None = None) -> bool:
    try:
        require(action, identity)
    except AccessDenied:
        return False
    return True


def refusal(action: Action, identity: Identity | None = None) -> str:
    """Why the user may not do ``action``, one Danish sentence; "" when they may."""
    try:
        require(action, identity)
    except AccessDenied as denied:
        return str(denied)
    return ""


def require(action: Action, identity: Identity | None = None) -> Identity:
    """The identity when its role allows ``action``; :class:`AccessDenied` otherwise."""
    if identity is None:
        try:
            identity = current_identity()
        except RolesFileError as exc:
            raise AccessDenied(str(exc)) from exc
    if not identity.on_hub:
        return identity
    if identity.role is None:
        raise AccessDenied(
            f"Du er logget ind som {identity.user}, men har ingen rolle i Tværblik; "
            "en administrator skal give dig en."
        )
    if identity.role not in PERMISSIONS[action]:
        who = formats.listing(
            [_ROLE_PLURALS[role] for role in ROLES if role in PERMISSIONS[action]]
        )
        raise AccessDenied(
            f"Din rolle ({ROLE_LABELS[identity.role]}) må ikke {_ACTION_PHRASES[action]}; "
            f"det må kun {who}."
        )
    return identity
