"""WEB_AUTHN on the client side: reading the request options, checking the shape of the answer.

Cognito sends ``ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS``, a JSON string holding the
WebAuthn ``PublicKeyCredentialRequestOptionsJSON`` (base64url ``challenge``, ``rpId``,
``timeout``, ``userVerification``, ``allowCredentials``), and takes the authenticator's
``AuthenticationResponseJSON`` back as ``ChallengeResponses.CREDENTIAL`` (the key the service
model documents; Amplify reads the same parameter and sends ``JSON.stringify`` of the
credential).

Nothing here verifies a signature, an origin or a counter: the service verifies the assertion.
The client only refuses shapes that cannot be an answer (a registration response passed by
mistake, a string that is not JSON), so the mistake is reported before a call is spent.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from srpcore.errors import InvalidParameterError, ProtocolError

__all__ = [
    "MAX_OPTIONS_CHARS",
    "REQUEST_OPTIONS_KEY",
    "CredentialDescriptor",
    "WebAuthnRequest",
    "credential_text",
    "parse_request_options",
]

REQUEST_OPTIONS_KEY = "CREDENTIAL_REQUEST_OPTIONS"
"""The ChallengeParameters key of the WEB_AUTHN challenge holding the request options."""

MAX_OPTIONS_CHARS = 64 * 1024
"""The longest request options accepted (real ones are a few hundred bytes; each allowed
credential adds about a hundred). Anything longer is refused rather than handed to an
authenticator."""

_B64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_USER_VERIFICATION = ("required", "preferred", "discouraged")


@dataclass(frozen=True)
class CredentialDescriptor:
    """One ``allowCredentials`` entry: a credential the service will accept for this user."""

    id: str
    type: str = "public-key"
    transports: tuple[str, ...] = ()


@dataclass(frozen=True, repr=False)
class WebAuthnRequest:
    """The request options of a WEB_AUTHN challenge, checked and typed.

    ``options`` is the whole parsed JSON object (what an authenticator takes); the other fields
    are its members, typed. ``challenge`` is base64url text, as WebAuthn's JSON forms carry it.
    """

    challenge: str
    rp_id: str | None
    timeout: int | None
    user_verification: str | None
    allow_credentials: tuple[CredentialDescriptor, ...]
    options: Mapping[str, Any] = field(compare=False)

    def as_dict(self) -> dict[str, Any]:
        """A private deep copy of the options: what to hand to an authenticator."""
        return copy.deepcopy(dict(self.options))

    def __repr__(self) -> str:
        return (
            f"WebAuthnRequest(rp_id={self.rp_id!r}, user_verification="
            f"{self.user_verification!r}, allow_credentials={len(self.allow_credentials)})"
        )


def _fail(problem: str) -> ProtocolError:
    return ProtocolError(f"WEB_AUTHN {REQUEST_OPTIONS_KEY} {problem}")


def _b64url(value: object, what: str) -> str:
    if not isinstance(value, str) or not _B64URL.fullmatch(value):
        raise _fail(f"{what} is not base64url text")
    return value


def _descriptor(entry: object) -> CredentialDescriptor:
    if not isinstance(entry, dict):
        raise _fail("allowCredentials holds a non-object")
    kind = entry.get("type", "public-key")
    transports = entry.get("transports", [])
    if not isinstance(kind, str):
        raise _fail("allowCredentials type is not a string")
    if not isinstance(transports, list) or not all(isinstance(t, str) for t in transports):
        raise _fail("allowCredentials transports is not a list of strings")
    return CredentialDescriptor(
        _b64url(entry.get("id"), "allowCredentials id"), kind, tuple(transports)
    )


def _parse_json(text: str) -> object:
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise _fail("is JSON nested too deeply") from exc
    except ValueError as exc:
        raise _fail("is not JSON") from exc


def parse_request_options(parameters: Mapping[str, str]) -> WebAuthnRequest:
    """The WEB_AUTHN challenge's request options, or a ProtocolError saying what is wrong.

    Amplify hands ``JSON.parse`` of the parameter straight to the browser's passkey call, so
    the value is the ``PublicKeyCredentialRequestOptionsJSON`` itself, not a wrapper.
    """
    text = parameters.get(REQUEST_OPTIONS_KEY)
    if not text:
        raise _fail("is missing: the service sent no passkey request")
    if len(text) > MAX_OPTIONS_CHARS:
        raise _fail(f"is longer than {MAX_OPTIONS_CHARS} characters")
    value = _parse_json(text)
    if not isinstance(value, dict):
        raise _fail("is not a JSON object")
    rp_id = value.get("rpId")
    if rp_id is not None and (not isinstance(rp_id, str) or not rp_id):
        raise _fail("rpId is not a non-empty string")
    timeout = value.get("timeout")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 0
    ):
        raise _fail("timeout is not a non-negative integer")
    verification = value.get("userVerification")
    if verification is not None and verification not in _USER_VERIFICATION:
        raise _fail(f"userVerification is not one of {', '.join(_USER_VERIFICATION)}")
    allowed = value.get("allowCredentials", [])
    if not isinstance(allowed, list):
        raise _fail("allowCredentials is not a list")
    return WebAuthnRequest(
        challenge=_b64url(value.get("challenge"), "challenge"),
        rp_id=rp_id,
        timeout=timeout,
        user_verification=verification,
        allow_credentials=tuple(_descriptor(entry) for entry in allowed),
        options=MappingProxyType(value),  # read-only; as_dict() hands out deep copies
    )


_RESPONSE_FIELDS = ("clientDataJSON", "authenticatorData", "signature")


def credential_text(credential: Mapping[str, Any] | str) -> str:
    """The CREDENTIAL to send: the caller's AuthenticationResponseJSON, shape-checked.

    A string is sent exactly as given once it parses; a mapping is serialised compactly. A
    registration response (``attestationObject``) or anything without the assertion's fields
    is an :class:`InvalidParameterError` naming what is missing.
    """
    if isinstance(credential, str):
        try:
            value: object = json.loads(credential)
        except (ValueError, RecursionError) as exc:
            raise InvalidParameterError("the WEB_AUTHN answer is not JSON") from exc
        text = credential
    elif isinstance(credential, Mapping):
        value = credential
        try:
            text = json.dumps(dict(credential), separators=(",", ":"))
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidParameterError(
                "the WEB_AUTHN answer is not JSON-serialisable (binary fields must be base64url)"
            ) from exc
    else:
        raise InvalidParameterError(
            "the WEB_AUTHN answer is an AuthenticationResponseJSON (a dict or its JSON text), "
            f"not {type(credential).__name__}"
        )
    if not isinstance(value, Mapping):
        raise InvalidParameterError("the WEB_AUTHN answer is not a JSON object")
    response = value.get("response")
    if not isinstance(value.get("id"), str) or not value.get("id"):
        raise InvalidParameterError("the WEB_AUTHN answer has no credential id")
    if value.get("type", "public-key") != "public-key":
        raise InvalidParameterError("the WEB_AUTHN answer's type is not 'public-key'")
    if not isinstance(response, Mapping):
        raise InvalidParameterError("the WEB_AUTHN answer has no response object")
    if "attestationObject" in response:
        raise InvalidParameterError(
            "the WEB_AUTHN answer is a registration response; sign-in needs an assertion "
            "(AuthenticationResponseJSON)"
        )
    missing = [name for name in _RESPONSE_FIELDS if not isinstance(response.get(name), str)]
    if missing:
        raise InvalidParameterError(f"the WEB_AUTHN answer's response lacks {', '.join(missing)}")
    return text
