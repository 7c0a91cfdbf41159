"""The sign-in state machine: each service response in, the next request out. No I/O.

Modelled on h11: the machine never sees a client. A driver calls :meth:`SignIn.start`, makes the
returned :class:`~srpcore.signin.types.Request` on whatever client it has (boto3, aiobotocore,
a test double), feeds the response to :meth:`SignIn.receive` (or a service error's code and
message to :meth:`SignIn.receive_error`) and repeats until it gets
:class:`~srpcore.signin.types.Tokens` or a :class:`~srpcore.signin.types.Challenge` for the
caller, which :meth:`SignIn.answer` (in :mod:`srpcore.signin.answering`) turns into the next
request without redoing SRP.

One username rule throughout: the SRP math and every ChallengeResponses ``USERNAME`` and
``SECRET_HASH`` after the first call use the internal username the service sent
(``USER_ID_FOR_SRP``, else the challenge's ``USERNAME``), never the alias the user typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from srpcore.cognito.client import DeviceSRP, UserSRP
from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.vocabulary import CALLER_CHALLENGES, ONCE_PER_SIGN_IN, SRP_CHALLENGES
from srpcore.core.keywords import keywords
from srpcore.errors import InvalidParameterError, ProtocolError, SRPError
from srpcore.signin import shape
from srpcore.signin.answering import Answering
from srpcore.signin.challenges import (
    caller_challenge,
    select_challenge,
    totp_challenge,
    webauthn_challenge,
)
from srpcore.signin.options import FLOWS, SignInOptions, needs_password, opening_factor
from srpcore.signin.settings import Settings
from srpcore.signin.shape import Result, tokens_from_result
from srpcore.signin.states import MAX_CALLS, Event, Outstanding, Phase, advance
from srpcore.signin.types import Challenge, Request, Tokens

__all__ = ["FLOWS", "MAX_CALLS", "SELF_ANSWERED", "SignIn"]

Next = Request | Tokens | Challenge

SELF_ANSWERED = SRP_CHALLENGES
"""Challenges the machine answers itself, with SRP math (each at most once per attempt)."""


class SignIn(Answering):
    """One sign-in, from the first InitiateAuth to the tokens (and device confirmation).

    ``flow`` is ``USER_SRP_AUTH``; ``USER_AUTH``, whose ``preferred_challenge`` is the first
    factor: PASSWORD_SRP (SRP_A up front), PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN, or ``None``
    (the service's SELECT_CHALLENGE goes to the caller, whose choice :meth:`answer` sends);
    ``CUSTOM_AUTH`` (``CHALLENGE_NAME=SRP_A`` when a password is given, else custom rounds
    only; CUSTOM_CHALLENGE rounds go to the caller); ``USER_PASSWORD_AUTH`` /
    ``ADMIN_USER_PASSWORD_AUTH``, in which the password itself travels to the service (inside
    TLS), for pools that must see it (a user-migration Lambda). ``admin`` selects
    AdminInitiateAuth / AdminRespondToAuthChallenge. A WEB_AUTHN challenge is answered by the
    ``authenticator`` callable when one is given (called inside :meth:`receive`), else handed
    to the caller; the service, not this client, verifies the assertion.

    With ``device``, DEVICE_KEY goes in the first call and the PASSWORD_VERIFIER answer and the
    device answers DEVICE_SRP_AUTH; if the service says the device no longer exists, it is
    dropped and the sign-in starts over without it, once. When the service issues
    NewDeviceMetadata and ``remember_device`` is true, the device is confirmed (and marked
    remembered when the pool asks the user to opt in) and returned in ``Tokens.device``; left
    unconfirmed, Cognito refuses the refresh token ("Invalid Refresh Token.") for good.

    ``client_metadata`` and ``analytics_metadata`` go on every InitiateAuth and
    RespondToAuthChallenge call; so does ``user_context_data`` (public pair only) or
    ``context_data`` (admin pair only). None goes on the device and MFA-setup calls, which do
    not accept them.

    The machine is not thread-safe; drive one sign-in from one task at a time.
    """

    @keywords(SignInOptions)
    def __init__(self, options: SignInOptions) -> None:
        """Takes the keywords of :class:`~srpcore.signin.options.SignInOptions`."""
        self._setup(options)

    @classmethod
    def from_options(cls, options: SignInOptions) -> SignIn:
        """A machine for options already built (what the drivers and the CLI use)."""
        machine = cls.__new__(cls)
        machine._setup(options)
        return machine

    def _setup(self, options: SignInOptions) -> None:
        self._settings = Settings(options)
        self.pool_id = options.pool_id
        self.client_id = options.client_id
        self.admin = options.admin
        self.flow = options.flow
        self._typed_username = options.username
        self._password: str | None = options.password
        self._signup_session = options.session
        self._authenticator = options.authenticator
        self._device = options.device
        self._pending: Outstanding | None = None
        self._phase = Phase.READY
        self._dropped_device = False
        self._tokens: Result | None = None
        self._new_device: DeviceSecret | None = None
        self._calls = 0
        self._step: str | None = None  # of the request outstanding, for errors to name
        self._on_response: dict[Outstanding, Callable[[Mapping[str, Any]], Next]] = {
            Outstanding.AUTH: self._after_auth,
            Outstanding.CONFIRM_DEVICE: self._after_confirm,
            Outstanding.UPDATE_DEVICE_STATUS: self._after_update,
            Outstanding.ASSOCIATE_SOFTWARE_TOKEN: self._after_associate,
            Outstanding.VERIFY_SOFTWARE_TOKEN: self._after_verify,
        }
        self._new_attempt()

    def _new_attempt(self) -> None:
        """The state of one attempt from InitiateAuth on: what a stale-device restart drops."""
        self._username = self._typed_username
        self._drop_exchange()
        self._srp_sent = False
        self._first_reply = False  # the reply being handled answers InitiateAuth
        self._session: str | None = None
        self._self_answered: set[str] = set()

    def _drop_exchange(self) -> None:
        """Forget the attempt's ephemerals and the step out with the caller (restart or end)."""
        self._user_srp: UserSRP | None = None
        self._device_srp: DeviceSRP | None = None
        self._awaiting: Challenge | None = None
        self._answered: Challenge | None = None

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
        self._move(Event.START)
        return self._initiate()

    def receive(self, response: Mapping[str, Any]) -> Request | Tokens | Challenge:
        """Feed the service's response to the last request; get what comes next.

        A response the protocol does not allow here (of the wrong shape, a challenge answered
        already, more calls than :data:`MAX_CALLS`) raises :class:`ProtocolError` and ends the
        sign-in. Every error raised names the step (``exc.step``) whose response it was.
        """
        step = self._step
        pending = self._expect_pending()
        try:
            return self._on_response[pending](response)
        except Exception as exc:
            self._end()  # a refused response ends the sign-in; keep no secrets around
            if isinstance(exc, InvalidParameterError):  # a malformed value the service sent
                raise ProtocolError(f"malformed response: {exc}", step=step) from exc
            if isinstance(exc, SRPError):
                exc.step = exc.step or step
            raise

    def abort(self) -> None:
        """End the sign-in after a call failed with no answer to feed (a network error).

        Nothing more can be sent, and the password, ephemerals and tokens are dropped.
        """
        self._pending = None
        self._end()

    def receive_error(self, code: str, message: str) -> Request | Tokens | None:
        """Feed a service error for the last request: what comes next, or ``None``.

        ``None`` means the error ends this attempt and the driver should raise it. Two errors
        are recovered from. A stale remembered device is dropped and the sign-in restarts from
        InitiateAuth without it (a :class:`Request`). A failed ConfirmDevice or
        UpdateDeviceStatus does not void a sign-in that already succeeded: the tokens come back
        with no device, as with AWS's SDKs. A caller's answer that failed (a mistyped MFA
        code, say) may be given again, if the service still accepts the session.
        """
        step = self._step
        try:
            return self._recover(self._expect_pending(), code, message)
        except SRPError as exc:
            self._end()
            exc.step = exc.step or step
            raise

    def _recover(self, pending: Outstanding, code: str, message: str) -> Request | Tokens | None:
        if pending in (Outstanding.CONFIRM_DEVICE, Outstanding.UPDATE_DEVICE_STATUS):
            self._new_device = None
            return self._finish()
        if (
            pending is Outstanding.AUTH
            and code == "ResourceNotFoundException"
            and "device" in message.lower()
            and self._device is not None
            and self._can_start()
        ):
            self._device = None
            self._dropped_device = True
            self._new_attempt()
            return self._initiate()
        if self._answered is not None:
            self._await(self._answered)
            self._answered = None
        else:
            self._end()
        return None

    # ----------------------------------------------------------------- building requests

    def _new_user_srp(self) -> UserSRP:
        assert self._password is not None  # cleared only once the sign-in ends
        self._srp_sent = True
        self._user_srp = self._settings.user_srp(self._username, self._password)
        return self._user_srp

    def _can_start(self) -> bool:
        options = self._settings.options
        return self._password is not None or not needs_password(
            options.flow, options.preferred_challenge, self._signup_session
        )

    def _initiate(self) -> Request:
        options = self._settings.options
        flow = options.flow
        factor = opening_factor(
            flow, options.preferred_challenge, self._signup_session, self._password is not None
        )
        auth: dict[str, str] = {"USERNAME": self._typed_username}
        if factor == "PASSWORD_SRP":
            auth["SRP_A"] = self._new_user_srp().srp_a()
        elif factor == "PASSWORD":
            assert self._password is not None  # SignInOptions refuses the flow without one
            auth["PASSWORD"] = self._password
        if flow == "USER_AUTH" and factor is not None:
            auth["PREFERRED_CHALLENGE"] = factor
        elif flow == "CUSTOM_AUTH" and factor is not None:
            auth["CHALLENGE_NAME"] = "SRP_A"
        self._first_reply = True
        request = self._settings.initiate(auth, self._device, session=self._signup_session)
        return self._send(request)

    def _respond(self, challenge_name: str, responses: dict[str, str]) -> Request:
        username, session, device = self._username, self._session, self._device
        return self._settings.respond(
            challenge_name, responses, username=username, session=session, device=device
        )

    def _send(self, request: Request) -> Request:
        """Every request leaves through here, so this is where the number of calls is bounded."""
        self._calls += 1
        if self._calls > MAX_CALLS:
            self._end()
            raise ProtocolError(
                f"the service asked for more than {MAX_CALLS} calls in one sign-in",
                step=request.step,
            )
        self._move(Event.SEND)
        self._pending = Outstanding.of(request.operation)
        self._step = request.step
        return request

    def _send_answer(self, challenge: Challenge, request: Request) -> Request:
        self._awaiting = None
        self._answered = challenge
        return self._send(request)

    # ----------------------------------------------------------------- handling responses

    def _expect_pending(self) -> Outstanding:
        self._move(Event.REPLY)
        assert self._pending is not None  # set on every SEND, the only way into SENT
        pending, self._pending = self._pending, None
        return pending

    def _move(self, event: Event) -> None:
        self._phase = advance(self._phase, event, self._step)  # the one transition table

    def _learn_username(self, params: Mapping[str, str]) -> None:
        internal = params.get("USER_ID_FOR_SRP") or params.get("USERNAME")
        if internal:
            self._username = internal

    def _after_auth(self, response: Mapping[str, Any]) -> Request | Tokens | Challenge:
        self._answered = None
        first, self._first_reply = self._first_reply, False
        reply = shape.auth_reply(response)
        # Echo a Session next only if this response carried one (USER_SRP_AUTH's does not).
        self._session = reply.session
        if reply.result is not None:
            return self._authenticated(reply.result)
        name, params = reply.challenge, reply.parameters
        assert name is not None  # auth_reply gives a result or a challenge
        if name in ONCE_PER_SIGN_IN:
            if name in self._self_answered:
                raise ProtocolError(f"{name} arrived twice; srpcore answers it once per sign-in")
            self._self_answered.add(name)
        if name == "SELECT_CHALLENGE":
            if self.flow != "USER_AUTH" or not first:
                raise ProtocolError("SELECT_CHALLENGE arrived outside a USER_AUTH sign-in's start")
            self._learn_username(params)
            return self._await(select_challenge(params, reply.available, self._username, self))
        self._learn_username(params)
        if name == "WEB_AUTHN":
            return self._webauthn(webauthn_challenge(params, self._username, self))
        if name in ("PASSWORD", "PASSWORD_SRP"):  # a factor asked for as a challenge of its own
            return self._password_factor(name)
        if name == "PASSWORD_VERIFIER":
            if self._user_srp is None:
                raise ProtocolError("PASSWORD_VERIFIER arrived before SRP_A was sent")
            shape.require(name, params)
            answer = self._user_srp.answer_password_verifier(params)
            self._user_srp = None  # one proof per ephemeral; forget a at once
            return self._send(self._respond(name, answer))
        if name == "DEVICE_SRP_AUTH":
            if self._device is None:
                raise ProtocolError("DEVICE_SRP_AUTH arrived, but no device was given")
            self._device_srp = self._settings.device_srp(self._device, self._username)
            answer = self._device_srp.answer_device_srp_auth(params)
            return self._send(self._respond(name, answer))
        if name == "DEVICE_PASSWORD_VERIFIER":
            if self._device_srp is None:
                raise ProtocolError("DEVICE_PASSWORD_VERIFIER arrived before DEVICE_SRP_AUTH")
            shape.require(name, params)
            answer = self._device_srp.answer_device_password_verifier(params)
            self._device_srp = None
            return self._send(self._respond(name, answer))
        if name in CALLER_CHALLENGES:
            return self._await(caller_challenge(name, params, self._username, self))
        raise ProtocolError(f"srpcore cannot answer the challenge {shape.clip(name)!r}")

    def _await(self, challenge: Challenge) -> Challenge:
        self._move(Event.CHALLENGE)
        self._awaiting = challenge
        return challenge

    def _after_associate(self, response: Mapping[str, Any]) -> Challenge:
        self._answered = None
        secret_code, self._session = shape.associate_reply(response)
        return self._await(totp_challenge(secret_code, self._username, self))

    def _after_verify(self, response: Mapping[str, Any]) -> Request:
        self._answered = None
        self._session = shape.verify_reply(response)
        return self._send(self._respond("MFA_SETUP", {}))

    def _authenticated(self, result: Result) -> Request | Tokens:
        self._tokens = result
        if result.new_device is None or not self._settings.options.remember_device:
            return self._finish()
        self._new_device = self._settings.new_device(*result.new_device)
        request = self._settings.confirm_device(result.access_token, self._new_device)
        return self._send(request)

    def _after_update(self, response: Mapping[str, Any]) -> Tokens:
        shape.obj(response, "the response")
        return self._finish()

    def _after_confirm(self, response: Mapping[str, Any]) -> Request | Tokens:
        if not shape.confirm_reply(response):
            return self._finish()
        assert self._tokens is not None and self._new_device is not None
        request = self._settings.remember_device(self._tokens.access_token, self._new_device)
        return self._send(request)

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
        """No more requests: forget the password, the sign-up session, ephemerals and tokens."""
        self._move(Event.END)
        self._password = None
        self._signup_session = None
        self._tokens = None
        self._drop_exchange()
