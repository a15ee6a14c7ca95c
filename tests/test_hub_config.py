"""The hub's configuration, password authenticator, single sign-on file and memory cap."""

from __future__ import annotations

import asyncio
import dataclasses
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from toolkit.access import ROLES_FILE_ENV
from toolkit.hub.authenticator import FilePasswordAuthenticator
from toolkit.hub.config import CULLER_SCOPES, HubSettings, build_config, homes_root
from toolkit.hub.launcher import voila_argv
from toolkit.hub.memory_cap import MemoryCappedSpawner, own_memory_cgroup
from toolkit.hub.oidc import OidcSettingsError, read_oidc_settings
from toolkit.hub.start import HubStartError, describe, free_port, prepare
from toolkit.hub.users import hash_password, write_users


def settings(tmp_path: Path, **changes: object) -> HubSettings:
    base = HubSettings(
        state_dir=str(tmp_path / "state"),
        data_dir=str(tmp_path / "data"),
        key_file=str(tmp_path / "keys" / "pseudonym.key"),
        roles_file=str(tmp_path / "state" / "roles.toml"),
        users_file=str(tmp_path / "state" / "users.json"),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_hub_listens_on_loopback_with_one_server_per_user(tmp_path: Path) -> None:
    c = build_config(settings(tmp_path))
    assert c.JupyterHub.ip == "127.0.0.1"
    assert c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.JupyterHub.allow_named_servers is False
    assert c.JupyterHub.shutdown_on_logout is True
    assert c.JupyterHub.active_server_limit == 40
    assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'state' / 'jupyterhub.sqlite'}"
    assert c.JupyterHub.spawner_class is MemoryCappedSpawner
    assert c.Spawner.cmd[-2:] == ["-m", "toolkit.hub.launcher"]
    assert c.Authenticator.admin_users == set()  # a hub admin could act as another user
    assert c.JupyterHub.authenticator_class is FilePasswordAuthenticator


def test_every_user_server_gets_the_data_key_and_roles_file(tmp_path: Path) -> None:
    env = build_config(settings(tmp_path)).Spawner.environment
    assert env["TVAERBLIK_DATA"] == str(tmp_path / "data")
    assert env["TVAERBLIK_KEY_FILE"] == str(tmp_path / "keys" / "pseudonym.key")
    assert env[ROLES_FILE_ENV] == str(tmp_path / "state" / "roles.toml")
    assert Path(env["JUPYTER_CONFIG_PATH"], "voila.json").is_file()
    assert Path(env["JUPYTER_PATH"], "voila", "templates", "tvaerblik").is_dir()


def test_kernel_sockets_stay_short_for_any_state_folder_and_name(tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 120)
    env = build_config(settings(tmp_path, state_dir=str(deep))).Spawner.environment
    spawner = SimpleNamespace(user=SimpleNamespace(id=123456, name="a" * 64))
    runtime = env["JUPYTER_RUNTIME_DIR"](spawner)
    assert runtime.startswith(str(homes_root(str(deep))))
    # <runtime>/kernel-<uuid>-ipc-N must stay under the 108 bytes of a Unix socket path
    assert len(f"{runtime}/kernel-{'0' * 36}-ipc-10") < 108


def test_idle_servers_are_culled_by_a_service_with_only_the_scopes_it_needs(
    tmp_path: Path,
) -> None:
    c = build_config(settings(tmp_path, cull_timeout_s=20, cull_every_s=5))
    (service,) = c.JupyterHub.services
    assert service["name"] == "idle-culler"
    assert "--timeout=20" in service["command"]
    assert "--cull-every=5" in service["command"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"]
    assert sorted(role["scopes"]) == sorted(CULLER_SCOPES)
    assert "admin:users" not in role["scopes"]
    assert build_config(settings(tmp_path)).JupyterHub.services[0]["command"][-2:] == [
        "--timeout=1800",
        "--cull-every=300",
    ]


def test_settings_survive_the_file_between_command_and_hub(tmp_path: Path) -> None:
    original = settings(tmp_path, port=8123, cgroup_parent="/sys/fs/cgroup/x")
    path = tmp_path / "hub-settings.json"
    original.save(path)
    assert HubSettings.load(path) == original


def _authenticator(tmp_path: Path) -> FilePasswordAuthenticator:
    users = tmp_path / "users.json"
    write_users(users, {"anna": hash_password("hemmeligt123")})
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    return FilePasswordAuthenticator(users_file=str(users))


@pytest.mark.parametrize(
    ("name", "password", "expected"),
    [
        ("anna", "hemmeligt123", {"name": "anna"}),
        ("Anna", "hemmeligt123", {"name": "anna"}),  # JupyterHub lower-cases
        ("anna", "hemmeligt124", None),
        ("bo", "hemmeligt123", None),
        ("anna", "", None),
    ],
)
def test_the_authenticator_accepts_only_the_right_password(
    tmp_path: Path, name: str, password: str, expected: dict[str, str] | None
) -> None:
    auth = _authenticator(tmp_path)
    got = asyncio.run(auth.authenticate(None, {"username": name, "password": password}))
    assert got == expected


def test_an_unknown_name_costs_a_password_check_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Otherwise a wrong name answers at once and a wrong password after scrypt: the login's
    # timing would tell which names exist.
    from toolkit.hub import authenticator

    checked: list[str] = []
    real = authenticator.password_matches

    def counting(password: str, stored: str) -> bool:
        checked.append(stored)
        return real(password, stored)

    monkeypatch.setattr(authenticator, "password_matches", counting)
    auth = _authenticator(tmp_path)
    assert asyncio.run(auth.authenticate(None, {"username": "bo", "password": "x"})) is None
    assert checked == [authenticator._DECOY_HASH]


def test_a_user_removed_from_the_file_is_no_longer_allowed(tmp_path: Path) -> None:
    auth = _authenticator(tmp_path)
    assert auth.check_allowed("anna")
    write_users(Path(auth.users_file), {})
    assert not auth.check_allowed("anna")


def _oidc_file(tmp_path: Path, extra: str = "") -> Path:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    secret.chmod(0o600)
    path = tmp_path / "oidc.toml"
    path.write_text(
        'klient_id = "11111111-2222-3333-4444-555555555555"\n'
        f'klient_hemmelighed_fil = "{secret}"\n'
        'adresse = "https://tvaerblik.kommune.dk/"\n'
        'entra_tenant = "00000000-0000-0000-0000-000000000000"\n'
        'tilladte_grupper = ["leder", "controller", "sekretaer", "admin"]\n' + extra,
        encoding="utf-8",
    )
    return path


def test_entra_id_single_sign_on_becomes_generic_oauth_with_app_roles(tmp_path: Path) -> None:
    oidc = read_oidc_settings(_oidc_file(tmp_path))
    c = build_config(settings(tmp_path, oidc=oidc))
    generic = c.GenericOAuthenticator
    assert c.JupyterHub.authenticator_class == "generic-oauth"
    assert generic.authorize_url == (
        "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000"
        "/oauth2/v2.0/authorize"
    )
    assert generic.token_url.endswith("/oauth2/v2.0/token")
    assert generic.oauth_callback_url == "https://tvaerblik.kommune.dk/hub/oauth_callback"
    assert generic.client_secret == "s3cret"
    assert generic.userdata_from_id_token is True
    assert generic.username_claim == "preferred_username"
    assert generic.manage_groups is True
    assert generic.auth_state_groups_key == "oauth_user.roles"
    assert generic.allowed_groups == {"leder", "controller", "sekretaer", "admin"}
    assert generic.admin_groups == set()
    assert "load_groups" not in c.JupyterHub  # refused together with manage_groups


def test_the_sign_on_file_is_checked(tmp_path: Path) -> None:
    path = _oidc_file(tmp_path, 'farve = "blå"\n')
    with pytest.raises(OidcSettingsError, match="ukendt nøgle «farve»"):
        read_oidc_settings(path)
    path = _oidc_file(tmp_path)
    (tmp_path / "secret").chmod(0o644)
    with pytest.raises(OidcSettingsError, match="chmod 600"):
        read_oidc_settings(path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("https://tvaerblik", "http://tvaerblik"),
        encoding="utf-8",
    )
    (tmp_path / "secret").chmod(0o600)
    with pytest.raises(OidcSettingsError, match="https://"):
        read_oidc_settings(path)


def test_the_memory_cgroup_is_found_on_cgroup_v1_and_v2(tmp_path: Path) -> None:
    v1 = "4:memory:/process_api/abc\n0::/\n"
    assert own_memory_cgroup(v1, tmp_path) == tmp_path / "memory" / "process_api" / "abc"
    (tmp_path / "cgroup.controllers").write_text("cpu memory\n")
    assert own_memory_cgroup("0::/system.slice/tvaerblik.service\n", tmp_path) == (
        tmp_path / "system.slice" / "tvaerblik.service"
    )
    (tmp_path / "cgroup.controllers").unlink()
    assert own_memory_cgroup("0::/\n", tmp_path) is None


def test_start_up_says_whether_the_memory_cap_is_active(tmp_path: Path) -> None:
    capped = describe(settings(tmp_path, cgroup_parent="/sys/fs/cgroup/memory/x"))
    assert capped[0] == "Hukommelsesgrænse: 2 GB pr. bruger (cgroup /sys/fs/cgroup/memory/x)."
    uncapped = describe(settings(tmp_path))
    assert uncapped[0].startswith("ADVARSEL: Hubben må ikke oprette cgroups her")
    assert "30 minutter" in uncapped[1]
    assert "tvaerblik hub-user add" in uncapped[-1]  # no users yet


def test_the_hub_will_not_start_without_its_proxy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.hub.start.PROXY_COMMAND", tmp_path / "missing")
    with pytest.raises(HubStartError, match="make hub"):
        prepare(tmp_path / "state", tmp_path / "data", port=free_port())


def test_the_user_server_is_voila_on_the_hubs_port_and_prefix() -> None:
    argv = voila_argv(
        {
            "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:41234/user/anna/",
            "JUPYTERHUB_SERVICE_PREFIX": "/user/anna/",
        }
    )
    assert argv[1:3] == ["-m", "voila"]
    assert "--Voila.ip=127.0.0.1" in argv
    assert "--Voila.port=41234" in argv
    assert "--Voila.base_url=/user/anna/" in argv
