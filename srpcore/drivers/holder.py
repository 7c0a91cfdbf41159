"""What both token managers share: the refresh options, the expiry arithmetic, the session's end.

Split from :mod:`srpcore.drivers.tokens` (which re-exports :func:`token_expiry`) so each module
stays readable. The state a manager holds is one frozen :class:`_State`, swapped whole, so the
fast path reads it without a lock. Once the session has ended (signed out, or the refresh token
refused for good) the state holds no tokens, only why it ended.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from srpcore.cognito.client import Clock, utc_now
from srpcore.core.compare import constant_time_equal
from srpcore.errors import InvalidParameterError, SignInRequiredError
from srpcore.signin import Tokens
from srpcore.signin.options import DEFAULT_ROTATION, RefreshOptions, Rotation
from srpcore.signin.shape import MAX_EXPIRES_IN
from srpcore.signin.signout import build_admin_global_sign_out, build_global_sign_out, build_revoke
from srpcore.signin.types import Request

__all__ = ["DEFAULT_LEEWAY", "SIGNED_OUT", "Holder", "State", "keep", "token_expiry"]

DEFAULT_LEEWAY = timedelta(seconds=60)
SIGNED_OUT = ("SignedOut", "signed out: sign in again for new tokens", None)
"""Why a manager's session ended when it was signed out locally (code, message, step)."""


def _jwt_exp(token: str | None) -> datetime | None:
    """The ``exp`` claim of a JWT, unverified; ``None`` if ``token`` is not a readable JWT.

    PyJWT decodes without checking the signature or any claim: this only decides *when* to
    refresh, never whether a token is genuine (that is for the service receiving it).
    """
    if not token:
        return None
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.InvalidTokenError, ValueError, TypeError, RecursionError):
        return None
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(exp, timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def token_expiry(tokens: Tokens, *, received_at: datetime) -> datetime | None:
    """When ``tokens`` stop being usable: the earlier ``exp`` of the access and id tokens.

    An access token that is not a readable JWT counts from ``received_at`` plus ``ExpiresIn``;
    with neither, the expiry is unknown (``None``) and only an explicit refresh renews.
    """
    access = _jwt_exp(tokens.access_token)
    if access is None and tokens.expires_in is not None:
        access = received_at + timedelta(seconds=tokens.expires_in)
    known = [t for t in (access, _jwt_exp(tokens.id_token)) if t is not None]
    return min(known) if known else None


def keep(old: Tokens, new: Tokens) -> Tokens:
    """``new``, still carrying the refresh token and device when the response left them out.

    A rotated refresh token in ``new`` replaces the old one (which stops working after the
    client's grace period).
    """
    return replace(
        new,
        refresh_token=new.refresh_token or old.refresh_token,
        device=new.device or old.device,
        username=new.username or old.username,
        new_device=False,
    )


@dataclass(frozen=True, repr=False)
class State:
    """The current tokens with their expiry, or (``tokens is None``) why the session ended."""

    tokens: Tokens | None
    expires_at: datetime | None
    ended: tuple[str, str, str | None] | None = None


class Holder:
    """The options of a manager's refreshes and sign-outs, and the arithmetic of expiry."""

    def __init__(
        self,
        client: Any,
        tokens: Tokens,
        *,
        client_id: str,
        client_secret: str | None = None,
        admin: bool = False,
        pool_id: str | None = None,
        rotation: Rotation = DEFAULT_ROTATION,
        leeway: timedelta = DEFAULT_LEEWAY,
        clock: Clock = utc_now,
        client_metadata: Mapping[str, str] | None = None,
        analytics_metadata: Mapping[str, str] | None = None,
        user_context_data: Mapping[str, str] | None = None,
        context_data: Mapping[str, Any] | None = None,
    ) -> None:
        if not isinstance(tokens, Tokens):
            raise InvalidParameterError("tokens must be srpcore.Tokens from a sign-in")
        if not tokens.refresh_token:
            raise InvalidParameterError("these tokens carry no refresh token, so cannot be renewed")
        expires_in = tokens.expires_in
        if expires_in is not None and (
            isinstance(expires_in, bool)
            or not isinstance(expires_in, int)
            or not 0 <= expires_in <= MAX_EXPIRES_IN
        ):
            raise InvalidParameterError(
                f"tokens.expires_in must be whole seconds from 0 to {MAX_EXPIRES_IN}"
            )
        if leeway < timedelta(0):
            raise InvalidParameterError("leeway must not be negative")
        self._client = client
        self._leeway = leeway
        self._clock = clock
        self._closing = False  # sign_out has begun: no new refresh may start
        self._options = RefreshOptions(  # checked now, not at the first refresh
            client_id=client_id,
            client_secret=client_secret,
            admin=admin,
            pool_id=pool_id,
            rotation=rotation,
            client_metadata=client_metadata,
            analytics_metadata=analytics_metadata,
            user_context_data=user_context_data,
            context_data=context_data,
            refresh_token=tokens.refresh_token,
            username=tokens.username,
            device=tokens.device,
        )
        self._forgotten: frozenset[str] = frozenset()  # device keys forget_device() dropped
        self._state = self._state_for(tokens)
        self._setup()

    def _setup(self) -> None:
        """Per-manager concurrency state (a lock, the refresh in flight)."""

    @property
    def expires_at(self) -> datetime | None:
        """When the current tokens expire (``None``: unknown); refresh starts ``leeway`` earlier."""
        return self._state.expires_at

    @property
    def signed_in(self) -> bool:
        """False once the session ended: signed out, or the refresh token refused for good."""
        return self._state.tokens is not None

    def _state_for(self, tokens: Tokens) -> State:
        return self._without_forgotten(
            State(tokens, token_expiry(tokens, received_at=self._clock()))
        )

    def _without_forgotten(self, state: State) -> State:
        """``state`` without a device ``forget_device()`` dropped (a refresh begun before the
        forgetting brings it back); the expiry is the tokens', so it is kept as it is."""
        tokens = state.tokens
        if tokens is None or tokens.device is None:
            return state
        if tokens.device.device_key not in self._forgotten:
            return state
        return replace(state, tokens=replace(tokens, device=None))

    @staticmethod
    def _ended_by(error: SignInRequiredError) -> State:
        return State(None, None, ended=(error.code, error.message, error.step))

    @staticmethod
    def _ended_error(state: State) -> SignInRequiredError:
        """A fresh error (never a shared instance, whose traceback would grow) for the end."""
        code, message, step = state.ended or SIGNED_OUT
        return SignInRequiredError(code, message, step=step)

    def _live(self, state: State) -> Tokens:
        if state.tokens is None:
            raise self._ended_error(state)
        return state.tokens

    def _due(self, state: State) -> bool:
        return state.expires_at is not None and self._clock() >= state.expires_at - self._leeway

    def _needs_refresh(self, state: State, *, force: bool, stale: str | None) -> bool:
        tokens = self._live(state)
        if force:  # unless someone already replaced the token the caller saw refused
            return stale is None or constant_time_equal(tokens.access_token, stale)
        return self._due(state)

    def _refresh_options(self, tokens: Tokens) -> RefreshOptions:
        assert tokens.refresh_token is not None  # checked at construction, kept by keep()
        return replace(
            self._options,
            refresh_token=tokens.refresh_token,
            username=tokens.username,
            device=tokens.device,
        )

    def _signing_out_with(self, before: Tokens | None, *, global_: bool) -> Tokens | None:
        """The tokens a sign-out uses: the current ones; for a global sign-out whose refresh
        just ended the session, those from before it (their access token may still be good)."""
        tokens = self._state.tokens
        if tokens is None and global_:
            return before
        return tokens

    def _sign_out_request(self, tokens: Tokens, *, global_: bool) -> Request:
        """RevokeToken for this session, or the global sign-out (the admin form when admin)."""
        options = self._options
        if not global_:
            assert tokens.refresh_token is not None
            return build_revoke(
                refresh_token=tokens.refresh_token,
                client_id=options.client_id,
                client_secret=options.client_secret,
            )
        if options.admin and options.pool_id is not None and tokens.username:
            return build_admin_global_sign_out(
                user_pool_id=options.pool_id, username=tokens.username
            )
        return build_global_sign_out(access_token=tokens.access_token)

    def __repr__(self) -> str:
        tokens = self._state.tokens
        username = tokens.username if tokens is not None else None
        return (
            f"{type(self).__name__}(client_id={self._options.client_id!r}, "
            f"username={username!r}, expires_at={self.expires_at!r}, "
            f"signed_in={self.signed_in}, <tokens hidden>)"
        )
