"""Passkey management on the caller's ``cognito-idp`` client, with the user's access token.

:func:`register_passkey` is Cognito's three-step ceremony in one call:
StartWebAuthnRegistration, then the caller's ``authenticator`` (creation options in,
RegistrationResponseJSON out: a browser bridge, a FIDO library, or
:class:`srpcore.testing.SoftwareAuthenticator` in tests), then CompleteWebAuthnRegistration.
:func:`list_passkeys` follows ListWebAuthnCredentials' pages; :func:`delete_passkey` removes
one. The ``*_async`` twins take an aiobotocore client (and an authenticator that may be
async). Refusals are :class:`~srpcore.errors.ServiceError` with Cognito's code
(``WebAuthnOriginNotAllowedException`` ...) and the step that failed.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from srpcore.drivers._common import call, call_async
from srpcore.drivers._drive import run_plan, run_plan_async
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin.devices import Plan
from srpcore.signin.pages import walk
from srpcore.signin.shape import wire_date
from srpcore.signin.types import Request

__all__ = [
    "Authenticator",
    "PasskeyInfo",
    "RegisteredPasskey",
    "delete_passkey",
    "delete_passkey_async",
    "list_passkeys",
    "list_passkeys_async",
    "register_passkey",
    "register_passkey_async",
]

Authenticator = Callable[[dict[str, Any]], Mapping[str, Any]]
"""Creation options (PublicKeyCredentialCreationOptionsJSON) -> RegistrationResponseJSON."""
AsyncAuthenticator = Callable[[dict[str, Any]], Mapping[str, Any] | Awaitable[Mapping[str, Any]]]
MAX_PAGES = 100  # 20 per page: far beyond any user's passkeys; a listing that never ends stops


@dataclass(frozen=True)
class RegisteredPasskey:
    """What a completed registration gives back: the new credential's id."""

    credential_id: str


@dataclass(frozen=True)
class PasskeyInfo:
    """One of the user's passkeys, as ListWebAuthnCredentials describes it."""

    credential_id: str
    name: str
    relying_party_id: str
    transports: tuple[str, ...]
    attachment: str | None
    created_at: datetime


def _start(access_token: str) -> Request:
    params = {"AccessToken": access_token}
    return Request("StartWebAuthnRegistration", params, "StartWebAuthnRegistration")


def _complete(access_token: str, credential: Mapping[str, Any]) -> Request:
    if not isinstance(credential, Mapping) or not isinstance(credential.get("id"), str):
        raise InvalidParameterError(
            "the authenticator must return a RegistrationResponseJSON object (with an id)"
        )
    params = {"AccessToken": access_token, "Credential": dict(credential)}
    return Request("CompleteWebAuthnRegistration", params, "CompleteWebAuthnRegistration")


def _options(response: Mapping[str, Any]) -> dict[str, Any]:
    options = response.get("CredentialCreationOptions")
    if not isinstance(options, dict):
        raise ProtocolError("StartWebAuthnRegistration returned no CredentialCreationOptions")
    return options


def _listing(access_token: str) -> Plan:
    """ListWebAuthnCredentials, every page, through the one page walker."""

    def ask(token: str | None, _have: int) -> Request:
        params: dict[str, Any] = {"AccessToken": access_token, "MaxResults": 20}
        if token is not None:
            params["NextToken"] = token
        return Request("ListWebAuthnCredentials", params, "ListWebAuthnCredentials")

    return walk(ask, _page, max_pages=MAX_PAGES)


def _delete(access_token: str, credential_id: str) -> Request:
    params = {"AccessToken": access_token, "CredentialId": credential_id}
    return Request("DeleteWebAuthnCredential", params, "DeleteWebAuthnCredential")


def _created(item: Mapping[str, Any]) -> datetime:
    created = wire_date(item, "CreatedAt", "Credentials[]")
    if created is None:
        raise ProtocolError("Credentials[].CreatedAt is missing")
    return created


def _page(response: Mapping[str, Any], _asked: Request) -> tuple[list[PasskeyInfo], str | None]:
    try:
        found = [
            PasskeyInfo(
                credential_id=str(item["CredentialId"]),
                name=str(item.get("FriendlyCredentialName", "")),
                relying_party_id=str(item.get("RelyingPartyId", "")),
                transports=tuple(str(t) for t in item.get("AuthenticatorTransports") or ()),
                attachment=item.get("AuthenticatorAttachment"),
                created_at=_created(item),
            )
            for item in response["Credentials"]
        ]
    except (KeyError, TypeError) as exc:
        raise ProtocolError(f"ListWebAuthnCredentials returned an unexpected shape: {exc}") from exc
    token = response.get("NextToken")
    return found, token if isinstance(token, str) and token else None


def register_passkey(
    client: Any, *, access_token: str, authenticator: Authenticator
) -> RegisteredPasskey:
    """Start -> ``authenticator(options)`` -> Complete; the registered credential's id."""
    options = _options(call(client, _start(access_token)))
    credential = authenticator(options)
    request = _complete(access_token, credential)
    call(client, request)
    return RegisteredPasskey(str(credential["id"]))


def list_passkeys(client: Any, *, access_token: str) -> list[PasskeyInfo]:
    """Every passkey of the user, oldest first (all pages)."""
    found: list[PasskeyInfo] = run_plan(client, _listing(access_token))
    return found


def delete_passkey(client: Any, *, access_token: str, credential_id: str) -> None:
    """Remove the user's passkey ``credential_id`` (ServiceError ResourceNotFound if none)."""
    call(client, _delete(access_token, credential_id))


# --- async ----------------------------------------------------------------------------------


async def register_passkey_async(
    client: Any, *, access_token: str, authenticator: AsyncAuthenticator
) -> RegisteredPasskey:
    """Async :func:`register_passkey`; ``authenticator`` may be a coroutine function."""
    options = _options(await call_async(client, _start(access_token)))
    answer = authenticator(options)
    credential = await answer if inspect.isawaitable(answer) else answer
    await call_async(client, _complete(access_token, credential))
    return RegisteredPasskey(str(credential["id"]))


async def list_passkeys_async(client: Any, *, access_token: str) -> list[PasskeyInfo]:
    """Async :func:`list_passkeys`."""
    found: list[PasskeyInfo] = await run_plan_async(client, _listing(access_token))
    return found


async def delete_passkey_async(client: Any, *, access_token: str, credential_id: str) -> None:
    """Async :func:`delete_passkey`."""
    await call_async(client, _delete(access_token, credential_id))
