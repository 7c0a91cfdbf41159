"""The client side of Cognito SRP: USER_SRP_AUTH / PASSWORD_VERIFIER and the device equivalents.

These objects hold one sign-in attempt's ephemeral secret and compute request parameters; they
never talk to the network. The ephemeral is drawn at construction from ``rng`` (default
:func:`secrets.token_bytes`) unless a fixed one is injected to replay a known-answer vector.
``RandomBytes``, ``Clock``, ``utc_now`` and the ephemeral sizes belong to
:mod:`srpcore.cognito.ephemeral` and are re-exported here for existing imports.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from srpcore.cognito.ephemeral import (
    DEFAULT_EPHEMERAL_BITS,
    MIN_EPHEMERAL_BITS,
    Clock,
    RandomBytes,
    draw_ephemeral,
    utc_now,
)
from srpcore.cognito.pool import pool_name as _pool_name
from srpcore.cognito.proof import GROUP, PasswordClaim, compute_password_claim
from srpcore.cognito.secret_hash import add_client_keys, secret_hash
from srpcore.cognito.timestamp import cognito_timestamp
from srpcore.core import srp6a
from srpcore.core.engine import Engine, default_engine
from srpcore.core.keywords import keywords
from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = [
    "DEFAULT_EPHEMERAL_BITS",
    "MIN_EPHEMERAL_BITS",
    "Clock",
    "DeviceSRP",
    "RandomBytes",
    "UserSRP",
    "utc_now",
]


@dataclass(frozen=True, kw_only=True)
class _Options:
    """What both exchanges take besides whose they are: the one declaration of those keywords.

    Checked once, when the exchange is built; ``ephemeral`` and ``client_secret`` stay out of
    the repr.
    """

    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    ephemeral: int | None = field(default=None, repr=False)
    ephemeral_bits: int = DEFAULT_EPHEMERAL_BITS
    rng: RandomBytes = secrets.token_bytes
    clock: Clock = utc_now
    engine: Engine | None = None
    hardened: bool = False

    def __post_init__(self) -> None:
        if self.client_secret is not None and self.client_id is None:
            raise InvalidParameterError("client_secret needs client_id: SECRET_HASH covers both")
        if self.engine is not None and self.hardened and not self.engine.hardened:
            raise ConfigurationError("hardened=True conflicts with the non-hardened engine given")


@dataclass(frozen=True, kw_only=True)
class _User:
    """A user of a pool: ``device_key`` names the remembered device signing in, if any."""

    pool_id: str
    username: str
    password: str = field(repr=False)
    device_key: str | None = None


@dataclass(frozen=True, kw_only=True)
class _Device:
    """A remembered device, whose SRP stands in for a user's: the group key is the "pool
    name", the device key the user id. ``username`` may also come with the challenge."""

    device_group_key: str
    device_key: str
    device_password: str = field(repr=False)
    username: str | None = None


@dataclass(frozen=True, kw_only=True)
class _UserOptions(_Options, _User):
    """:class:`UserSRP`'s keywords: whose exchange it is first, then the shared ones."""


@dataclass(frozen=True, kw_only=True)
class _DeviceOptions(_Options, _Device):
    """:class:`DeviceSRP`'s keywords: whose exchange it is first, then the shared ones."""


class _SRPClient:
    """Shared machinery: one ephemeral (a, A) and the PASSWORD_VERIFIER computation."""

    __slots__ = ("_a", "_engine", "_options", "_password", "_pool_name", "a_pub", "client_id")

    def __init__(self, options: _Options, *, pool_name: str, password: str) -> None:
        rng, ephemeral_bits, ephemeral = options.rng, options.ephemeral_bits, options.ephemeral
        self._engine = options.engine or default_engine(hardened=options.hardened)
        self._options = options
        self.client_id = options.client_id
        self._pool_name = pool_name
        self._password = password
        self._a = draw_ephemeral(rng, ephemeral_bits) if ephemeral is None else ephemeral
        self.a_pub = srp6a.client_public(GROUP, self._a, self._engine)

    def srp_a(self) -> str:
        """SRP_A as Cognito's SDKs send it: lower-case hex, no leading zeros."""
        return format(self.a_pub, "x")

    def secret_hash(self, username: str) -> str | None:
        """SECRET_HASH over ``username`` when the app client has a secret, else ``None``."""
        client_secret = self._options.client_secret
        if client_secret is None or self.client_id is None:
            return None
        return secret_hash(username, self.client_id, client_secret)

    def _with_keys(self, params: dict[str, str], device_key: str | None) -> dict[str, str]:
        return add_client_keys(
            params,
            client_id=self.client_id,
            client_secret=self._options.client_secret,
            device_key=device_key,
        )

    def _verifier_responses(
        self, claim: PasswordClaim, params: Mapping[str, str], username: str, device_key: str | None
    ) -> dict[str, str]:
        """The answer to PASSWORD_VERIFIER and to DEVICE_PASSWORD_VERIFIER alike."""
        responses = {
            "USERNAME": username,
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": claim.signature,
            "TIMESTAMP": claim.timestamp,
        }
        return self._with_keys(responses, device_key)

    def _claim(
        self, params: Mapping[str, str], user_id: str, now: datetime | None
    ) -> PasswordClaim:
        missing = [key for key in ("SRP_B", "SALT", "SECRET_BLOCK") if key not in params]
        if missing:
            raise InvalidParameterError(
                f"challenge parameters lack {', '.join(missing)}; pass the ChallengeParameters "
                "of the PASSWORD_VERIFIER response unchanged"
            )
        return compute_password_claim(
            pool_name=self._pool_name,
            user_id=user_id,
            password=self._password,
            a=self._a,
            a_pub=self.a_pub,
            srp_b=params["SRP_B"],
            salt=params["SALT"],
            secret_block=params["SECRET_BLOCK"],
            timestamp=cognito_timestamp(now if now is not None else self._options.clock()),
            engine=self._engine,
        )


class UserSRP(_SRPClient):
    """One USER_SRP_AUTH sign-in attempt for a user of a user pool.

    ``hardened=True`` computes every exponentiation with a constant-time algorithm (see
    :class:`~srpcore.core.engine.Engine`); ``engine`` picks a backend explicitly.
    """

    __slots__ = ("device_key", "pool_id", "username")

    @keywords(_UserOptions)
    def __init__(self, options: _UserOptions) -> None:
        """Takes ``pool_id``, ``username``, ``password`` and the keywords of :class:`_Options`."""
        self.pool_id = options.pool_id
        self.username = options.username
        self.device_key = options.device_key
        super().__init__(options, pool_name=_pool_name(options.pool_id), password=options.password)

    def __repr__(self) -> str:
        return f"UserSRP(pool_id={self.pool_id!r}, username={self.username!r}, <secrets hidden>)"

    def auth_parameters(self) -> dict[str, str]:
        """USER_SRP_AUTH AuthParameters: USERNAME, SRP_A, and SECRET_HASH / DEVICE_KEY if set."""
        return self._with_keys({"USERNAME": self.username, "SRP_A": self.srp_a()}, self.device_key)

    def password_claim(
        self, challenge_parameters: Mapping[str, str], *, now: datetime | None = None
    ) -> PasswordClaim:
        """The intermediate values of the answer (u, x, S, key, signature), for inspection."""
        user_id = challenge_parameters.get("USER_ID_FOR_SRP")
        if user_id is None:
            raise InvalidParameterError("challenge parameters lack USER_ID_FOR_SRP")
        return self._claim(challenge_parameters, user_id, now)

    def answer_password_verifier(
        self, challenge_parameters: Mapping[str, str], *, now: datetime | None = None
    ) -> dict[str, str]:
        """PASSWORD_VERIFIER ChallengeResponses for the given ChallengeParameters.

        x, the signature, USERNAME and SECRET_HASH all use USER_ID_FOR_SRP, the internal
        username, whatever alias the user signed in with.
        """
        claim = self.password_claim(challenge_parameters, now=now)
        user_id = challenge_parameters["USER_ID_FOR_SRP"]
        return self._verifier_responses(claim, challenge_parameters, user_id, self.device_key)


class DeviceSRP(_SRPClient):
    """One DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER exchange for a remembered device."""

    __slots__ = ("device_group_key", "device_key", "username")

    @keywords(_DeviceOptions)
    def __init__(self, options: _DeviceOptions) -> None:
        """Takes the device's key, group key and password, and the keywords of
        :class:`_Options`; ``username`` may come later, with the challenge parameters."""
        if not options.device_key or not options.device_group_key:
            raise InvalidParameterError("device_key and device_group_key must not be empty")
        self.device_group_key = options.device_group_key
        self.device_key = options.device_key
        self.username = options.username
        super().__init__(
            options, pool_name=options.device_group_key, password=options.device_password
        )

    def __repr__(self) -> str:
        return f"DeviceSRP(device_key={self.device_key!r}, <secrets hidden>)"

    def _username(self, params: Mapping[str, str] | None) -> str:
        username = (params or {}).get("USERNAME") or self.username
        if not username:
            raise InvalidParameterError(
                "no USERNAME: pass username= or the challenge parameters that carry it"
            )
        return username

    def answer_device_srp_auth(
        self, challenge_parameters: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """DEVICE_SRP_AUTH ChallengeResponses: USERNAME, DEVICE_KEY, SRP_A (+ SECRET_HASH)."""
        username = self._username(challenge_parameters)
        responses = {"USERNAME": username, "SRP_A": self.srp_a()}
        return self._with_keys(responses, self.device_key)

    def password_claim(
        self, challenge_parameters: Mapping[str, str], *, now: datetime | None = None
    ) -> PasswordClaim:
        """The intermediate values of the answer (u, x, S, key, signature), for inspection."""
        return self._claim(challenge_parameters, self.device_key, now)

    def answer_device_password_verifier(
        self, challenge_parameters: Mapping[str, str], *, now: datetime | None = None
    ) -> dict[str, str]:
        """DEVICE_PASSWORD_VERIFIER ChallengeResponses for the given ChallengeParameters."""
        claim = self.password_claim(challenge_parameters, now=now)
        username = self._username(challenge_parameters)
        return self._verifier_responses(claim, challenge_parameters, username, self.device_key)
