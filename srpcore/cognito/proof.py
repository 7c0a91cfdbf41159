"""Cognito's SRP-6a profile: k, u, x, the HKDF key and PASSWORD_CLAIM_SIGNATURE.

Formulas (see ``vectors/README.md`` for the provenance of the values that check them)::

    pad(n)  = minimal two's-complement big-endian bytes of n      (AWS's padHex)
    k       = H(pad(N) | pad(g))
    u       = H(pad(A) | pad(B))                                   B as received, unreduced
    x       = H(pad(salt) | H(pool_name | user_id | ":" | password))
    S       = (B - k * g^x) ^ (a + u*x) mod N
    key     = HKDF-SHA256(salt=pad(u), ikm=pad(S), info="Caldera Derived Key")[:16]
    sig     = base64(HMAC-SHA256(key, pool_name | user_id | secret_block | timestamp))

For devices, pool_name is the device group key, user_id the device key and password the device
password.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

from srpcore.cognito.salt import Salt
from srpcore.cognito.text import utf8
from srpcore.core import srp6a
from srpcore.core.encoding import (
    b64decode_lenient,
    b64encode,
    int_from_bytes,
    parse_hex_int,
    twos_complement_bytes,
)
from srpcore.core.engine import Engine
from srpcore.core.groups import COGNITO_GROUP
from srpcore.errors import InvalidParameterError

__all__ = [
    "GROUP",
    "MAX_SECRET_BLOCK_LEN",
    "MAX_SRP_HEX_LEN",
    "K",
    "PasswordClaim",
    "claim_signature",
    "compute_password_claim",
    "compute_u",
    "compute_x",
    "derive_key",
    "parse_secret_block",
    "parse_srp_public",
]

GROUP = COGNITO_GROUP
pad = twos_complement_bytes

K = int_from_bytes(hashlib.sha256(pad(GROUP.N) + pad(GROUP.g)).digest())
"""k = H(pad(N) | pad(g)) for Cognito's group."""

MAX_SRP_HEX_LEN = 2 * GROUP.N_hex_len
"""Longest SRP_A / SRP_B text accepted (1536): twice what any honest value needs."""
MAX_SECRET_BLOCK_LEN = 131072
"""Longest SECRET_BLOCK accepted: the service model's limit for any parameter value."""

_HKDF_INFO = b"Caldera Derived Key"


def parse_srp_public(text: str, name: str = "SRP_B") -> int:
    """An SRP public value (SRP_A / SRP_B) from the wire, bounded before it is parsed."""
    return parse_hex_int(text, name=name, max_len=MAX_SRP_HEX_LEN)


def parse_secret_block(text: str) -> bytes:
    """SECRET_BLOCK from the wire: opaque bytes in base64 (standard or URL-safe, padded or not)."""
    return b64decode_lenient(text, name="SECRET_BLOCK", max_len=MAX_SECRET_BLOCK_LEN)


def compute_u(a_pub: int, b_pub: int) -> int:
    """u = H(pad(A) | pad(B))."""
    return int_from_bytes(hashlib.sha256(pad(a_pub) + pad(b_pub)).digest())


def compute_x(salt: Salt, pool_name: str, user_id: str, password: str) -> int:
    """x = H(pad(salt) | H(pool_name | user_id | ":" | password)), strings as UTF-8."""
    inner = hashlib.sha256(
        utf8(pool_name, "pool name") + utf8(user_id, "user id") + b":" + utf8(password, "password")
    ).digest()
    return int_from_bytes(hashlib.sha256(salt.padded() + inner).digest())


def derive_key(premaster: int, u: int) -> bytes:
    """The 16-byte key: HKDF-SHA256 with salt pad(u), input pad(S), info "Caldera Derived Key"."""
    # Imported on first use: `cryptography` is about a quarter of `import srpcore`'s time.
    from cryptography.hazmat.primitives import hashes  # noqa: PLC0415
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF  # noqa: PLC0415

    hkdf = HKDF(algorithm=hashes.SHA256(), length=16, salt=pad(u), info=_HKDF_INFO)
    return hkdf.derive(pad(premaster))


def claim_signature(
    key: bytes, pool_name: str, user_id: str, secret_block: bytes, timestamp: str
) -> str:
    """PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, pool | user | block | timestamp))."""
    message = (
        utf8(pool_name, "pool name")
        + utf8(user_id, "user id")
        + secret_block
        + utf8(timestamp, "TIMESTAMP")
    )
    return b64encode(hmac.digest(key, message, hashlib.sha256))


@dataclass(frozen=True)
class PasswordClaim:
    """Everything a PASSWORD_VERIFIER answer is computed from; only the timestamp is in repr."""

    u: int = field(repr=False)
    x: int = field(repr=False)
    premaster: int = field(repr=False)
    key: bytes = field(repr=False)
    signature: str = field(repr=False)
    timestamp: str


def compute_password_claim(
    *,
    pool_name: str,
    user_id: str,
    password: str,
    a: int,
    a_pub: int,
    srp_b: str,
    salt: str,
    secret_block: str,
    timestamp: str,
    engine: Engine,
) -> PasswordClaim:
    """The client's side of PASSWORD_VERIFIER (and DEVICE_PASSWORD_VERIFIER) from raw wire text.

    Every wire value is validated (bounded, parsed strictly) before any arithmetic; B = 0 mod N
    and u = 0 raise :class:`~srpcore.errors.SecurityError`.
    """
    if not user_id:
        raise InvalidParameterError("USER_ID_FOR_SRP is empty; Cognito always sends the user id")
    b_pub = parse_srp_public(srp_b)
    salt_value = Salt.from_hex(salt)
    block = parse_secret_block(secret_block)
    srp6a.check_server_public(GROUP, b_pub)
    u = compute_u(a_pub, b_pub)
    x = compute_x(salt_value, pool_name, user_id, password)
    premaster = srp6a.client_premaster(GROUP, b_pub=b_pub, k=K, x=x, a=a, u=u, engine=engine)
    key = derive_key(premaster, u)
    signature = claim_signature(key, pool_name, user_id, block, timestamp)
    return PasswordClaim(u, x, premaster, key, signature, timestamp)
