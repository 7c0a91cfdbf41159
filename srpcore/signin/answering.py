"""The caller's side of the sign-in machine: answers in, requests out.

:class:`Answering` is the half of :class:`~srpcore.signin.machine.SignIn` that turns what the
caller (or the configured WebAuthn authenticator) says into the next RespondToAuthChallenge or
MFA-setup request; the machine proper turns service responses into steps. Split only to keep
each module readable; the state is the machine's, declared here for the type checker.
"""

from __future__ import annotations

from srpcore.cognito.client import UserSRP
from srpcore.core.keywords import keywords_after_two
from srpcore.errors import ConfigurationError, InvalidParameterError, ProtocolError
from srpcore.signin.challenges import (
    encode_answer,
    select_responses,
    setup_request,
    webauthn_responses,
)
from srpcore.signin.options import Authenticator
from srpcore.signin.types import Challenge, Reply, Request

__all__ = ["Answering"]


class Answering:
    """Answers to the steps a :class:`SignIn` hands out (mixed into it; not used alone)."""

    _awaiting: Challenge | None
    _password: str | None
    _session: str | None
    _srp_sent: bool
    _authenticator: Authenticator | None

    # What the machine provides.
    def _respond(self, challenge_name: str, responses: dict[str, str]) -> Request:
        raise NotImplementedError

    def _send(self, request: Request) -> Request:
        raise NotImplementedError

    def _send_answer(self, challenge: Challenge, request: Request) -> Request:
        raise NotImplementedError

    def _await(self, challenge: Challenge) -> Challenge:
        raise NotImplementedError

    def _new_user_srp(self) -> UserSRP:
        raise NotImplementedError

    @keywords_after_two(Reply)
    def answer(self, challenge: Challenge, reply: Reply) -> Request:
        """The request answering ``challenge`` (a step this machine handed to the caller).

        ``answer`` is the code for SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_OTP and
        VERIFY_SOFTWARE_TOKEN; the chosen method for SELECT_CHALLENGE (one of
        ``available_challenges``; ``password`` supplies the password for PASSWORD_SRP or
        PASSWORD if the sign-in was given none), SELECT_MFA_TYPE and MFA_SETUP
        (``SOFTWARE_TOKEN_MFA`` starts TOTP setup; ``EMAIL_OTP`` needs
        ``attributes={"EMAIL": ...}``); the authenticator's AuthenticationResponseJSON (a dict
        or its JSON text) for WEB_AUTHN; the new password for NEW_PASSWORD_REQUIRED (with
        ``attributes`` supplying each required attribute); the ANSWER for CUSTOM_CHALLENGE.
        For VERIFY_SOFTWARE_TOKEN, ``attributes={"FriendlyDeviceName": ...}`` names the token.
        """
        return self.reply(challenge, reply)

    def reply(self, challenge: Challenge, reply: Reply) -> Request:
        """:meth:`answer` with the answer and its keywords in one :class:`Reply`."""
        answer, attributes, password = reply.answer, reply.attributes, reply.password
        if challenge is not self._awaiting:
            raise ProtocolError("this step is not awaiting an answer (answered already, or stale)")
        name = challenge.name
        if password is not None and name != "SELECT_CHALLENGE":
            raise InvalidParameterError("password= goes with a SELECT_CHALLENGE choice only")
        if attributes and name in ("SELECT_CHALLENGE", "WEB_AUTHN"):
            raise InvalidParameterError(f"{name} takes no attributes {sorted(attributes)}")
        if name == "WEB_AUTHN":
            return self._send_answer(challenge, self._respond(name, webauthn_responses(answer)))
        if not isinstance(answer, str) or not answer:
            raise InvalidParameterError(f"{name} needs a non-empty answer")
        if name == "SELECT_CHALLENGE":
            return self._answer_select(challenge, answer, password)
        extra = dict(attributes or {})
        setup = setup_request(name, answer, extra, self._session)
        if setup is not None:
            return self._send_answer(challenge, setup)
        responses = encode_answer(
            name,
            answer,
            extra,
            options=challenge.options,
            required_attributes=challenge.required_attributes,
        )
        return self._send_answer(challenge, self._respond(name, responses))

    def _answer_select(self, challenge: Challenge, choice: str, password: str | None) -> Request:
        """SELECT_CHALLENGE answered; a fresh SRP exchange when the choice is PASSWORD_SRP."""
        responses = select_responses(challenge, choice, password or self._password)
        if password is not None:
            self._password = password  # kept for this sign-in only, dropped at its end
        if choice == "PASSWORD_SRP":
            responses["SRP_A"] = self._new_user_srp().srp_a()
        return self._send_answer(challenge, self._respond("SELECT_CHALLENGE", responses))

    def _webauthn(self, challenge: Challenge) -> Request | Challenge:
        """WEB_AUTHN: the configured authenticator answers at once, else the caller does."""
        if self._authenticator is None:
            return self._await(challenge)
        assert challenge.webauthn is not None  # webauthn_challenge always parses the options
        credential = self._authenticator(challenge.webauthn.as_dict())
        try:
            responses = webauthn_responses(credential)
        except InvalidParameterError as exc:  # the caller's authenticator, not the service
            raise ConfigurationError(f"the authenticator's answer is unusable: {exc}") from exc
        return self._send(self._respond("WEB_AUTHN", responses))

    def _password_factor(self, name: str) -> Request:
        """PASSWORD or PASSWORD_SRP issued as a challenge: answered with the password held."""
        if self._password is None or self._srp_sent:
            raise ProtocolError(f"{name} arrived, but no password is in play in this sign-in")
        if name == "PASSWORD_SRP":
            responses = {"SRP_A": self._new_user_srp().srp_a()}
        else:
            responses = {"PASSWORD": self._password}
        return self._send(self._respond(name, responses))
