"""Tokens that stay fresh: refresh shortly before expiry, once, however many callers ask.

:class:`TokenManager` (boto3) and :class:`AsyncTokenManager` (aiobotocore) hold the
:class:`~srpcore.signin.Tokens` of a sign-in and hand out an access or id token that is valid for
at least ``leeway`` more (60 seconds by default, which also absorbs clock skew). When it would
not be, the first caller refreshes (REFRESH_TOKEN_AUTH or GetTokensFromRefreshToken, as
``rotation`` says) and every concurrent caller waits for that one refresh and shares its
outcome, tokens or :class:`~srpcore.errors.ServiceError`; a failed refresh leaves the old tokens
in place. With rotation, only that one caller ever spends the refresh token, and the NEW one it
returns replaces it; the refresh token and the remembered device are kept when the response does
not replace them.

A refusal that ends the session (:class:`~srpcore.errors.SignInRequiredError`: the refresh token
reused after rotation, revoked, expired) is not retried: the manager forgets its tokens and
raises that error from then on, without calls. :meth:`TokenManager.sign_out` does the same on
purpose, after revoking the session (RevokeToken) or signing the user out everywhere.

Expiry is read from the tokens' ``exp`` claims, decoded but not verified (only the service that
will receive them can judge the signature; here it only decides *when* to refresh); a token that
is not a readable JWT falls back to the time it was received plus ``ExpiresIn``.

:class:`BearerAuth` and :class:`AsyncBearerAuth` put the access token in the ``Authorization``
header of ``requests`` and ``httpx`` requests. They are duck-typed, so neither library is
imported (or required) here. Nothing in this module logs, and no ``repr`` shows a token.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncGenerator, Generator
from concurrent.futures import Future
from typing import Any

from srpcore.drivers._common import call, call_async
from srpcore.drivers.aio import run_refresh_async
from srpcore.drivers.devices import forget_in_use, forget_in_use_async
from srpcore.drivers.holder import DEFAULT_LEEWAY, Holder, State, keep, token_expiry
from srpcore.drivers.sync import run_refresh
from srpcore.errors import ConfigurationError, SignInRequiredError, SRPError
from srpcore.signin import Tokens

__all__ = [
    "DEFAULT_LEEWAY",
    "AsyncBearerAuth",
    "AsyncTokenManager",
    "BearerAuth",
    "TokenManager",
    "token_expiry",
]

UNAUTHORIZED = 401


class TokenManager(Holder):
    """Fresh tokens from a boto3 ``cognito-idp`` client, safe to share between threads.

    ``tokens`` come from :func:`~srpcore.sign_in`; ``client_secret``, ``admin`` and ``pool_id``
    are those of the sign-in (``username`` and ``device`` come from ``tokens``). ``clock`` must
    return an aware datetime. ``rotation`` and the other keyword options pass through to
    :func:`~srpcore.refresh`.
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

    def sign_out(self, *, global_: bool = False) -> None:
        """End the session, then forget the tokens: later use raises SignInRequiredError.

        RevokeToken for this session's refresh token (and the access tokens it issued), or with
        ``global_`` every session of the user: AdminUserGlobalSignOut for an ``admin`` manager,
        else GlobalSignOut with the access token (refreshed first if it is due). A refresh in
        flight is waited for, so the newest refresh token is the one revoked. The tokens are
        forgotten even when the call fails; its error is raised then, since the service may still
        honour them.
        """
        before = self._state.tokens
        if global_ and not self._options.admin:
            with contextlib.suppress(SRPError):  # GlobalSignOut then says what is wrong
                self.tokens()
        with self._lock:
            self._closing = True  # no refresh starts after this
            flight = self._flight
        if flight is not None:
            with contextlib.suppress(Exception):  # its outcome is its callers' to see
                flight.result()
        with self._lock:
            tokens = self._signing_out_with(before, global_=global_)
            self._state = State(None, None)
        if tokens is not None:
            call(self._client, self._sign_out_request(tokens, global_=global_))

    def _fresh(self, *, force: bool, stale: str | None) -> Tokens:
        state = self._state  # one atomic read: the fast path takes no lock
        if not self._needs_refresh(state, force=force, stale=stale):
            return self._live(state)
        with self._lock:
            state = self._state
            if not self._needs_refresh(state, force=force, stale=stale):
                return self._live(state)
            flight = self._flight
            leader = flight is None
            if flight is None:
                if self._closing:
                    raise self._ended_error(state)
                flight = self._flight = Future()
        if not leader:
            return flight.result()  # the leader's tokens, or its exception raised here too
        tokens = self._live(state)
        try:
            fresh = keep(tokens, run_refresh(self._client, self._refresh_options(tokens)))
            new_state = self._state_for(fresh)
        except BaseException as exc:
            with self._lock:
                if isinstance(exc, SignInRequiredError):
                    self._state = self._ended_by(exc)  # final: forget, never retry
                self._flight = None
            # Waiters share a failure, but not another thread's KeyboardInterrupt and the like.
            shared = exc if isinstance(exc, Exception) else RuntimeError("refresh interrupted")
            flight.set_exception(shared)
            raise
        with self._lock:
            self._state = new_state = self._without_forgotten(new_state)  # forgotten meanwhile?
            self._flight = None
        assert new_state.tokens is not None
        flight.set_result(new_state.tokens)
        return new_state.tokens

    def forget_device(self) -> bool:
        """ForgetDevice the device in use; False if none was.

        It is dropped from these tokens and every later refresh first, and a refresh already
        in flight (which sends its DEVICE_KEY) is waited for, so no refresh ever sends the key
        of a forgotten device (the service refuses those). If the call then fails, the device
        stays dropped here and the error is raised; a key the service no longer knows is fine.
        The refresh token was issued with that device and is bound to it, so the service
        refuses it from then on: the tokens held serve until they expire, then the refresh
        ends the session (:class:`~srpcore.errors.SignInRequiredError`) and only a new sign-in
        helps. The manager still asks, so the service has the last word.
        """
        with self._lock:
            tokens, flight = self._live(self._state), self._flight
            device = tokens.device
            if device is not None:
                self._forgotten |= {device.device_key}
                self._state = self._without_forgotten(self._state)
        if device is None:
            return False
        if flight is not None:
            flight.exception()  # waits; its outcome is its callers' business
        forget_in_use(self._client, self.access_token(), device)
        return True


class AsyncTokenManager(Holder):
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

    async def sign_out(self, *, global_: bool = False) -> None:
        """Async :meth:`TokenManager.sign_out`."""
        before = self._state.tokens
        if global_ and not self._options.admin:
            with contextlib.suppress(SRPError):
                await self.tokens()
        self._closing = True
        flight = self._flight
        if flight is not None:
            await asyncio.wait([flight])  # its outcome is its callers' to see, not ours
        tokens = self._signing_out_with(before, global_=global_)
        self._state = State(None, None)
        if tokens is not None:
            await call_async(self._client, self._sign_out_request(tokens, global_=global_))

    async def _fresh(self, *, force: bool, stale: str | None) -> Tokens:
        # No await between the check and starting the task, so no lock is needed on one loop.
        state = self._state
        if not self._needs_refresh(state, force=force, stale=stale):
            return self._live(state)
        if self._flight is None:
            if self._closing:
                raise self._ended_error(state)
            self._flight = asyncio.create_task(self._run(self._live(state)))
            self._flight.add_done_callback(_retrieve)
        return await asyncio.shield(self._flight)

    async def _run(self, old: Tokens) -> Tokens:
        try:
            fresh = keep(old, await run_refresh_async(self._client, self._refresh_options(old)))
            self._state = state = self._state_for(fresh)
            assert state.tokens is not None
            return state.tokens
        except SignInRequiredError as exc:
            self._state = self._ended_by(exc)  # final: forget, never retry
            raise
        finally:
            self._flight = None

    async def forget_device(self) -> bool:
        """Async :meth:`TokenManager.forget_device` (dropped first, a refresh in flight awaited;
        the refresh token, bound to the device, is refused from then on)."""
        tokens, flight = self._live(self._state), self._flight
        device = tokens.device
        if device is None:
            return False
        self._forgotten |= {device.device_key}
        self._state = self._without_forgotten(self._state)
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
