"""The sign-in and refresh options, declared once, checked once.

:class:`SignInOptions` and :class:`RefreshOptions` are the single declaration of what a sign-in
or a refresh takes, with its defaults and its checks (in ``__post_init__``, before any call).
The machine, both drivers and the token managers all take one of these objects. The free
functions keep their keyword signatures without restating them: :func:`keywords` gives a
function ``f(client, options)`` the options class's own constructor signature, so
``sign_in(client, pool_id=..., ...)`` is typed by the dataclass itself (a ParamSpec; mypy and
IDEs see every keyword, its type and its default).
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.ephemeral import (
    DEFAULT_EPHEMERAL_BITS,
    Clock,
    RandomBytes,
    check_ephemeral_bits,
    utc_now,
)
from srpcore.cognito.pool import pool_name as _check_pool_id
from srpcore.cognito.vocabulary import FIRST_FACTORS, PASSWORD_FACTORS
from srpcore.core.engine import Engine
from srpcore.errors import InvalidParameterError

__all__ = [
    "DEFAULT_ROTATION",
    "FLOWS",
    "PASSWORD_FLOWS",
    "REFRESH_FLOWS",
    "ROTATION_CHOICES",
    "Authenticator",
    "RefreshOptions",
    "Rotation",
    "SignInOptions",
    "needs_password",
    "opening_factor",
]

Rotation: TypeAlias = bool | Literal["auto"]
"""How to refresh: GetTokensFromRefreshToken (``True``), REFRESH_TOKEN_AUTH (``False``), or
``"auto"`` (GetTokensFromRefreshToken unless the endpoint does not know it; see
:class:`RefreshOptions`)."""

ROTATION_CHOICES: tuple[Rotation, ...] = (True, False, "auto")

DEFAULT_ROTATION: Rotation = "auto"
"""The one default of ``rotation`` (refresh, the token managers, the Locust user); the reason
is in :class:`RefreshOptions`."""

FLOWS = (
    "USER_SRP_AUTH",
    "USER_AUTH",
    "CUSTOM_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
)
"""The AuthFlow values :func:`~srpcore.sign_in` takes (AuthFlowType, refresh flows aside).

USER_SRP_AUTH; USER_AUTH with any first factor; CUSTOM_AUTH, SRP first when a password is
given; USER_PASSWORD_AUTH (InitiateAuth) and ADMIN_USER_PASSWORD_AUTH (AdminInitiateAuth), in
which the password itself travels to the service (inside TLS) instead of an SRP proof."""
PASSWORD_FLOWS = frozenset({"USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH"})
"""The flows whose first call carries the password in AuthParameters.PASSWORD."""
REFRESH_FLOWS = ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN")
"""The refresh flows: :func:`~srpcore.refresh` makes those calls, not a sign-in."""
_ADMIN_ONLY = {"ADMIN_USER_PASSWORD_AUTH": True, "USER_PASSWORD_AUTH": False}
"""Flows valid for one operation pair only (the service model's AuthFlow documentation)."""

Authenticator = Callable[[dict[str, Any]], Mapping[str, Any] | str]
"""Answers WEB_AUTHN: the request options (parsed JSON) in, AuthenticationResponseJSON out."""

_EXTRAS = (
    ("ClientMetadata", "client_metadata"),
    ("AnalyticsMetadata", "analytics_metadata"),
    ("UserContextData", "user_context_data"),
    ("ContextData", "context_data"),
)
"""The request fields every InitiateAuth / RespondToAuthChallenge carries, and their option."""


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return None if value is None else MappingProxyType(dict(value))


@dataclass(frozen=True, kw_only=True, eq=False)
class _CallOptions:
    """What sign-in and refresh share: the app client, the admin pair, and the metadata."""

    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    admin: bool = False
    client_metadata: Mapping[str, str] | None = field(default=None, repr=False)
    analytics_metadata: Mapping[str, str] | None = field(default=None, repr=False)
    user_context_data: Mapping[str, str] | None = field(default=None, repr=False)
    context_data: Mapping[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # The context-data rule: each operation pair takes its own field, never the other's.
        if self.admin and self.user_context_data is not None:
            raise InvalidParameterError(
                "the admin operations take context_data, not user_context_data"
            )
        if not self.admin and self.context_data is not None:
            raise InvalidParameterError(
                "the public operations take user_context_data, not context_data"
            )
        for _, name in _EXTRAS:  # private copies: a caller's later change cannot leak in
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def extras(self) -> dict[str, Any]:
        """The metadata fields of a request (ClientMetadata, ...), fresh dicts of the given ones."""
        out: dict[str, Any] = {}
        for key, name in _EXTRAS:
            value = getattr(self, name)
            if value is not None:
                out[key] = dict(value)
        return out

    def operation(self, name: str) -> str:
        """``name`` or its Admin twin."""
        return f"Admin{name}" if self.admin else name


def opening_factor(
    flow: str, preferred_challenge: str | None, session: str | None, has_password: bool
) -> str | None:
    """The first factor the first call carries: PASSWORD_SRP (SRP_A), PASSWORD, another
    USER_AUTH factor (only named), or ``None`` (USERNAME alone: SELECT_CHALLENGE follows, or
    the sign-up Session is the factor, or CUSTOM_AUTH runs custom rounds only)."""
    if flow == "USER_AUTH":
        return None if session is not None else preferred_challenge
    if flow in PASSWORD_FLOWS:
        return "PASSWORD"
    if flow == "CUSTOM_AUTH" and not has_password:
        return None
    return "PASSWORD_SRP"


def needs_password(flow: str, preferred_challenge: str | None, session: str | None) -> bool:
    """Whether the first call of this sign-in needs the password (checked up front)."""
    if flow == "CUSTOM_AUTH":
        return False  # without a password CUSTOM_AUTH runs custom rounds only
    return opening_factor(flow, preferred_challenge, session, True) in PASSWORD_FACTORS


@dataclass(frozen=True, kw_only=True, eq=False)
class SignInOptions(_CallOptions):
    """Everything one sign-in is configured with (see :class:`~srpcore.signin.SignIn`).

    ``password`` is needed by the password flows and factors only. ``session`` is the Session
    ``ConfirmSignUp`` returned: with ``flow="USER_AUTH"`` the sign-up code counts as the
    first factor, so no preference or password is sent. ``authenticator`` answers a WEB_AUTHN
    challenge in one go. ``repr`` hides the password, the session, the client secret and the
    metadata.
    """

    pool_id: str
    username: str
    password: str | None = field(default=None, repr=False)
    device: DeviceSecret | None = None
    flow: str = "USER_SRP_AUTH"
    preferred_challenge: str | None = "PASSWORD_SRP"
    session: str | None = field(default=None, repr=False)
    authenticator: Authenticator | None = field(default=None, repr=False)
    remember_device: bool = True
    device_name: str | None = None
    rng: RandomBytes = field(default=secrets.token_bytes, repr=False)
    clock: Clock = field(default=utc_now, repr=False)
    engine: Engine | None = field(default=None, repr=False)
    ephemeral_bits: int = DEFAULT_EPHEMERAL_BITS

    def __post_init__(self) -> None:
        _check_pool_id(self.pool_id)
        self._check_flow()
        if not self.client_id:
            raise InvalidParameterError("client_id must not be empty")
        if not self.username:
            raise InvalidParameterError("username must not be empty")
        check_ephemeral_bits(self.ephemeral_bits)
        super().__post_init__()

    def _check_flow(self) -> None:
        """The flow, its operation pair, its first factor and what they need, before any call."""
        flow = self.flow
        if flow in REFRESH_FLOWS:
            raise InvalidParameterError(
                f"{flow} is not a sign-in: call srpcore.refresh(client, refresh_token=..., ...)"
            )
        if flow == "ADMIN_NO_SRP_AUTH":
            raise InvalidParameterError(
                "ADMIN_NO_SRP_AUTH is the legacy name of ADMIN_USER_PASSWORD_AUTH: use that"
            )
        if flow not in FLOWS:
            raise InvalidParameterError(f"flow must be one of {', '.join(FLOWS)}, not {flow!r}")
        if flow in _ADMIN_ONLY and _ADMIN_ONLY[flow] != self.admin:
            twin = "ADMIN_USER_PASSWORD_AUTH" if self.admin else "USER_PASSWORD_AUTH"
            pair = "AdminInitiateAuth" if _ADMIN_ONLY[flow] else "InitiateAuth"
            raise InvalidParameterError(f"{flow} is a flow of {pair} only: use {twin}")
        preferred = self.preferred_challenge
        if flow == "USER_AUTH":
            if preferred is not None and preferred not in FIRST_FACTORS:
                raise InvalidParameterError(
                    f"preferred_challenge must be one of {', '.join(FIRST_FACTORS)} or None, "
                    f"not {preferred!r}"
                )
        elif preferred != "PASSWORD_SRP":
            raise InvalidParameterError("preferred_challenge is for flow='USER_AUTH' only")
        if self.session is not None and (flow != "USER_AUTH" or not self.session):
            raise InvalidParameterError(
                "session= (the Session from ConfirmSignUp) is for flow='USER_AUTH' only"
            )
        if self.authenticator is not None:
            if not callable(self.authenticator):
                raise InvalidParameterError("authenticator must be a callable")
            if flow != "USER_AUTH":
                raise InvalidParameterError(
                    "authenticator= answers WEB_AUTHN, which only flow='USER_AUTH' asks"
                )
        if self.password is not None and not isinstance(self.password, str):
            raise InvalidParameterError("password must be a string")
        if not self.password and needs_password(flow, preferred, self.session):
            what = f"preferred_challenge={preferred!r}" if flow == "USER_AUTH" else f"flow={flow!r}"
            raise InvalidParameterError(f"{what} needs password= (it was not given)")

    def without_password(self) -> SignInOptions:
        """These options with the password and session blanked: what a machine keeps.

        A shallow copy, not :func:`dataclasses.replace`, so the checks are not run twice.
        """
        clone = copy.copy(self)
        object.__setattr__(clone, "password", None)
        object.__setattr__(clone, "session", None)
        return clone


@dataclass(frozen=True, kw_only=True, eq=False)
class RefreshOptions(_CallOptions):
    """One refresh: the refresh token, the internal username, the device, and which call.

    ``username`` is ``Tokens.username`` (needed for SECRET_HASH with a client secret);
    ``device`` the remembered device when device tracking is on. ``flow`` is
    ``REFRESH_TOKEN_AUTH`` or its synonym ``REFRESH_TOKEN`` (when REFRESH_TOKEN_AUTH is used).
    ``repr`` hides the token.

    ``rotation`` picks the call. ``False``: REFRESH_TOKEN_AUTH through (Admin)InitiateAuth,
    which Cognito refuses on app clients with refresh-token rotation on. ``True``:
    GetTokensFromRefreshToken, which works on every client and returns a NEW refresh token when
    rotation is on; it sends the raw ClientSecret (not SECRET_HASH) and DeviceKey, and carries
    only ClientMetadata, so the other metadata is refused. ``"auto"`` (the default):
    GetTokensFromRefreshToken, falling back to REFRESH_TOKEN_AUTH only when the endpoint answers
    ``UnknownOperationException`` (an emulator without the operation), the installed botocore
    predates it, or botocore would sign it and has no AWS credentials (its models before 1.40.7
    did); the first outcome is remembered per endpoint and client id for the life of the
    process. Options only REFRESH_TOKEN_AUTH can carry (analytics metadata, context data) make
    ``"auto"`` choose REFRESH_TOKEN_AUTH. With a client secret the username is still needed,
    for the fallback's SECRET_HASH.

    Why ``"auto"`` is the default: an app client's owner can turn rotation on at any time, and
    from then on Cognito refuses REFRESH_TOKEN_AUTH, so a ``False`` default breaks every caller
    the day that switch is flipped; GetTokensFromRefreshToken answers on every app client
    (AWS API reference, RefreshTokenRotationType), which is why AWS's own SDKs (Amplify JS,
    Android, Swift) moved their refresh to it. ``"auto"`` rather than ``True`` keeps emulators
    and old botocores that lack the operation working, at the cost of one failed call per
    (endpoint, client) that lacks it. Callers who need REFRESH_TOKEN_AUTH's extra fields, or
    sit behind a WAF rule or proxy that admits only InitiateAuth, pass ``rotation=False``.
    """

    refresh_token: str = field(repr=False)
    username: str | None = None
    device: DeviceSecret | None = None
    pool_id: str | None = None
    flow: str = "REFRESH_TOKEN_AUTH"
    rotation: Rotation = DEFAULT_ROTATION

    def __post_init__(self) -> None:
        if self.flow not in REFRESH_FLOWS:
            raise InvalidParameterError(
                f"refresh flow must be one of {', '.join(REFRESH_FLOWS)}, not {self.flow!r}"
                + ("; sign in with srpcore.sign_in" if self.flow in FLOWS else "")
            )
        if not self.refresh_token:
            raise InvalidParameterError("refresh_token must not be empty")
        if not (self.rotation is True or self.rotation is False or self.rotation == "auto"):
            raise InvalidParameterError(
                f"rotation must be True, False or 'auto', not {self.rotation!r}"
            )
        if self.rotation is True and self.initiate_only():
            raise InvalidParameterError(
                "GetTokensFromRefreshToken carries only client_metadata: analytics_metadata, "
                "user_context_data and context_data need rotation=False"
            )
        if self.client_secret is not None and not self.username and self.rotation is not True:
            raise InvalidParameterError(
                "with a client secret, refreshing needs the internal username for SECRET_HASH "
                "(Tokens.username from the sign-in)"
            )
        if self.admin:
            if self.pool_id is None:
                raise InvalidParameterError("AdminInitiateAuth needs pool_id")
            _check_pool_id(self.pool_id)
        super().__post_init__()

    def initiate_only(self) -> bool:
        """Whether these options carry a field only (Admin)InitiateAuth has a place for."""
        return any(
            value is not None
            for value in (self.analytics_metadata, self.user_context_data, self.context_data)
        )
