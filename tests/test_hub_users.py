"""The hub's local users: scrypt hashes in a private file, roles file entries, ``hub-user``."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from tests.cli_runs import run_cli
from toolkit.access import read_roles
from toolkit.hub import admin
from toolkit.hub.users import (
    HubUserError,
    hash_password,
    password_matches,
    read_users,
    remove_user_role,
    set_user_role,
)


def test_a_hash_checks_the_right_password_only_and_is_not_the_password() -> None:
    stored = hash_password("hemmeligt123")
    assert "hemmeligt123" not in stored
    assert stored.startswith("scrypt$16384$8$1$")
    assert password_matches("hemmeligt123", stored)
    assert not password_matches("hemmeligt124", stored)
    assert hash_password("hemmeligt123") != stored  # salted
    assert not password_matches("hemmeligt123", "scrypt$broken")
    assert not password_matches("hemmeligt123", "md5$1$1$1$AAAA$AAAA")


def test_the_roles_file_keeps_comments_and_groups_when_a_user_changes(tmp_path: Path) -> None:
    roles = tmp_path / "roles.toml"
    roles.write_text(
        '# kommentar\n[grupper.controllere]\nrolle = "controller"\n\n'
        '[brugere.anna]\nrolle = "sekretaer"\n',
        encoding="utf-8",
    )
    set_user_role(roles, "anna", "leder", ["SOC", "BES"])
    set_user_role(roles, "anna.berg", "controller", [])
    text = roles.read_text(encoding="utf-8")
    assert text.startswith("# kommentar\n[grupper.controllere]")
    parsed = read_roles(roles)
    assert parsed.users["anna"].role == "leder"
    assert parsed.users["anna"].departments == ("SOC", "BES")
    assert parsed.users["anna.berg"].role == "controller"
    assert parsed.groups["controllere"].role == "controller"
    assert stat.S_IMODE(roles.stat().st_mode) == 0o600

    assert remove_user_role(roles, "anna")
    assert not remove_user_role(roles, "anna")
    parsed = read_roles(roles)
    assert set(parsed.users) == {"anna.berg"}
    assert set(parsed.groups) == {"controllere"}


def test_a_leder_without_department_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    users, roles = tmp_path / "users.json", tmp_path / "roles.toml"
    with pytest.raises(HubUserError, match="mindst én afdeling"):
        admin.add_user(users, roles, "anna", "leder", [], "hemmeligt123")
    assert not users.exists()
    assert not roles.exists()


@pytest.mark.parametrize("name", ["Anna", "anna berg", "../x", "", "æble"])
def test_unsafe_user_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(HubUserError, match="kan ikke bruges"):
        admin.add_user(tmp_path / "u.json", tmp_path / "r.toml", name, "sekretaer", [], "x" * 12)


def test_passwords_come_twice_from_stdin_when_it_is_not_a_terminal() -> None:
    assert admin.read_new_password(io.StringIO("hemmeligt123\nhemmeligt123\n")) == "hemmeligt123"
    with pytest.raises(HubUserError, match="ikke ens"):
        admin.read_new_password(io.StringIO("hemmeligt123\nhemmeligt124\n"))
    with pytest.raises(HubUserError, match="mindst 10 tegn"):
        admin.read_new_password(io.StringIO("kort\nkort\n"))


def test_hub_user_add_list_remove(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "hub"
    monkeypatch.setattr("sys.stdin", io.StringIO("hemmeligt123\nhemmeligt123\n"))
    code, out, err = run_cli(
        capsys, "hub-user", "--state", state, "add", "anna", "--rolle", "leder",
        "--afdeling", "SOC",
    )  # fmt: skip
    assert code == 0, err
    assert "anna kan nu logge ind som leder" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("hemmeligt456\nhemmeligt456\n"))
    assert (
        run_cli(capsys, "hub-user", "--state", state, "add", "bo", "--rolle", "controller")[0] == 0
    )

    users_file = state / "users.json"
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert "hemmeligt" not in users_file.read_text(encoding="utf-8")
    assert password_matches("hemmeligt123", read_users(users_file)["anna"])

    code, out, _ = run_cli(capsys, "hub-user", "--state", state, "list")
    assert code == 0
    assert out.splitlines() == ["anna: leder (SOC)", "bo: controller"]
    assert "scrypt" not in out

    code, out, _ = run_cli(capsys, "hub-user", "--state", state, "remove", "anna")
    assert code == 0
    assert "anna er fjernet" in out
    assert "anna" not in read_users(users_file)
    assert "anna" not in read_roles(state / "roles.toml").users
    code, _, err = run_cli(capsys, "hub-user", "--state", state, "remove", "anna")
    assert code == 2
    assert "findes ikke" in err


def test_hub_user_add_refuses_an_unknown_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "hub-user", "--state", tmp_path, "add", "x", "--rolle", "chef")
    assert code == 2
    assert "chef" in err
