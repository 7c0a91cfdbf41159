"""What one sign-in is configured with, checked once, and the fixed parts of its requests.

:class:`~srpcore.signin.machine.SignIn` keeps the state of the exchange; this module keeps what
never changes during it (pool, client, flow, secret, metadata, randomness) and knows how an
InitiateAuth or RespondToAuthChallenge request is laid out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from srpcore.cognito.client import Clock, DeviceSRP, RandomBytes, UserSRP
from srpcore.cognito.device import DeviceSecret, new_device_secret
from srpcore.cognito.pool import pool_name as _check_pool_id
from srpcore.cognito.secret_hash import secret_hash
from srpcore.core.engine import Engine
from srpcore.errors import InvalidParameterError
from srpcore.signin.types import Request

__all__ = ["FLOWS", "Settings", "settings"]

FLOWS = ("USER_SRP_AUTH", "USER_AUTH", "CUSTOM_AUTH")
"""The SRP sign-in flows: plain SRP, choice-based USER_AUTH, and CUSTOM_AUTH starting with SRP."""


@dataclass(frozen=True, eq=False, repr=False)
class Settings:
    """A sign-in's configuration; ``repr`` is left out so the client secret never shows."""

    pool_id: str
    client_id: str
    admin: bool
    flow: str
    preferred: str | None
    remember: bool
    device_name: str | None
    client_secret: str | None
    extras: Mapping[str, Any]
    rng: RandomBytes
    clock: Clock
    engine: Engine | None
    ephemeral_bits: int

    def operation(self, name: str) -> str:
        """``name`` or its Admin twin."""
        return f"Admin{name}" if self.admin else name

    def secret_hash(self, username: str) -> str | None:
        if self.client_secret is None:
            return None
        return secret_hash(username, self.client_id, self.client_secret)

    def user_srp(self, username: str, password: str, device: DeviceSecret | None) -> UserSRP:
        """A fresh user exchange (a new ephemeral ``a``)."""
        return UserSRP(
            pool_id=self.pool_id,
            username=username,
            password=password,
            client_id=self.client_id,
            client_secret=self.client_secret,
            device_key=device.device_key if device else None,
            ephemeral_bits=self.ephemeral_bits,
            rng=self.rng,
            clock=self.clock,
            engine=self.engine,
        )

    def device_srp(self, device: DeviceSecret, username: str) -> DeviceSRP:
        """A fresh device exchange, never sharing the user exchange's ephemeral."""
        return DeviceSRP(
            device_group_key=device.device_group_key,
            device_key=device.device_key,
            device_password=device.device_password,
            username=username,
            client_id=self.client_id,
            client_secret=self.client_secret,
            ephemeral_bits=self.ephemeral_bits,
            rng=self.rng,
            clock=self.clock,
            engine=self.engine,
        )

    def new_device(self, device_key: str, group_key: str) -> DeviceSecret:
        """A fresh secret and verifier for the device the service just issued."""
        return new_device_secret(
            device_group_key=group_key, device_key=device_key, rng=self.rng, engine=self.engine
        )

    def confirm_device(self, access_token: str, device: DeviceSecret) -> Request:
        """ConfirmDevice for a device just issued, with its new verifier (and name, if set)."""
        params: dict[str, Any] = {
            "AccessToken": access_token,
            "DeviceKey": device.device_key,
            "DeviceSecretVerifierConfig": dict(device.verifier_config),
        }
        if self.device_name is not None:
            params["DeviceName"] = self.device_name
        return Request("ConfirmDevice", params, "ConfirmDevice")

    @staticmethod
    def remember_device(access_token: str, device: DeviceSecret) -> Request:
        """UpdateDeviceStatus marking a confirmed device remembered (pools on user opt-in)."""
        params = {
            "AccessToken": access_token,
            "DeviceKey": device.device_key,
            "DeviceRememberedStatus": "remembered",
        }
        return Request("UpdateDeviceStatus", params, "UpdateDeviceStatus")

    def _base(self) -> dict[str, Any]:
        return {"UserPoolId": self.pool_id} if self.admin else {}

    def initiate(self, auth: dict[str, str]) -> Request:
        """InitiateAuth (or AdminInitiateAuth) for the configured flow with ``auth``."""
        params = self._base()
        params.update(ClientId=self.client_id, AuthFlow=self.flow, AuthParameters=auth)
        params.update(self.extras)
        operation = self.operation("InitiateAuth")
        return Request(operation, params, f"{operation}({self.flow})")

    def respond(
        self, challenge: str, responses: dict[str, str], *, username: str, session: str | None
    ) -> Request:
        """RespondToAuthChallenge: USERNAME first, SECRET_HASH over it unless given, Session."""
        responses = {"USERNAME": username, **responses}
        if "SECRET_HASH" not in responses:
            digest = self.secret_hash(responses["USERNAME"])
            if digest is not None:
                responses["SECRET_HASH"] = digest
        params = self._base()
        params.update(
            ClientId=self.client_id, ChallengeName=challenge, ChallengeResponses=responses
        )
        if session is not None:
            params["Session"] = session
        params.update(self.extras)
        operation = self.operation("RespondToAuthChallenge")
        return Request(operation, params, f"{operation}({challenge})")


def _extras(
    client_metadata: Mapping[str, str] | None,
    analytics_metadata: Mapping[str, str] | None,
    user_context_data: Mapping[str, str] | None,
    context_data: Mapping[str, Any] | None,
) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    for key, value in (
        ("ClientMetadata", client_metadata),
        ("AnalyticsMetadata", analytics_metadata),
        ("UserContextData", user_context_data),
        ("ContextData", context_data),
    ):
        if value is not None:
            extras[key] = dict(value)
    return extras


def settings(
    *,
    pool_id: str,
    client_id: str,
    username: str,
    client_secret: str | None,
    admin: bool,
    flow: str,
    preferred_challenge: str | None,
    remember_device: bool,
    device_name: str | None,
    client_metadata: Mapping[str, str] | None,
    analytics_metadata: Mapping[str, str] | None,
    user_context_data: Mapping[str, str] | None,
    context_data: Mapping[str, Any] | None,
    rng: RandomBytes,
    clock: Clock,
    engine: Engine | None,
    ephemeral_bits: int,
) -> Settings:
    """Check the options of a sign-in up front (before any call) and keep them."""
    _check_pool_id(pool_id)
    if flow not in FLOWS:
        raise InvalidParameterError(f"flow must be one of {', '.join(FLOWS)}, not {flow!r}")
    if preferred_challenge not in ("PASSWORD_SRP", None):
        raise InvalidParameterError("preferred_challenge must be 'PASSWORD_SRP' or None")
    if not client_id:
        raise InvalidParameterError("client_id must not be empty")
    if not username:
        raise InvalidParameterError("username must not be empty")
    if admin and user_context_data is not None:
        raise InvalidParameterError("the admin operations take context_data, not user_context_data")
    if not admin and context_data is not None:
        raise InvalidParameterError(
            "the public operations take user_context_data, not context_data"
        )
    return Settings(
        pool_id=pool_id,
        client_id=client_id,
        admin=admin,
        flow=flow,
        preferred=preferred_challenge,
        remember=remember_device,
        device_name=device_name,
        client_secret=client_secret,
        extras=_extras(client_metadata, analytics_metadata, user_context_data, context_data),
        rng=rng,
        clock=clock,
        engine=engine,
        ephemeral_bits=ephemeral_bits,
    )
