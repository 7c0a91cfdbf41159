"""The challenges only the caller can answer: decoding their parameters, encoding the answers.

Pure functions on plain values; :class:`~srpcore.signin.machine.SignIn` adds USERNAME,
SECRET_HASH, Session and the request around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from srpcore.cognito.vocabulary import CODE_KEYS, PASSWORD_FACTORS, answer_key
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin.shape import clip, json_list, json_object
from srpcore.signin.types import VERIFY_SOFTWARE_TOKEN, Answer, Challenge, Exchange, Request
from srpcore.signin.webauthn import credential_text, parse_request_options

__all__ = [
    "CODE_KEYS",
    "Decoded",
    "caller_challenge",
    "decode",
    "encode_answer",
    "reject_extra",
    "select_challenge",
    "select_responses",
    "setup_request",
    "totp_challenge",
    "webauthn_challenge",
    "webauthn_responses",
]


@dataclass(frozen=True)
class Decoded:
    """What a challenge's parameters say, with Cognito's JSON-in-a-string values parsed."""

    options: tuple[str, ...] = ()
    required_attributes: tuple[str, ...] = ()
    user_attributes: Mapping[str, str] | None = None


def decode(name: str, params: Mapping[str, str]) -> Decoded:
    """Options for SELECT_MFA_TYPE / MFA_SETUP; attributes for NEW_PASSWORD_REQUIRED."""
    if name == "SELECT_MFA_TYPE":
        return Decoded(options=json_list(params.get("MFAS_CAN_CHOOSE"), "MFAS_CAN_CHOOSE"))
    if name == "MFA_SETUP":
        return Decoded(options=json_list(params.get("MFAS_CAN_SETUP"), "MFAS_CAN_SETUP"))
    if name == "NEW_PASSWORD_REQUIRED":
        names = json_list(params.get("requiredAttributes"), "requiredAttributes")
        return Decoded(
            required_attributes=tuple(n.removeprefix("userAttributes.") for n in names),
            user_attributes=json_object(params.get("userAttributes"), "userAttributes"),
        )
    return Decoded()


def _key(name: str) -> str:
    key = answer_key(name)
    assert key is not None  # every caller challenge has one in the vocabulary
    return key


def encode_answer(
    name: str,
    answer: str,
    attributes: Mapping[str, str],
    *,
    options: tuple[str, ...] = (),
    required_attributes: tuple[str, ...] = (),
) -> dict[str, str]:
    """The ChallengeResponses entries (besides USERNAME and SECRET_HASH) answering ``name``."""
    extra = dict(attributes)
    responses: dict[str, str] = {}
    if name in CODE_KEYS:
        responses[CODE_KEYS[name]] = answer
    elif name in ("SELECT_MFA_TYPE", "CUSTOM_CHALLENGE"):
        if options and answer not in options:
            raise InvalidParameterError(
                f"{answer!r} is not one of the offered {', '.join(options)}"
            )
        responses[_key(name)] = answer
    elif name == "MFA_SETUP":
        if answer != "EMAIL_OTP":
            raise InvalidParameterError(
                f"MFA_SETUP answers are SOFTWARE_TOKEN_MFA or EMAIL_OTP, not {answer!r}"
            )
        if "EMAIL" not in extra:
            raise InvalidParameterError("EMAIL_OTP setup needs attributes={'EMAIL': ...}")
        responses["EMAIL"] = extra.pop("EMAIL")
    elif name == "NEW_PASSWORD_REQUIRED":
        missing = [a for a in required_attributes if a not in extra]
        if missing:
            raise InvalidParameterError(
                f"NEW_PASSWORD_REQUIRED also needs the attributes {', '.join(missing)}"
            )
        responses[_key(name)] = answer
        responses.update({f"userAttributes.{key}": value for key, value in extra.items()})
        extra = {}
    else:
        raise ProtocolError(f"srpcore cannot answer the challenge {name!r}")
    if extra:
        raise InvalidParameterError(f"{name} takes no attributes {sorted(extra)}")
    return responses


def caller_challenge(
    name: str, params: Mapping[str, str], username: str, machine: Exchange
) -> Challenge:
    """The :class:`Challenge` handing ``name`` to the caller, its parameters decoded."""
    decoded = decode(name, params)
    return Challenge(
        name,
        MappingProxyType(dict(params)),
        username,
        machine,
        decoded.options,
        decoded.required_attributes,
        MappingProxyType(dict(decoded.user_attributes or {})),
    )


def reject_extra(name: str, attributes: Mapping[str, str]) -> None:
    if attributes:
        raise InvalidParameterError(f"{name} takes no attributes {sorted(attributes)}")


def setup_request(
    name: str, answer: str, attributes: dict[str, str], session: str | None
) -> Request | None:
    """The TOTP-setup call answering ``name``, if it is not a RespondToAuthChallenge.

    MFA_SETUP answered ``SOFTWARE_TOKEN_MFA`` starts with AssociateSoftwareToken; the first
    code (VERIFY_SOFTWARE_TOKEN) goes to VerifySoftwareToken, optionally naming the token.
    """
    params: dict[str, Any] = {} if session is None else {"Session": session}
    if name == VERIFY_SOFTWARE_TOKEN:
        params["UserCode"] = answer
        if "FriendlyDeviceName" in attributes:
            params["FriendlyDeviceName"] = attributes.pop("FriendlyDeviceName")
        reject_extra(name, attributes)
        return Request("VerifySoftwareToken", params, "VerifySoftwareToken")
    if name == "MFA_SETUP" and answer == "SOFTWARE_TOKEN_MFA":
        reject_extra(name, attributes)
        return Request("AssociateSoftwareToken", params, "AssociateSoftwareToken")
    return None


def totp_challenge(secret_code: str, username: str, machine: Exchange) -> Challenge:
    """VERIFY_SOFTWARE_TOKEN: the caller loads ``secret_code`` and enters the first code."""
    return Challenge(
        VERIFY_SOFTWARE_TOKEN, MappingProxyType({}), username, machine, secret_code=secret_code
    )


def select_challenge(
    params: Mapping[str, str], available: tuple[str, ...], username: str, machine: Exchange
) -> Challenge:
    """SELECT_CHALLENGE for the caller: ``options`` (``available_challenges``) as offered."""
    if not available:
        raise ProtocolError("SELECT_CHALLENGE offers no sign-in method (AvailableChallenges)")
    return Challenge(
        "SELECT_CHALLENGE", MappingProxyType(dict(params)), username, machine, available
    )


def select_responses(challenge: Challenge, choice: Answer, password: str | None) -> dict[str, str]:
    """The SELECT_CHALLENGE answer for ``choice``, with what that factor sends at once.

    PASSWORD_SRP sends SRP_A (PASSWORD_VERIFIER follows), PASSWORD the password; the others
    only name the choice: the service then sends the code, or the WEB_AUTHN request options
    (the credential cannot come in this answer, as the options it must sign are not known yet).
    The machine adds SRP_A for PASSWORD_SRP.
    """
    if not isinstance(choice, str) or choice not in challenge.available_challenges:
        offered = ", ".join(challenge.available_challenges)
        shown = clip(choice) if isinstance(choice, str) else type(choice).__name__
        raise InvalidParameterError(f"{shown!r} is not one of the offered {offered}")
    responses = {"ANSWER": choice}
    if choice in PASSWORD_FACTORS and not password:
        raise InvalidParameterError(
            f"{choice} needs the password: pass password= to sign_in or to respond"
        )
    if choice == "PASSWORD":
        assert password is not None
        responses["PASSWORD"] = password
    return responses


def webauthn_challenge(params: Mapping[str, str], username: str, machine: Exchange) -> Challenge:
    """WEB_AUTHN for the caller (or the configured authenticator), its request options parsed."""
    request = parse_request_options(params)
    return Challenge(
        "WEB_AUTHN", MappingProxyType(dict(params)), username, machine, webauthn=request
    )


def webauthn_responses(credential: Answer) -> dict[str, str]:
    """The WEB_AUTHN answer: ``CREDENTIAL`` = the AuthenticationResponseJSON text."""
    return {_key("WEB_AUTHN"): credential_text(credential)}
