"""The one type for a Cognito SRP salt, whoever holds it: the client, the server or a store.

Cognito hashes a salt's *value*, ``x = H(pad(salt) | ...)``, not the text or bytes it came in:
``SALT`` is hex on the wire (AWS's JavaScript clients accept upper case, leading zeros and a
leading ``-``), a device's ``DeviceSecretVerifierConfig.Salt`` is base64 of two's-complement
bytes, and a server keeps 16 random bytes. :class:`Salt` holds the value and spells it each of
those ways, so no module has to know which spelling another one used. (RFC 5054's generic
SRP in :mod:`srpcore.core.srp6a` hashes the salt's raw bytes instead; it keeps ``bytes``.)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from srpcore.cognito.ephemeral import RandomBytes
from srpcore.core.encoding import int_from_bytes, parse_hex_int, twos_complement_bytes
from srpcore.errors import InvalidParameterError

__all__ = ["MAX_SALT_HEX_LEN", "SALT_BYTES", "Salt"]

MAX_SALT_HEX_LEN = 1024
"""Longest SALT text accepted; Cognito's salts are 16 bytes (32 hex digits)."""
SALT_BYTES = 16
"""The size of the salts Cognito and AWS's SDKs draw."""


@dataclass(frozen=True)
class Salt:
    """A salt's value (a signed integer, as AWS's clients read it); not a secret."""

    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise InvalidParameterError(f"a salt is an integer, not {type(self.value).__name__}")
        if abs(self.value).bit_length() > 4 * MAX_SALT_HEX_LEN:
            raise InvalidParameterError(f"a salt has at most {MAX_SALT_HEX_LEN} hex digits")

    @classmethod
    def from_hex(cls, text: str, name: str = "SALT") -> Salt:
        """``SALT`` as the wire spells it, bounded before it is parsed."""
        return cls(parse_hex_int(text, name=name, max_len=MAX_SALT_HEX_LEN))

    @classmethod
    def from_bytes(cls, data: bytes) -> Salt:
        """Unsigned big-endian bytes (what a server draws, what a device's config decodes to)."""
        if not isinstance(data, bytes):
            raise InvalidParameterError(f"salt bytes must be bytes, not {type(data).__name__}")
        if len(data) > MAX_SALT_HEX_LEN // 2:
            raise InvalidParameterError(f"a salt has at most {MAX_SALT_HEX_LEN // 2} bytes")
        return cls(int_from_bytes(data))

    @classmethod
    def draw(cls, rng: RandomBytes = secrets.token_bytes) -> Salt:
        """A server's fresh 16-byte salt; its first byte is non-zero, so it is 32 hex digits."""
        while True:
            data = rng(SALT_BYTES)
            if data[0]:
                return cls.from_bytes(data)

    def hex(self) -> str:
        """The wire's ``SALT``: lower-case hex, an even number of digits (``-`` if negative)."""
        digits = format(abs(self.value), "x")
        digits = digits if len(digits) % 2 == 0 else "0" + digits
        return "-" + digits if self.value < 0 else digits

    def padded(self) -> bytes:
        """``pad(salt)``, what x hashes: minimal two's-complement bytes (AWS's ``padHex``)."""
        return twos_complement_bytes(self.value)
