"""Closing a page frees its kernel at once: Voilà's login class, with the XSRF cookie set.

When a tab closes, Voilà's page sends ``POST /voila/api/shutdown/<kernel>`` with the value of
the ``_xsrf`` cookie, and the server shuts the page's kernel down. Tornado sets that cookie
only when a response uses the XSRF token, which Voilà's notebook pages never do, so a visitor
who opened a page directly (not through the folder page) had no cookie, every shutdown was
refused («'_xsrf' argument missing from POST») and the kernel stayed until the idle culler
came. ``voila.json`` names this class as ``Voila.identity_provider_class``; the check itself
is unchanged (the cookie is compared with what the page sends).
"""

from __future__ import annotations

from jupyter_core.utils import ensure_async
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from tornado import web


def sets_xsrf_cookie(handler: web.RequestHandler) -> bool:
    """Plain GET requests get the cookie; a websocket's upgrade answer has no room for it."""
    upgrade = handler.request.headers.get("Upgrade", "").lower()
    return handler.request.method == "GET" and upgrade != "websocket"


class PageCookieIdentityProvider(PasswordIdentityProvider):
    """Voilà's default identity provider, which also hands every page the ``_xsrf`` cookie."""

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        user: User | None = await ensure_async(super().get_user(handler))
        if sets_xsrf_cookie(handler):
            handler.current_user = user  # what prepare() sets next; the token reads it
            handler.xsrf_token  # noqa: B018 - reading it sets the cookie when the browser has none
        return user
