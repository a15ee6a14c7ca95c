"""The hub's local users: a JSON file of scrypt hashes, and their entries in the roles file.

Written only by ``tvaerblik hub-user`` (an administrator at the machine), read by the
password authenticator at every login, so adding or removing a user needs no restart. The
users file is private (0600) and replaced atomically; it never holds a password, only
``scrypt$n$r$p$salt$digest``. Standard library only: ``hub-user`` works without JupyterHub.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path

from toolkit.access import ROLES, RolesFileError, read_roles

# scrypt cost: about 60 ms and 16 MiB per check on this project's machines.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
HASH_BYTES = 32
MIN_PASSWORD_LENGTH = 10
# JupyterHub lower-cases names; letters, digits, dot, dash and underscore keep them safe in
# a URL (/user/NAME/), a home folder and a TOML key.
USER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class HubUserError(ValueError):
    """A user or password the command cannot accept; ``str()`` is one Danish sentence."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, digest)]
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encoded[0]}${encoded[1]}"


def password_matches(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored hash; False for a broken hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        got = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=HASH_BYTES, maxmem=2**26
    )


def check_user_name(name: str) -> str:
    if not USER_NAME.fullmatch(name):
        raise HubUserError(
            f"Brugernavnet «{name}» kan ikke bruges: skriv små bogstaver (a-z), tal, punktum, "
            "bindestreg eller understreg, højst 64 tegn, fx anna.berg."
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise HubUserError(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    return password


def read_users(path: Path) -> dict[str, str]:
    """User name → stored hash; an absent file means no users yet."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise HubUserError(f"Brugerfilen {path} kan ikke læses ({exc}).") from exc
    if not isinstance(document, dict):
        raise HubUserError(f"Brugerfilen {path} er ikke en tabel af brugere.")
    return {
        str(name): str(entry["adgangskode"])
        for name, entry in document.items()
        if isinstance(entry, dict) and "adgangskode" in entry
    }


def write_users(path: Path, users: dict[str, str]) -> None:
    document = {name: {"adgangskode": users[name]} for name in sorted(users)}
    _replace_privately(path, json.dumps(document, indent=1, ensure_ascii=False) + "\n")


def _replace_privately(path: Path, text: str) -> None:
    """Write beside the target with mode 0600, then rename over it: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).chmod(0o600)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- the roles file: [brugere.NAVN] tables edited in place, comments and groups kept --------


def _table_of(line: str) -> tuple[str, ...] | None:
    """The table a header line opens, e.g. ``[brugere."anna.berg"]`` → (brugere, anna.berg)."""
    stripped = line.strip()
    if not stripped.startswith("[") or stripped.startswith("[["):
        return None
    try:
        parsed = tomllib.loads(stripped)
    except tomllib.TOMLDecodeError:
        return None
    keys: list[str] = []
    node: object = parsed
    while isinstance(node, dict) and len(node) == 1:
        key = next(iter(node))
        keys.append(key)
        node = node[key]
    return tuple(keys)


def _without_user(lines: Sequence[str], name: str) -> list[str]:
    kept: list[str] = []
    skipping = False
    for line in lines:
        table = _table_of(line)
        if table is not None:
            skipping = table == ("brugere", name)
        if not skipping:
            kept.append(line)
    return kept


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def set_user_role(path: Path, name: str, role: str, departments: Sequence[str]) -> None:
    """Give ``name`` its own ``[brugere.NAVN]`` entry; the file is checked before it replaces
    the old one, so a mistake never leaves a roles file that locks everyone out."""
    if role not in ROLES:
        raise HubUserError(f"Ukendt rolle «{role}»; kendte roller er {', '.join(ROLES)}.")
    lines = _read_lines(path)
    kept = _without_user(lines, name)
    while kept and not kept[-1].strip():
        kept.pop()
    key = name if re.fullmatch(r"[a-z0-9_-]+", name) else _toml_string(name)
    entry = [f"[brugere.{key}]", f"rolle = {_toml_string(role)}"]
    if departments:
        entry.append(f"afdelinger = [{', '.join(_toml_string(code) for code in departments)}]")
    _write_checked(path, [*kept, *([""] if kept else []), *entry])


def remove_user_role(path: Path, name: str) -> bool:
    lines = _read_lines(path)
    kept = _without_user(lines, name)
    if kept == lines:
        return False
    _write_checked(path, kept)
    return True


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def _write_checked(path: Path, lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    probe = path.with_name(f".{path.name}.check")
    probe.write_text(text, encoding="utf-8")
    try:
        read_roles(probe)
    except RolesFileError as exc:
        raise HubUserError(str(exc).replace(str(probe), str(path))) from exc
    finally:
        probe.unlink(missing_ok=True)
    _replace_privately(path, text)


def role_of(path: Path, name: str) -> tuple[str | None, tuple[str, ...]]:
    """The user's own entry in the roles file (groups from single sign-on are not known here)."""
    if not path.exists():
        return None, ()
    return read_roles(path).resolve(name, ())
