"""Single sign-on through OpenID Connect (e.g. Microsoft Entra ID): the administrator's file.

``tvaerblik hub --oidc FIL.toml`` reads it; Danish keys like the roles file::

    klient_id = "11111111-2222-3333-4444-555555555555"      # Entra: Application (client) ID
    klient_hemmelighed_fil = "/etc/tvaerblik/oidc-hemmelighed"  # the secret, mode 0600
    adresse = "https://tvaerblik.kommune.dk"                # what people open; callback below it
    entra_tenant = "00000000-0000-0000-0000-000000000000"   # or autoriserings_url + token_url
    grupper_claim = "roles"                                 # Entra app roles (default)
    brugernavn_claim = "preferred_username"                 # default
    tilladte_grupper = ["leder", "controller", "sekretaer", "admin"]
    knaptekst = "kommunens login"

The token's groups (app roles) become hub groups, which the roles file's ``[grupper.NAVN]``
entries map to a role; a person in none of ``tilladte_grupper`` is refused at the door.
"""

from __future__ import annotations

import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENTRA_LOGIN = "https://login.microsoftonline.com"
_KEYS = {
    "klient_id", "klient_hemmelighed_fil", "adresse", "entra_tenant", "autoriserings_url",
    "token_url", "grupper_claim", "brugernavn_claim", "tilladte_grupper", "knaptekst",
}  # fmt: skip


class OidcSettingsError(ValueError):
    """The single sign-on file is wrong; ``str()`` is one Danish sentence naming the file."""


@dataclass(frozen=True)
class OidcSettings:
    client_id: str
    client_secret_file: str
    callback_url: str
    authorize_url: str
    token_url: str
    username_claim: str
    groups_claim: str
    allowed_groups: tuple[str, ...]
    button_text: str


def read_oidc_settings(path: Path) -> OidcSettings:
    try:
        document: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OidcSettingsError(f"Login-filen {path} kan ikke læses ({exc.strerror}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise OidcSettingsError(f"Login-filen {path} er ikke gyldig TOML: {exc}.") from exc
    unknown = sorted(set(document) - _KEYS)
    if unknown:
        raise OidcSettingsError(f"Login-filen {path}: ukendt nøgle «{', '.join(unknown)}».")

    def text(key: str, default: str | None = None) -> str:
        value = document.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise OidcSettingsError(f"Login-filen {path} mangler «{key}».")
        return value.strip()

    tenant = document.get("entra_tenant")
    if isinstance(tenant, str) and tenant.strip():
        base = f"{ENTRA_LOGIN}/{tenant.strip()}/oauth2/v2.0"
        authorize, token = f"{base}/authorize", f"{base}/token"
    else:
        authorize, token = text("autoriserings_url"), text("token_url")
    secret_file = text("klient_hemmelighed_fil")
    _check_secret_file(path, Path(secret_file))
    groups = document.get("tilladte_grupper")
    if not isinstance(groups, list) or not groups or not all(isinstance(g, str) for g in groups):
        raise OidcSettingsError(
            f'Login-filen {path}: «tilladte_grupper» skal være en liste, fx ["leder"].'
        )
    address = text("adresse").rstrip("/")
    if not address.startswith("https://"):
        raise OidcSettingsError(
            f"Login-filen {path}: «adresse» skal begynde med https:// (kommunens TLS-proxy)."
        )
    return OidcSettings(
        client_id=text("klient_id"),
        client_secret_file=secret_file,
        callback_url=f"{address}/hub/oauth_callback",
        authorize_url=authorize,
        token_url=token,
        username_claim=text("brugernavn_claim", "preferred_username"),
        groups_claim=text("grupper_claim", "roles"),
        allowed_groups=tuple(groups),
        button_text=text("knaptekst", "kommunens login"),
    )


def _check_secret_file(path: Path, secret: Path) -> None:
    try:
        mode = secret.stat().st_mode
    except OSError as exc:
        raise OidcSettingsError(
            f"Login-filen {path}: hemmeligheden {secret} kan ikke læses ({exc.strerror})."
        ) from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise OidcSettingsError(
            f"Hemmeligheden {secret} kan læses af andre; ret med chmod 600 {secret}."
        )


def apply_oidc(config: Any, settings: OidcSettings) -> None:
    """GenericOAuthenticator for the municipality's IdP; groups from the id_token's claim."""
    generic = config.GenericOAuthenticator
    config.JupyterHub.authenticator_class = "generic-oauth"
    generic.client_id = settings.client_id
    generic.client_secret = Path(settings.client_secret_file).read_text(encoding="utf-8").strip()
    generic.oauth_callback_url = settings.callback_url
    generic.authorize_url = settings.authorize_url
    generic.token_url = settings.token_url
    generic.userdata_from_id_token = True  # Entra puts roles/groups in the id_token
    generic.scope = ["openid", "profile", "email"]
    generic.username_claim = settings.username_claim
    generic.manage_groups = True
    generic.auth_state_groups_key = f"oauth_user.{settings.groups_claim}"
    generic.allowed_groups = set(settings.allowed_groups)
    generic.admin_groups = set()  # Tværblik's admin is no hub admin (that could open others' pages)
    generic.login_service = settings.button_text
