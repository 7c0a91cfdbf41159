"""Real RS256 tokens, signed with per-pool keys and published as a JWKS document.

Id and access tokens carry the claims Cognito issues, each kind signed with its own key, and
``iss`` is the local endpoint's URL plus the pool id, so code that fetches
``<iss>/.well-known/jwks.json`` and verifies the signature works unchanged (or, in the "aws"
issuer style, Cognito's own issuer URL, for verifiers that accept no other). Refresh tokens
are opaque random strings that only this endpoint can redeem. JWS encoding is PyJWT's; no
JOSE is written by hand here.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from srpcore.cognito.pool import pool_region
from srpcore.local.errors import not_authorized
from srpcore.local.model import (
    STANDARD_ATTRIBUTES,
    VERIFIED_FLAGS,
    AppClient,
    Pool,
    User,
    random_uuid,
)

__all__ = ["ID_KEY", "ISSUER_STYLES", "PoolKey", "RefreshGrant", "TokenIssuer"]


class PoolKey:
    """One pool's RSA signing key and its key id."""

    __slots__ = ("kid", "private_key")

    def __init__(self, private_key: rsa.RSAPrivateKey, kid: str) -> None:
        self.private_key = private_key
        self.kid = kid

    @classmethod
    def generate(cls) -> PoolKey:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(key, secrets.token_urlsafe(24))

    @classmethod
    def from_pem(cls, pem: bytes, kid: str) -> PoolKey:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError("a pool's signing key must be RSA")
        return cls(key, kid)

    def pem(self) -> bytes:
        """PKCS#8 PEM, for a repository that keeps keys across restarts."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def __repr__(self) -> str:
        return f"PoolKey(kid={self.kid!r}, <private key hidden>)"

    def jwk(self) -> dict[str, Any]:
        """The public key with exactly the members Cognito's JWKS keys have."""
        key: dict[str, Any] = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {
            "alg": "RS256",
            "e": key["e"],
            "kid": self.kid,
            "kty": "RSA",
            "n": key["n"],
            "use": "sig",
        }


@dataclass(frozen=True, repr=False)
class RefreshGrant:
    """What a refresh token stands for.

    ``origin_jti`` names the sign-in: every token issued from it (and from the refresh tokens
    that rotation puts in its place) carries it, so RevokeToken can refuse them all.
    ``rotated_at`` is when rotation first replaced this token (its grace period starts then).
    """

    pool_id: str
    client_id: str
    username: str
    device_key: str | None
    origin_jti: str
    auth_time: int
    rotated_at: float | None = None

    def __repr__(self) -> str:
        return f"RefreshGrant(pool_id={self.pool_id!r}, username={self.username!r})"


ID_KEY = "#id"
"""Suffix of the name the id-token key is kept under (the access-token key has the pool id):
Cognito signs the two kinds with different keys, so a JWKS holds two ``kid``s per pool."""
ISSUER_STYLES = ("local", "aws")


class TokenIssuer:
    """Issues and checks tokens for the pools of one endpoint (base URL given at start).

    ``save_key(name, kid, pem)`` stores a newly generated key and returns the (kid, pem)
    actually kept under ``name`` (another process's, if it got there first).

    ``issuer_style`` "local" (the default) writes ``iss`` = ``<base url>/<pool id>``, so a
    verifier that fetches ``<iss>/.well-known/jwks.json`` finds the keys here; "aws" writes
    Cognito's own ``https://cognito-idp.<region>.amazonaws.com/<pool id>``, which AWS's
    verifiers insist on (they derive it from the pool id), the JWKS then being handed to them
    (aws-jwt-verify's ``cacheJwks``) from :meth:`jwks_url`.
    """

    def __init__(
        self,
        save_key: Callable[[str, str, bytes], tuple[str, bytes]] | None = None,
        *,
        issuer_style: str = "local",
    ) -> None:
        if issuer_style not in ISSUER_STYLES:
            raise ValueError(f"issuer_style must be one of {ISSUER_STYLES}, not {issuer_style!r}")
        self.base_url = "http://127.0.0.1"
        self.issuer_style = issuer_style
        self._save_key = save_key
        self._keys: dict[str, PoolKey | None] = {}  # pool id / pool id + ID_KEY -> key
        self._name_by_kid: dict[str, str] = {}
        self._lock = threading.Lock()

    def add_pool(self, pool_id: str) -> None:
        """Register a pool; its RSA keys are generated when first needed (pools are cheap)."""
        with self._lock:
            self._keys.setdefault(pool_id, None)
            self._keys.setdefault(pool_id + ID_KEY, None)

    def _key(self, name: str) -> PoolKey | None:
        with self._lock:
            if name not in self._keys:
                return None
            key = self._keys[name]
            if key is None:
                key = PoolKey.generate()
                if self._save_key is not None:
                    kid, pem = self._save_key(name, key.kid, key.pem())
                    key = key if kid == key.kid else PoolKey.from_pem(pem, kid)
                self._keys[name] = key
                self._name_by_kid[key.kid] = name
            return key

    def load_key(self, name: str, kid: str, pem: bytes) -> None:
        """Register a key a pool had before (read from a repository) under its name."""
        key = PoolKey.from_pem(pem, kid)
        with self._lock:
            self._keys[name] = key
            self._name_by_kid[kid] = name
            self._keys.setdefault(name.removesuffix(ID_KEY), None)
            self._keys.setdefault(name.removesuffix(ID_KEY) + ID_KEY, None)

    def issuer(self, pool_id: str) -> str:
        if self.issuer_style == "aws":
            return f"https://cognito-idp.{pool_region(pool_id)}.amazonaws.com/{pool_id}"
        return f"{self.base_url}/{pool_id}"

    def jwks_url(self, pool_id: str) -> str:
        """Where this endpoint serves the pool's keys, whatever the issuer style."""
        return f"{self.base_url}/{pool_id}/.well-known/jwks.json"

    def jwks(self, pool_id: str) -> dict[str, Any] | None:
        access, id_key = self._key(pool_id), self._key(pool_id + ID_KEY)
        if access is None or id_key is None:
            return None
        return {"keys": [id_key.jwk(), access.jwk()]}

    def issue(
        self,
        *,
        pool: Pool,
        client: AppClient,
        user: User,
        now: int,
        auth_time: int,
        device_key: str | None,
        origin_jti: str,
    ) -> tuple[str, str]:
        """(id token, access token) for a completed sign-in or refresh; ``origin_jti`` names
        the sign-in (see :class:`RefreshGrant`)."""
        access_key, id_key = self._key(pool.id), self._key(pool.id + ID_KEY)
        if access_key is None or id_key is None:
            raise KeyError(pool.id)  # pools are registered when created
        common = {
            "sub": user.sub,
            "iss": self.issuer(pool.id),
            "origin_jti": origin_jti,
            "event_id": random_uuid(),
            "auth_time": auth_time,
            "iat": now,
        }
        id_claims: dict[str, Any] = {
            **{k: _attr_value(k, v) for k, v in user.attributes.items() if _is_claim(k)},
            **common,
            "aud": client.client_id,
            "cognito:username": user.username,
            "token_use": "id",
            "exp": now + client.id_token_validity,
            "jti": random_uuid(),
        }
        access_claims: dict[str, Any] = {
            **common,
            "client_id": client.client_id,
            "token_use": "access",
            "scope": "aws.cognito.signin.user.admin",
            "exp": now + client.access_token_validity,
            "jti": random_uuid(),
            "username": user.username,
            "version": 2,  # Cognito's access-token format version (developer guide)
        }
        if device_key is not None:
            access_claims["device_key"] = device_key
        id_token = _sign(id_claims, id_key)
        access = _sign(access_claims, access_key)
        return id_token, access

    def _verified(self, token: str) -> tuple[str, dict[str, Any]] | None:
        """The name of the key of ours that signed ``token`` and its claims, if its ``iss`` is
        that key's pool's, else ``None``. Expiry, audience and use are left to the caller."""
        try:
            header = jwt.get_unverified_header(token)
            with self._lock:  # a pool's id key or its access key, whichever the kid names
                name = self._name_by_kid.get(str(header.get("kid")))
                key = self._keys.get(name or "")
            if name is None or key is None:
                return None
            claims: dict[str, Any] = jwt.decode(
                token,
                key.private_key.public_key(),
                algorithms=["RS256"],
                issuer=self.issuer(name.removesuffix(ID_KEY)),
                options={"verify_exp": False, "verify_aud": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            return None
        return name, claims

    def signed_claims(self, token: str, pool_id: str) -> dict[str, Any] | None:
        """The claims of ``token`` if ``pool_id``'s key signed it with that pool's issuer, else
        ``None``. Only signature and ``iss`` are checked: expiry, audience and use are for the
        caller, who knows which of them its service demands and how it words refusals."""
        found = self._verified(token)
        if found is None or found[0] not in (pool_id, pool_id + ID_KEY):
            return None
        return found[1]

    def check_access_token(self, token: str, *, now: int) -> dict[str, Any]:
        """The claims of a valid, unexpired access token of one of our pools, else NotAuthorized."""
        found = self._verified(token)
        if found is None or found[0].endswith(ID_KEY):
            raise not_authorized("Invalid Access Token")
        name, claims = found
        if claims.get("token_use") != "access":
            raise not_authorized("Invalid Access Token")
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
            raise not_authorized("Access Token has expired")
        claims["_pool_id"] = name
        return claims


def _sign(claims: dict[str, Any], key: PoolKey) -> str:
    """RS256 with a header of ``kid`` and ``alg`` only, as Cognito's (no ``typ``)."""
    return jwt.encode(
        claims, key.private_key, algorithm="RS256", headers={"kid": key.kid, "typ": None}
    )


def _is_claim(name: str) -> bool:
    """Only schema attributes reach the id token: never one that could pose as a computed claim."""
    return name in STANDARD_ATTRIBUTES or name in VERIFIED_FLAGS or name.startswith("custom:")


def _attr_value(name: str, value: str) -> object:
    """Cognito puts *_verified attributes in the id token as JSON booleans."""
    if name.endswith("_verified") and value in ("true", "false"):
        return value == "true"
    return value


def new_refresh_token() -> str:
    """An opaque token in the service's TokenModelType alphabet."""
    return secrets.token_urlsafe(96)
