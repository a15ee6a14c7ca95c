"""Login with a local password: the users file written by ``tvaerblik hub-user``.

No self sign-up: a person can log in only while the administrator's command has them in the
file (removing them locks them out at their next login). Whether they may *do* anything is
the roles file's business, checked by Tværblik in their own server (``toolkit.access``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jupyterhub.auth import Authenticator
from traitlets import Unicode

from toolkit.hub.users import HubUserError, hash_password, password_matches, read_users

# Checked against when the name is unknown, so a wrong name takes as long as a wrong password
# and the login's timing does not tell which names exist.
_DECOY_HASH = hash_password("ukendt bruger, intet login")


class FilePasswordAuthenticator(Authenticator):
    users_file = Unicode(config=True, help="JSON file of scrypt hashes (tvaerblik hub-user)")

    def _users(self) -> dict[str, str]:
        try:
            return read_users(Path(self.users_file))
        except HubUserError as exc:
            self.log.error("%s", exc)
            return {}  # failing closed: nobody logs in with a broken users file

    async def authenticate(self, handler: Any, data: dict[str, str]) -> dict[str, str] | None:
        name = self.normalize_username(data.get("username", ""))
        stored = self._users().get(name)
        matches = password_matches(data.get("password", ""), stored or _DECOY_HASH)
        return {"name": name} if stored is not None and matches else None

    def check_allowed(self, username: str, authentication: Any = None) -> bool:
        return username in self._users()
