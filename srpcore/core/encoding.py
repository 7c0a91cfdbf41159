"""Integer and text encodings used by SRP, with strict parsers for values that arrive off the wire.

Two integer-to-bytes encodings exist in the SRP world and they are not interchangeable:

* :func:`twos_complement_bytes` is the minimal big-endian two's-complement form (Java's
  ``BigInteger.toByteArray()``; AWS's ``padHex``). Cognito hashes *every* integer this way.
* :func:`pad_to` is RFC 5054's ``PAD()``: unsigned, left-padded with zeros to the length of N.
"""

from __future__ import annotations

import base64
import binascii
import re

from srpcore.errors import InvalidParameterError

__all__ = [
    "b64decode_lenient",
    "b64encode",
    "int_from_bytes",
    "pad_to",
    "parse_hex_int",
    "twos_complement_bytes",
    "twos_complement_hex",
]

_HEX_INT = re.compile(r"-?[0-9A-Fa-f]+")
_B64_ALPHABET = re.compile(r"[A-Za-z0-9+/]*")
_B64_STANDARD = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_DROP_WHITESPACE = str.maketrans("", "", " \t\n\r\f")  # WHATWG "ASCII whitespace"


def twos_complement_bytes(n: int) -> bytes:
    """Minimal big-endian two's complement: 0 -> 00, 0x80 -> 00 80, -1 -> ff, -129 -> ff 7f."""
    magnitude_bits = (n if n >= 0 else ~n).bit_length()
    return n.to_bytes(magnitude_bits // 8 + 1, "big", signed=True)


def twos_complement_hex(n: int) -> str:
    """Lower-case hex of :func:`twos_complement_bytes` (AWS's ``padHex``)."""
    return twos_complement_bytes(n).hex()


def pad_to(n: int, length: int) -> bytes:
    """RFC 5054 ``PAD()``: unsigned big-endian, zero-filled on the left to ``length`` bytes."""
    if n < 0:
        raise InvalidParameterError("PAD() is defined for non-negative integers only")
    return n.to_bytes(length, "big")


def int_from_bytes(data: bytes) -> int:
    """Unsigned big-endian integer of ``data`` (a digest or random bytes)."""
    return int.from_bytes(data, "big")


def parse_hex_int(text: str, *, name: str, max_len: int) -> int:
    """Parse hex the way Cognito's SDKs read ``SRP_B`` and ``SALT``, but strictly.

    Case and leading zeros are irrelevant and one leading ``-`` makes the value negative, as in
    AWS's JavaScript clients. Unlike them, anything else (empty text, whitespace, ``0x``,
    stray characters) is refused, and so is text longer than ``max_len`` characters: that check
    runs before any parsing so an oversized value costs nothing.
    """
    if not isinstance(text, str):
        raise InvalidParameterError(f"{name} must be a hex string, not {type(text).__name__}")
    if len(text) > max_len:
        raise InvalidParameterError(
            f"{name} is {len(text)} characters long; at most {max_len} are accepted"
        )
    if not _HEX_INT.fullmatch(text):
        if not text:
            raise InvalidParameterError(f"{name} is empty; expected a hex integer")
        raise InvalidParameterError(
            f"{name} is not a hex integer (only 0-9, a-f and a leading '-')"
        )
    return int(text, 16)


def b64encode(data: bytes) -> str:
    """Standard, padded base64 as text."""
    return base64.b64encode(data).decode("ascii")


def b64decode_lenient(text: str, *, name: str, max_len: int) -> bytes:
    """Decode base64 exactly as AWS's Amplify v6 client decodes ``SECRET_BLOCK``.

    Amplify is the stricter of AWS's two JavaScript clients (identity-js, on Node, skips any
    character it does not know), so whatever this accepts both accept, with the same bytes.
    Its rule: map the URL-safe ``-_`` to ``+/``, append the ``=`` padding the *raw* length
    calls for, then decode with the WHATWG "forgiving base64" rules (ASCII whitespace ignored,
    at most two trailing ``=``). Everything else raises :class:`InvalidParameterError`, and text
    longer than ``max_len`` is refused before it is looked at.
    """
    if not isinstance(text, str):
        raise InvalidParameterError(f"{name} must be a base64 string, not {type(text).__name__}")
    if len(text) > max_len:
        raise InvalidParameterError(
            f"{name} is {len(text)} characters long; at most {max_len} are accepted"
        )
    if not len(text) % 4 and _B64_STANDARD.fullmatch(text):
        # Standard padded base64, what Cognito sends: the rules below would leave it unchanged
        # (it has at most two "=", so never 4k+1 data characters), so decode it at once.
        return binascii.a2b_base64(text)
    padded = text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4)
    compact = padded.translate(_DROP_WHITESPACE)
    if len(compact) % 4 == 0:
        compact = compact[:-2] if compact.endswith("==") else compact.removesuffix("=")
    if len(compact) % 4 == 1 or not _B64_ALPHABET.fullmatch(compact):
        raise InvalidParameterError(f"{name} is not valid base64")
    return base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
