"""Tokens verify with PyJWT against the JWKS the endpoint serves over HTTP, like app code does."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import jwt
import pytest


def _jwks_key(url: str, token: str) -> Any:
    return jwt.PyJWKClient(url).get_signing_key_from_jwt(token).key


def test_id_and_access_tokens_verify_against_the_jwks(env: Any) -> None:
    tokens = env.sign_in()
    issuer = env.cognito.issuer(env.pool_id)
    assert issuer == f"{env.cognito.endpoint_url}/{env.pool_id}"
    url = f"{issuer}/.well-known/jwks.json"
    key = _jwks_key(url, tokens["IdToken"])
    sub = {
        a["Name"]: a["Value"]
        for a in env.idp.admin_get_user(UserPoolId=env.pool_id, Username="alice")["UserAttributes"]
    }["sub"]

    id_claims = jwt.decode(
        tokens["IdToken"], key, algorithms=["RS256"], audience=env.app.client_id, issuer=issuer
    )
    assert id_claims["token_use"] == "id"
    assert id_claims["cognito:username"] == "alice"
    assert id_claims["sub"] == sub
    assert id_claims["email"] == "alice@example.com"
    assert id_claims["email_verified"] is True
    assert id_claims["exp"] - id_claims["iat"] == 3600
    assert id_claims["auth_time"] <= id_claims["iat"]

    access = jwt.decode(
        tokens["AccessToken"],
        _jwks_key(url, tokens["AccessToken"]),
        algorithms=["RS256"],
        issuer=issuer,
    )
    assert access["token_use"] == "access"
    assert access["client_id"] == env.app.client_id
    assert access["username"] == "alice" and access["sub"] == sub
    assert access["scope"] == "aws.cognito.signin.user.admin"
    assert access["origin_jti"] == id_claims["origin_jti"]


def test_other_pools_keys_do_not_verify(env: Any, new_env: Any) -> None:
    other = new_env()
    tokens = env.sign_in()
    other_url = other.cognito.jwks_url(other.pool_id)
    with pytest.raises(jwt.PyJWKClientError):
        _jwks_key(other_url, tokens["IdToken"])


def test_openid_configuration(env: Any) -> None:
    issuer = env.cognito.issuer(env.pool_id)
    with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration") as response:
        doc = json.load(response)
    assert doc["issuer"] == issuer and doc["jwks_uri"] == f"{issuer}/.well-known/jwks.json"


def test_unknown_pool_jwks_is_404(env: Any) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{env.cognito.endpoint_url}/us-east-1_Nope/.well-known/jwks.json")
    assert info.value.code == 404


def test_get_user_with_the_access_token(env: Any) -> None:
    tokens = env.sign_in()
    user = env.idp.get_user(AccessToken=tokens["AccessToken"])
    assert user["Username"] == "alice"
    assert {"Name": "email", "Value": "alice@example.com"} in user["UserAttributes"]


def test_expired_access_token(env: Any, clock: Any) -> None:
    tokens = env.sign_in()
    clock.advance(3601)
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.idp.get_user(AccessToken=tokens["AccessToken"])
    assert info.value.response["Error"]["Message"] == "Access Token has expired"


def test_refreshed_tokens_keep_the_origin(env: Any) -> None:
    tokens = env.sign_in()
    refreshed = env.idp.initiate_auth(
        ClientId=env.app.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
    )["AuthenticationResult"]
    before = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    after = jwt.decode(refreshed["AccessToken"], options={"verify_signature": False})
    assert after["origin_jti"] == before["origin_jti"] and after["jti"] != before["jti"]
    assert after["auth_time"] == before["auth_time"]
