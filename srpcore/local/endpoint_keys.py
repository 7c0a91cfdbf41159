"""The one owner of the endpoint's secret: it hands each use its own key.

The secret (32 random bytes, kept by the repository so a restart on the same file keeps it)
is never used directly. Each :class:`Purpose` gets HKDF-SHA256(secret, info=b"srpcore-local/"
+ its name), so two uses can never share a key whatever their labels inside look like.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from srpcore.core.hkdf import hkdf_sha256

__all__ = ["EndpointKeys", "Purpose"]


class Purpose(enum.Enum):
    """What a key is for; one key per member."""

    SIMULATED_USER = enum.auto()  # an unknown user's salt and user id
    SIMULATED_VERIFIER = enum.auto()  # an unknown user's SRP verifier
    SIMULATED_DELIVERY = enum.auto()  # an unknown user's masked code destination
    SIMULATED_PASSKEY = enum.auto()  # an unknown user's passkey credential id
    PAGE_TOKEN = enum.auto()  # the HMAC binding a page token


@dataclass(frozen=True)
class EndpointKeys:
    """Per-purpose keys derived from the endpoint's secret (which no repr shows)."""

    _keys: dict[Purpose, bytes] = field(repr=False)

    @classmethod
    def from_secret(cls, secret: bytes) -> EndpointKeys:
        """Every purpose's key, derived once from ``secret``."""
        keys = {
            p: hkdf_sha256(secret, salt=None, info=b"srpcore-local/" + p.name.encode(), length=32)
            for p in Purpose
        }
        return cls(keys)

    def key(self, purpose: Purpose) -> bytes:
        """The key for ``purpose`` alone (never reuse one purpose's key for another use)."""
        return self._keys[purpose]
