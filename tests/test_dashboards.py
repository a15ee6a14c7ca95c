"""The dashboards run: every notebook executes, and Voilà serves the Forside over HTTP.

The Voilà tests start the real server the way ``tvaerblik serve`` does (same command,
``voila.json``, template and environment) on a free loopback port, against a temporary data
folder, and always end it together with its kernels.
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import nbformat
import pytest
import websocket
from nbclient import NotebookClient

from tests.store_data import store_version
from tests.voila_server import PAGE_TIMEOUT_S, Server, running_voila
from toolkit import serve
from toolkit.ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "dashboards").glob("*.ipynb"))
FORSIDE = "voila/render/Forside.ipynb"
_OUTPUT_SCRIPT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>', re.S
)
_PAGE_CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S
)


# -- nbclient: every notebook executes ------------------------------------------------------


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()  # fmt: skip
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> list[dict[str, Any]]:
    return [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]


def test_there_are_dashboards() -> None:
    assert ROOT / "dashboards" / "Forside.ipynb" in NOTEBOOKS


def test_every_notebook_is_a_registered_page_built_by_its_builder() -> None:
    """dashboards/ and toolkit/ui/pages.py list the same pages; each notebook imports the
    registered builder (so a preheated kernel loads it) and builds with it last."""
    registered = {page.notebook: page for page in PAGES}
    assert [path.name for path in NOTEBOOKS] == sorted(registered)
    for path in NOTEBOOKS:
        page = registered[path.name]
        source = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
        assert f"from {page.module} import {page.builder_name}\n" in source, path.name
        assert source.rstrip().endswith(f"build_page({page.builder_name})"), path.name
        assert callable(page.builder()), page.builder_name


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
@pytest.mark.parametrize("with_data", [False, True], ids=["tom", "med-data"])
def test_notebook_executes(
    path: Path, with_data: bool, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if with_data:
        store_version(data_dir)
    monkeypatch.setenv("TVAERBLIK_DATA", str(data_dir))  # the kernel inherits it
    result = outputs(execute(path))
    errors = [out for out in result if out.get("output_type") == "error"]
    assert not errors, errors[0].get("traceback") if errors else None
    shown = [out for out in result if "application/vnd.jupyter.widget-view+json" in
             out.get("data", {})]  # fmt: skip
    assert shown, f"{path.name} shows no widget"


# -- Voilà over HTTP -----------------------------------------------------------------------


def cell_outputs(page: str) -> list[dict[str, Any]]:
    """The kernel outputs Voilà wrote into the page (JSON inside script tags)."""
    return [json.loads(html.unescape(block)) for block in _OUTPUT_SCRIPT.findall(page)]


def output_text(page: str) -> str:
    """Plain text of the outputs (for a widget, the start of its repr)."""
    texts = []
    for out in cell_outputs(page):
        plain = out.get("data", {}).get("text/plain", "")
        texts.append("".join(plain) if isinstance(plain, list) else plain)
    return "\n".join(texts)


def _message(msg_type: str, content: dict[str, Any], **metadata: str) -> str:
    header = {"msg_id": uuid.uuid4().hex, "session": "test", "username": "test",
              "msg_type": msg_type, "version": "5.3"}  # fmt: skip
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata,
                       "content": content, "channel": "shell", "buffers": []})  # fmt: skip


def widget_html(server: Server, page: str) -> str:
    """The HTML the page's widgets hold, fetched from its kernel the way the browser does.

    The page only carries a reference to the widget; the browser asks the kernel for the
    widgets' state over the kernel's websocket ("request_states" on the widget control comm).
    """
    found = _PAGE_CONFIG.search(page)
    assert found, "no page config in the page"
    kernel_id = json.loads(html.unescape(found.group(1)))["kernelId"]
    address = server.base.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(address, timeout=PAGE_TIMEOUT_S)
    try:
        comm_id = uuid.uuid4().hex
        ws.send(_message("comm_open", {"comm_id": comm_id, "data": {},
                                       "target_name": "jupyter.widget.control"},
                         version="1.0.0"))  # fmt: skip
        ws.send(_message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}))
        deadline = time.monotonic() + PAGE_TIMEOUT_S
        while time.monotonic() < deadline:
            raw = ws.recv()
            if not isinstance(raw, str):
                continue  # binary frames carry buffers; the HTML widgets have none
            msg = json.loads(raw)
            content = msg.get("content", {})
            data = content.get("data", {})
            if content.get("comm_id") == comm_id and data.get("method") == "update_states":
                states = [entry["state"] for entry in data["states"].values()]
                return "\n".join(str(state["value"]) for state in states
                                 if state.get("_model_name") == "HTMLModel")  # fmt: skip
        pytest.fail("the kernel sent no widget state")
    finally:
        ws.close()


def render(server: Server) -> tuple[str, float]:
    """GET the Forside until its kernel output is in the page; the page and seconds taken."""
    deadline = time.monotonic() + PAGE_TIMEOUT_S
    while True:
        started = time.monotonic()
        status, page = server.get(FORSIDE)
        took = time.monotonic() - started
        if status == 200 and cell_outputs(page):
            return page, took
        if time.monotonic() > deadline:
            pytest.fail(f"No rendered Forside (HTTP {status}):\n{server.log_text()}")
        time.sleep(0.5)


def assert_clean(page: str, server: Server) -> None:
    for out in cell_outputs(page):
        assert out.get("output_type") != "error", server.log_text()
    assert "Traceback" not in page
    assert "There was an error" not in page
    assert "Error" not in output_text(page)
    # Offline: nothing is fetched from outside the server.
    assert not re.search(r"""(src|href)=["']https?://""", page)
    assert "cdn.jsdelivr.net" not in page and "cdnjs.cloudflare.com" not in page


@pytest.mark.slow
def test_voila_renders_forside_without_data(data_dir: Path, tmp_path: Path) -> None:
    with running_voila(data_dir, tmp_path) as server:
        page, _ = render(server)
        assert_clean(page, server)
        assert "<title>Tværblik – forside</title>" in page
        assert '<html lang="da">' in page
        assert "Tværblik" in output_text(page)  # the widget's repr
        text = widget_html(server, page)
        assert "Tværblik samler tallene" in text
        assert "Der er ikke indlæst data endnu" in text
        assert str(data_dir.resolve()) in text

        # The folder page forwards to the Forside.
        status, tree = server.get()
        assert status == 200
        assert FORSIDE in tree and "Tværblik" in tree


@pytest.mark.slow
def test_voila_shows_the_version_current_when_the_page_opens(
    data_dir: Path, tmp_path: Path
) -> None:
    first = store_version(data_dir)
    with running_voila(data_dir, tmp_path) as server:
        page, seconds = render(server)
        assert_clean(page, server)
        text = widget_html(server, page)
        assert f"version <b>{first}</b>" in text
        assert "Borgere 1.234 " in " ".join(re.sub(r"<[^>]+>", " ", text).split())
        assert seconds < 60, f"the Forside took {seconds:.1f} s"

        # A new import while the server runs: the next visitor sees it, even though the
        # page's kernel was started (preheated) before the import.
        time.sleep(3)  # let Voilà refill its pool of preheated kernels
        second = store_version(data_dir, n_citizens=7)
        page, _ = render(server)
        assert_clean(page, server)
        assert f"version <b>{second}</b>" in widget_html(server, page)


# -- serve: settings and refusals (no server started) -----------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("::", False), ("10.1.2.3", False),
     ("tvaerblik.kommune.dk", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_urls() -> None:
    assert serve.url() == "http://127.0.0.1:8866/"
    assert serve.url("::1", 9000) == "http://[::1]:9000/"


def test_voila_gets_data_folder_template_and_settings(tmp_path: Path) -> None:
    env = serve.voila_env(tmp_path / "data")
    assert env["TVAERBLIK_DATA"] == str((tmp_path / "data").resolve())
    assert env["JUPYTER_PATH"].split(os.pathsep)[0] == str(serve.JUPYTER_DATA_DIR)
    assert env["VOILA_APP_IP"] == "127.0.0.1"
    assert serve.voila_env(tmp_path, "::")["VOILA_APP_IP"] == "[::1]"
    command = serve.voila_command("127.0.0.1", 8870)
    assert command[1:4] == ["-m", "voila", str(serve.DASHBOARDS_DIR)]
    assert "--Voila.ip=127.0.0.1" in command and "--Voila.port=8870" in command

    settings = json.loads(serve.VOILA_CONFIG.read_text(encoding="utf-8"))
    voila = settings["VoilaConfiguration"]
    assert voila["show_tracebacks"] is False
    assert voila["preheat_kernel"] is True
    assert (serve.JUPYTER_DATA_DIR / "voila" / "templates" / voila["template"]).is_dir()
    assert settings["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert settings["Voila"]["ip"] == "127.0.0.1"


def test_busy_port_is_refused_in_danish(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert serve.serve(data_dir, port=port) == 1
    assert f"Port {port} er optaget" in capsys.readouterr().err


def test_public_host_gets_a_danish_warning(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    with socket.socket() as busy:  # a busy port stops serve before Voilà starts
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert serve.serve(data_dir, host="0.0.0.0", port=port) == 1
    err = capsys.readouterr().err
    assert "ADVARSEL: Tværblik lytter nu på 0.0.0.0" in err
    assert "intet login" in err


# -- voila.json: kernels freed after a closed tab, preheated for a burst of visitors -----------

CLOSED_PAGE_FREED_WITHIN_S = 120  # issue 10: a closed tab's kernel is gone within 2 minutes
PAGE_KERNEL_MB = 300  # a chart page's kernel with its page built (benchmarks/bench_dashboards.py)
POOL_BUDGET_MB = 3000  # preheated kernels waiting, out of the server's 24 GiB


def voila_settings() -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(serve.VOILA_CONFIG.read_text(encoding="utf-8"))
    return settings


def test_a_closed_page_is_culled_within_two_minutes_and_an_open_one_never() -> None:
    culling = voila_settings()["MappingKernelManager"]
    # jupyter_server checks every cull_interval seconds and culls a kernel that has sent no
    # message for cull_idle_timeout seconds, is not busy and has no open websocket.
    assert culling["cull_idle_timeout"] + culling["cull_interval"] <= CLOSED_PAGE_FREED_WITHIN_S
    assert culling["cull_connected"] is False  # an open tab's websocket protects its kernel
    assert culling["cull_busy"] is False  # a page computing for its visitor is not cut off
    # A tab that reconnects after a short network hiccup still finds its kernel, and Voilà
    # protects a preheated kernel from the culler only once it has started.
    assert culling["cull_idle_timeout"] >= 30
    assert 0 < culling["cull_interval"] <= culling["cull_idle_timeout"]


def test_preheated_kernels_for_a_burst_of_visitors_within_the_memory_budget() -> None:
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    settings = voila_settings()
    # The section name must be the class Voilà builds, or the pools are silently ignored.
    manager = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    assert "VoilaKernelManager" in settings and manager.__name__ == "VoilaKernelManager"
    assert "kernel_pools_config" in manager.class_trait_names(config=True)

    pools = settings["VoilaKernelManager"]["kernel_pools_config"]
    names = {path.name for path in NOTEBOOKS}
    assert set(pools) - {"default"} <= names, "a pool for a page that does not exist"
    assert pools["default"]["pool_size"] == settings["VoilaConfiguration"]["default_pool_size"]
    sizes = {name: pools.get(name, pools["default"])["pool_size"] for name in names}
    assert min(sizes.values()) >= 1, "every page opens on a preheated kernel"
    # Everyone comes in through the Forside, and the heads' first pages take a second
    # visitor right after the first without waiting for a kernel to start.
    assert sizes["Forside.ipynb"] >= 2 and sizes["Overblik.ipynb"] >= 2
    assert sum(sizes.values()) * PAGE_KERNEL_MB <= POOL_BUDGET_MB


def test_closing_a_tab_is_allowed_to_shut_its_kernel_down() -> None:
    """Voilà's page asks for its kernel's shutdown on «beforeunload» with the ``_xsrf``
    cookie; the login class that sets that cookie is configured and keeps the server light."""
    configured = voila_settings()["Voila"]["identity_provider_class"]
    assert configured == "toolkit.ui.closing.PageCookieIdentityProvider"
    module, name = configured.rsplit(".", 1)
    heavy = ("pandas", "ipywidgets", "altair", "toolkit.store")
    code = (f"import sys, {module}; assert {module}.{name}; "
            f"print([m for m in {heavy!r} if m in sys.modules])")  # fmt: skip
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True).stdout.strip()  # fmt: skip
    assert loaded == "[]", f"the Voilà server would import {loaded}"
