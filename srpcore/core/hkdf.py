"""HKDF-SHA256 (RFC 5869), delegated to ``cryptography``: a primitive, not our protocol.

Cognito derives each sign-in's 16-byte key this way (``cognito.proof``), and the local endpoint
draws its simulated verifiers from it. The derivation itself is pyca/cryptography's ``HKDF``
(a core dependency, and the better-kept implementation); this module keeps srpcore's signature
and bounds and turns a bad length into :class:`~srpcore.errors.InvalidParameterError`.

``cryptography`` is imported on the first derivation, not with this module, so ``import
srpcore`` stays light (``tests/test_import_time.py``). The price, measured on one machine: a
client process's first sign-in pays its import once (~15 ms), and each key ~5 us more than the
hand-written extract-and-expand on ``hmac.digest`` it replaced (a sign-in is hundreds of us).
"""

from __future__ import annotations

from srpcore.errors import InvalidParameterError

__all__ = ["MAX_LENGTH", "hkdf_sha256"]

_HASH_LEN = 32
MAX_LENGTH = 255 * _HASH_LEN
"""The longest output RFC 5869 defines for SHA-256 (the block counter is one byte)."""


def hkdf_sha256(ikm: bytes, *, salt: bytes | None, info: bytes, length: int) -> bytes:
    """``length`` bytes of HKDF-SHA256 output; ``salt=None`` is the RFC's zero salt."""
    if not 0 < length <= MAX_LENGTH:
        raise InvalidParameterError(f"HKDF-SHA256 gives 1 to {MAX_LENGTH} bytes, not {length}")
    # Imported here: `import srpcore` must not load cryptography (see the module docstring).
    from cryptography.hazmat.primitives.hashes import SHA256  # noqa: PLC0415
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF  # noqa: PLC0415

    return HKDF(algorithm=SHA256(), length=length, salt=salt, info=info).derive(ikm)
