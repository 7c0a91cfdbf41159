"""One place that checks the shape of every service response field the sign-in reads.

botocore does not validate responses against the service model, and a compatible endpoint (or
a hostile one) may send anything JSON can hold: a list where an object belongs, a number where a
token belongs, JSON nested thousands deep inside a string parameter. Each reader here turns one
response into plain, typed values or raises :class:`~srpcore.errors.ProtocolError`; nothing
past this module indexes a raw response. The caller (the state machine) adds the step.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from srpcore.cognito.device import DeviceSecret
from srpcore.errors import ProtocolError
from srpcore.signin.types import Tokens

__all__ = [
    "MAX_EXPIRES_IN",
    "AuthReply",
    "Result",
    "associate_reply",
    "auth_reply",
    "authentication_result",
    "clip",
    "confirm_reply",
    "json_list",
    "json_object",
    "obj",
    "optional_bool",
    "optional_str",
    "require",
    "string_map",
    "tokens_from_result",
    "verify_reply",
    "wire_date",
]

MAX_EXPIRES_IN = 10 * 365 * 24 * 3600
"""The largest ``ExpiresIn`` accepted (ten years; Cognito's access tokens last at most a day).

A larger value is refused rather than trusted: it would overflow the expiry arithmetic of the
token managers, or keep a token in use long after the service stopped honouring it."""

_REQUIRED = {
    "PASSWORD_VERIFIER": ("SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP"),
    "DEVICE_PASSWORD_VERIFIER": ("SALT", "SRP_B", "SECRET_BLOCK"),
}
"""The ChallengeParameters without which the machine cannot answer a challenge itself."""


def clip(text: str, limit: int = 60) -> str:
    """A service-sent string as an error message may quote it: one line, bounded length."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def obj(value: object, what: str) -> Mapping[str, Any]:
    """``value`` as a JSON object (a mapping with string keys), else a ProtocolError."""
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ProtocolError(f"{what} is not a JSON object (got {type(value).__name__})")
    return value


def optional_str(container: Mapping[str, Any], key: str, what: str) -> str | None:
    """``container[key]`` if it is a non-empty string; ``None`` if absent, null or empty."""
    value = container.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ProtocolError(f"{what}.{key} is not a string (got {type(value).__name__})")
    return value


def optional_bool(container: Mapping[str, Any], key: str, what: str) -> bool:
    """``container[key]`` as a boolean; absent or null is false."""
    value = container.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ProtocolError(f"{what}.{key} is not a boolean (got {type(value).__name__})")
    return value


def string_map(value: object, what: str) -> Mapping[str, str]:
    """A read-only copy of a string-to-string map (ChallengeParameters); absent is empty."""
    if value is None:
        return MappingProxyType({})
    checked = obj(value, what)
    bad = sorted(key for key, item in checked.items() if not isinstance(item, str))
    if bad:
        named = ", ".join(clip(key, 30) for key in bad[:5])
        raise ProtocolError(f"{what} values must be strings; {named} are not")
    return MappingProxyType(dict(checked))


def _string_list(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProtocolError(f"{what} is not a list of strings")
    return tuple(value)


def _parse(text: str, what: str) -> object:
    try:
        return json.loads(text)
    except RecursionError as exc:  # nested deeper than the interpreter's stack allows
        raise ProtocolError(f"{what} is JSON nested too deeply") from exc
    except ValueError as exc:  # includes integers longer than int's digit limit
        raise ProtocolError(f"{what} is not JSON") from exc


def json_list(text: str | None, what: str) -> tuple[str, ...]:
    """A parameter holding a JSON list of strings (``MFAS_CAN_SETUP``); absent is empty."""
    if not text:
        return ()
    value = _parse(text, what)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProtocolError(f"{what} is not a JSON list of strings")
    return tuple(value)


def json_object(text: str | None, what: str) -> Mapping[str, str]:
    """A parameter holding a flat JSON object of strings (``userAttributes``); absent is empty.

    Cognito sends every attribute value as a string; a nested or non-string value is refused
    rather than turned into text the caller would then send back as an attribute.
    """
    if not text:
        return MappingProxyType({})
    value = _parse(text, what)
    if not isinstance(value, dict):
        raise ProtocolError(f"{what} is not a JSON object")
    return string_map(value, what)


@dataclass(frozen=True, repr=False)
class Result:
    """An AuthenticationResult, checked; ``new_device`` is NewDeviceMetadata's two keys."""

    access_token: str
    id_token: str | None
    refresh_token: str | None
    expires_in: int | None
    token_type: str | None
    new_device: tuple[str, str] | None


def _expires_in(result: Mapping[str, Any]) -> int | None:
    value = result.get("ExpiresIn")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(
            f"AuthenticationResult.ExpiresIn is not an integer (got {type(value).__name__})"
        )
    if not 0 <= value <= MAX_EXPIRES_IN:
        raise ProtocolError(
            f"AuthenticationResult.ExpiresIn is out of range (0 to {MAX_EXPIRES_IN} seconds)"
        )
    return value


def authentication_result(value: object) -> Result:
    """An AuthenticationResult: a non-empty AccessToken, string tokens, a sane ExpiresIn."""
    what = "AuthenticationResult"
    result = obj(value, what)
    access_token = optional_str(result, "AccessToken", what)
    if access_token is None:
        raise ProtocolError("AuthenticationResult carries no AccessToken")
    new_device: tuple[str, str] | None = None
    metadata = result.get("NewDeviceMetadata")
    if metadata is not None:
        where = f"{what}.NewDeviceMetadata"
        fields = obj(metadata, where)
        device_key = optional_str(fields, "DeviceKey", where)
        group_key = optional_str(fields, "DeviceGroupKey", where)
        if device_key is None or group_key is None:
            raise ProtocolError("NewDeviceMetadata lacks DeviceKey or DeviceGroupKey")
        new_device = (device_key, group_key)
    return Result(
        access_token=access_token,
        id_token=optional_str(result, "IdToken", what),
        refresh_token=optional_str(result, "RefreshToken", what),
        expires_in=_expires_in(result),
        token_type=optional_str(result, "TokenType", what),
        new_device=new_device,
    )


def tokens_from_result(
    result: Result | Mapping[str, Any],
    *,
    username: str | None,
    device: DeviceSecret | None = None,
    new_device: bool = False,
    refresh_token: str | None = None,
) -> Tokens:
    """:class:`Tokens` from an AuthenticationResult, checked first unless it is a
    :class:`Result` already; ``refresh_token`` fills in when it carries none."""
    checked = result if isinstance(result, Result) else authentication_result(result)
    return Tokens(
        access_token=checked.access_token,
        id_token=checked.id_token,
        refresh_token=checked.refresh_token or refresh_token,
        expires_in=checked.expires_in,
        token_type=checked.token_type,
        username=username,
        device=device,
        new_device=new_device,
    )


@dataclass(frozen=True, repr=False)
class AuthReply:
    """An InitiateAuth / RespondToAuthChallenge response: tokens or the next challenge."""

    session: str | None
    result: Result | None
    challenge: str | None
    parameters: Mapping[str, str]
    available: tuple[str, ...]


def require(challenge: str, parameters: Mapping[str, str]) -> None:
    """Refuse a challenge the machine answers itself whose SRP parameters are missing."""
    missing = [key for key in _REQUIRED.get(challenge, ()) if not parameters.get(key)]
    if missing:
        raise ProtocolError(f"{challenge} ChallengeParameters lack {', '.join(missing)}")


def auth_reply(response: object) -> AuthReply:
    """The fields of an auth response, each checked (a Session, tokens or a challenge)."""
    reply = obj(response, "the response")
    session = optional_str(reply, "Session", "the response")
    raw_result = reply.get("AuthenticationResult")
    if raw_result is not None and obj(raw_result, "AuthenticationResult"):
        result = authentication_result(raw_result)
        return AuthReply(session, result, None, MappingProxyType({}), ())
    challenge = optional_str(reply, "ChallengeName", "the response")
    if challenge is None:
        raise ProtocolError("the response has neither AuthenticationResult nor ChallengeName")
    parameters = string_map(reply.get("ChallengeParameters"), "ChallengeParameters")
    available = reply.get("AvailableChallenges")
    choices = () if available is None else _available(available)
    return AuthReply(session, None, challenge, parameters, choices)


MAX_AVAILABLE = 16
"""The most AvailableChallenges entries accepted: ChallengeNameType has 16 values in all."""


def _available(value: object) -> tuple[str, ...]:
    """SELECT_CHALLENGE's choices: a short list of distinct, short names (a caller picks one)."""
    choices = _string_list(value, "AvailableChallenges")
    if len(choices) > MAX_AVAILABLE or len(set(choices)) != len(choices):
        raise ProtocolError(
            f"AvailableChallenges lists {len(choices)} entries, repeated or more than "
            f"the {MAX_AVAILABLE} challenge names there are"
        )
    if any(not name or len(name) > 64 for name in choices):
        raise ProtocolError("AvailableChallenges holds an empty or overlong name")
    return choices


_RESPONSE = "the response"


def associate_reply(response: object) -> tuple[str, str | None]:
    """AssociateSoftwareToken's SecretCode (required) and Session."""
    reply = obj(response, _RESPONSE)
    secret_code = optional_str(reply, "SecretCode", _RESPONSE)
    if secret_code is None:
        raise ProtocolError("AssociateSoftwareToken returned no SecretCode")
    return secret_code, optional_str(reply, "Session", _RESPONSE)


def verify_reply(response: object) -> str | None:
    """VerifySoftwareToken's Session, once its Status says SUCCESS."""
    reply = obj(response, _RESPONSE)
    status = optional_str(reply, "Status", _RESPONSE)
    if status != "SUCCESS":
        shown = "none" if status is None else repr(clip(status))
        raise ProtocolError(f"VerifySoftwareToken answered status {shown}")
    return optional_str(reply, "Session", _RESPONSE)


def confirm_reply(response: object) -> bool:
    """ConfirmDevice's UserConfirmationNecessary (absent: false)."""
    return optional_bool(obj(response, _RESPONSE), "UserConfirmationNecessary", _RESPONSE)


def wire_date(container: Mapping[str, Any], name: str, what: str) -> datetime | None:
    """A date as botocore parses it (a datetime) or as the wire has it (epoch seconds)."""
    value = container.get(name)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, timezone.utc)
        except (ValueError, OverflowError, OSError) as exc:
            raise ProtocolError(f"{what}.{name} is out of range") from exc
    raise ProtocolError(f"{what}.{name} is not a date (got {type(value).__name__})")
