"""The server side of Cognito SRP, for the local endpoint and for tests.

A server stores (salt, verifier) per user or device, never the password; answers USER_SRP_AUTH
with a fresh B; and checks PASSWORD_CLAIM_SIGNATURE by recomputing it and comparing in constant
time with :func:`srpcore.core.compare.constant_time_equal`.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from srpcore.cognito.ephemeral import RandomBytes, draw_ephemeral
from srpcore.cognito.proof import (
    GROUP,
    K,
    claim_signature,
    compute_u,
    compute_x,
    derive_key,
    parse_srp_public,
)
from srpcore.cognito.salt import Salt
from srpcore.core import compare, srp6a
from srpcore.core.engine import Engine, default_engine
from srpcore.errors import InvalidParameterError, VerificationError

__all__ = [
    "ServerChallenge",
    "make_verifier",
    "parse_client_public",
    "simulated_user",
    "start_challenge",
    "verify_claim",
]

SERVER_EPHEMERAL_BITS = 256


def make_verifier(
    *, pool_name: str, user_id: str, password: str, salt: Salt, engine: Engine | None = None
) -> int:
    """v = g^x mod N: what a server stores instead of the password."""
    x = compute_x(salt, pool_name, user_id, password)
    return srp6a.verifier(GROUP, x, engine or default_engine())


@dataclass(frozen=True, repr=False)
class ServerChallenge:
    """The server's half of one exchange: keep it (server side only) until the answer arrives."""

    b: int
    b_pub: int
    verifier: int

    def srp_b(self) -> str:
        """SRP_B as sent on the wire: lower-case hex."""
        return format(self.b_pub, "x")

    def __repr__(self) -> str:
        return "ServerChallenge(<secret values hidden>)"


def start_challenge(
    verifier: int, *, rng: RandomBytes = secrets.token_bytes, engine: Engine | None = None
) -> ServerChallenge:
    """Draw b and compute B = (k*v + g^b) mod N."""
    engine = engine or default_engine()
    b = draw_ephemeral(rng, SERVER_EPHEMERAL_BITS)
    return ServerChallenge(b, srp6a.server_public(GROUP, K, verifier, b, engine), verifier)


def parse_client_public(srp_a: str) -> int:
    """SRP_A from the wire, checked before any exponentiation.

    Bounded in length before parsing (:data:`~srpcore.cognito.proof.MAX_SRP_HEX_LEN`).
    A = 0 (mod N) raises :class:`~srpcore.errors.SecurityError` (it would let anyone in);
    values an honest client never sends (negative, not reduced mod N, or the trivial
    elements 1 and N - 1) raise :class:`~srpcore.errors.InvalidParameterError`.
    """
    a_pub = parse_srp_public(srp_a, "SRP_A")
    srp6a.check_client_public(GROUP, a_pub)
    if not 1 < a_pub < GROUP.N - 1:
        raise InvalidParameterError("SRP_A is out of range: expected 1 < A < N - 1")
    return a_pub


def verify_claim(
    challenge: ServerChallenge,
    *,
    srp_a: str,
    pool_name: str,
    user_id: str,
    secret_block: bytes,
    timestamp: str,
    signature: str,
    engine: Engine | None = None,
) -> None:
    """Raise :class:`VerificationError` unless ``signature`` proves knowledge of the password.

    ``srp_a`` is bounded and parsed strictly, and A = 0 (mod N) raises
    :class:`~srpcore.errors.SecurityError`, before any exponentiation.
    """
    engine = engine or default_engine()
    a_pub = parse_client_public(srp_a)
    u = compute_u(a_pub, challenge.b_pub)
    premaster = srp6a.server_premaster(
        GROUP, a_pub=a_pub, v=challenge.verifier, u=u, b=challenge.b, engine=engine
    )
    expected = claim_signature(
        derive_key(premaster, u), pool_name, user_id, secret_block, timestamp
    )
    if not compare.constant_time_equal(expected, signature):
        raise VerificationError("PASSWORD_CLAIM_SIGNATURE does not match")


def simulated_user(key: bytes, pool_id: str, username: str) -> tuple[Salt, str]:
    """A stable fake (salt, user id) for a user that does not exist.

    With PreventUserExistenceErrors, Cognito answers USER_SRP_AUTH for an unknown user with a
    simulated challenge whose salt and UUID-shaped user id are the same on every attempt, so a
    caller cannot tell absent users from present ones; the proof then fails as a wrong password
    would. Both values are HMACs of the name under a key the server keeps secret.
    """
    digest = hmac.digest(
        key, b"\x00".join(s.encode("utf-8", "surrogatepass") for s in (pool_id, username)), "sha256"
    )
    salt = Salt.from_bytes(bytes([digest[0] | 1]) + digest[1:16])
    h = digest[16:32].hex()
    user_id = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[digest[24] & 3]}{h[17:20]}-{h[20:32]}"
    return salt, user_id
