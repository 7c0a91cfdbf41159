"""What every operation works with: the records, the stores, the token issuer, the clock.

:class:`Context` is the endpoint's state, built once by :class:`~srpcore.local.service.Service`
and handed to each operation, which therefore never needs the service (and the service's
registry can import every operation without a cycle). :class:`Call` is the frozen bundle of
one authenticated request: the context plus the pool and app client it is addressed to.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from srpcore.cognito import server
from srpcore.cognito.ephemeral import utc_now
from srpcore.cognito.salt import Salt
from srpcore.cognito.secret_hash import secret_hash
from srpcore.core import compare
from srpcore.core.engine import Engine, default_engine
from srpcore.local.codes import AccountCodes
from srpcore.local.endpoint_keys import EndpointKeys
from srpcore.local.errors import (
    ApiError,
    resource_not_found,
    secret_hash_missing,
    secret_hash_wrong,
)
from srpcore.local.memory import MemoryRepository
from srpcore.local.model import AppClient, Pool, User
from srpcore.local.outbox import Outbox
from srpcore.local.repository import (
    Repository,
    SigningKey,
    StoredGrant,
    find_user,
)
from srpcore.local.revocation import Revocations
from srpcore.local.session import Pending, Registration
from srpcore.local.store import ExpiringStore, Quota
from srpcore.local.tokens import RefreshGrant, TokenIssuer

__all__ = ["MAX_PENDING", "MAX_REFRESH", "Call", "Context", "Handler", "Limits", "utc_now"]

MAX_PENDING = 10_000  # a parked sign-in is ~2 KB: ~20 MB at most
MAX_REFRESH = 20_000
EXPIRED_KEPT = 86400.0
"""How long an expired refresh grant is remembered, within the store's bounds, to answer
"Refresh Token has expired" rather than "Invalid Refresh Token."."""
MAX_REGISTRATIONS = 10_000  # a StartWebAuthnRegistration challenge is ~200 bytes
REGISTRATION_TTL = 5 * 60.0  # the creation options' timeout, in seconds


@dataclass(frozen=True)
class Limits:
    """Per-tenant shares of the stores, so that no caller can fill a bound others rely on.

    Sign-ins in progress: each pool and each app client has a share of the global bound and
    is refused (TooManyRequestsException) beyond it, so a flood through one client id reaches
    neither another client nor another pool. At the global bound a user's own oldest sign-in
    makes room first, else a smaller pool pushes out the oldest sign-in of the largest other
    pool instead of being refused: the flooding tenant pays, not its neighbours.

    Per (pool, user) at most ``pending_per_user`` are kept and a new one *evicts that user's
    oldest*: refusing instead would let one burst against a name lock its owner out for the
    whole session lifetime, while eviction costs only that name, and only while the flood
    lasts (nobody honest has sixteen sign-ins in progress). A flood spread over many real
    names can still fill its own client's share: that is the price of a bound, and it stays
    in that client.

    Refresh tokens: per (pool, client, user) at most ``refresh_per_user`` are live, a new one
    evicting that user's oldest. At the global bound a user holding tokens gives up their own
    oldest; anybody else is refused: nobody's token is ever evicted by another user.

    Identity pools and the identities of each are refused (LimitExceededException) beyond
    ``identity_pools`` and ``identities_per_pool``.
    Passkeys: at most ``passkeys_per_user`` registered (LimitExceededException beyond), and
    per pool at most ``registrations_per_pool`` StartWebAuthnRegistration challenges waiting.
    Users: at most ``users_per_pool`` per pool (LimitExceededException beyond), since SignUp
    lets anyone who knows a client id add one; user pools and app clients likewise beyond
    ``user_pools`` and ``clients_per_pool``.
    """

    pending_per_pool: int = 5_000
    pending_per_client: int = 2_500
    pending_per_user: int = 16
    refresh_per_user: int = 32
    revocations_per_user: int = 64  # see srpcore.local.revocation
    # cognito-identity: Cognito's default quota of identity pools; identities need a distinct
    # verified user each, so a pool's share is bounded by the users of the pools it trusts.
    identity_pools: int = 1000
    identities_per_pool: int = 100_000
    passkeys_per_user: int = 20  # registered WebAuthn credentials (LimitExceededException)
    registrations_per_pool: int = 2_500  # StartWebAuthnRegistration challenges outstanding
    users_per_pool: int = 100_000  # SignUp, AdminCreateUser, seeds: one bound for all
    # App clients: Cognito's default quota, 1,000 per pool. User pools: far above Cognito's
    # 1,000 per account, because the pytest fixture makes a pool per test on one session-wide
    # endpoint (and there is no DeleteUserPool); still a bound on the store.
    user_pools: int = 20_000
    clients_per_pool: int = 1000


class Context:
    """The endpoint's state and the rules every operation shares; thread-safe."""

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        clock: Callable[[], datetime] = utc_now,
        engine: Engine | None = None,
        timestamp_skew: float = 300.0,
        mfa_code: str | None = "123456",
        max_pending: int = MAX_PENDING,
        repository: Repository | None = None,
        issuer_style: str = "local",
    ) -> None:
        """``issuer_style``: "local" or "aws" (see :class:`~srpcore.local.tokens.TokenIssuer`)."""
        self.repo: Repository = repository or MemoryRepository()
        self.region = region
        self.clock = clock
        self.engine = engine or default_engine()
        self.timestamp_skew = timestamp_skew
        self.mfa_code = mfa_code  # SMS_MFA / EMAIL_OTP MFA: this code, or a fresh one if None
        # Every code "sent" (memory only, see srpcore.local.outbox) and the sign-up / reset
        # codes awaiting their answer.
        self.outbox = Outbox()
        self.account_codes = AccountCodes(self.now)
        self.stats_lock = threading.Lock()
        self.tokens = TokenIssuer(save_key=self._save_key, issuer_style=issuer_style)
        self.limits = Limits()
        self.revocations = Revocations(
            self.repo, clock=self.now, per_user=self.limits.revocations_per_user
        )
        # One rotation of a given refresh token at a time (striped: others go on in parallel).
        self._rotation_locks = tuple(threading.Lock() for _ in range(64))
        # Per entry the client's AuthSessionValidity applies; 15 minutes is the longest allowed.
        self.pending: ExpiringStore[Pending] = ExpiringStore(
            ttl=15 * 60, max_entries=max_pending, clock=self.now, share_kind="pool"
        )
        self.refresh: ExpiringStore[RefreshGrant] = ExpiringStore(
            ttl=3650 * 86400,
            max_entries=MAX_REFRESH,
            clock=self.now,
            full_message="Too many refresh tokens outstanding; try again later.",
            on_remove=lambda keys: self.repo.remove_grant(keys[0]),
        )
        # StartWebAuthnRegistration's challenges, under the challenge itself: single use,
        # expiring, a few per user (a new one evicts that user's oldest), a share per pool.
        self.registrations: ExpiringStore[Registration] = ExpiringStore(
            ttl=REGISTRATION_TTL,
            max_entries=MAX_REGISTRATIONS,
            clock=self.now,
            share_kind="pool",
            full_message="Too many passkey registrations in progress; try again later.",
        )
        # Keys for the stable decoys PreventUserExistenceErrors shows and for page tokens,
        # from the secret the repository keeps (so a restart on a file shows the same decoys).
        self.keys = EndpointKeys.from_secret(self.repo.endpoint_secret())
        # Completed challenge steps by name ("DEVICE_PASSWORD_VERIFIER": 3, ...): lets tests see
        # which path a client really took, without logging anything sensitive.
        self.completed: Counter[str] = Counter()
        # Successful calls by operation (and sign-ins by flow), kept by Service.dispatch.
        self.calls: Counter[str] = Counter()
        self._restore()

    def _restore(self) -> None:
        """Take up what the repository kept: signing keys, refresh grants (live or just expired)."""
        for pool_id in self.repo.pool_ids():
            self.tokens.add_pool(pool_id)
        for key in self.repo.signing_keys():
            self.tokens.load_key(key.pool_id, key.kid, key.pem)
        now = self.now()
        for stored in self.repo.grants():
            ttl = stored.expires + EXPIRED_KEPT - now
            if ttl <= 0:
                self.repo.remove_grant(stored.digest)
                continue
            grant = stored.grant
            quotas = self.refresh_quotas(grant.pool_id, grant.client_id, grant.username)
            try:
                self.refresh.put(stored.digest, grant, ttl=ttl, quotas=quotas)
            except ApiError:  # more than today's bounds allow: the oldest were taken back
                self.repo.remove_grant(stored.digest)

    def _save_key(self, pool_id: str, kid: str, pem: bytes) -> tuple[str, bytes]:
        kept = self.repo.add_signing_key(SigningKey(pool_id, kid, pem))
        return kept.kid, kept.pem

    # --- refresh grants ---------------------------------------------------------------------

    def grant_refresh(self, token: str, grant: RefreshGrant, ttl: float) -> None:
        """Keep ``grant`` for ``token`` (bounded per user, see :class:`Limits`), durably if the
        repository is. Stored first, so an eviction racing this call also reaches the copy.

        The store holds it :data:`EXPIRED_KEPT` past its expiry, within the same bounds, so
        that its refusal can say "expired"; after that, or once evicted, it is unknown."""
        digest = _digest(token)
        self.repo.put_grant(StoredGrant(digest, grant, self.now() + ttl))
        quotas = self.refresh_quotas(grant.pool_id, grant.client_id, grant.username)
        try:
            self.refresh.put(digest, grant, ttl=ttl + EXPIRED_KEPT, quotas=quotas)
        except BaseException:
            self.repo.remove_grant(digest)
            raise

    def refresh_expiry(self, token: str) -> tuple[RefreshGrant, float] | None:
        """The grant of ``token`` and when it expires (or expired: a grant is remembered for
        :data:`EXPIRED_KEPT` after); None for a token unknown, evicted or long expired."""
        found = self.refresh.lookup(_digest(token))
        return None if found is None else (found[0], found[1] - EXPIRED_KEPT)

    def user_grants(self, pool: Pool, username: str) -> list[RefreshGrant]:
        """The user's grants (and expired ones still remembered), through the per-(client,
        user) index: at most ``refresh_per_user`` for each of the pool's clients."""
        grants: list[RefreshGrant] = []
        for client_id in self.repo.client_ids(pool.id):
            (quota,) = self.refresh_quotas(pool.id, client_id, username)
            grants += self.refresh.owned(quota.kind, quota.name)
        return grants

    def rotation_lock(self, token: str) -> threading.Lock:
        """The lock that serialises redeeming-and-rotating ``token``."""
        return self._rotation_locks[int(_digest(token)[:8], 16) % len(self._rotation_locks)]

    def replace_refresh(self, token: str, grant: RefreshGrant) -> float | None:
        """Store ``grant`` in place of ``token``'s one (same expiry, durably); that expiry, or
        None if the token is no longer live (unknown, or expired: its refusal comes first).

        Whatever the memory replaced is written through, so the repository never disagrees
        with it, an expired grant included."""
        digest = _digest(token)
        kept = self.refresh.replace(digest, grant)
        if kept is None:
            return None
        expires = kept - EXPIRED_KEPT
        self.repo.put_grant(StoredGrant(digest, grant, expires))
        return expires if expires > self.now() else None

    def now(self) -> float:
        """Seconds since the epoch by the injected clock."""
        return self.clock().timestamp()

    # --- lookups ----------------------------------------------------------------------------

    def pool(self, pool_id: str) -> Pool:
        pool = self.repo.pool(pool_id)
        if pool is None:
            raise resource_not_found(f"User pool {pool_id} does not exist.")
        return pool

    def client(self, client_id: str, pool_id: str | None = None) -> tuple[Pool, AppClient]:
        client = self.repo.client(client_id)
        if client is None or (pool_id is not None and client.pool_id != pool_id):
            if pool_id is not None:
                self.pool(pool_id)
            raise resource_not_found(f"User pool client {client_id} does not exist.")
        return self.pool(client.pool_id), client

    def user(self, pool: Pool, name: str) -> User:
        user = find_user(self.repo, pool, name)
        if user is None:
            raise ApiError("UserNotFoundException", "User does not exist.")
        return user

    # --- shared rules -----------------------------------------------------------------------

    def pending_quotas(self, pool_id: str, client_id: str, username: str) -> tuple[Quota, ...]:
        """What one parked sign-in counts against (see :class:`Limits`)."""
        limits = self.limits
        return (
            Quota("pool", pool_id, limits.pending_per_pool),
            Quota("client", client_id, limits.pending_per_client),
            Quota("user", f"{pool_id}\0{username}", limits.pending_per_user, evict_oldest=True),
        )

    def refresh_quotas(self, pool_id: str, client_id: str, username: str) -> tuple[Quota, ...]:
        """A refresh token counts against its (pool, client, user) only."""
        owner = f"{pool_id}\0{client_id}\0{username}"
        return (Quota("grant", owner, self.limits.refresh_per_user, evict_oldest=True),)

    def finder(self, pool: Pool) -> Callable[[str], User | None]:
        """Looks a sign-in name up in ``pool`` (what ``check_attributes`` needs)."""
        return lambda name: find_user(self.repo, pool, name)

    def check_secret_hash(self, client: AppClient, username: str, given: str | None) -> None:
        """Enforce SECRET_HASH over ``username`` when the client has a secret."""
        if client.secret is None:
            return
        if not given:
            raise secret_hash_missing(client.client_id)
        expected = secret_hash(username, client.client_id, client.secret)
        if not compare.constant_time_equal(expected, given):
            raise secret_hash_wrong(client.client_id)

    def check_password_policy(self, pool: Pool, password: str) -> None:
        if len(password) < pool.password_min_length:
            raise ApiError(
                "InvalidPasswordException",
                "Password does not conform to policy: Password not long enough",
            )

    def verifier_for(self, pool: Pool, username: str, password: str) -> tuple[Salt, int]:
        """A fresh salt and the verifier of ``password`` for the internal ``username``."""
        salt = Salt.draw()
        return salt, server.make_verifier(
            pool_name=pool.pool_name,
            user_id=username,
            password=password,
            salt=salt,
            engine=self.engine,
        )


@dataclass(frozen=True)
class Call:
    """One request's addressee: the context, and the pool and app client it names."""

    ctx: Context
    pool: Pool
    client: AppClient


Handler = Callable[[Context, dict[str, Any]], dict[str, Any]]
"""A wire operation: the shared context and the request's JSON object, to the answer's."""


def _digest(token: str) -> str:
    """Refresh tokens are kept by SHA-256 only: a copy of the store redeems nothing."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
