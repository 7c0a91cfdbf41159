"""What ``srpcore credentials`` keeps between runs: the tokens of a sign-in and the AWS
credentials bought with them, one private file per (user pool, app client, username).

The file is 0600 in a 0700 folder (see :mod:`srpcore._private_file`); its name is a hash of
the three, so a listing of the folder names nobody. Its contents are never logged or shown:
the refresh token in it is a long-term credential. A damaged or foreign file is refused with a
message naming it, never silently replaced.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from srpcore._private_file import read_json, srpcore_folder, write_json
from srpcore.drivers.credentials import AwsCredentials
from srpcore.errors import ConfigurationError
from srpcore.signin.types import Tokens

__all__ = ["CachedSession", "CredentialCache", "default_cache_dir"]

_VERSION = 1
_MAX_BYTES = 256 << 10  # a few tokens and credential sets; a bigger file is not ours
_MAX_IDENTITY_POOLS = 32  # credential sets kept per file; the ones expiring first go
_HOLDS = "Cognito tokens and AWS credentials"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/srpcore/credentials`` (``~/.cache`` by default; ``%LOCALAPPDATA%``)."""
    return srpcore_folder("XDG_CACHE_HOME", ".cache", "LOCALAPPDATA") / "credentials"


@dataclass(frozen=True, repr=False)
class CachedSession:
    """The tokens of the last sign-in and the credentials per identity pool."""

    tokens: Tokens | None
    credentials: dict[str, AwsCredentials]

    def __repr__(self) -> str:
        kept = "kept" if self.tokens else None
        return f"CachedSession(tokens={kept}, pools={len(self.credentials)})"


def _tokens_out(tokens: Tokens) -> dict[str, Any]:
    return {**tokens.authentication_result(), "Username": tokens.username}


def _tokens_in(raw: Any) -> Tokens | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("AccessToken"), str):
        return None
    expires = raw.get("ExpiresIn")
    return Tokens(
        access_token=raw["AccessToken"],
        id_token=raw.get("IdToken") if isinstance(raw.get("IdToken"), str) else None,
        refresh_token=raw.get("RefreshToken") if isinstance(raw.get("RefreshToken"), str) else None,
        expires_in=expires if isinstance(expires, int) and not isinstance(expires, bool) else None,
        token_type=raw.get("TokenType") if isinstance(raw.get("TokenType"), str) else None,
        username=raw.get("Username") if isinstance(raw.get("Username"), str) else None,
    )


def _credentials_out(creds: AwsCredentials) -> dict[str, str]:
    return {**creds.credential_process(), "IdentityId": creds.identity_id}


def _credentials_in(raw: Any) -> AwsCredentials | None:
    try:
        expiration = datetime.fromisoformat(raw["Expiration"])
        if expiration.tzinfo is None:
            return None
        return AwsCredentials(
            access_key_id=str(raw["AccessKeyId"]),
            secret_access_key=str(raw["SecretAccessKey"]),
            session_token=str(raw["SessionToken"]),
            expiration=expiration.astimezone(timezone.utc),
            identity_id=str(raw["IdentityId"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


class CredentialCache:
    """Load and save a :class:`CachedSession` per (user pool, client, username)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()

    def __repr__(self) -> str:
        return f"CredentialCache({str(self.folder)!r})"

    def path(self, user_pool_id: str, client_id: str, username: str) -> Path:
        name = hashlib.sha256(f"{user_pool_id}\0{client_id}\0{username}".encode()).hexdigest()
        return self.folder / f"{name[:32]}.json"

    def load(self, user_pool_id: str, client_id: str, username: str) -> CachedSession:
        path = self.path(user_pool_id, client_id, username)
        data = read_json(path, holds=_HOLDS, max_bytes=_MAX_BYTES)
        if data is None:
            return CachedSession(None, {})
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            raise ConfigurationError(f"{path} is not a srpcore credentials cache file")
        if (data.get("user_pool_id"), data.get("client_id"), data.get("username")) != (
            user_pool_id,
            client_id,
            username,
        ):
            raise ConfigurationError(f"{path} belongs to another user pool, client or user")
        pools: dict[str, Any] = (
            data["credentials"] if isinstance(data.get("credentials"), dict) else {}
        )
        credentials = {}
        for pool_id, raw in pools.items():
            creds = _credentials_in(raw)
            if creds is not None:
                credentials[str(pool_id)] = creds
        return CachedSession(_tokens_in(data.get("tokens")), credentials)

    def save(
        self, user_pool_id: str, client_id: str, username: str, session: CachedSession
    ) -> None:
        kept = sorted(session.credentials.items(), key=lambda item: item[1].expiration)
        data = {
            "version": _VERSION,
            "user_pool_id": user_pool_id,
            "client_id": client_id,
            "username": username,
            "tokens": _tokens_out(session.tokens) if session.tokens else None,
            "credentials": {
                pool_id: _credentials_out(creds) for pool_id, creds in kept[-_MAX_IDENTITY_POOLS:]
            },
        }
        write_json(self.path(user_pool_id, client_id, username), data, holds=_HOLDS)
