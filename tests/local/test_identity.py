"""The local cognito-identity service, through boto3's own ``cognito-identity`` client.

Expected values come from the service's documented contract (botocore's model and the
Cognito Identity developer guide): ``REGION:GUID`` ids, the same identity for the same user,
``ASIA``-prefixed temporary keys that expire an hour later, NotAuthorized for a token the
pool cannot vouch for, ResourceNotFound for an unknown pool or identity.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import botocore.exceptions
import jwt
import pytest

from srpcore.local import LocalCognito
from srpcore.local.service import Service

from .conftest import Env, FakeClock

IDENTITY_ID = re.compile(
    r"us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)


def provider(env: Env) -> str:
    return f"cognito-idp.us-east-1.amazonaws.com/{env.pool_id}"


@pytest.fixture(scope="module")
def ci(cognito: LocalCognito) -> Any:
    return cognito.boto3_identity_client()


def _error(info: pytest.ExceptionInfo[botocore.exceptions.ClientError]) -> tuple[str, str]:
    error = info.value.response["Error"]
    return error["Code"], error["Message"]


def test_id_token_buys_credentials_and_the_same_identity_each_time(
    env: Env, ci: Any, clock: FakeClock
) -> None:
    pool_id = env.cognito.create_identity_pool("app", [(env.pool_id, env.app.client_id)])
    assert re.fullmatch(r"us-east-1:[0-9a-f-]{36}", pool_id)
    logins = {provider(env): env.sign_in()["IdToken"]}
    identity = ci.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    assert IDENTITY_ID.fullmatch(identity)
    again = {provider(env): env.sign_in()["IdToken"]}  # another sign-in, the same user
    assert ci.get_id(IdentityPoolId=pool_id, Logins=again)["IdentityId"] == identity
    answer = ci.get_credentials_for_identity(IdentityId=identity, Logins=logins)
    creds = answer["Credentials"]
    assert answer["IdentityId"] == identity
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", creds["AccessKeyId"])
    assert len(creds["SecretKey"]) == 40 and creds["SessionToken"]
    assert abs(creds["Expiration"] - (clock() + timedelta(hours=1))) < timedelta(seconds=5)


def test_each_user_has_an_identity_of_their_own(env: Env, ci: Any) -> None:
    pool_id = env.cognito.create_identity_pool("two", [(env.pool_id, env.app.client_id)])
    env.cognito.create_user(env.pool_id, "bob", env.password)
    alice = ci.get_id(IdentityPoolId=pool_id, Logins={provider(env): env.sign_in()["IdToken"]})
    env.username = "bob"
    bob = ci.get_id(IdentityPoolId=pool_id, Logins={provider(env): env.sign_in()["IdToken"]})
    assert alice["IdentityId"] != bob["IdentityId"]
    with pytest.raises(ci.exceptions.NotAuthorizedException) as info:
        ci.get_credentials_for_identity(
            IdentityId=alice["IdentityId"], Logins={provider(env): env.sign_in()["IdToken"]}
        )
    assert "Logins don't match" in _error(info)[1]


def test_tokens_the_pool_cannot_vouch_for_are_not_authorized(env: Env, ci: Any) -> None:
    pool_id = env.cognito.create_identity_pool("strict", [(env.pool_id, env.app.client_id)])
    result = env.sign_in()
    good = result["IdToken"]
    claims = jwt.decode(good, options={"verify_signature": False})
    forged = jwt.encode(
        {**claims, "sub": "someone-else"}, "not-the-pool-key-but-32-bytes-long", algorithm="HS256"
    )
    wrong_audience = env.sign_in(app=env.secret_app)["IdToken"]
    cases = {  # what Cognito Identity answers for each, as developers report it
        "Missing a required claim: aud": result["AccessToken"],
        "Not a valid OpenId Connect identity token": forged,
        "Invalid login token": "not-a-jwt",
        "Token is not from a supported provider": wrong_audience,
    }
    for message, token in cases.items():
        with pytest.raises(ci.exceptions.NotAuthorizedException, match=message):
            ci.get_id(IdentityPoolId=pool_id, Logins={provider(env): token})
    other_issuer = jwt.encode({**claims, "iss": "https://elsewhere"}, "k" * 32, algorithm="HS256")
    with pytest.raises(ci.exceptions.NotAuthorizedException, match="Issuer doesn't match"):
        ci.get_id(IdentityPoolId=pool_id, Logins={provider(env): other_issuer})
    with pytest.raises(ci.exceptions.NotAuthorizedException, match="supported provider"):
        ci.get_id(
            IdentityPoolId=pool_id,
            Logins={"cognito-idp.us-east-1.amazonaws.com/us-east-1_Nope12345": good},
        )
    with pytest.raises(ci.exceptions.NotAuthorizedException, match="Unauthenticated"):
        ci.get_id(IdentityPoolId=pool_id)


def test_an_expired_id_token_is_refused_by_the_endpoints_clock(
    env: Env, ci: Any, clock: FakeClock
) -> None:
    pool_id = env.cognito.create_identity_pool("expiry", [(env.pool_id, env.app.client_id)])
    logins = {provider(env): env.sign_in()["IdToken"]}
    identity = ci.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    clock.advance(3601)
    with pytest.raises(ci.exceptions.NotAuthorizedException, match="Token expired"):
        ci.get_credentials_for_identity(IdentityId=identity, Logins=logins)


def test_server_side_token_check_refuses_a_disabled_user(env: Env, ci: Any) -> None:
    pool_id = env.cognito.create_identity_pool(
        "checked", [(env.pool_id, env.app.client_id)], server_side_token_check=True
    )
    logins = {provider(env): env.sign_in()["IdToken"]}
    identity = ci.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    env.idp.admin_disable_user(UserPoolId=env.pool_id, Username=env.username)
    with pytest.raises(ci.exceptions.NotAuthorizedException):
        ci.get_credentials_for_identity(IdentityId=identity, Logins=logins)


def test_unknown_pools_and_identities_are_resource_not_found(env: Env, ci: Any) -> None:
    unknown = "us-east-1:00000000-0000-4000-8000-000000000000"
    logins = {provider(env): env.sign_in()["IdToken"]}
    with pytest.raises(ci.exceptions.ResourceNotFoundException) as info:
        ci.get_id(IdentityPoolId=unknown, Logins=logins)
    assert _error(info) == ("ResourceNotFoundException", f"IdentityPool '{unknown}' not found.")
    with pytest.raises(ci.exceptions.ResourceNotFoundException):
        ci.get_credentials_for_identity(IdentityId=unknown, Logins=logins)
    with pytest.raises(ci.exceptions.ResourceNotFoundException):
        ci.describe_identity_pool(IdentityPoolId=unknown)


def test_create_describe_and_list_over_the_wire(env: Env, ci: Any) -> None:
    name = provider(env)
    created = ci.create_identity_pool(
        IdentityPoolName="wire pool",
        AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": name, "ClientId": env.app.client_id}],
    )
    described = ci.describe_identity_pool(IdentityPoolId=created["IdentityPoolId"])
    assert described["IdentityPoolName"] == "wire pool"
    assert described["CognitoIdentityProviders"][0]["ProviderName"] == name
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxResults": 1}
    for _ in range(10_000):  # bounded: pages of one until there is no NextToken
        page = ci.list_identity_pools(**kwargs)
        seen += [p["IdentityPoolId"] for p in page["IdentityPools"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert created["IdentityPoolId"] in seen and len(seen) == len(set(seen))
    for forged in (created["IdentityPoolId"], kwargs.get("NextToken", "x") + "x"):
        with pytest.raises(ci.exceptions.InvalidParameterException):  # a raw id was the token
            ci.list_identity_pools(MaxResults=1, NextToken=forged)
    with pytest.raises(ci.exceptions.InvalidParameterException):
        ci.create_identity_pool(
            IdentityPoolName="bad",
            AllowUnauthenticatedIdentities=False,
            CognitoIdentityProviders=[{"ProviderName": name, "ClientId": "nosuchclient"}],
        )
    pool_id = name.rsplit("/", 1)[1]
    for wrong in (
        f"cognito-idp.eu-west-3.amazonaws.com/{pool_id}",  # the pool's region is its id's prefix
        f"cognito-idp.us-east-1.amazonaws.com/{pool_id}_",  # not a pool id
        "cognito-idp.us-east-1.amazonaws.com/",
    ):
        with pytest.raises(ci.exceptions.InvalidParameterException, match="Invalid provider name"):
            ci.create_identity_pool(
                IdentityPoolName="bad",
                AllowUnauthenticatedIdentities=False,
                CognitoIdentityProviders=[{"ProviderName": wrong, "ClientId": env.app.client_id}],
            )


def test_requests_are_checked_against_the_cognito_identity_model(env: Env, ci: Any) -> None:
    service: Service = env.cognito.service
    from srpcore.local.errors import ApiError  # noqa: PLC0415

    with pytest.raises(ApiError) as info:
        service.dispatch("ListIdentityPools", {"MaxResults": 61}, api="cognito-identity")
    assert info.value.code == "InvalidParameterException"
    with pytest.raises(ApiError) as bad_id:
        service.dispatch("GetId", {"IdentityPoolId": "no colon"}, api="cognito-identity")
    assert "regular expression" in bad_id.value.message
    with pytest.raises(ApiError) as foreign:  # not a cognito-idp operation
        service.dispatch("GetId", {"IdentityPoolId": "us-east-1:00"})
    assert foreign.value.code == "UnknownOperationException"


def _carol_logins(endpoint: LocalCognito, pool_id: str, client_id: str) -> dict[str, str]:
    from srpcore import Tokens, sign_in  # noqa: PLC0415

    tokens = sign_in(
        endpoint.boto3_client(),
        pool_id=pool_id,
        client_id=client_id,
        username="carol",
        password="carol-password-1",
    )
    assert isinstance(tokens, Tokens) and tokens.id_token is not None
    return {f"cognito-idp.us-east-1.amazonaws.com/{pool_id}": tokens.id_token}


def test_identity_pools_and_identities_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "local.db"
    with LocalCognito(data=data) as first:
        pool = first.create_user_pool("kept")
        app = first.create_client(pool.id, explicit_auth_flows=["ALLOW_USER_SRP_AUTH"])
        first.create_user(pool.id, "carol", "carol-password-1")
        pool_id = first.create_identity_pool("kept", [(pool.id, app.client_id)])
        logins = _carol_logins(first, pool.id, app.client_id)
        identity = first.boto3_identity_client().get_id(IdentityPoolId=pool_id, Logins=logins)
    with LocalCognito(data=data) as second:  # another port: tokens of the first run's iss fail
        ci = second.boto3_identity_client()
        assert ci.describe_identity_pool(IdentityPoolId=pool_id)["IdentityPoolName"] == "kept"
        logins = _carol_logins(second, pool.id, app.client_id)
        again = ci.get_id(IdentityPoolId=pool_id, Logins=logins)
        assert again["IdentityId"] == identity["IdentityId"]  # the derivation key was kept
        answer = ci.get_credentials_for_identity(IdentityId=again["IdentityId"], Logins=logins)
        assert answer["Credentials"]["AccessKeyId"].startswith("ASIA")


def test_a_version_2_data_file_gains_the_identity_tables(tmp_path: Path) -> None:
    import sqlite3  # noqa: PLC0415

    from srpcore.local.model import Identity, IdentityPool  # noqa: PLC0415
    from srpcore.local.sqlite import SCHEMA_VERSION, SQLiteRepository  # noqa: PLC0415

    from .test_persistence import older_file  # noqa: PLC0415

    data = tmp_path / "v2.sqlite"
    older_file(data, 2)
    repo = SQLiteRepository(data)
    pool = IdentityPool("us-east-1:0a", "old", False, (("p", "c", True),), b"k" * 32, 1.0)
    assert repo.add_identity_pool(pool) and not repo.add_identity_pool(pool)
    assert repo.identity_pool("us-east-1:0a") == pool
    assert repo.add_identity(Identity("us-east-1:1b", pool.id, "p", "sub"))
    assert repo.identity_count(pool.id) == 1 and repo.identity_pool_ids() == [pool.id]
    repo.close()
    with sqlite3.connect(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
