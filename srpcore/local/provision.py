"""Creating pools, app clients and users, and setting passwords.

Shared by the wire operations (CreateUserPool ...), the Python API and seed files. A password
is turned into a salt and an SRP verifier here and goes no further.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Any

from srpcore.cognito.pool import is_pool_id
from srpcore.core.keywords import keywords
from srpcore.local.context import Context
from srpcore.local.errors import ApiError, invalid_parameter
from srpcore.local.model import (
    KNOWN_FLOWS,
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
from srpcore.local.totp import new_totp_secret
from srpcore.local.validate import CLIENT_ID, CLIENT_SECRET

FIRST_FACTORS = ("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
"""AuthFactorType values a pool may allow first (SOFTWARE_TOKEN is not a first factor)."""

__all__ = [
    "FIRST_FACTORS",
    "MFA_KINDS",
    "USER_STATUSES",
    "ClientSpec",
    "PoolSpec",
    "UserSpec",
    "check_sign_in_settings",
    "create_client",
    "create_pool",
    "create_user",
    "make_client",
    "make_pool",
    "make_user",
    "set_password",
    "update_user",
]

MFA_KINDS = ("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA")
USER_STATUSES = ("CONFIRMED", "FORCE_CHANGE_PASSWORD", "UNCONFIRMED", "RESET_REQUIRED")


def check_sign_in_settings(
    first_factors: Sequence[str], auto_verified_attributes: Sequence[str]
) -> None:
    """AllowedFirstAuthFactors and AutoVerifiedAttributes as CreateUserPool and UpdateUserPool
    take them (the model's AuthFactorType list, 1 to 5 long; email and phone_number)."""
    bad = [f for f in first_factors if f not in FIRST_FACTORS]
    if bad or not 1 <= len(first_factors) <= 5:
        shown = bad[0] if bad else f"{len(first_factors)} factors"
        raise invalid_parameter(
            f"AllowedFirstAuthFactors: {shown[:64]} is not allowed; use 1 to 5 of "
            + ", ".join(FIRST_FACTORS)
        )
    if any(a not in ("email", "phone_number") for a in auto_verified_attributes):
        raise invalid_parameter("AutoVerifiedAttributes takes email and phone_number only")


@dataclass(frozen=True)
class PoolSpec:
    """A new user pool: the one declaration of what CreateUserPool, :class:`Service` and
    ``LocalCognito.create_user_pool`` take (each is this class's keywords, see ``keywords``).

    ``device_tracking``: False, True (``"always"``) or ``"opt-in"``. ``first_factors`` is the
    sign-in policy's AllowedFirstAuthFactors (PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN);
    ``auto_verified_attributes`` (``email``, ``phone_number``) are where SignUp sends its
    confirmation code.
    """

    name: str
    _: KW_ONLY
    pool_id: str | None = None
    device_tracking: bool | str = False
    challenge_on_new_device: bool = False
    username_attributes: Sequence[str] = ()
    alias_attributes: Sequence[str] = ()
    required_attributes: Sequence[str] = ()
    password_min_length: int = 8
    mfa_required: bool = False
    custom_auth: CustomAuth | None = None
    custom_attributes: Sequence[str] = ()
    first_factors: Sequence[str] = ("PASSWORD",)
    auto_verified_attributes: Sequence[str] = ()


def make_pool(ctx: Context, spec: PoolSpec) -> Pool:
    """Create the user pool ``spec`` describes (checked first, as CreateUserPool checks it)."""
    name, pool_id, first_factors = spec.name, spec.pool_id, spec.first_factors
    auto_verified_attributes, device_tracking = spec.auto_verified_attributes, spec.device_tracking
    check_sign_in_settings(first_factors, auto_verified_attributes)
    if device_tracking not in (True, False, "always", "opt-in"):
        raise invalid_parameter("device_tracking must be False, True, 'always' or 'opt-in'")
    if pool_id is not None and not is_pool_id(pool_id):
        raise invalid_parameter(f"{pool_id!r} is not a user pool id like us-east-1_AbCdEfGhI")
    pool = Pool(
        id=pool_id or new_pool_id(ctx.region),
        name=name,
        region=ctx.region,
        username_attributes=tuple(spec.username_attributes),
        alias_attributes=tuple(spec.alias_attributes),
        required_attributes=tuple(spec.required_attributes),
        device_tracking=bool(device_tracking),
        device_opt_in=device_tracking == "opt-in",
        challenge_on_new_device=spec.challenge_on_new_device,
        password_min_length=spec.password_min_length,
        mfa_required=spec.mfa_required,
        custom_auth=spec.custom_auth or CustomAuth(),
        custom_attributes=frozenset(f"custom:{name}" for name in spec.custom_attributes),
        created=ctx.now(),
        first_factors=tuple(dict.fromkeys(first_factors)),
        auto_verified=tuple(dict.fromkeys(auto_verified_attributes)),
    )
    with ctx.repo.atomic():
        if len(ctx.repo.pool_ids()) >= ctx.limits.user_pools:  # the wording is ours
            raise ApiError(
                "LimitExceededException",
                f"The endpoint has reached its limit of {ctx.limits.user_pools} user pools.",
            )
        if not ctx.repo.add_pool(pool):
            raise invalid_parameter(f"User pool {pool.id} already exists.")
    ctx.tokens.add_pool(pool.id)
    return pool


@dataclass(frozen=True, repr=False)
class ClientSpec:
    """An app client's settings: a new client (CreateUserPoolClient, :class:`Service`,
    ``LocalCognito``) or the new settings of one (UpdateUserPoolClient).

    ``explicit_auth_flows=None`` gives Cognito's defaults. ``refresh_token_rotation``:
    RefreshTokenRotation ENABLED, with ``retry_grace_period`` (0..60 seconds) for the refresh
    token it replaces. No ``repr``: ``client_secret`` may be set.
    """

    pool_id: str
    _: KW_ONLY
    name: str = "app"
    generate_secret: bool = False
    explicit_auth_flows: Sequence[str] | None = None
    prevent_user_existence_errors: bool = False
    session_validity: int = 3
    client_id: str | None = None
    client_secret: str | None = None
    refresh_token_rotation: bool = False
    retry_grace_period: int = 0
    token_revocation: bool = True

    def check(self) -> None:
        """Refuse the settings Cognito refuses: the one check, for Create and
        UpdateUserPoolClient alike."""
        client_id, client_secret = self.client_id, self.client_secret
        check_rotation(self.refresh_token_rotation, self.retry_grace_period)
        if client_id is not None and (len(client_id) > 128 or not CLIENT_ID.fullmatch(client_id)):
            raise invalid_parameter(f"{client_id!r} is not an app client id ([\\w+]+)")
        if client_secret is not None and not CLIENT_SECRET.fullmatch(client_secret):
            # CreateUserPoolClient's ClientSecretType, which GetTokensFromRefreshToken checks too
            raise invalid_parameter("client_secret must be 24 to 64 characters of [\\w+]")
        unknown = sorted(set(self.explicit_auth_flows or ()) - KNOWN_FLOWS)
        if unknown:
            raise invalid_parameter(f"Unknown ExplicitAuthFlows value: {', '.join(unknown)}")
        if not 3 <= self.session_validity <= 15:
            raise invalid_parameter("AuthSessionValidity must be between 3 and 15 minutes")


def configure_client(client: AppClient, spec: ClientSpec) -> AppClient:
    """``client`` with the settings ``spec`` declares (checked by :meth:`ClientSpec.check`):
    the one place that applies them, to a new client (CreateUserPoolClient) and a changed one
    (UpdateUserPoolClient, which never changes the id, secret or pool)."""
    rotation, grace = spec.refresh_token_rotation, spec.retry_grace_period
    return dataclasses.replace(
        client,
        name=spec.name,
        auth_flows=normalise_flows(tuple(spec.explicit_auth_flows or ())),
        prevent_user_existence_errors=spec.prevent_user_existence_errors,
        session_validity=spec.session_validity,
        rotation=rotation,
        retry_grace=grace if rotation else 0,
        token_revocation=spec.token_revocation,
    )


def make_client(ctx: Context, spec: ClientSpec) -> AppClient:
    """Create the app client ``spec`` describes, in its pool."""
    pool = ctx.pool(spec.pool_id)
    spec.check()
    new = AppClient(
        client_id=spec.client_id or new_client_id(),
        pool_id=pool.id,
        name=spec.name,
        secret=spec.client_secret or (new_client_secret() if spec.generate_secret else None),
        auth_flows=frozenset(),
    )
    client = configure_client(new, spec)
    with ctx.repo.atomic():
        if len(ctx.repo.client_ids(pool.id)) >= ctx.limits.clients_per_pool:  # ours, too
            raise ApiError(
                "LimitExceededException",
                f"The user pool has reached its limit of {ctx.limits.clients_per_pool} app "
                "clients.",
            )
        if not ctx.repo.add_client(client):
            raise invalid_parameter(f"App client {client.client_id} already exists.")
    return client


create_pool = keywords(PoolSpec)(make_pool)
"""``create_pool(ctx, name, **PoolSpec's keywords)``: what the CreateUserPool operation calls."""
create_client = keywords(ClientSpec)(make_client)
"""``create_client(ctx, pool_id, **ClientSpec's keywords)``."""


def check_rotation(enabled: bool, grace: int) -> None:
    """RetryGracePeriodSeconds is 0..60 (RefreshTokenRotationType)."""
    if not 0 <= grace <= 60:
        raise invalid_parameter("RetryGracePeriodSeconds must be between 0 and 60 seconds")


@dataclass(frozen=True, repr=False)
class UserSpec:
    """A new user (AdminCreateUser, SignUp, :class:`Service`, ``LocalCognito.create_user``).

    ``password`` is kept only as an SRP verifier (no ``repr`` shows it). ``temporary=True``
    makes the next sign-in answer NEW_PASSWORD_REQUIRED. ``mfa`` lists the user's MFA kinds
    (``SMS_MFA``, ``EMAIL_OTP``: the code is in the outbox; ``SOFTWARE_TOKEN_MFA``: a TOTP of
    the user's ``totp_secret``). ``status="UNCONFIRMED"`` or ``"RESET_REQUIRED"`` makes
    sign-ins fail as Cognito's do for such users. ``writer`` says whose attributes these are
    (see check_attributes).
    """

    pool_id: str
    username: str
    password: str
    _: KW_ONLY
    attributes: Mapping[str, str] | None = None
    temporary: bool = False
    mfa: Sequence[str] = ()
    enabled: bool = True
    status: str | None = None
    writer: str = "operator"


def make_user(ctx: Context, spec: UserSpec) -> User:
    """Create the user ``spec`` describes."""
    username, password, status, mfa = spec.username, spec.password, spec.status, spec.mfa
    pool = ctx.pool(spec.pool_id)
    if status not in (None, *USER_STATUSES):
        raise invalid_parameter(f"status must be one of {', '.join(USER_STATUSES)}")
    ctx.check_password_policy(pool, password)
    given = dict(spec.attributes or {})
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
    salt, verifier = ctx.verifier_for(pool, internal, password)
    user = User(
        username=internal,
        sub=sub,
        salt=salt,
        verifier=verifier,
        attributes=attrs,
        status=status or ("FORCE_CHANGE_PASSWORD" if spec.temporary else "CONFIRMED"),
        enabled=spec.enabled,
        mfa=tuple(mfa),
        totp_secret=new_totp_secret() if "SOFTWARE_TOKEN_MFA" in mfa else None,
        created=ctx.now(),
    )
    find = ctx.finder(pool)
    with ctx.repo.atomic():
        check_attributes(pool, given, writer=spec.writer, find=find)
        if find(username) is not None or ctx.repo.user(pool.id, internal) is not None:
            raise ApiError("UsernameExistsException", "User account already exists")
        if ctx.repo.user_count(pool.id) >= ctx.limits.users_per_pool:  # the wording is ours
            raise ApiError(
                "LimitExceededException",
                f"The user pool has reached its limit of {ctx.limits.users_per_pool} users.",
            )
        ctx.repo.put_user(pool.id, user)
    return user


create_user = keywords(UserSpec)(make_user)
"""``create_user(ctx, pool_id, username, password, **UserSpec's keywords)``."""


def set_password(
    ctx: Context, pool_id: str, username: str, password: str, *, permanent: bool
) -> User:
    pool = ctx.pool(pool_id)
    user = ctx.user(pool, username)
    ctx.check_password_policy(pool, password)
    salt, verifier = ctx.verifier_for(pool, user.username, password)
    status = "CONFIRMED" if permanent else "FORCE_CHANGE_PASSWORD"
    return update_user(
        ctx, pool, user.username, salt=salt, verifier=verifier, status=status, has_password=True
    )


def update_user(ctx: Context, pool: Pool, username: str, **changes: Any) -> User:
    """Store the user with ``changes`` applied to their latest record (not a stale copy)."""
    with ctx.repo.atomic():
        current = ctx.repo.user(pool.id, username)
        if current is None:
            raise ApiError("UserNotFoundException", "User does not exist.")
        user = dataclasses.replace(current, **changes)
        ctx.repo.put_user(pool.id, user)
    return user
