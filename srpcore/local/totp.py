"""RFC 6238 TOTP (SHA-1, 30 s, 6 digits): what authenticator apps send for SOFTWARE_TOKEN_MFA.

The codes come from ``cryptography``'s TOTP; only the secret format and the drift window are ours.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.twofactor.totp import TOTP

from srpcore.core import compare

__all__ = ["new_totp_secret", "totp", "totp_matches"]

STEP = 30
DIGITS = 6


def new_totp_secret() -> str:
    """A 160-bit secret in base32 (what authenticator apps import), without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def totp(secret: str, when: float) -> str:
    """The 6-digit code for ``secret`` at ``when`` (seconds since the epoch)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    generator = TOTP(key, DIGITS, hashes.SHA1(), STEP, enforce_key_length=False)  # noqa: S303
    return generator.generate(int(when)).decode("ascii")


def totp_matches(secret: str, code: str, when: float) -> bool:
    """Whether ``code`` is the code of the current step or a neighbour (clock drift)."""
    # every drift is compared (no short cut), so the time does not tell which one matched
    matches = [compare.constant_time_equal(totp(secret, when + d * STEP), code) for d in (-1, 0, 1)]
    return any(matches)
