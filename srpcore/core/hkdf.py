"""HKDF-SHA256 (RFC 5869) on the standard library's one-shot HMAC.

Cognito derives each sign-in's 16-byte key this way (``cognito.proof``), and the local endpoint
draws its simulated verifiers from it. Extract and expand are two or more ``hmac.digest`` calls,
which run in OpenSSL's C code: ~1 us less per key than ``cryptography``'s HKDF object, and no
~8 ms import of ``cryptography`` at a client process's first sign-in.
"""

from __future__ import annotations

import hmac

from srpcore.errors import InvalidParameterError

__all__ = ["MAX_LENGTH", "hkdf_sha256"]

_HASH_LEN = 32
MAX_LENGTH = 255 * _HASH_LEN
"""The longest output RFC 5869 defines for SHA-256 (the block counter is one byte)."""


def hkdf_sha256(ikm: bytes, *, salt: bytes | None, info: bytes, length: int) -> bytes:
    """``length`` bytes of HKDF-SHA256 output; ``salt=None`` is the RFC's zero salt."""
    if not 0 < length <= MAX_LENGTH:
        raise InvalidParameterError(f"HKDF-SHA256 gives 1 to {MAX_LENGTH} bytes, not {length}")
    # An empty key and HashLen zero bytes are the same HMAC key (keys are zero-padded).
    prk = hmac.digest(salt or bytes(_HASH_LEN), ikm, "sha256")
    blocks = []
    block = b""
    for counter in range(1, -(-length // _HASH_LEN) + 1):  # at most 255 blocks
        block = hmac.digest(prk, block + info + bytes((counter,)), "sha256")
        blocks.append(block)
    return b"".join(blocks)[:length]
