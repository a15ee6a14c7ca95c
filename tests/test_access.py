"""Roles: the roles file and its Danish errors, who wins, the identity from the hub's API
(and failing closed without it), what each role may do, and the «Ingen adgang» page."""

from __future__ import annotations

import getpass
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from tests.fake_hub import ROLES, FakeHub, closed_port_url, logged_in, set_hub_env
from toolkit import access, audit
from toolkit.access import (
    AccessDenied,
    Action,
    Identity,
    RolesFileError,
    allowed,
    current_identity,
    read_roles,
    refusal,
    require,
)
from toolkit.ui import build_page


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def roles_file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "roller.toml"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(access.ROLES_FILE_ENV, raising=False)


# -- the roles file ---------------------------------------------------------------------------


def test_roles_file_gives_roles_and_departments(tmp_path: Path) -> None:
    roles = read_roles(roles_file(tmp_path, ROLES))
    assert roles.resolve("anna", []) == ("leder", ("SUND", "SOC"))
    assert roles.resolve("bo", []) == ("controller", ())  # no departments: all
    assert roles.resolve("cecilie", ["sekretariat"]) == ("sekretaer", ())
    assert roles.resolve("dorte", ["kantine"]) == (None, ())
    assert roles.resolve("dorte", []) == (None, ())


def test_the_users_own_entry_wins_then_the_first_group_in_the_file(tmp_path: Path) -> None:
    roles = read_roles(roles_file(tmp_path, ROLES))
    # anna is also in the admins' group: her own entry decides.
    assert roles.resolve("anna", ["it", "sekretariat"]) == ("leder", ("SUND", "SOC"))
    # Two groups: the one written first in the file wins, whatever the hub's order,
    # even though admin and sekretaer are not ranked.
    assert roles.resolve("erik", ["it", "sekretariat"]) == ("sekretaer", ())
    reordered = read_roles(
        roles_file(
            tmp_path, '[grupper.it]\nrolle = "admin"\n[grupper.sekretariat]\nrolle = "sekretaer"\n'
        )
    )
    assert reordered.resolve("erik", ["sekretariat", "it"]) == ("admin", ())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[brugere.anna]\nrolle = "chef"\n',
         "brugere.anna: ukendt rolle «chef»; kendte roller er leder, controller, "
         "sekretaer, admin."),
        ('[brugere.anna]\nrolle = "leder"\nafdelinger = [7]\n',
         "brugere.anna: afdelingskoden 7 er ikke en tekst"),
        ('[brugere.anna]\nrolle = "leder"\nafdelinger = "SOC"\n',
         "brugere.anna: «afdelinger» skal være en liste"),
        ('[brugere.anna]\nrolle = "leder"\nafdeling = ["SOC"]\n',
         "brugere.anna: ukendt nøgle «afdeling»; kun «rolle» og «afdelinger» er tilladt."),
        ('[grupper.ledere]\nrolle = "leder"\n',
         "grupper.ledere er leder og skal have mindst én afdeling"),
        ('[grupper.ledere]\nafdelinger = ["SOC"]\n', "grupper.ledere mangler «rolle»."),
        ('[bruger.anna]\nrolle = "leder"\n',
         "ukendt afsnit «bruger»; kun [brugere.NAVN] og [grupper.NAVN] er tilladt."),
        ('[brugere.Anna]\nrolle = "controller"\n',
         "JupyterHub skriver brugernavne med små bogstaver; skriv [brugere.anna]."),
        ('[brugere.anna\nrolle = "leder"\n', "er ikke gyldig TOML"),
        ('brugere = "anna"\n', "«brugere» skal være tabeller som [brugere.NAVN]."),
    ],
)  # fmt: skip
def test_a_wrong_roles_file_is_one_danish_sentence_naming_file_and_entry(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = roles_file(tmp_path, content)
    with pytest.raises(RolesFileError) as raised:
        read_roles(path)
    assert str(raised.value).startswith(f"Rollefilen {path}")
    assert expected in str(raised.value)


def test_a_missing_roles_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RolesFileError, match=r"^Rollefilen .*findes-ikke\.toml findes ikke\.$"):
        read_roles(tmp_path / "findes-ikke.toml")


# -- the identity --------------------------------------------------------------------------------


def test_without_a_hub_the_os_user_may_do_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    identity = current_identity()
    assert identity == Identity(getpass.getuser(), (), None, (), on_hub=False)
    assert all(allowed(action) for action in Action)
    assert audit.current_user() == getpass.getuser()


def test_identity_comes_from_the_hub_api_and_the_roles_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with logged_in(monkeypatch, tmp_path, "cecilie", ["kantine", "sekretariat"]) as hub:
        identity = current_identity()
        assert identity == Identity("cecilie", ("kantine", "sekretariat"), "sekretaer", (), True)
        current_identity()
        assert hub.requests == 1  # asked once for the kernel's life
        assert audit.current_user() == "cecilie"


def test_no_hub_api_means_no_groups_and_no_role(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_hub_env(monkeypatch, "cecilie", closed_port_url(), roles_file(tmp_path, ROLES))
    identity = current_identity()
    assert (identity.user, identity.groups, identity.role) == ("cecilie", (), None)
    assert not allowed(Action.BRIEFING)
    # A user's own entry does not depend on the API: anna is still a leder.
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    assert current_identity().role == "leder"


def test_a_wrong_token_or_another_name_gives_no_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with logged_in(monkeypatch, tmp_path, "cecilie", ["sekretariat"]):
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "not-the-token")
        assert current_identity().role is None
    with FakeHub("bo", ["sekretariat"]) as hub:  # the API speaks of someone else
        set_hub_env(monkeypatch, "cecilie", hub.url, roles_file(tmp_path, ROLES))
        assert current_identity().groups == ()


def test_on_a_hub_without_a_roles_file_everything_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeHub("bo", []) as hub:
        set_hub_env(monkeypatch, "bo", hub.url, None)
        with pytest.raises(RolesFileError, match="TVAERBLIK_ROLES_FILE peger ikke på en rollefil"):
            current_identity()
        assert not any(allowed(action) for action in Action)
        with pytest.raises(AccessDenied, match="TVAERBLIK_ROLES_FILE"):
            require(Action.IMPORT)


# -- what each role may do ---------------------------------------------------------------------

MAY = {
    "leder": {Action.BRIEFING},
    "controller": {Action.IMPORT, Action.ROLLBACK, Action.BRIEFING, Action.UNSUPPRESSED_EXPORT},
    "sekretaer": {Action.BRIEFING},
    "admin": {Action.MANAGE_USERS},
    None: set(),
}


@pytest.mark.parametrize("role", list(MAY))
@pytest.mark.parametrize("action", list(Action))
def test_what_each_role_may_do(role: str | None, action: Action) -> None:
    departments = ("SOC",) if role == "leder" else ()
    identity = Identity("anna", (), role, departments, on_hub=True)
    assert allowed(action, identity) is (action in MAY[role])
    assert (refusal(action, identity) == "") is (action in MAY[role])
    assert allowed(action, Identity("anna", (), role, departments, on_hub=False))


def test_refusals_are_danish_sentences() -> None:
    leder = Identity("anna", (), "leder", ("SOC",), on_hub=True)
    with pytest.raises(AccessDenied) as raised:
        require(Action.IMPORT, leder)
    assert str(raised.value) == (
        "Din rolle (leder) må ikke indlæse regneark; det må kun controllere."
    )
    admin = Identity("ib", (), "admin", (), on_hub=True)
    assert refusal(Action.BRIEFING, admin) == (
        "Din rolle (administrator) må ikke hente en briefing; "
        "det må kun ledere, controllere og sekretærer."
    )
    nobody = Identity("dorte", (), None, (), on_hub=True)
    assert refusal(Action.BRIEFING, nobody) == (
        "Du er logget ind som dorte, men har ingen rolle i Tværblik; en administrator skal give "
        "dig en."
    )
    assert require(Action.IMPORT, Identity("bo", (), "controller", (), True)).user == "bo"


# -- «Ingen adgang» ------------------------------------------------------------------------------


def test_a_hub_user_without_a_role_gets_ingen_adgang_and_no_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []

    def build() -> widgets.Widget:
        built.append("page")
        return widgets.HTML("tallene")

    with logged_in(monkeypatch, tmp_path, "dorte", ["kantine"]):
        page = build_page(build)
    assert built == []
    assert isinstance(page, widgets.HTML)
    shown = text(page.value)
    assert shown.startswith("Ingen adgang Du er logget ind som dorte , men du har ingen rolle")
    assert "En administrator skal give dig en rolle" in shown
    assert 'href="/hub/logout"' in page.value
    assert "tallene" not in shown


def test_a_broken_roles_file_is_said_on_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with logged_in(monkeypatch, tmp_path, "bo", [], roles='[brugere.bo]\nrolle = "chef"\n'):
        shown = text(build_page(lambda: widgets.HTML("tallene")).value)
    assert "Ingen adgang" in shown and "logget ind som bo" in shown
    assert "Din rolle kan ikke læses: Rollefilen" in shown and "ukendt rolle «chef»" in shown
    assert "En administrator skal rette rollefilen" in shown and "tallene" not in shown


def test_a_hub_user_with_a_role_and_a_single_user_get_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = widgets.HTML("tallene")
    assert build_page(lambda: page) is page
    with logged_in(monkeypatch, tmp_path, "anna"):
        assert build_page(lambda: page) is page
