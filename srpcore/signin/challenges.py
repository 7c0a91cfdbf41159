"""The challenges only the caller can answer: decoding their parameters, encoding the answers.

Pure functions on plain values; :class:`~srpcore.signin.machine.SignIn` adds USERNAME,
SECRET_HASH, Session and the request around them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from srpcore.errors import InvalidParameterError, ProtocolError

__all__ = ["CODE_KEYS", "Decoded", "decode", "encode_answer"]

CODE_KEYS = {
    "SMS_MFA": "SMS_MFA_CODE",
    "SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SMS_OTP": "SMS_OTP_CODE",
}
"""The ChallengeResponses key that carries the code, per code challenge."""


@dataclass(frozen=True)
class Decoded:
    """What a challenge's parameters say, with Cognito's JSON-in-a-string values parsed."""

    options: tuple[str, ...] = ()
    required_attributes: tuple[str, ...] = ()
    user_attributes: Mapping[str, str] | None = None


def _json(text: str, what: str) -> object:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ProtocolError(f"{what} is not JSON") from exc


def _json_list(text: str | None, what: str) -> tuple[str, ...]:
    if not text:
        return ()
    value = _json(text, what)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProtocolError(f"{what} is not a JSON list of strings")
    return tuple(value)


def decode(name: str, params: Mapping[str, str]) -> Decoded:
    """Options for SELECT_MFA_TYPE / MFA_SETUP; attributes for NEW_PASSWORD_REQUIRED."""
    if name == "SELECT_MFA_TYPE":
        return Decoded(options=_json_list(params.get("MFAS_CAN_CHOOSE"), "MFAS_CAN_CHOOSE"))
    if name == "MFA_SETUP":
        return Decoded(options=_json_list(params.get("MFAS_CAN_SETUP"), "MFAS_CAN_SETUP"))
    if name == "NEW_PASSWORD_REQUIRED":
        names = _json_list(params.get("requiredAttributes"), "requiredAttributes")
        current = _json(params.get("userAttributes") or "{}", "userAttributes")
        if not isinstance(current, dict):
            raise ProtocolError("userAttributes is not a JSON object")
        return Decoded(
            required_attributes=tuple(n.removeprefix("userAttributes.") for n in names),
            user_attributes={str(k): str(v) for k, v in current.items()},
        )
    return Decoded()


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
        responses["ANSWER"] = answer
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
        responses["NEW_PASSWORD"] = answer
        responses.update({f"userAttributes.{key}": value for key, value in extra.items()})
        extra = {}
    else:
        raise ProtocolError(f"srpcore cannot answer the challenge {name!r}")
    if extra:
        raise InvalidParameterError(f"{name} takes no attributes {sorted(extra)}")
    return responses
