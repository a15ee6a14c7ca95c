"""``tvaerblik hub-user add | remove | list``: the administrator's commands for local users.

``add`` writes both files: the password hash to the users file (login) and the role to the
roles file (what the person may do). Standard library only.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from toolkit.access import ROLE_LABELS
from toolkit.hub.users import (
    HubUserError,
    check_password,
    check_user_name,
    hash_password,
    read_users,
    remove_user_role,
    role_of,
    set_user_role,
    write_users,
)


def read_new_password(
    stdin: TextIO | None = None, ask: Callable[[str], str] = getpass.getpass
) -> str:
    """Twice from the terminal (hidden), or two lines from stdin when it is not a terminal."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first, second = ask("Adgangskode: "), ask("Gentag adgangskoden: ")
    else:
        first, second = stdin.readline().rstrip("\n"), stdin.readline().rstrip("\n")
    if first != second:
        raise HubUserError("De to adgangskoder er ikke ens; intet er ændret.")
    return check_password(first)


def add_user(
    users_file: Path, roles_file: Path, name: str, role: str, departments: Sequence[str],
    password: str,
) -> None:  # fmt: skip
    check_user_name(name)
    check_password(password)
    set_user_role(roles_file, name, role, departments)  # checked first: a bad role changes nothing
    users = read_users(users_file)
    users[name] = hash_password(password)
    write_users(users_file, users)


def remove_user(users_file: Path, roles_file: Path, name: str) -> bool:
    users = read_users(users_file)
    had_login = users.pop(name, None) is not None
    if had_login:
        write_users(users_file, users)
    had_role = remove_user_role(roles_file, name)
    return had_login or had_role


def list_users(users_file: Path, roles_file: Path) -> list[str]:
    """One Danish line per user: name, role, departments; never a hash."""
    lines = []
    for name in sorted(read_users(users_file)):
        role, departments = role_of(roles_file, name)
        where = f" ({', '.join(departments)})" if departments else ""
        lines.append(f"{name}: {ROLE_LABELS[role] if role else 'ingen rolle'}{where}")
    return lines
