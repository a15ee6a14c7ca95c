"""Many users: the hub (``tvaerblik hub``'s own start-up) on free loopback ports, in chromium.

One hub for the module, with the sample municipality and four local users: anna (leder,
SOC), bo (controller), cecilie (sekretaer) and dorte (a login but no role). Culling is
shortened so an idle server goes within a minute; everything else is the real set-up. The
tests run in the file's order on that one hub: the controller's test reads the audit line of
the leder's briefing.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.paths import SAMPLE_DIR
from toolkit import ingest
from toolkit.hub import admin
from toolkit.hub.config import homes_root
from toolkit.hub.start import free_port, hub_url, prepare, start_hub, stop_hub, wait_until_healthy
from toolkit.hub.state import roles_file, users_file
from toolkit.hub.users import remove_user_role

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

PASSWORDS = {"anna": "anna-hemmelig", "bo": "bo-hemmelig1", "cecilie": "cecilie-hemmelig"}
PASSWORDS["dorte"] = "dorte-hemmelig"
VIEWPORT = {"width": 1280, "height": 800}
PAGE_TIMEOUT_MS = 120_000  # login, spawn and the first page on a busy 2-core machine
CULL_TIMEOUT_S = 20


class Hub:
    def __init__(self, url: str, data_dir: Path, log: Path) -> None:
        self.url, self.data_dir, self.log = url, data_dir, log

    def audit_users(self, event: str) -> list[str]:
        lines = (self.data_dir / "audit.log").read_text(encoding="utf-8").splitlines()
        return [e["user"] for e in map(json.loads, lines) if e.get("event") == event]


@pytest.fixture(scope="module")
def hub(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """The hub; asks for ``chromium`` first, which skips (or fails in CI) without it."""
    root = tmp_path_factory.mktemp("hub")
    data_dir, state = root / "data", root / "state"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TVAERBLIK_KEY_FILE", str(root / "keys" / "pseudonym.key"))
        outcome = ingest.import_files(sorted(SAMPLE_DIR.glob("*.xlsx")), data_dir, user="opsæt")
        assert outcome.imported, outcome.report.to_text()
        settings = prepare(
            state, data_dir, port=free_port(), cull_timeout_s=CULL_TIMEOUT_S, cull_every_s=5,
            activity_interval_s=5,
        )  # fmt: skip
        roles = {"anna": ("leder", ["SOC"]), "bo": ("controller", []),
                 "cecilie": ("sekretaer", []), "dorte": ("sekretaer", [])}  # fmt: skip
        for name, (role, departments) in roles.items():
            admin.add_user(
                users_file(state), roles_file(state), name, role, departments, PASSWORDS[name]
            )
        remove_user_role(roles_file(state), "dorte")  # a login, but no role
        log = root / "hub.log"
        with log.open("wb") as output:
            proc = start_hub(settings, output=output, new_session=True)
            try:
                started = time.monotonic()
                assert wait_until_healthy(proc, hub_url(settings)), log.read_text()[-3000:]
                print(f"\nhubben svarede efter {time.monotonic() - started:.1f} s")
                yield Hub(hub_url(settings).rstrip("/"), data_dir, log)
            finally:
                stop_hub(proc)
                shutil.rmtree(homes_root(settings.state_dir), ignore_errors=True)


def log_in(chromium: Any, hub: Hub, name: str) -> tuple[Any, Any]:
    context = chromium.new_context(viewport=VIEWPORT, locale="da-DK")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    assert page.locator("html").get_attribute("lang") == "da"
    page.get_by_label("Brugernavn").fill(name)
    page.get_by_label("Adgangskode").fill(PASSWORDS[name])
    page.get_by_role("button", name="Log ind").click()
    return context, page


def test_a_wrong_password_is_refused_in_danish(chromium: Any, hub: Hub) -> None:
    context = chromium.new_context(locale="da-DK")
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", "anna")
    page.fill("#password_input", "forkert-forkert")
    page.click("#login_submit")
    page.get_by_text("Forkert brugernavn eller adgangskode").wait_for()
    assert "/hub/login" in page.url
    context.close()


def test_the_leder_sees_the_forside_her_department_and_makes_a_briefing(
    chromium: Any, hub: Hub
) -> None:
    started = time.monotonic()
    context, page = log_in(chromium, hub, "anna")
    page.get_by_text("Tværblik samler tallene").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    print(f"\nanna: login → Forside på {time.monotonic() - started:.1f} s")
    assert re.search(r"/user/anna/voila/render/Forside\.ipynb", page.url)
    page.get_by_role("button", name="Lav briefing").click()
    page.get_by_role("link", name="Hent som Word").wait_for(timeout=PAGE_TIMEOUT_MS)
    assert hub.audit_users("briefing") == ["anna"]

    page.goto(f"{hub.url}/user/anna/voila/render/Afdeling.ipynb", wait_until="commit")
    page.locator("[data-chart-draw]", has_text="Socialafdelingen betaler").first.wait_for(
        timeout=PAGE_TIMEOUT_MS
    )
    selected = page.locator("select").first.evaluate("s => s.options[s.selectedIndex].text")
    assert selected == "Socialafdelingen"

    page.goto(f"{hub.url}/user/anna/voila/render/Data.ipynb", wait_until="commit")
    page.get_by_text("Gemte versioner").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    assert page.get_by_role("button", name="Indlæs", exact=True).count() == 0
    assert page.get_by_role("button", name="Vælg filer").count() == 0
    assert "må ikke indlæse regneark" in page.inner_text("body")
    context.close()


def test_the_controller_imports_a_workbook_and_the_audit_names_her(chromium: Any, hub: Hub) -> None:
    context, page = log_in(chromium, hub, "bo")
    page.get_by_text("Tværblik samler tallene").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    page.goto(f"{hub.url}/user/bo/voila/render/Data.ipynb", wait_until="commit")
    page.get_by_text("v0001 (aktuel)").wait_for(timeout=PAGE_TIMEOUT_MS)
    # ipywidgets 8's FileUpload keeps its file input out of the document, clicked by its button
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Vælg filer").click()
    chooser.value.set_files(str(SAMPLE_DIR / "register.xlsx"))
    button = page.get_by_role("button", name="Indlæs", exact=True)
    page.wait_for_function(
        "() => [...document.querySelectorAll('button')].some("
        "b => b.textContent.trim() === 'Indlæs' && !b.disabled)",
        timeout=PAGE_TIMEOUT_MS,
    )
    button.click()
    page.get_by_text("Indlæst som version v0002").wait_for(timeout=PAGE_TIMEOUT_MS)
    assert hub.audit_users("import") == ["opsæt", "bo"]
    assert "anna" in hub.audit_users("briefing")  # the audit names both users
    context.close()

    context, page = log_in(chromium, hub, "anna")  # her server still runs
    page.get_by_text("Tværblik samler tallene").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    response = page.goto(f"{hub.url}/user/bo/voila/render/Data.ipynb")
    assert response is not None and response.status == 403
    assert "Ingen adgang" in page.inner_text("body")
    context.close()


def test_a_user_without_a_role_sees_ingen_adgang(chromium: Any, hub: Hub) -> None:
    context, page = log_in(chromium, hub, "dorte")
    page.get_by_text("Ingen adgang").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    body = page.inner_text("body")
    assert "Tværblik samler tallene" not in body
    assert "dorte" in body
    context.close()


def test_logging_out_ends_access(chromium: Any, hub: Hub) -> None:
    context, page = log_in(chromium, hub, "cecilie")
    page.get_by_text("Tværblik samler tallene").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    page.goto(f"{hub.url}/hub/logout")
    page.goto(f"{hub.url}/user/cecilie/voila/render/Forside.ipynb")
    assert "/hub/login" in page.url
    assert page.get_by_label("Adgangskode").count() == 1
    context.close()


def test_an_idle_server_is_culled(hub: Hub) -> None:
    session = requests.Session()
    answer = session.get(f"{hub.url}/hub/login")
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', answer.text)
    assert xsrf is not None
    session.post(
        f"{hub.url}/hub/login?next=",
        data={"username": "cecilie", "password": PASSWORDS["cecilie"], "_xsrf": xsrf.group(1)},
    )
    session.get(f"{hub.url}/hub/spawn/cecilie", timeout=120)
    deadline = time.monotonic() + PAGE_TIMEOUT_MS / 1000
    forside = f"{hub.url}/user/cecilie/voila/render/Forside.ipynb"
    while not session.get(forside, timeout=120).url.startswith(forside):
        assert time.monotonic() < deadline, "cecilie's server did not start"
        time.sleep(1)
    assert _has_server(session, hub, "cecilie")
    started = time.monotonic()
    while time.monotonic() - started < CULL_TIMEOUT_S + 60 and _has_server(session, hub, "cecilie"):
        time.sleep(2)
    print(f"\ncecilies server stoppet {time.monotonic() - started:.0f} s efter sidste brug")
    assert not _has_server(session, hub, "cecilie")
    assert "Culling server cecilie" in hub.log.read_text(encoding="utf-8", errors="replace")


def _has_server(session: requests.Session, hub: Hub, name: str) -> bool:
    headers = {"X-XSRFToken": session.cookies.get("_xsrf", path="/hub/") or ""}
    model = session.get(f"{hub.url}/hub/api/user", headers=headers).json()
    assert model["name"] == name
    return bool(model.get("servers"))
