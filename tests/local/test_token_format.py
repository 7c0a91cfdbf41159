"""Token details real Cognito has (AWS developer guide, "Understanding user pool JSON web
tokens"): id and access tokens signed with different keys of one JWKS, headers of ``kid`` and
``alg`` only, JWKS keys with ``alg e kid kty n use``, access tokens with ``version``; and the
AWS issuer style, ``iss`` = ``https://cognito-idp.<region>.amazonaws.com/<pool id>``."""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import urllib.request
from typing import Any

import boto3
import jwt
import pytest

from srpcore.errors import ConfigurationError
from srpcore.local import LocalCognito

from .conftest import ALL_FLOWS, PASSWORD, Env


def _header(token: str) -> dict[str, Any]:
    segment = token.split(".", maxsplit=1)[0]
    header: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return header


def _jwks(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url) as response:
        document: dict[str, Any] = json.load(response)
    return document


def test_id_and_access_tokens_have_their_own_keys_and_cognitos_headers(env: Env) -> None:
    tokens = env.sign_in()
    id_header, access_header = _header(tokens["IdToken"]), _header(tokens["AccessToken"])
    assert set(id_header) == set(access_header) == {"kid", "alg"}
    assert id_header["alg"] == access_header["alg"] == "RS256"
    assert id_header["kid"] != access_header["kid"]
    keys = _jwks(env.cognito.jwks_url(env.pool_id))["keys"]
    assert {k["kid"] for k in keys} == {id_header["kid"], access_header["kid"]}
    for key in keys:
        assert set(key) == {"alg", "e", "kid", "kty", "n", "use"}
        assert (key["alg"], key["kty"], key["use"], key["e"]) == ("RS256", "RSA", "sig", "AQAB")
    access = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    assert access["version"] == 2


def test_an_id_token_is_no_access_token(env: Env) -> None:
    tokens = env.sign_in()
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.idp.get_user(AccessToken=tokens["IdToken"])


def test_the_aws_issuer_style_writes_cognitos_issuer_and_serves_the_keys_here() -> None:
    with LocalCognito(issuer_style="aws", region="eu-west-2") as cognito:
        pool = cognito.create_user_pool("aws-style")
        app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
        cognito.create_user(pool.id, "alice", PASSWORD)
        idp = cognito.boto3_client()
        tokens = idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=app.client_id,
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )["AuthenticationResult"]
        issuer = f"https://cognito-idp.eu-west-2.amazonaws.com/{pool.id}"
        assert cognito.issuer(pool.id) == issuer
        url = cognito.jwks_url(pool.id)
        assert url == f"{cognito.endpoint_url}/{pool.id}/.well-known/jwks.json"
        keys = jwt.PyJWKClient(url)
        claims = jwt.decode(
            tokens["IdToken"],
            keys.get_signing_key_from_jwt(tokens["IdToken"]).key,
            algorithms=["RS256"],
            audience=app.client_id,
            issuer=issuer,
        )
        assert claims["cognito:username"] == "alice"
        assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"
        config = _jwks(f"{cognito.endpoint_url}/{pool.id}/.well-known/openid-configuration")
        assert config == {**config, "issuer": issuer, "jwks_uri": url}


def test_an_unknown_issuer_style_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        LocalCognito(issuer_style="cognito")


def test_serve_issuer_style_aws() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "srpcore",
            "serve",
            "--json",
            "--port",
            "0",
            "--issuer-style",
            "aws",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        [pool] = info["pools"]
        idp = boto3.client(
            "cognito-idp",
            region_name="us-east-1",
            endpoint_url=info["endpoint_url"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        idp.admin_create_user(UserPoolId=pool["id"], Username="alice")
        idp.admin_set_user_password(
            UserPoolId=pool["id"], Username="alice", Password=PASSWORD, Permanent=True
        )
        client_id = pool["clients"][0]["client_id"]
        tokens = idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=client_id,
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )["AuthenticationResult"]
        keys = jwt.PyJWKClient(f"{info['endpoint_url']}/{pool['id']}/.well-known/jwks.json")
        claims = jwt.decode(
            tokens["IdToken"],
            keys.get_signing_key_from_jwt(tokens["IdToken"]).key,
            algorithms=["RS256"],
            audience=client_id,
            issuer=f"https://cognito-idp.us-east-1.amazonaws.com/{pool['id']}",
        )
        assert claims["cognito:username"] == "alice"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 0
