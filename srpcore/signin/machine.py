"""The sign-in state machine: each service response in, the next request out. No I/O.

Modelled on h11: the machine never sees a client. A driver calls :meth:`SignIn.start`, makes the
returned :class:`~srpcore.signin.types.Request` on whatever client it has (boto3, aiobotocore,
a test double), feeds the response to :meth:`SignIn.receive` (or a service error's code and
message to :meth:`SignIn.receive_error`) and repeats until it gets
:class:`~srpcore.signin.types.Tokens` or a :class:`~srpcore.signin.types.Challenge` for the
caller, which :meth:`SignIn.answer` turns into the next request without redoing SRP.

One username rule throughout: the SRP math and every ChallengeResponses ``USERNAME`` and
``SECRET_HASH`` after the first call use the internal username the service sent
(``USER_ID_FOR_SRP``, else the challenge's ``USERNAME``), never the alias the user typed.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from srpcore.cognito.client import (
    DEFAULT_EPHEMERAL_BITS,
    Clock,
    DeviceSRP,
    RandomBytes,
    UserSRP,
    utc_now,
)
from srpcore.cognito.device import DeviceSecret, new_device_secret
from srpcore.cognito.pool import pool_name as _check_pool_id
from srpcore.cognito.secret_hash import secret_hash
from srpcore.core.engine import Engine
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin.challenges import decode, encode_answer
from srpcore.signin.types import (
    CALLER_CHALLENGES,
    VERIFY_SOFTWARE_TOKEN,
    Challenge,
    Request,
    Tokens,
)

__all__ = ["FLOWS", "SignIn", "tokens_from_result"]

FLOWS = ("USER_SRP_AUTH", "USER_AUTH", "CUSTOM_AUTH")
"""The SRP sign-in flows: plain SRP, choice-based USER_AUTH, and CUSTOM_AUTH starting with SRP."""

# What is outstanding between a request and its response.
_AUTH = "auth"  # InitiateAuth / RespondToAuthChallenge (or the Admin pair)
_CONFIRM = "confirm_device"
_UPDATE = "update_device_status"
_ASSOCIATE = "associate_software_token"
_VERIFY = "verify_software_token"


def _operation(admin: bool, name: str) -> str:
    return f"Admin{name}" if admin else name


def tokens_from_result(
    result: Mapping[str, Any],
    *,
    username: str | None,
    device: DeviceSecret | None = None,
    new_device: bool = False,
    refresh_token: str | None = None,
) -> Tokens:
    """Tokens from an AuthenticationResult; ``refresh_token`` fills in when it carries none."""
    access_token = result.get("AccessToken")
    if not isinstance(access_token, str) or not access_token:
        raise ProtocolError("AuthenticationResult carries no AccessToken")
    return Tokens(
        access_token=access_token,
        id_token=result.get("IdToken"),
        refresh_token=result.get("RefreshToken") or refresh_token,
        expires_in=result.get("ExpiresIn"),
        token_type=result.get("TokenType"),
        username=username,
        device=device,
        new_device=new_device,
    )


class SignIn:
    """One SRP sign-in, from the first InitiateAuth to the tokens (and device confirmation).

    ``flow`` is ``USER_SRP_AUTH``, ``USER_AUTH`` (with ``preferred_challenge="PASSWORD_SRP"``
    SRP_A goes up front; with ``None`` the service's SELECT_CHALLENGE is answered with
    PASSWORD_SRP) or ``CUSTOM_AUTH`` (``CHALLENGE_NAME=SRP_A``; CUSTOM_CHALLENGE rounds go to the
    caller). ``admin`` selects AdminInitiateAuth / AdminRespondToAuthChallenge.

    With ``device``, DEVICE_KEY goes in the first call and the PASSWORD_VERIFIER answer and the
    device answers DEVICE_SRP_AUTH; if the service says the device no longer exists, it is
    dropped and the sign-in starts over without it, once. When the service issues
    NewDeviceMetadata and ``remember_device`` is true, the device is confirmed (and marked
    remembered when the pool asks the user to opt in) and returned in ``Tokens.device``.

    ``client_metadata`` and ``analytics_metadata`` go on every InitiateAuth and
    RespondToAuthChallenge call; so does ``user_context_data`` (public pair only) or
    ``context_data`` (admin pair only). None goes on the device and MFA-setup calls, which do
    not accept them.

    The machine is not thread-safe; drive one sign-in from one task at a time.
    """

    def __init__(
        self,
        *,
        pool_id: str,
        client_id: str,
        username: str,
        password: str,
        client_secret: str | None = None,
        device: DeviceSecret | None = None,
        admin: bool = False,
        flow: str = "USER_SRP_AUTH",
        preferred_challenge: str | None = "PASSWORD_SRP",
        remember_device: bool = True,
        device_name: str | None = None,
        client_metadata: Mapping[str, str] | None = None,
        analytics_metadata: Mapping[str, str] | None = None,
        user_context_data: Mapping[str, str] | None = None,
        context_data: Mapping[str, Any] | None = None,
        rng: RandomBytes = secrets.token_bytes,
        clock: Clock = utc_now,
        engine: Engine | None = None,
        ephemeral_bits: int = DEFAULT_EPHEMERAL_BITS,
    ) -> None:
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
            raise InvalidParameterError(
                "the admin operations take context_data, not user_context_data"
            )
        if not admin and context_data is not None:
            raise InvalidParameterError(
                "the public operations take user_context_data, not context_data"
            )
        self.pool_id = pool_id
        self.client_id = client_id
        self.admin = admin
        self.flow = flow
        self._typed_username = username
        self._password: str | None = password
        self._client_secret = client_secret
        self._device = device
        self._preferred = preferred_challenge
        self._remember = remember_device
        self._device_name = device_name
        self._rng = rng
        self._clock = clock
        self._engine = engine
        self._ephemeral_bits = ephemeral_bits
        self._extras = self._common_params(
            client_metadata, analytics_metadata, user_context_data, context_data
        )
        self._username = username
        self._user_srp: UserSRP | None = None
        self._device_srp: DeviceSRP | None = None
        self._srp_sent = False
        self._session: str | None = None
        self._pending: str | None = None
        self._started = False
        self._dropped_device = False
        self._awaiting: Challenge | None = None
        self._answered: Challenge | None = None
        self._tokens: Mapping[str, Any] | None = None
        self._new_device: DeviceSecret | None = None

    def __repr__(self) -> str:
        return (
            f"SignIn(pool_id={self.pool_id!r}, username={self._typed_username!r}, "
            f"flow={self.flow!r}, admin={self.admin}, <secrets hidden>)"
        )

    # ----------------------------------------------------------------- public interface

    @property
    def username(self) -> str:
        """The internal username once the service has sent it, else the one typed."""
        return self._username

    @property
    def dropped_device(self) -> bool:
        """True once a stale device was dropped and the sign-in restarted without it."""
        return self._dropped_device

    def start(self) -> Request:
        """The first request: InitiateAuth (or AdminInitiateAuth) for the configured flow."""
        if self._started:
            raise ProtocolError("this sign-in has already started")
        self._started = True
        return self._initiate()

    def receive(self, response: Mapping[str, Any]) -> Request | Tokens | Challenge:
        """Feed the service's response to the last request; get what comes next."""
        pending = self._expect_pending()
        try:
            if pending == _CONFIRM:
                return self._after_confirm(response)
            if pending == _UPDATE:
                return self._finish()
            if pending == _ASSOCIATE:
                return self._after_associate(response)
            if pending == _VERIFY:
                return self._after_verify(response)
            return self._after_auth(response)
        except Exception:
            self._end()  # a refused response ends the sign-in; keep no secrets around
            raise

    def receive_error(self, code: str, message: str) -> Request | Tokens | None:
        """Feed a service error for the last request: what comes next, or ``None``.

        ``None`` means the error ends this attempt and the driver should raise it. Two errors
        are recovered from. A stale remembered device is dropped and the sign-in restarts from
        InitiateAuth without it (a :class:`Request`). A failed ConfirmDevice or
        UpdateDeviceStatus does not void a sign-in that already succeeded: the tokens come back
        with no device, as with AWS's SDKs. A caller's answer that failed (a mistyped MFA
        code, say) may be given again, if the service still accepts the session.
        """
        pending = self._expect_pending()
        if pending in (_CONFIRM, _UPDATE):
            self._new_device = None
            return self._finish()
        if (
            pending == _AUTH
            and code == "ResourceNotFoundException"
            and "device" in message.lower()
            and self._device is not None
            and self._password is not None
        ):
            self._device = None
            self._dropped_device = True
            self._user_srp = None
            self._device_srp = None
            self._srp_sent = False
            self._session = None
            self._awaiting = self._answered = None
            self._username = self._typed_username
            return self._initiate()
        if self._answered is not None:
            self._awaiting, self._answered = self._answered, None
        else:
            self._end()
        return None

    def answer(
        self, challenge: Challenge, answer: str, *, attributes: Mapping[str, str] | None = None
    ) -> Request:
        """The request answering ``challenge`` (a step this machine handed to the caller).

        ``answer`` is the code for SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_OTP and
        VERIFY_SOFTWARE_TOKEN; the chosen method for SELECT_MFA_TYPE and MFA_SETUP
        (``SOFTWARE_TOKEN_MFA`` starts TOTP setup; ``EMAIL_OTP`` needs
        ``attributes={"EMAIL": ...}``); the new password for NEW_PASSWORD_REQUIRED (with
        ``attributes`` supplying each required attribute); the ANSWER for CUSTOM_CHALLENGE.
        For VERIFY_SOFTWARE_TOKEN, ``attributes={"FriendlyDeviceName": ...}`` names the token.
        """
        if challenge is not self._awaiting:
            raise ProtocolError("this step is not awaiting an answer (answered already, or stale)")
        if not isinstance(answer, str) or not answer:
            raise InvalidParameterError(f"{challenge.name} needs a non-empty answer")
        attributes = dict(attributes or {})
        name = challenge.name
        if name == VERIFY_SOFTWARE_TOKEN:
            params: dict[str, Any] = {"UserCode": answer}
            if self._session is not None:
                params["Session"] = self._session
            if "FriendlyDeviceName" in attributes:
                params["FriendlyDeviceName"] = attributes.pop("FriendlyDeviceName")
            self._reject_extra(name, attributes)
            return self._send_answer(
                challenge, Request("VerifySoftwareToken", params, "VerifySoftwareToken"), _VERIFY
            )
        if name == "MFA_SETUP" and answer == "SOFTWARE_TOKEN_MFA":
            self._reject_extra(name, attributes)
            params = {"Session": self._session} if self._session is not None else {}
            request = Request("AssociateSoftwareToken", params, "AssociateSoftwareToken")
            return self._send_answer(challenge, request, _ASSOCIATE)
        responses = encode_answer(
            name,
            answer,
            attributes,
            options=challenge.options,
            required_attributes=challenge.required_attributes,
        )
        return self._send_answer(challenge, self._respond(name, responses), _AUTH)

    # ----------------------------------------------------------------- building requests

    @staticmethod
    def _reject_extra(name: str, attributes: Mapping[str, str]) -> None:
        if attributes:
            raise InvalidParameterError(f"{name} takes no attributes {sorted(attributes)}")

    def _common_params(
        self,
        client_metadata: Mapping[str, str] | None,
        analytics_metadata: Mapping[str, str] | None,
        user_context_data: Mapping[str, str] | None,
        context_data: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        extras: dict[str, Any] = {}
        if client_metadata is not None:
            extras["ClientMetadata"] = dict(client_metadata)
        if analytics_metadata is not None:
            extras["AnalyticsMetadata"] = dict(analytics_metadata)
        if user_context_data is not None:
            extras["UserContextData"] = dict(user_context_data)
        if context_data is not None:
            extras["ContextData"] = dict(context_data)
        return extras

    def _secret_hash(self, username: str) -> str | None:
        if self._client_secret is None:
            return None
        return secret_hash(username, self.client_id, self._client_secret)

    def _new_user_srp(self) -> UserSRP:
        assert self._password is not None  # cleared only once the sign-in ends
        self._srp_sent = True
        self._user_srp = UserSRP(
            pool_id=self.pool_id,
            username=self._typed_username,
            password=self._password,
            client_id=self.client_id,
            client_secret=self._client_secret,
            device_key=self._device.device_key if self._device else None,
            ephemeral_bits=self._ephemeral_bits,
            rng=self._rng,
            clock=self._clock,
            engine=self._engine,
        )
        return self._user_srp

    def _initiate(self) -> Request:
        if self.flow == "USER_AUTH" and self._preferred is None:
            auth: dict[str, str] = {"USERNAME": self._typed_username}
            digest = self._secret_hash(self._typed_username)
            if digest is not None:
                auth["SECRET_HASH"] = digest
            if self._device is not None:
                auth["DEVICE_KEY"] = self._device.device_key
        else:
            auth = self._new_user_srp().auth_parameters()
            if self.flow == "USER_AUTH":
                auth["PREFERRED_CHALLENGE"] = "PASSWORD_SRP"
            elif self.flow == "CUSTOM_AUTH":
                auth["CHALLENGE_NAME"] = "SRP_A"
        params: dict[str, Any] = {}
        if self.admin:
            params["UserPoolId"] = self.pool_id
        params.update(ClientId=self.client_id, AuthFlow=self.flow, AuthParameters=auth)
        params.update(self._extras)
        operation = _operation(self.admin, "InitiateAuth")
        return self._send(Request(operation, params, f"{operation}({self.flow})"), _AUTH)

    def _respond(self, challenge_name: str, responses: dict[str, str]) -> Request:
        responses = {"USERNAME": self._username, **responses}
        if "SECRET_HASH" not in responses:
            digest = self._secret_hash(responses["USERNAME"])
            if digest is not None:
                responses["SECRET_HASH"] = digest
        params: dict[str, Any] = {}
        if self.admin:
            params["UserPoolId"] = self.pool_id
        params.update(
            ClientId=self.client_id, ChallengeName=challenge_name, ChallengeResponses=responses
        )
        if self._session is not None:
            params["Session"] = self._session
        params.update(self._extras)
        operation = _operation(self.admin, "RespondToAuthChallenge")
        return Request(operation, params, f"{operation}({challenge_name})")

    def _send(self, request: Request, pending: str) -> Request:
        self._pending = pending
        return request

    def _send_answer(self, challenge: Challenge, request: Request, pending: str) -> Request:
        self._awaiting = None
        self._answered = challenge
        return self._send(request, pending)

    # ----------------------------------------------------------------- handling responses

    def _expect_pending(self) -> str:
        pending = self._pending
        if pending is None:
            raise ProtocolError("no request is outstanding; nothing to receive")
        self._pending = None
        return pending

    def _take_session(self, response: Mapping[str, Any]) -> None:
        """Echo a Session next only if this response carried one (USER_SRP_AUTH's does not)."""
        session = response.get("Session")
        self._session = session if isinstance(session, str) and session else None

    def _learn_username(self, params: Mapping[str, str]) -> None:
        internal = params.get("USER_ID_FOR_SRP") or params.get("USERNAME")
        if internal:
            self._username = internal

    def _after_auth(self, response: Mapping[str, Any]) -> Request | Tokens | Challenge:
        self._answered = None
        self._take_session(response)
        result = response.get("AuthenticationResult")
        if result:
            return self._authenticated(result)
        name = response.get("ChallengeName")
        if not isinstance(name, str) or not name:
            raise ProtocolError("the response has neither AuthenticationResult nor ChallengeName")
        params = response.get("ChallengeParameters") or {}
        if name == "SELECT_CHALLENGE":
            return self._select_challenge(params, response.get("AvailableChallenges") or [])
        self._learn_username(params)
        if name == "PASSWORD_VERIFIER":
            if self._user_srp is None:
                raise ProtocolError("PASSWORD_VERIFIER arrived before SRP_A was sent, or twice")
            answer = self._user_srp.answer_password_verifier(params)
            self._user_srp = None  # one proof per ephemeral; forget a at once
            return self._send(self._respond(name, answer), _AUTH)
        if name == "DEVICE_SRP_AUTH":
            if self._device is None:
                raise ProtocolError("DEVICE_SRP_AUTH arrived, but no device was given")
            self._device_srp = DeviceSRP(  # a fresh ephemeral, never the user exchange's
                device_group_key=self._device.device_group_key,
                device_key=self._device.device_key,
                device_password=self._device.device_password,
                username=self._username,
                client_id=self.client_id,
                client_secret=self._client_secret,
                ephemeral_bits=self._ephemeral_bits,
                rng=self._rng,
                clock=self._clock,
                engine=self._engine,
            )
            answer = self._device_srp.answer_device_srp_auth(params)
            return self._send(self._respond(name, answer), _AUTH)
        if name == "DEVICE_PASSWORD_VERIFIER":
            if self._device_srp is None:
                raise ProtocolError("DEVICE_PASSWORD_VERIFIER arrived before DEVICE_SRP_AUTH")
            answer = self._device_srp.answer_device_password_verifier(params)
            self._device_srp = None
            return self._send(self._respond(name, answer), _AUTH)
        if name in CALLER_CHALLENGES:
            return self._hand_over(name, params)
        raise ProtocolError(f"srpcore cannot answer the challenge {name!r}")

    def _select_challenge(self, params: Mapping[str, str], available: list[str]) -> Request:
        if self.flow != "USER_AUTH" or self._srp_sent:
            raise ProtocolError("SELECT_CHALLENGE arrived outside a USER_AUTH sign-in")
        if "PASSWORD_SRP" not in available:
            offered = ", ".join(available) or "nothing"
            raise ProtocolError(f"the service offers {offered}, not PASSWORD_SRP")
        self._learn_username(params)
        srp = self._new_user_srp()
        responses = {"ANSWER": "PASSWORD_SRP", "USERNAME": self._username, "SRP_A": srp.srp_a()}
        if self._device is not None:
            responses["DEVICE_KEY"] = self._device.device_key
        return self._send(self._respond("SELECT_CHALLENGE", responses), _AUTH)

    def _hand_over(self, name: str, params: Mapping[str, str]) -> Challenge:
        decoded = decode(name, params)
        return self._await(
            Challenge(
                name,
                MappingProxyType(dict(params)),
                self._username,
                self,
                decoded.options,
                decoded.required_attributes,
                MappingProxyType(dict(decoded.user_attributes or {})),
            )
        )

    def _await(self, challenge: Challenge) -> Challenge:
        self._awaiting = challenge
        return challenge

    def _after_associate(self, response: Mapping[str, Any]) -> Challenge:
        self._answered = None
        secret_code = response.get("SecretCode")
        if not isinstance(secret_code, str) or not secret_code:
            raise ProtocolError("AssociateSoftwareToken returned no SecretCode")
        self._take_session(response)
        return self._await(
            Challenge(
                VERIFY_SOFTWARE_TOKEN,
                MappingProxyType({}),
                self._username,
                self,
                secret_code=secret_code,
            )
        )

    def _after_verify(self, response: Mapping[str, Any]) -> Request:
        self._answered = None
        if response.get("Status") != "SUCCESS":
            raise ProtocolError(f"VerifySoftwareToken answered status {response.get('Status')!r}")
        self._take_session(response)
        return self._send(self._respond("MFA_SETUP", {}), _AUTH)

    def _authenticated(self, result: Mapping[str, Any]) -> Request | Tokens:
        self._tokens = result
        metadata = result.get("NewDeviceMetadata")
        if not metadata or not self._remember:
            return self._finish()
        access_token = result.get("AccessToken")
        device_key = metadata.get("DeviceKey")
        group_key = metadata.get("DeviceGroupKey")
        if not (access_token and device_key and group_key):
            raise ProtocolError("NewDeviceMetadata or AccessToken is incomplete")
        self._new_device = new_device_secret(
            device_group_key=group_key, device_key=device_key, rng=self._rng, engine=self._engine
        )
        params: dict[str, Any] = {
            "AccessToken": access_token,
            "DeviceKey": device_key,
            "DeviceSecretVerifierConfig": dict(self._new_device.verifier_config),
        }
        if self._device_name is not None:
            params["DeviceName"] = self._device_name
        return self._send(Request("ConfirmDevice", params, "ConfirmDevice"), _CONFIRM)

    def _after_confirm(self, response: Mapping[str, Any]) -> Request | Tokens:
        if not response.get("UserConfirmationNecessary"):
            return self._finish()
        assert self._tokens is not None and self._new_device is not None
        params = {
            "AccessToken": self._tokens["AccessToken"],
            "DeviceKey": self._new_device.device_key,
            "DeviceRememberedStatus": "remembered",
        }
        return self._send(Request("UpdateDeviceStatus", params, "UpdateDeviceStatus"), _UPDATE)

    def _finish(self) -> Tokens:
        assert self._tokens is not None
        device = self._new_device or self._device
        tokens = tokens_from_result(
            self._tokens,
            username=self._username,
            device=device,
            new_device=self._new_device is not None,
        )
        self._end()
        return tokens

    def _end(self) -> None:
        """No more requests: forget the password, the ephemerals and the tokens."""
        self._password = None
        self._user_srp = None
        self._device_srp = None
        self._tokens = None
        self._awaiting = None
        self._answered = None
