"""RFC 6238 TOTP (SHA-1, 30 s, 6 digits): what authenticator apps send for SOFTWARE_TOKEN_MFA."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from srpcore.core import compare

__all__ = ["new_totp_secret", "totp", "totp_matches"]

STEP = 30


def new_totp_secret() -> str:
    """A 160-bit secret in base32 (what authenticator apps import), without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def totp(secret: str, when: float) -> str:
    """The 6-digit code for ``secret`` at ``when`` (seconds since the epoch)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.digest(key, (int(when) // STEP).to_bytes(8, "big"), hashlib.sha1)
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def totp_matches(secret: str, code: str, when: float) -> bool:
    """Whether ``code`` is the code of the current step or a neighbour (clock drift)."""
    # every drift is compared (no short cut), so the time does not tell which one matched
    matches = [compare.constant_time_equal(totp(secret, when + d * STEP), code) for d in (-1, 0, 1)]
    return any(matches)
