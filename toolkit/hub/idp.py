"""JupyterHub's login for a standalone Voilà server (each user's server on the hub).

Voilà registers an identity provider's handlers (``/oauth_callback`` and friends) without
its ``base_url``; under the hub every path starts with ``/user/NAVN/``, so the hub's OAuth
round trip would end in a 404 loop. This class puts the handlers under the server's prefix.
"""

from __future__ import annotations

import os
from typing import Any

from jupyter_server.utils import url_path_join
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider


class VoilaHubIdentityProvider(JupyterHubIdentityProvider):
    def get_handlers(self) -> list[tuple[Any, ...]]:
        prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
        return [(url_path_join(prefix, path), *rest) for path, *rest in super().get_handlers()]
