"""Text to bytes, the one way Cognito's SDKs do it."""

from __future__ import annotations

from srpcore.errors import InvalidParameterError

__all__ = ["utf8"]


def utf8(text: str, name: str) -> bytes:
    """UTF-8 bytes of ``text`` with no normalisation (NFC and NFD give different keys, as on AWS).

    Lone surrogates cannot be UTF-8 and are refused rather than silently replaced.
    """
    if not isinstance(text, str):
        raise InvalidParameterError(f"{name} must be a str, not {type(text).__name__}")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidParameterError(
            f"{name} contains a lone surrogate and is not valid text"
        ) from exc
