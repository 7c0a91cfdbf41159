"""The endpoint's records: user pools, app clients, users and their devices.

Users keep a salt and an SRP verifier, never a password: a password given at creation is turned
into a verifier at once. Records are frozen and kept in a :mod:`~srpcore.local.repository`;
the SRP arithmetic runs outside any lock.
"""

from __future__ import annotations

import secrets
import string
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from srpcore.cognito.pool import pool_name
from srpcore.cognito.salt import Salt
from srpcore.core import compare
from srpcore.local.errors import ApiError, invalid_parameter

__all__ = [
    "DEFAULT_AUTH_FLOWS",
    "AppClient",
    "CustomAuth",
    "Device",
    "Identity",
    "IdentityPool",
    "Passkey",
    "Pool",
    "SrpRecord",
    "User",
    "check_attributes",
    "new_client_id",
    "new_client_secret",
    "new_pool_id",
    "random_uuid",
]

DEFAULT_AUTH_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")
"""What Cognito enables when CreateUserPoolClient has no ExplicitAuthFlows."""

_LEGACY_FLOWS = {
    "ADMIN_NO_SRP_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY": "ALLOW_CUSTOM_AUTH",
}
KNOWN_FLOWS = frozenset(
    {
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_AUTH",
        *_LEGACY_FLOWS,
    }
)
STANDARD_ATTRIBUTES = frozenset(
    {
        "address", "birthdate", "email", "family_name", "gender", "given_name", "locale",
        "middle_name", "name", "nickname", "phone_number", "picture", "preferred_username",
        "profile", "updated_at", "website", "zoneinfo",
    }
)  # fmt: skip
"""Cognito's standard attributes a user may write (besides the verified flags and ``sub``)."""
VERIFIED_FLAGS = frozenset({"email_verified", "phone_number_verified"})
"""Computed by Cognito when the user proves the address; only an administrator may set them."""
Writer = str  # "user" (the signed-in user), "admin" (Admin* over the wire), "operator" (Python)
_ALNUM_LOWER = string.ascii_lowercase + string.digits
_ALNUM = string.ascii_letters + string.digits


def _random_text(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def random_uuid() -> str:
    """A version-4 UUID string drawn from :mod:`secrets` (subs, device keys, token ids)."""
    return str(uuid.UUID(bytes=secrets.token_bytes(16), version=4))


def new_pool_id(region: str) -> str:
    """``us-east-1_AbCdEfGhI``: the region, an underscore and nine letters or digits."""
    return f"{region}_{_random_text(_ALNUM, 9)}"


def new_client_id() -> str:
    """26 lower-case letters and digits, like Cognito's app client ids."""
    return _random_text(_ALNUM_LOWER, 26)


def new_client_secret() -> str:
    """51 lower-case letters and digits, like Cognito's generated client secrets."""
    return _random_text(_ALNUM_LOWER, 51)


def normalise_flows(flows: list[str] | tuple[str, ...] | None) -> frozenset[str]:
    """ExplicitAuthFlows as ALLOW_* names (legacy names mapped); the default when unset."""
    if not flows:
        return frozenset(DEFAULT_AUTH_FLOWS)
    return frozenset(_LEGACY_FLOWS.get(flow, flow) for flow in flows)


@dataclass(frozen=True)
class CustomAuth:
    """What the pool's custom-auth "Lambda triggers" do, as plain Python.

    ``answers`` gives one CUSTOM_CHALLENGE round per entry, each expecting that answer. For
    anything smarter pass ``check(username, round_index, answer) -> bool`` (``answers`` then
    only sets the number of rounds) and ``parameters(username, round_index) -> dict`` for the
    ChallengeParameters each round shows the user.
    """

    answers: tuple[str, ...] = ("42",)
    check: Callable[[str, int, str], bool] | None = field(default=None, compare=False)
    parameters: Callable[[str, int], Mapping[str, str]] | None = field(default=None, compare=False)

    def rounds(self) -> int:
        return len(self.answers)

    def challenge_parameters(self, username: str, round_index: int) -> dict[str, str]:
        if self.parameters is None:
            return {"USERNAME": username, "ROUND": str(round_index + 1)}
        return {"USERNAME": username, **self.parameters(username, round_index)}

    def accepts(self, username: str, round_index: int, answer: str) -> bool:
        if self.check is not None:
            return bool(self.check(username, round_index, answer))
        return compare.constant_time_equal(answer, self.answers[round_index])


class SrpRecord(NamedTuple):
    """What SRP checks a proof against: a salt and a verifier (of a user or a device)."""

    salt: Salt
    verifier: int
    simulated: bool = False  # PreventUserExistenceErrors: nobody's record, never accepted

    def __repr__(self) -> str:
        return "SrpRecord(<hidden>)"


@dataclass(frozen=True, eq=False)
class Device:
    """A device Cognito handed out in NewDeviceMetadata; usable for device SRP once confirmed."""

    key: str
    group_key: str
    username: str
    salt: Salt | None = None  # None until ConfirmDevice
    verifier: int = 0
    name: str = ""
    confirmed: bool = False
    remembered: bool = False
    created: float = 0.0  # seconds since the epoch: DeviceCreateDate
    modified: float = 0.0  # DeviceLastModifiedDate (confirmed, renamed, status changed)
    last_authenticated: float = 0.0  # DeviceLastAuthenticatedDate (the last device proof)
    seq: int = 0  # 1 + the user's newest device's: the order of devices created in one tick

    def __repr__(self) -> str:
        return f"Device(key={self.key!r}, confirmed={self.confirmed}, remembered={self.remembered})"


@dataclass(frozen=True, eq=False)
class Passkey:
    """A registered WebAuthn credential: the COSE public key and the last sign counter seen."""

    credential_id: str  # base64url without padding, as WebAuthn's JSON carries it
    username: str
    public_key: bytes  # COSE_Key, as the attested credential data held it
    sign_count: int
    rp_id: str
    name: str = ""
    transports: tuple[str, ...] = ()
    attachment: str = ""  # "platform", "cross-platform" or unknown
    user_verified: bool = False  # at registration
    created: float = 0.0
    seq: int = 0  # 1 + the user's newest passkey's: the order of passkeys made in one tick

    def __repr__(self) -> str:
        return f"Passkey(username={self.username!r}, rp_id={self.rp_id!r})"


@dataclass(frozen=True, eq=False)
class User:
    """A user: internal username, attributes, status, and (salt, verifier) instead of a password."""

    username: str
    sub: str
    salt: Salt
    verifier: int
    attributes: dict[str, str]
    status: str = "CONFIRMED"  # or FORCE_CHANGE_PASSWORD
    enabled: bool = True
    mfa: tuple[str, ...] = ()  # SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA
    totp_secret: str | None = None
    pending_totp_secret: str | None = None  # AssociateSoftwareToken(AccessToken), unverified
    device_group_key: str = field(default_factory=lambda: f"-{_random_text(_ALNUM, 9)}")
    created: float = 0.0
    has_password: bool = True  # False: signed up passwordless (the verifier is of nothing known)

    def __repr__(self) -> str:
        return f"User(username={self.username!r}, status={self.status!r})"


@dataclass(frozen=True, eq=False)
class AppClient:
    """An app client: its id, optional secret and the flows it allows."""

    client_id: str
    pool_id: str
    name: str
    secret: str | None
    auth_flows: frozenset[str]
    prevent_user_existence_errors: bool = False
    session_validity: int = 3  # minutes, AuthSessionValidity
    access_token_validity: int = 3600  # seconds
    id_token_validity: int = 3600
    refresh_token_validity: int = 30 * 86400
    # RefreshTokenRotation: GetTokensFromRefreshToken hands out a new refresh token and the old
    # one keeps working for retry_grace seconds (0..60); REFRESH_TOKEN_AUTH is then refused.
    rotation: bool = False
    retry_grace: int = 0
    token_revocation: bool = True  # EnableTokenRevocation (Cognito's default for new clients)

    def __repr__(self) -> str:
        return f"AppClient(client_id={self.client_id!r}, secret={'set' if self.secret else None})"


@dataclass(frozen=True, eq=False)
class Pool:
    """A user pool: sign-in identifiers, device tracking, MFA and custom auth (its users and
    clients are in the repository)."""

    id: str
    name: str
    region: str
    username_attributes: tuple[str, ...] = ()  # e.g. ("email",): the internal name is a UUID
    alias_attributes: tuple[str, ...] = ()  # e.g. ("email", "preferred_username")
    required_attributes: tuple[str, ...] = ()
    device_tracking: bool = False
    device_opt_in: bool = False  # DeviceOnlyRememberedOnUserPrompt
    challenge_on_new_device: bool = False
    password_min_length: int = 8
    mfa_required: bool = False  # MfaConfiguration ON: users without MFA meet MFA_SETUP
    custom_auth: CustomAuth = field(default_factory=CustomAuth)
    custom_attributes: frozenset[str] = frozenset()  # "custom:<name>" declared in the Schema
    created: float = 0.0
    # Policies.SignInPolicy.AllowedFirstAuthFactors: what USER_AUTH may start with. Cognito's
    # default is PASSWORD alone (which offers both PASSWORD and PASSWORD_SRP).
    first_factors: tuple[str, ...] = ("PASSWORD",)
    auto_verified: tuple[str, ...] = ()  # AutoVerifiedAttributes: "email", "phone_number"
    webauthn_rp_id: str = ""  # WebAuthnConfiguration.RelyingPartyId; "" = not configured
    webauthn_user_verification: str = "preferred"  # or "required"

    @property
    def pool_name(self) -> str:
        """The part of the id SRP hashes."""
        return pool_name(self.id)

    def new_device_key(self) -> str:
        return f"{self.region}_{random_uuid()}"


def check_attributes(
    pool: Pool,
    attributes: Mapping[str, str],
    *,
    writer: Writer,
    find: Callable[[str], User | None],
    user: User | None = None,
) -> None:
    """Refuse any attribute ``writer`` may not set, before anything is stored.

    Only schema attributes are accepted: the standard ones, and ``custom:<name>`` declared in
    the pool's Schema (the Python API and seed files, trusted, may use any ``custom:``
    name). ``sub``, ``cognito:*`` and every claim Cognito computes (``iss``, ``exp``, ``nbf``
    ...) are no attributes at all, and the verified flags are an administrator's to set, so a
    user can never plant a claim in their id token. A sign-in alias or username attribute must
    stay unique in the pool (AliasExistsException), or one user could take over another's
    sign-in name. The wording is modelled on Cognito's schema errors; unverified against AWS.
    ``find`` looks a sign-in name up in the pool; call it inside the repository's ``atomic()``
    that also stores the write. ``user`` is the one written.
    """
    for name, value in attributes.items():
        if name == "sub":
            raise invalid_parameter("Cannot modify the non-mutable attribute sub")
        custom = name.startswith("custom:") and (
            writer == "operator" or name in pool.custom_attributes
        )
        allowed = STANDARD_ATTRIBUTES | (VERIFIED_FLAGS if writer != "user" else frozenset())
        if not (custom or name in allowed):
            reason = (
                "Attribute cannot be written by the user"
                if name in VERIFIED_FLAGS
                else "Attribute does not exist in the schema"
            )
            raise invalid_parameter(
                f"Attributes did not conform to the schema: {name[:64]}: {reason}."
            )
        if name in (*pool.username_attributes, *pool.alias_attributes):
            holder = find(value)
            if (
                holder is not None
                and (user is None or holder.username != user.username)
                and holder.attributes.get(name) == value
            ):
                raise ApiError(
                    "AliasExistsException", f"An account with the given {name} already exists."
                )


@dataclass(frozen=True)
class IdentityPool:
    """A Cognito identity pool: the user pools (and their app clients) whose id tokens it
    exchanges for AWS credentials. ``key`` derives stable identity ids (never shown)."""

    id: str
    name: str
    allow_unauthenticated: bool
    providers: tuple[tuple[str, str, bool], ...]  # (ProviderName, ClientId, ServerSideTokenCheck)
    key: bytes = field(repr=False)
    created: float = 0.0


@dataclass(frozen=True)
class Identity:
    """An identity of an identity pool, linked to the (provider, subject) that first asked."""

    id: str
    pool_id: str
    provider: str
    subject: str
