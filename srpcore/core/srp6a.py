"""Generic SRP-6a (RFC 2945 / RFC 5054): the arithmetic and the RFC's hashing rules.

The arithmetic functions (``client_public``, ``client_premaster`` ...) are shared with the Cognito
profile, which hashes differently; the ``rfc5054_*`` functions follow RFC 5054 section 2.5-2.6
exactly (``PAD()`` to the length of N) and reproduce its Appendix B test vectors.

Every check SRP-6a requires of a peer's value is made here and raises :class:`SecurityError`:
a client refuses B = 0 (mod N) and u = 0, a server refuses A = 0 (mod N).
"""

from __future__ import annotations

import hashlib

from srpcore.core.encoding import int_from_bytes, pad_to
from srpcore.core.engine import Engine
from srpcore.core.groups import Group
from srpcore.errors import InvalidParameterError, SecurityError

__all__ = [
    "check_client_public",
    "check_server_public",
    "check_u",
    "client_premaster",
    "client_public",
    "rfc5054_client_proof",
    "rfc5054_k",
    "rfc5054_server_proof",
    "rfc5054_u",
    "rfc5054_x",
    "server_premaster",
    "server_public",
    "verifier",
]


def check_server_public(group: Group, b_pub: int) -> None:
    """Client side: abort when B = 0 (mod N), which would make the premaster secret guessable."""
    if b_pub % group.N == 0:
        raise SecurityError("the server's public value B is 0 modulo N; refusing to continue")


def check_client_public(group: Group, a_pub: int) -> None:
    """Server side: abort when A = 0 (mod N), which lets a client log in without the password."""
    if a_pub % group.N == 0:
        raise SecurityError("the client's public value A is 0 modulo N; refusing to continue")


def check_u(u: int) -> None:
    """Both sides: u = 0 removes the password from the premaster secret."""
    if u == 0:
        raise SecurityError("the scrambling parameter u is 0; refusing to continue")


def client_public(group: Group, a: int, engine: Engine) -> int:
    """A = g^a mod N."""
    if a <= 0:
        raise InvalidParameterError("the ephemeral secret a must be positive")
    return engine.pow_g(group, a)


def verifier(group: Group, x: int, engine: Engine) -> int:
    """v = g^x mod N."""
    return engine.pow_g(group, x)


def server_public(group: Group, k: int, v: int, b: int, engine: Engine) -> int:
    """B = (k*v + g^b) mod N."""
    if b <= 0:
        raise InvalidParameterError("the ephemeral secret b must be positive")
    return (k * v + engine.pow_g(group, b)) % group.N


def client_premaster(
    group: Group, *, b_pub: int, k: int, x: int, a: int, u: int, engine: Engine
) -> int:
    """S = (B - k*g^x) ^ (a + u*x) mod N, after the SRP-6a checks on B and u.

    B is used as given (not reduced): only its residue matters here, and Cognito hashes the
    unreduced value into u. The base is taken mod N into [0, N) before exponentiation.
    """
    check_server_public(group, b_pub)
    check_u(u)
    base = (b_pub - k * engine.pow_g(group, x)) % group.N
    return engine.powmod(base, a + u * x, group.N)


def server_premaster(group: Group, *, a_pub: int, v: int, u: int, b: int, engine: Engine) -> int:
    """S = (A * v^u) ^ b mod N, after the SRP-6a checks on A and u."""
    check_client_public(group, a_pub)
    check_u(u)
    base = a_pub * engine.powmod(v, u, group.N) % group.N
    return engine.powmod(base, b, group.N)


# --- RFC 5054 hashing rules -------------------------------------------------------------------


def _h(hash_name: str, *parts: bytes) -> bytes:
    h = hashlib.new(hash_name)
    for part in parts:
        h.update(part)
    return h.digest()


def rfc5054_k(group: Group, hash_name: str = "sha1") -> int:
    """k = H(N | PAD(g))."""
    n_len = group.byte_len
    return int_from_bytes(_h(hash_name, pad_to(group.N, n_len), pad_to(group.g, n_len)))


def rfc5054_x(salt: bytes, username: bytes, password: bytes, hash_name: str = "sha1") -> int:
    """x = H(s | H(I | ":" | P))."""
    return int_from_bytes(_h(hash_name, salt, _h(hash_name, username, b":", password)))


def rfc5054_u(group: Group, a_pub: int, b_pub: int, hash_name: str = "sha1") -> int:
    """u = H(PAD(A) | PAD(B))."""
    n_len = group.byte_len
    return int_from_bytes(_h(hash_name, pad_to(a_pub, n_len), pad_to(b_pub, n_len)))


def rfc5054_client_proof(
    group: Group,
    *,
    username: bytes,
    salt: bytes,
    a_pub: int,
    b_pub: int,
    key: bytes,
    hash_name: str = "sha1",
) -> bytes:
    """M1 = H(H(N) xor H(g) | H(I) | s | A | B | K) (RFC 2945 section 3), unpadded integers."""

    def raw(n: int) -> bytes:
        return n.to_bytes((n.bit_length() + 7) // 8, "big")

    h_n = _h(hash_name, raw(group.N))
    h_g = _h(hash_name, raw(group.g))
    xor = bytes(p ^ q for p, q in zip(h_n, h_g, strict=True))
    return _h(hash_name, xor, _h(hash_name, username), salt, raw(a_pub), raw(b_pub), key)


def rfc5054_server_proof(
    a_pub: int, client_proof: bytes, key: bytes, hash_name: str = "sha1"
) -> bytes:
    """M2 = H(A | M1 | K) (RFC 2945 section 3)."""
    return _h(hash_name, a_pub.to_bytes((a_pub.bit_length() + 7) // 8, "big"), client_proof, key)
