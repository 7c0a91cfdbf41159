"""Where a sign-in's randomness and time come from, and the one way an SRP ephemeral is drawn.

Every exchange (the client's ``a``, the server's ``b``, a batch's pre-drawn ``a``) draws its
secret exponent through :func:`draw_ephemeral`, so the size rule and the zero redraw live here
only. ``rng`` and ``clock`` are injectable so known-answer vectors replay byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from srpcore.core.encoding import int_from_bytes
from srpcore.errors import InvalidParameterError

__all__ = [
    "DEFAULT_EPHEMERAL_BITS",
    "MIN_EPHEMERAL_BITS",
    "Clock",
    "RandomBytes",
    "draw_ephemeral",
    "utc_now",
]

RandomBytes = Callable[[int], bytes]
"""A source of random bytes: :func:`secrets.token_bytes` unless a vector replays fixed ones."""
Clock = Callable[[], datetime]
"""The current time as an aware datetime: :func:`utc_now` unless a test pins it."""

DEFAULT_EPHEMERAL_BITS = 256
"""Ephemeral exponent size. 256 bits gives 128-bit security against the best attacks on
discrete logs in the order-q subgroup (NIST SP 800-56A Rev. 3 section 5.6.1.1; RFC 7919
section 5.2; RFC 3526 section 8) while the group's 3072 bits set the ~128-bit security of the
number field sieve. AWS's JavaScript client draws 1024 bits: ``ephemeral_bits=1024``."""
MIN_EPHEMERAL_BITS = 256


def utc_now() -> datetime:
    """The default clock: the current time in UTC."""
    return datetime.now(timezone.utc)


def check_ephemeral_bits(bits: int) -> int:
    """``bits`` if it is an allowed ephemeral size (whole bytes, at least the minimum)."""
    if isinstance(bits, bool) or not isinstance(bits, int):
        raise InvalidParameterError(f"ephemeral_bits must be an int, not {type(bits).__name__}")
    if bits < MIN_EPHEMERAL_BITS or bits % 8:
        raise InvalidParameterError(
            f"ephemeral_bits must be a multiple of 8 and at least {MIN_EPHEMERAL_BITS}, got {bits}"
        )
    return bits


def draw_ephemeral(rng: RandomBytes, bits: int = DEFAULT_EPHEMERAL_BITS) -> int:
    """A fresh non-zero secret exponent of ``bits`` bits from ``rng``.

    A zero draw has probability 2**-bits; it is redrawn rather than refused, so the loop ends
    with probability 1 and, for a working ``rng``, after one call.
    """
    size = check_ephemeral_bits(bits) // 8
    while True:
        secret = int_from_bytes(rng(size))
        if secret:
            return secret
