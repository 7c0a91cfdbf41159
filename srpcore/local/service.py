"""The endpoint's state and its operation table, independent of HTTP.

:class:`Service` owns the pools, clients, users, pending sign-ins and refresh grants behind one
lock, and maps operation names (``InitiateAuth`` ...) to handlers that take and return JSON
objects. The SRP arithmetic and token signing run outside the lock so sign-ins proceed in
parallel.
"""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from srpcore.cognito import server
from srpcore.cognito.secret_hash import secret_hash
from srpcore.core import compare
from srpcore.core.engine import Engine, default_engine
from srpcore.local.errors import (
    ApiError,
    invalid_parameter,
    resource_not_found,
    secret_hash_missing,
    secret_hash_wrong,
)
from srpcore.local.model import (
    AppClient,
    CustomAuth,
    Pool,
    User,
    check_attributes,
    new_client_id,
    new_client_secret,
    new_pool_id,
    normalise_flows,
    random_uuid,
)
from srpcore.local.session import Pending
from srpcore.local.store import ExpiringStore, Quota
from srpcore.local.tokens import RefreshGrant, TokenIssuer
from srpcore.local.totp import new_totp_secret
from srpcore.local.validate import CLIENT_ID, POOL_ID, validate_request

__all__ = ["Handler", "Limits", "Service"]

Handler = Callable[["Service", dict[str, Any]], dict[str, Any]]
MFA_KINDS = ("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA")
USER_STATUSES = ("CONFIRMED", "FORCE_CHANGE_PASSWORD", "UNCONFIRMED", "RESET_REQUIRED")
MAX_PENDING = 10_000  # a parked sign-in is ~2 KB: ~20 MB at most
MAX_REFRESH = 20_000


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
    """

    pending_per_pool: int = 5_000
    pending_per_client: int = 2_500
    pending_per_user: int = 16
    refresh_per_user: int = 32


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Service:
    """Everything the endpoint knows; thread-safe."""

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        clock: Callable[[], datetime] = utc_now,
        engine: Engine | None = None,
        timestamp_skew: float = 300.0,
        mfa_code: str = "123456",
        max_pending: int = MAX_PENDING,
    ) -> None:
        self.region = region
        self.clock = clock
        self.engine = engine or default_engine()
        self.timestamp_skew = timestamp_skew
        self.mfa_code = mfa_code
        self.lock = threading.RLock()
        self.pools: dict[str, Pool] = {}
        self.clients: dict[str, AppClient] = {}
        self.tokens = TokenIssuer()
        # Per entry the client's AuthSessionValidity applies; 15 minutes is the longest allowed.
        self.limits = Limits()
        self.pending: ExpiringStore[Pending] = ExpiringStore(
            ttl=15 * 60, max_entries=max_pending, clock=self.now, share_kind="pool"
        )
        self.refresh: ExpiringStore[RefreshGrant] = ExpiringStore(
            ttl=3650 * 86400,
            max_entries=MAX_REFRESH,
            clock=self.now,
            full_message="Too many refresh tokens outstanding; try again later.",
        )
        # Stable fake salts and user ids for unknown users when PreventUserExistenceErrors is on.
        self.fake_key = secrets.token_bytes(32)
        # Completed challenge steps by name ("DEVICE_PASSWORD_VERIFIER": 3, ...): lets tests see
        # which path a client really took, without logging anything sensitive.
        self.completed: Counter[str] = Counter()
        self.handlers: dict[str, Handler] = {}
        from srpcore.local import auth, devices, management, mfa  # noqa: PLC0415 - cyclic

        for module in (management, auth, devices, mfa):
            self.handlers.update(module.HANDLERS)

    def now(self) -> float:
        """Seconds since the epoch by the injected clock."""
        return self.clock().timestamp()

    def dispatch(self, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        handler = self.handlers.get(operation)
        if handler is None:
            raise ApiError("UnknownOperationException", f"Unknown operation {operation}")
        validate_request(operation, body)
        return handler(self, body)

    # --- lookups ----------------------------------------------------------------------------

    def pool(self, pool_id: str) -> Pool:
        with self.lock:
            pool = self.pools.get(pool_id)
        if pool is None:
            raise resource_not_found(f"User pool {pool_id} does not exist.")
        return pool

    def client(self, client_id: str, pool_id: str | None = None) -> tuple[Pool, AppClient]:
        with self.lock:
            client = self.clients.get(client_id)
        if client is None or (pool_id is not None and client.pool_id != pool_id):
            if pool_id is not None:
                self.pool(pool_id)
            raise resource_not_found(f"User pool client {client_id} does not exist.")
        return self.pool(client.pool_id), client

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

    def check_secret_hash(self, client: AppClient, username: str, given: str | None) -> None:
        """Enforce SECRET_HASH over ``username`` when the client has a secret."""
        if client.secret is None:
            return
        if not given:
            raise secret_hash_missing(client.client_id)
        expected = secret_hash(username, client.client_id, client.secret)
        if not compare.constant_time_equal(expected, given):
            raise secret_hash_wrong(client.client_id)

    # --- creation (used by the wire operations, the Python API and seed files) --------------

    def create_pool(
        self,
        name: str,
        *,
        pool_id: str | None = None,
        device_tracking: bool | str = False,
        challenge_on_new_device: bool = False,
        username_attributes: Sequence[str] = (),
        alias_attributes: Sequence[str] = (),
        required_attributes: Sequence[str] = (),
        password_min_length: int = 8,
        mfa_required: bool = False,
        custom_auth: CustomAuth | None = None,
        custom_attributes: Sequence[str] = (),
    ) -> Pool:
        if device_tracking not in (True, False, "always", "opt-in"):
            raise invalid_parameter("device_tracking must be False, True, 'always' or 'opt-in'")
        if pool_id is not None and (len(pool_id) > 55 or not POOL_ID.fullmatch(pool_id)):
            raise invalid_parameter(f"{pool_id!r} is not a user pool id like us-east-1_AbCdEfGhI")
        pool = Pool(
            id=pool_id or new_pool_id(self.region),
            name=name,
            region=self.region,
            username_attributes=tuple(username_attributes),
            alias_attributes=tuple(alias_attributes),
            required_attributes=tuple(required_attributes),
            device_tracking=bool(device_tracking),
            device_opt_in=device_tracking == "opt-in",
            challenge_on_new_device=challenge_on_new_device,
            password_min_length=password_min_length,
            mfa_required=mfa_required,
            custom_auth=custom_auth or CustomAuth(),
            custom_attributes=frozenset(f"custom:{name}" for name in custom_attributes),
            created=self.now(),
        )
        self.tokens.add_pool(pool.id)
        with self.lock:
            if pool.id in self.pools:
                raise invalid_parameter(f"User pool {pool.id} already exists.")
            self.pools[pool.id] = pool
        return pool

    def create_client(
        self,
        pool_id: str,
        *,
        name: str = "app",
        generate_secret: bool = False,
        explicit_auth_flows: Sequence[str] | None = None,
        prevent_user_existence_errors: bool = False,
        session_validity: int = 3,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> AppClient:
        pool = self.pool(pool_id)
        if client_id is not None and (len(client_id) > 128 or not CLIENT_ID.fullmatch(client_id)):
            raise invalid_parameter(f"{client_id!r} is not an app client id ([\\w+]+)")
        if client_secret is not None and not client_secret:
            raise invalid_parameter("client_secret must not be empty")
        flows = normalise_flows(tuple(explicit_auth_flows or ()))
        from srpcore.local.model import KNOWN_FLOWS  # noqa: PLC0415

        unknown = sorted(set(explicit_auth_flows or ()) - KNOWN_FLOWS)
        if unknown:
            raise invalid_parameter(f"Unknown ExplicitAuthFlows value: {', '.join(unknown)}")
        if not 3 <= session_validity <= 15:
            raise invalid_parameter("AuthSessionValidity must be between 3 and 15 minutes")
        client = AppClient(
            client_id=client_id or new_client_id(),
            pool_id=pool.id,
            name=name,
            secret=client_secret or (new_client_secret() if generate_secret else None),
            auth_flows=flows,
            prevent_user_existence_errors=prevent_user_existence_errors,
            session_validity=session_validity,
        )
        with self.lock:
            if client.client_id in self.clients:
                raise invalid_parameter(f"App client {client.client_id} already exists.")
            self.clients[client.client_id] = client
            pool.clients[client.client_id] = client
        return client

    def check_password_policy(self, pool: Pool, password: str) -> None:
        if len(password) < pool.password_min_length:
            raise ApiError(
                "InvalidPasswordException",
                "Password does not conform to policy: Password not long enough",
            )

    def verifier_for(self, pool: Pool, username: str, password: str) -> tuple[bytes, int]:
        """A fresh salt and the verifier of ``password`` for the internal ``username``."""
        salt = server.new_salt()
        return salt, server.make_verifier(
            pool_name=pool.pool_name,
            user_id=username,
            password=password,
            salt=salt,
            engine=self.engine,
        )

    def create_user(
        self,
        pool_id: str,
        username: str,
        password: str,
        *,
        attributes: Mapping[str, str] | None = None,
        temporary: bool = False,
        mfa: Sequence[str] = (),
        enabled: bool = True,
        status: str | None = None,
        writer: str = "operator",
    ) -> User:
        """Create a user; ``writer`` says whose attributes these are (see check_attributes)."""
        pool = self.pool(pool_id)
        if status not in (None, *USER_STATUSES):
            raise invalid_parameter(f"status must be one of {', '.join(USER_STATUSES)}")
        self.check_password_policy(pool, password)
        given = dict(attributes or {})
        attrs = dict(given)
        bad_mfa = [kind for kind in mfa if kind not in MFA_KINDS]
        if bad_mfa:
            raise invalid_parameter(f"Unknown MFA kind {bad_mfa[0]}; use {', '.join(MFA_KINDS)}")
        sub = random_uuid()
        internal = username
        if pool.username_attributes:
            # Sign-in names are email/phone; the internal username is a UUID, as on AWS.
            attr = "email" if "@" in username else "phone_number"
            if attr not in pool.username_attributes:
                raise invalid_parameter(
                    "Username should be an email."
                    if attr == "email"
                    else "Username should be a phone number."
                )
            attrs.setdefault(attr, username)
            internal = sub
        attrs["sub"] = sub
        salt, verifier = self.verifier_for(pool, internal, password)
        user = User(
            username=internal,
            sub=sub,
            salt=salt,
            verifier=verifier,
            attributes=attrs,
            status=status or ("FORCE_CHANGE_PASSWORD" if temporary else "CONFIRMED"),
            enabled=enabled,
            mfa=tuple(mfa),
            totp_secret=new_totp_secret() if "SOFTWARE_TOKEN_MFA" in mfa else None,
            created=self.now(),
        )
        with self.lock:
            check_attributes(pool, given, writer=writer)
            taken = pool.find_user(username) or pool.users.get(internal)
            if taken is not None:
                raise ApiError("UsernameExistsException", "User account already exists")
            pool.users[internal] = user
        return user

    def set_password(self, pool_id: str, username: str, password: str, *, permanent: bool) -> User:
        pool = self.pool(pool_id)
        user = self.user(pool, username)
        self.check_password_policy(pool, password)
        salt, verifier = self.verifier_for(pool, user.username, password)
        with self.lock:
            user.salt, user.verifier = salt, verifier
            user.status = "CONFIRMED" if permanent else "FORCE_CHANGE_PASSWORD"
        return user

    def user(self, pool: Pool, name: str) -> User:
        with self.lock:
            user = pool.find_user(name)
        if user is None:
            raise ApiError("UserNotFoundException", "User does not exist.")
        return user
