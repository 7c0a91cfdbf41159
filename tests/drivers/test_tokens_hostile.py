"""The token managers meet malformed refresh responses with typed errors and keep their tokens.

Bodies go through botocore's real parser (``Raw``); a refresh that fails this way leaves the
manager's tokens and expiry as they were, as a refused refresh does.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any

import pytest

from drivers.stubkit import CLIENT_ID, AsyncClient, Raw
from srpcore.drivers.tokens import AsyncTokenManager, TokenManager
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin import Tokens

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)
TOKENS = Tokens(
    access_token="opaque-access",
    id_token=None,
    refresh_token="opaque-refresh",
    expires_in=3600,
    token_type="Bearer",
    username="alice",
)
REFRESH = "GetTokensFromRefreshToken"  # what the default rotation="auto" calls first
HOSTILE: list[Any] = [
    b"[1]",
    b"\xff",
    b"[" * 100_000,
    {"AuthenticationResult": [1]},
    {"AuthenticationResult": {"AccessToken": "new", "ExpiresIn": 10**20}},
    {"AuthenticationResult": {"AccessToken": "new", "ExpiresIn": "3600"}},
    {"AuthenticationResult": {"AccessToken": 7}},
]


def clock() -> datetime:
    return NOW


@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
def test_malformed_refresh_keeps_the_old_tokens(raw: Raw, body: Any) -> None:
    manager = TokenManager(raw.client, TOKENS, client_id=CLIENT_ID, clock=clock)
    expires_at = manager.expires_at
    raw.add(body)
    with pytest.raises(ProtocolError) as caught:
        manager.refresh()
    assert caught.value.step == REFRESH
    assert manager.tokens() is TOKENS and manager.expires_at == expires_at
    raw.add({"AuthenticationResult": {"AccessToken": "fresh", "ExpiresIn": 3600}})
    assert manager.refresh().access_token == "fresh"


@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
def test_malformed_refresh_keeps_the_old_tokens_async(raw: Raw, body: Any) -> None:
    async def main() -> None:
        manager = AsyncTokenManager(
            AsyncClient(raw.client), TOKENS, client_id=CLIENT_ID, clock=clock
        )
        raw.add(body)
        with pytest.raises(ProtocolError) as caught:
            await manager.refresh()
        assert caught.value.step == REFRESH
        assert await manager.tokens() is TOKENS

    asyncio.run(main())


@pytest.mark.parametrize("expires_in", [10**20, -5, True])
def test_tokens_with_an_impossible_lifetime_are_refused(raw: Raw, expires_in: Any) -> None:
    odd = Tokens("a", None, "r", expires_in, None, "alice")
    with pytest.raises(InvalidParameterError, match="expires_in"):
        TokenManager(raw.client, odd, client_id=CLIENT_ID, clock=clock)
