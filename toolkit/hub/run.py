"""``python -m toolkit.hub.run SETTINGS.json``: JupyterHub with Tværblik's configuration.

A process of its own (started by ``tvaerblik hub`` and the tests), so Ctrl+C or SIGTERM
reaches JupyterHub's own shutdown: it stops every user's server and the proxy.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from jupyterhub.app import JupyterHub

from toolkit.hub.config import HubSettings, build_config


def main(argv: list[str]) -> None:
    # Started in the background (nohup, a service), SIGINT arrives ignored and every server
    # would inherit that: stopping them would wait out JupyterHub's interrupt timeout.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    settings = HubSettings.load(Path(argv[0]))
    JupyterHub.instance(config=build_config(settings))
    JupyterHub.launch_instance([])


if __name__ == "__main__":
    main(sys.argv[1:])
