"""AWS credentials from a sign-in: ``aws_credentials`` and the self-refreshing sessions.

The endpoint counts the calls it served (``Service.calls``), so "no new SRP sign-in, one
refresh" is the service's own count, not ours. Signed calls are checked in the
``Authorization`` header botocore itself writes (SigV4 names the access key id in it).
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt
import pytest

from srpcore import ServiceError, TokenManager, Tokens, sign_in
from srpcore.drivers.credentials import (
    AwsCredentials,
    IdentityIdCache,
    aws_credentials,
    aws_credentials_async,
)
from srpcore.drivers.sessions import METHOD, aio_session, boto3_session
from srpcore.drivers.tokens import AsyncTokenManager

from .conftest import Env, FakeClock

SRP = "InitiateAuth(USER_SRP_AUTH)"
REFRESH = "GetTokensFromRefreshToken"  # the refresh of the default, rotation="auto"


@pytest.fixture
def pool(env: Env) -> str:
    return env.cognito.create_identity_pool("creds", [(env.pool_id, env.app.client_id)])


@pytest.fixture
def tokens(env: Env) -> Tokens:
    result = sign_in(
        env.idp,
        pool_id=env.pool_id,
        client_id=env.app.client_id,
        username=env.username,
        password=env.password,
    )
    assert isinstance(result, Tokens)
    return result


def test_credentials_are_typed_and_hide_their_keys(
    env: Env, pool: str, tokens: Tokens, clock: FakeClock
) -> None:
    ci = env.cognito.boto3_identity_client()
    creds = aws_credentials(ci, identity_pool_id=pool, tokens=tokens, user_pool_id=env.pool_id)
    assert isinstance(creds, AwsCredentials)
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", creds.access_key_id)
    assert creds.expiration.tzinfo is not None and creds.expiration.utcoffset() == timedelta(0)
    assert abs(creds.expiration - (clock() + timedelta(hours=1))) < timedelta(seconds=5)
    assert re.fullmatch(r"us-east-1:[0-9a-f-]{36}", creds.identity_id)
    for shown in (repr(creds), str(creds)):
        assert creds.identity_id in shown
        for hidden in (creds.access_key_id, creds.secret_access_key, creds.session_token):
            assert hidden not in shown
    with pytest.raises(AttributeError):
        creds.access_key_id = "changed"  # type: ignore[misc]


def test_the_identity_id_is_cached_per_pool_and_user(env: Env, pool: str, tokens: Tokens) -> None:
    ci = env.cognito.boto3_identity_client()
    cache = IdentityIdCache()
    calls = env.cognito.service.calls
    before = calls["GetId"], calls["GetCredentialsForIdentity"]
    first = aws_credentials(
        ci, identity_pool_id=pool, tokens=tokens, user_pool_id=env.pool_id, cache=cache
    )
    second = aws_credentials(
        ci, identity_pool_id=pool, tokens=tokens.id_token or "", user_pool_id=env.pool_id,
        cache=cache,
    )  # fmt: skip
    assert first.identity_id == second.identity_id
    assert first.access_key_id != second.access_key_id  # two real exchanges
    assert (calls["GetId"], calls["GetCredentialsForIdentity"]) == (before[0] + 1, before[1] + 2)
    assert len(cache) == 1


def test_a_cached_identity_the_service_no_longer_knows_is_looked_up_again(
    env: Env, pool: str, tokens: Tokens
) -> None:
    ci = env.cognito.boto3_identity_client()
    cache = IdentityIdCache()
    aws_credentials(ci, identity_pool_id=pool, tokens=tokens, user_pool_id=env.pool_id, cache=cache)
    # The cache's key, written out: (identity pool, account, provider, the id token's sub).
    region = env.pool_id.split("_")[0]
    provider = f"cognito-idp.{region}.amazonaws.com/{env.pool_id}"
    sub = jwt.decode(tokens.id_token or "", options={"verify_signature": False})["sub"]
    key = (pool, "", provider, sub)
    assert cache.get(key) is not None and len(cache) == 1
    cache.put(key, "us-east-1:00000000-0000-4000-8000-000000000000")
    creds = aws_credentials(
        ci, identity_pool_id=pool, tokens=tokens, user_pool_id=env.pool_id, cache=cache
    )
    assert creds.identity_id != "us-east-1:00000000-0000-4000-8000-000000000000"
    assert cache.get(key) == creds.identity_id


def test_refusals_keep_the_services_code_and_message(env: Env, tokens: Tokens) -> None:
    ci = env.cognito.boto3_identity_client()
    unknown = "us-east-1:00000000-0000-4000-8000-000000000000"
    with pytest.raises(ServiceError) as info:
        aws_credentials(ci, identity_pool_id=unknown, tokens=tokens, user_pool_id=env.pool_id)
    assert info.value.code == "ResourceNotFoundException"
    assert info.value.message == f"IdentityPool '{unknown}' not found."
    assert info.value.step == "GetId"
    other = env.cognito.create_client(env.pool_id, name="not-trusted")
    pool = env.cognito.create_identity_pool("narrow", [(env.pool_id, other.client_id)])
    with pytest.raises(ServiceError) as wrong:
        aws_credentials(ci, identity_pool_id=pool, tokens=tokens, user_pool_id=env.pool_id)
    assert wrong.value.code == "NotAuthorizedException"


def _signed_key_ids(client: Any) -> list[str]:
    """The access key id of every request ``client`` signs, read from SigV4's header."""
    seen: list[str] = []

    def grab(request: Any, **_: Any) -> None:
        header = request.headers.get("Authorization", b"")
        text = header.decode() if isinstance(header, bytes) else header
        found = re.search(r"Credential=([A-Z0-9]+)/", text)
        seen.append(found.group(1) if found else "")

    client.meta.events.register("before-send", grab)
    return seen


def test_the_boto3_session_survives_an_expiry_with_a_refresh_not_a_sign_in(
    env: Env, pool: str, tokens: Tokens, clock: FakeClock
) -> None:
    manager = TokenManager(env.idp, tokens, client_id=env.app.client_id, clock=clock)
    ci = env.cognito.boto3_identity_client()
    session = boto3_session(
        manager, ci, identity_pool_id=pool, user_pool_id=env.pool_id, region_name="us-east-1",
        clock=clock,
    )  # fmt: skip
    calls = env.cognito.service.calls
    srp, refresh = calls[SRP], calls[REFRESH]
    signed = session.client("cognito-identity", endpoint_url=env.cognito.endpoint_url)
    keys = _signed_key_ids(signed)
    assert signed.describe_identity_pool(IdentityPoolId=pool)["IdentityPoolId"] == pool
    assert session.get_credentials().method == METHOD
    first = session.get_credentials().get_frozen_credentials()
    assert keys == [first.access_key]
    clock.advance(2 * 3600)  # the id token and the credentials have both expired
    signed.describe_identity_pool(IdentityPoolId=pool)
    second = session.get_credentials().get_frozen_credentials()
    assert second.access_key != first.access_key and keys == [first.access_key, second.access_key]
    assert (calls[SRP], calls[REFRESH]) == (srp, refresh + 1)  # one refresh, no SRP


def test_the_environment_cannot_shadow_the_sessions_credentials(
    env: Env, pool: str, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENTKEY00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "from-the-environment")
    manager = TokenManager(env.idp, tokens, client_id=env.app.client_id)
    session = boto3_session(
        manager, env.cognito.boto3_identity_client(), identity_pool_id=pool,
        user_pool_id=env.pool_id,
    )  # fmt: skip
    assert session.get_credentials().get_frozen_credentials().access_key.startswith("ASIA")


def test_the_aiobotocore_session_survives_an_expiry_too(
    env: Env, pool: str, tokens: Tokens, clock: FakeClock
) -> None:
    from aiobotocore.session import get_session  # noqa: PLC0415

    calls = env.cognito.service.calls
    srp, refresh = calls[SRP], calls[REFRESH]
    endpoint = {
        "region_name": "us-east-1",
        "endpoint_url": env.cognito.endpoint_url,
        "aws_access_key_id": "local",
        "aws_secret_access_key": "local",
    }

    async def main() -> tuple[str, str, str]:
        base = get_session()
        async with (
            base.create_client("cognito-idp", **endpoint) as idp,
            base.create_client("cognito-identity", **endpoint) as ci,
        ):
            manager = AsyncTokenManager(idp, tokens, client_id=env.app.client_id, clock=clock)
            direct = await aws_credentials_async(
                ci, identity_pool_id=pool, tokens=tokens, user_pool_id=env.pool_id
            )
            session = aio_session(
                manager, ci, identity_pool_id=pool, user_pool_id=env.pool_id,
                region_name="us-east-1", clock=clock,
            )  # fmt: skip
            first = await (await session.get_credentials()).get_frozen_credentials()
            clock.advance(2 * 3600)
            second = await (await session.get_credentials()).get_frozen_credentials()
            return direct.access_key_id, first.access_key, second.access_key

    direct, first, second = asyncio.run(main())
    assert len({direct, first, second}) == 3 and all(k.startswith("ASIA") for k in (first, second))
    assert (calls[SRP], calls[REFRESH]) == (srp, refresh + 1)


def test_credential_process_json_is_what_the_aws_cli_reads() -> None:
    creds = AwsCredentials(
        access_key_id="ASIAEXAMPLEEXAMPLE00",
        secret_access_key="s" * 40,
        session_token="token",
        expiration=datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        identity_id="us-east-1:00000000-0000-4000-8000-000000000000",
    )
    assert creds.credential_process() == {
        "Version": 1,
        "AccessKeyId": "ASIAEXAMPLEEXAMPLE00",
        "SecretAccessKey": "s" * 40,
        "SessionToken": "token",
        "Expiration": "2030-01-02T03:04:05+00:00",
    }


def test_nothing_secret_reaches_srpcores_loggers(
    env: Env, pool: str, tokens: Tokens, caplog: pytest.LogCaptureFixture
) -> None:
    ci = env.cognito.boto3_identity_client()
    with caplog.at_level(logging.DEBUG, logger="srpcore"):
        creds = aws_credentials(ci, identity_pool_id=pool, tokens=tokens, user_pool_id=env.pool_id)
        with pytest.raises(ServiceError) as refused:  # nor a refusal, nor its text
            aws_credentials(
                ci, identity_pool_id=pool, tokens=tokens.access_token, user_pool_id=env.pool_id
            )
    assert tokens.access_token not in str(refused.value) + repr(refused.value)
    secrets = [creds.access_key_id, creds.secret_access_key, creds.session_token]
    secrets += [tokens.id_token or "", tokens.access_token]
    records = [r for r in caplog.records if r.name.startswith("srpcore")]
    for record in records:
        text = record.getMessage() + repr(record.args)
        assert not any(secret in text for secret in secrets), record.name
