"""The hub with N users: start-up, login → Forside, and memory with every page open.

Starts the real hub (``tvaerblik hub``'s own start-up) on free loopback ports with the sample
municipality and N local users (role sekretaer), logs each in over HTTP, opens all seven
pages, then sums the proportional memory (PSS) of each user's Voilà server and its kernels,
and of the hub and its proxy. Prints how many such users a 24 GiB machine holds.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import psutil
import requests
from _harness import add_workdir, import_sample, prepare_workdir

from toolkit.hub import admin
from toolkit.hub.config import homes_root
from toolkit.hub.start import (
    free_port,
    hub_url,
    prepare,
    start_hub,
    stop_hub,
    wait_until_healthy,
)
from toolkit.hub.state import roles_file, users_file
from toolkit.ui.pages import PAGES

MACHINE_GIB = 24
RESERVED_GIB = 3  # the operating system, the hub, the page cache
PASSWORD = "bench-hemmelig"


def pss(process: psutil.Process) -> int:
    try:
        return int(process.memory_full_info().pss)
    except psutil.Error:
        return 0


def log_in(base: str, user: str) -> requests.Session:
    session = requests.Session()
    token = re.search(r'name="_xsrf" value="([^"]+)"', session.get(f"{base}hub/login").text)
    assert token is not None
    session.post(
        f"{base}hub/login?next=",
        data={"username": user, "password": PASSWORD, "_xsrf": token.group(1)},
    )
    return session


def open_page(session: requests.Session, base: str, user: str, notebook: str) -> float:
    started = time.monotonic()
    url = f"{base}user/{user}/voila/render/{notebook}"
    for _ in range(240):
        answer = session.get(url, timeout=300)
        if answer.status_code == 200 and answer.url.startswith(url):
            break
        time.sleep(0.5)
    return time.monotonic() - started


def user_trees() -> dict[str, int]:
    """PSS of each user's Voilà server plus its kernels, by hub user name."""
    trees: dict[str, int] = {}
    for process in psutil.process_iter(["cmdline"]):
        if "toolkit.hub.launcher" in " ".join(process.info["cmdline"] or []) or (
            "voila" in " ".join(process.info["cmdline"] or [])
            and "JUPYTERHUB_USER" in _environ(process)
        ):
            user = _environ(process).get("JUPYTERHUB_USER", "?")
            if user in trees:
                continue
            trees[user] = pss(process) + sum(pss(k) for k in process.children(recursive=True))
    return trees


def _environ(process: psutil.Process) -> dict[str, str]:
    try:
        return process.environ()
    except psutil.Error:
        return {}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=3)
    add_workdir(parser)
    args = parser.parse_args()
    prepare_workdir(args.workdir)
    state, data = args.workdir / "hub", args.workdir / "hub-data"
    for folder in (state, data):
        shutil.rmtree(folder, ignore_errors=True)
    data = import_sample(sorted(Path("sample_data").glob("*.xlsx")), data)
    settings = prepare(state, data, port=free_port())
    names = [f"bruger{n}" for n in range(1, args.users + 1)]
    for name in names:
        admin.add_user(users_file(state), roles_file(state), name, "sekretaer", [], PASSWORD)
    base = hub_url(settings)
    with (state / "hub.log").open("wb") as log:
        started = time.monotonic()
        proc = start_hub(settings, output=log, new_session=True)
        try:
            assert wait_until_healthy(proc, base), "hubben startede ikke"
            print(f"hub klar efter {time.monotonic() - started:.1f} s")
            for name in names:
                session = log_in(base, name)
                first = open_page(session, base, name, "Forside.ipynb")
                rest = [open_page(session, base, name, page.notebook) for page in PAGES[1:]]
                print(f"{name}: login → Forside {first:.1f} s, de andre sider "
                      f"{min(rest):.1f}–{max(rest):.1f} s")  # fmt: skip
            time.sleep(5)
            trees = user_trees()
            hub_pss = sum(
                pss(p) for p in psutil.process_iter(["cmdline"])
                if any(key in " ".join(p.info["cmdline"] or [])
                       for key in ("toolkit.hub.run", "configurable-http-proxy"))
            )  # fmt: skip
        finally:
            stop_hub(proc)
            shutil.rmtree(homes_root(settings.state_dir), ignore_errors=True)
    for user, size in sorted(trees.items()):
        print(f"{user}: {size / 2**30:.2f} GiB PSS (server og kerner, alle sider åbne)")
    per_user = sum(trees.values()) / max(1, len(trees))
    print(f"hub og proxy: {hub_pss / 2**20:.0f} MiB PSS")
    room = (MACHINE_GIB - RESERVED_GIB) * 2**30 - hub_pss
    print(f"{MACHINE_GIB} GiB-maskine: ca. {int(room // per_user)} brugere med alle sider åbne")


if __name__ == "__main__":
    main()
