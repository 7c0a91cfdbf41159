"""The fixed parts of one sign-in's requests, laid out from its :class:`SignInOptions`.

:class:`~srpcore.signin.machine.SignIn` keeps the state of the exchange; the options (checked
once, in :mod:`srpcore.signin.options`) keep what never changes during it; this module knows how
an InitiateAuth or RespondToAuthChallenge request is laid out.
"""

from __future__ import annotations

from typing import Any, TypedDict

from srpcore.cognito.client import DeviceSRP, UserSRP
from srpcore.cognito.device import DeviceSecret, new_device_secret
from srpcore.cognito.ephemeral import Clock, RandomBytes
from srpcore.cognito.secret_hash import add_client_keys
from srpcore.cognito.vocabulary import DEVICE_KEYED
from srpcore.core.engine import Engine
from srpcore.signin.options import SignInOptions
from srpcore.signin.types import Request

__all__ = ["Settings"]


class _Drawing(TypedDict):
    """What both SRP exchanges of a sign-in take from its options (the app client, how the
    ephemerals are drawn, the clock and the engine); the client keys go on in
    :meth:`Settings._keys`, so the exchanges never hold the client secret."""

    client_id: str
    ephemeral_bits: int
    rng: RandomBytes
    clock: Clock
    engine: Engine | None


class Settings:
    """The request layout of one sign-in, over its :class:`SignInOptions` (password blanked)."""

    __slots__ = ("options",)

    def __init__(self, options: SignInOptions) -> None:
        self.options = options.without_password()

    def __repr__(self) -> str:
        return f"Settings({self.options!r})"

    def user_srp(self, username: str, password: str) -> UserSRP:
        """A fresh user exchange (a new ephemeral ``a``); the request adds the client keys."""
        pool_id = self.options.pool_id
        return UserSRP(pool_id=pool_id, username=username, password=password, **self._drawing())

    def device_srp(self, device: DeviceSecret, username: str) -> DeviceSRP:
        """A fresh device exchange, never sharing the user exchange's ephemeral."""
        return DeviceSRP(
            device_group_key=device.device_group_key,
            device_key=device.device_key,
            device_password=device.device_password,
            username=username,
            **self._drawing(),
        )

    def _drawing(self) -> _Drawing:
        options = self.options
        return _Drawing(
            client_id=options.client_id,
            ephemeral_bits=options.ephemeral_bits,
            rng=options.rng,
            clock=options.clock,
            engine=options.engine,
        )

    def new_device(self, device_key: str, group_key: str) -> DeviceSecret:
        """A fresh secret and verifier for the device the service just issued."""
        return new_device_secret(
            device_group_key=group_key,
            device_key=device_key,
            rng=self.options.rng,
            engine=self.options.engine,
        )

    def confirm_device(self, access_token: str, device: DeviceSecret) -> Request:
        """ConfirmDevice for a device just issued, with its new verifier (and name, if set)."""
        params: dict[str, Any] = {
            "AccessToken": access_token,
            "DeviceKey": device.device_key,
            "DeviceSecretVerifierConfig": dict(device.verifier_config),
        }
        if self.options.device_name is not None:
            params["DeviceName"] = self.options.device_name
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
        return {"UserPoolId": self.options.pool_id} if self.options.admin else {}

    def _keys(self, params: dict[str, str], device: DeviceSecret | None) -> dict[str, str]:
        """SECRET_HASH and DEVICE_KEY: every request of a sign-in gets them here, and only here."""
        return add_client_keys(
            params,
            client_id=self.options.client_id,
            client_secret=self.options.client_secret,
            device_key=device.device_key if device is not None else None,
        )

    def initiate(
        self, auth: dict[str, str], device: DeviceSecret | None, *, session: str | None = None
    ) -> Request:
        """InitiateAuth (or AdminInitiateAuth) for the configured flow with ``auth``.

        ``session`` is ConfirmSignUp's Session, which USER_AUTH takes as the first factor.
        """
        options = self.options
        params = self._base()
        params.update(
            ClientId=options.client_id,
            AuthFlow=options.flow,
            AuthParameters=self._keys(auth, device),
        )
        if session is not None:
            params["Session"] = session
        params.update(options.extras())
        operation = options.operation("InitiateAuth")
        return Request(operation, params, f"{operation}({options.flow})")

    def respond(
        self,
        challenge: str,
        responses: dict[str, str],
        *,
        username: str,
        session: str | None,
        device: DeviceSecret | None,
    ) -> Request:
        """RespondToAuthChallenge: USERNAME first, SECRET_HASH over it, DEVICE_KEY, Session.

        DEVICE_KEY goes only on the answers that carry it
        (:data:`~srpcore.cognito.vocabulary.DEVICE_KEYED`).
        """
        responses = {"USERNAME": username, **responses}
        self._keys(responses, device if challenge in DEVICE_KEYED else None)
        params = self._base()
        params.update(
            ClientId=self.options.client_id, ChallengeName=challenge, ChallengeResponses=responses
        )
        if session is not None:
            params["Session"] = session
        params.update(self.options.extras())
        operation = self.options.operation("RespondToAuthChallenge")
        return Request(operation, params, f"{operation}({challenge})")
