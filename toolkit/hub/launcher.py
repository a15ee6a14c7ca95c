"""The user's server on the hub: standalone Voilà over ``dashboards/`` (the spawner's command).

Only Voilà's own handlers exist (no JupyterLab, no contents or kernels API: a logged-in user
cannot run code of their own), its message filter drops ``execute_request``, and the
multi-user ``share/hub/config/voila.json`` (on ``JUPYTER_CONFIG_PATH``, set by the hub) holds
the template, the hub login and the pools. Port and prefix come from the hub's environment.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import urlparse

from toolkit.serve import DASHBOARDS_DIR


def voila_argv(env: Mapping[str, str]) -> list[str]:
    port = urlparse(env["JUPYTERHUB_SERVICE_URL"]).port
    if port is None:
        raise SystemExit("JUPYTERHUB_SERVICE_URL har ingen port; hubben startede serveren forkert.")
    return [
        sys.executable,
        "-m",
        "voila",
        str(DASHBOARDS_DIR),
        "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        "--Voila.open_browser=False",
        f"--Voila.base_url={env['JUPYTERHUB_SERVICE_PREFIX']}",
    ]


def main() -> None:
    argv = voila_argv(os.environ)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
