"""Tokens that stay fresh: refresh shortly before expiry, once, however many callers ask.

:class:`TokenManager` (boto3) and :class:`AsyncTokenManager` (aiobotocore) hold the
:class:`~srpcore.signin.Tokens` of a sign-in and hand out an access or id token that is valid for
at least ``leeway`` more (60 seconds by default, which also absorbs clock skew). When it would
not be, the first caller refreshes with REFRESH_TOKEN_AUTH and every concurrent caller waits for
that one refresh and shares its outcome, tokens or :class:`~srpcore.errors.ServiceError`; a failed
refresh leaves the old tokens in place. The refresh token and the remembered device are kept when
the refresh response does not replace them.

Expiry is read from the tokens' ``exp`` claims, decoded but not verified (only the service that
will receive them can judge the signature; here it only decides *when* to refresh); a token that
is not a readable JWT falls back to the time it was received plus ``ExpiresIn``.

:class:`BearerAuth` and :class:`AsyncBearerAuth` put the access token in the ``Authorization``
header of ``requests`` and ``httpx`` requests. They are duck-typed, so neither library is
imported (or required) here. Nothing in this module logs, and no ``repr`` shows a token.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Generator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from srpcore.cognito.client import Clock, utc_now
from srpcore.drivers.aio import run_refresh_async
from srpcore.drivers.devices import forget_in_use, forget_in_use_async
from srpcore.drivers.expiry import token_expiry
from srpcore.drivers.sync import run_refresh
from srpcore.errors import ConfigurationError, InvalidParameterError
from srpcore.signin import Tokens
from srpcore.signin.options import RefreshOptions
from srpcore.signin.shape import MAX_EXPIRES_IN

__all__ = [
    "AsyncBearerAuth",
    "AsyncTokenManager",
    "BearerAuth",
    "TokenManager",
    "token_expiry",
]

DEFAULT_LEEWAY = timedelta(seconds=60)
UNAUTHORIZED = 401


def _keep(old: Tokens, new: Tokens) -> Tokens:
    """``new``, still carrying the refresh token and device when the response left them out."""
    return replace(
        new,
        refresh_token=new.refresh_token or old.refresh_token,
        device=new.device or old.device,
        username=new.username or old.username,
        new_device=False,
    )


@dataclass(frozen=True, repr=False)
class _State:
    """The current tokens with their expiry, swapped as one object so readers need no lock."""

    tokens: Tokens
    expires_at: datetime | None


class _Holder:
    """What both managers share: the options of REFRESH_TOKEN_AUTH and the expiry arithmetic."""

    def __init__(
        self,
        client: Any,
        tokens: Tokens,
        *,
        client_id: str,
        client_secret: str | None = None,
        admin: bool = False,
        pool_id: str | None = None,
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
        self._options = RefreshOptions(  # checked now, not at the first refresh
            client_id=client_id,
            client_secret=client_secret,
            admin=admin,
            pool_id=pool_id,
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

    def _state_for(self, tokens: Tokens) -> _State:
        if tokens.device is not None and tokens.device.device_key in self._forgotten:
            tokens = replace(tokens, device=None)  # a refresh begun before the forgetting
        return _State(tokens, token_expiry(tokens, received_at=self._clock()))

    def _due(self, state: _State) -> bool:
        return state.expires_at is not None and self._clock() >= state.expires_at - self._leeway

    def _needs_refresh(self, state: _State, *, force: bool, stale: str | None) -> bool:
        if force:  # unless someone already replaced the token the caller saw refused
            return stale is None or state.tokens.access_token == stale
        return self._due(state)

    def _refresh_options(self, tokens: Tokens) -> RefreshOptions:
        assert tokens.refresh_token is not None  # checked at construction, kept by _keep
        return replace(
            self._options,
            refresh_token=tokens.refresh_token,
            username=tokens.username,
            device=tokens.device,
        )

    def __repr__(self) -> str:
        tokens = self._state.tokens
        return (
            f"{type(self).__name__}(client_id={self._options.client_id!r}, "
            f"username={tokens.username!r}, expires_at={self.expires_at!r}, <tokens hidden>)"
        )


class TokenManager(_Holder):
    """Fresh tokens from a boto3 ``cognito-idp`` client, safe to share between threads.

    ``tokens`` come from :func:`~srpcore.sign_in`; ``client_secret``, ``admin`` and ``pool_id``
    are those of the sign-in (``username`` and ``device`` come from ``tokens``). ``clock`` must
    return an aware datetime. Other keyword options pass through to :func:`~srpcore.refresh`.
    """

    def _setup(self) -> None:
        self._lock = threading.Lock()
        self._flight: Future[Tokens] | None = None

    def tokens(self) -> Tokens:
        """The current tokens, refreshed first if they expire within the leeway."""
        return self._fresh(force=False, stale=None)

    def access_token(self) -> str:
        """An access token valid for at least the leeway (for ``Authorization: Bearer``)."""
        return self.tokens().access_token

    def id_token(self) -> str | None:
        """An id token valid for at least the leeway (``None`` if the service sent none)."""
        return self.tokens().id_token

    def refresh(self, *, stale: str | None = None) -> Tokens:
        """Refresh now, e.g. after a 401; with ``stale`` only if that is still the access token.

        Passing the refused token makes concurrent retries cost one refresh, not one each.
        """
        return self._fresh(force=True, stale=stale)

    def _fresh(self, *, force: bool, stale: str | None) -> Tokens:
        state = self._state  # one atomic read: the fast path takes no lock
        if not self._needs_refresh(state, force=force, stale=stale):
            return state.tokens
        with self._lock:
            state = self._state
            if not self._needs_refresh(state, force=force, stale=stale):
                return state.tokens
            flight = self._flight
            leader = flight is None
            if flight is None:
                flight = self._flight = Future()
        if not leader:
            return flight.result()  # the leader's tokens, or its exception raised here too
        try:
            fresh = _keep(
                state.tokens, run_refresh(self._client, self._refresh_options(state.tokens))
            )
            new_state = self._state_for(fresh)
        except BaseException as exc:
            with self._lock:
                self._flight = None
            # Waiters share a failure, but not another thread's KeyboardInterrupt and the like.
            shared = exc if isinstance(exc, Exception) else RuntimeError("refresh interrupted")
            flight.set_exception(shared)
            raise
        with self._lock:
            self._state = new_state = self._state_for(new_state.tokens)  # re-read _forgotten
            self._flight = None
        flight.set_result(new_state.tokens)
        return new_state.tokens

    def forget_device(self) -> bool:
        """ForgetDevice the device in use; False if none was.

        It is dropped from these tokens and every later refresh first, and a refresh already
        in flight (which sends its DEVICE_KEY) is waited for, so no refresh ever sends the key
        of a forgotten device (the service refuses those). If the call then fails, the device
        stays dropped here and the error is raised; a key the service no longer knows is fine.
        """
        with self._lock:
            device, flight = self._state.tokens.device, self._flight
            if device is not None:
                self._forgotten |= {device.device_key}
                self._state = self._state_for(self._state.tokens)
        if device is None:
            return False
        if flight is not None:
            flight.exception()  # waits; its outcome is its callers' business
        forget_in_use(self._client, self.access_token(), device)
        return True


class AsyncTokenManager(_Holder):
    """Fresh tokens from an aiobotocore ``cognito-idp`` client, shared by the tasks of one loop.

    The options are those of :class:`TokenManager`. The refresh runs as its own task that every
    waiting caller shields, so cancelling one caller neither cancels the refresh nor strands the
    others.
    """

    def _setup(self) -> None:
        self._flight: asyncio.Task[Tokens] | None = None

    async def tokens(self) -> Tokens:
        """The current tokens, refreshed first if they expire within the leeway."""
        return await self._fresh(force=False, stale=None)

    async def access_token(self) -> str:
        """An access token valid for at least the leeway (for ``Authorization: Bearer``)."""
        return (await self.tokens()).access_token

    async def id_token(self) -> str | None:
        """An id token valid for at least the leeway (``None`` if the service sent none)."""
        return (await self.tokens()).id_token

    async def refresh(self, *, stale: str | None = None) -> Tokens:
        """Refresh now; with ``stale`` only if that is still the access token (see TokenManager)."""
        return await self._fresh(force=True, stale=stale)

    async def _fresh(self, *, force: bool, stale: str | None) -> Tokens:
        # No await between the check and starting the task, so no lock is needed on one loop.
        state = self._state
        if not self._needs_refresh(state, force=force, stale=stale):
            return state.tokens
        if self._flight is None:
            self._flight = asyncio.create_task(self._run(state.tokens))
            self._flight.add_done_callback(_retrieve)
        return await asyncio.shield(self._flight)

    async def _run(self, old: Tokens) -> Tokens:
        try:
            fresh = _keep(old, await run_refresh_async(self._client, self._refresh_options(old)))
            self._state = self._state_for(fresh)
            return self._state.tokens
        finally:
            self._flight = None

    async def forget_device(self) -> bool:
        """Async :meth:`TokenManager.forget_device` (dropped first, a refresh in flight awaited)."""
        device, flight = self._state.tokens.device, self._flight
        if device is None:
            return False
        self._forgotten |= {device.device_key}
        self._state = self._state_for(self._state.tokens)
        if flight is not None:
            await asyncio.wait([flight])  # neither raises its error nor cancels it
        await forget_in_use_async(self._client, await self.access_token(), device)
        return True


def _retrieve(task: asyncio.Task[Tokens]) -> None:
    """Mark a failed refresh's exception as seen, for when every waiter was cancelled."""
    if not task.cancelled():
        task.exception()


def _bearer(token: str) -> str:
    return f"Bearer {token}"


class BearerAuth:
    """``Authorization: Bearer <access token>`` from a :class:`TokenManager`, fresh per request.

    * ``requests``: ``session.auth = BearerAuth(manager)`` (called with each prepared request).
    * ``httpx.Client``: ``httpx.Client(auth=BearerAuth(manager))``; httpx wraps any callable.
    * To also retry once with a refreshed token after a 401, mix in ``httpx.Auth`` (httpx only
      drives :meth:`auth_flow` of its own subclasses):
      ``class CognitoAuth(BearerAuth, httpx.Auth): pass``.
    """

    def __init__(self, manager: TokenManager) -> None:
        self._manager = manager

    def __call__(self, request: Any) -> Any:
        """Set the header on ``request`` (anything with a ``headers`` mapping) and return it."""
        request.headers["Authorization"] = _bearer(self._manager.access_token())
        return request

    def auth_flow(self, request: Any) -> Generator[Any, Any, None]:
        """httpx's auth flow: send with the token; on a 401, refresh once and resend."""
        token = self._manager.access_token()
        request.headers["Authorization"] = _bearer(token)
        response = yield request
        if getattr(response, "status_code", None) == UNAUTHORIZED:
            fresh = self._manager.refresh(stale=token)
            request.headers["Authorization"] = _bearer(fresh.access_token)
            yield request

    def __repr__(self) -> str:
        return f"BearerAuth({self._manager!r})"


class AsyncBearerAuth:
    """The :class:`BearerAuth` of an :class:`AsyncTokenManager`, for ``httpx.AsyncClient``.

    httpx takes it mixed into ``httpx.Auth``: ``class CognitoAuth(AsyncBearerAuth, httpx.Auth):
    pass``, then ``httpx.AsyncClient(auth=CognitoAuth(manager))``. A 401 is retried once with a
    refreshed token. A synchronous client cannot await the manager and is refused.
    """

    def __init__(self, manager: AsyncTokenManager) -> None:
        self._manager = manager

    async def async_auth_flow(self, request: Any) -> AsyncGenerator[Any, Any]:
        """httpx's async auth flow: send with the token; on a 401, refresh once and resend."""
        token = await self._manager.access_token()
        request.headers["Authorization"] = _bearer(token)
        response = yield request
        if getattr(response, "status_code", None) == UNAUTHORIZED:
            fresh = await self._manager.refresh(stale=token)
            request.headers["Authorization"] = _bearer(fresh.access_token)
            yield request

    def auth_flow(self, request: Any) -> Generator[Any, Any, None]:
        """Refuse synchronous use rather than send requests without a token."""
        raise ConfigurationError(
            "AsyncBearerAuth needs an async client (httpx.AsyncClient); use BearerAuth with a "
            "TokenManager for synchronous clients"
        )

    def __repr__(self) -> str:
        return f"AsyncBearerAuth({self._manager!r})"
