"""AWS's own token verifier, aws-jwt-verify's ``CognitoJwtVerifier`` (pinned in
package-lock.json), accepts the endpoint's id and access tokens in the AWS issuer style and
refuses a tampered one and a token of the default loopback issuer.

The verifier derives the issuer from the pool id (``https://cognito-idp.<region>.amazonaws.com/
<pool id>``) and accepts no other; the endpoint's JWKS is given to it with ``cacheJwks``, its
documented way to verify without fetching keys from AWS.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest

from srpcore.local import LocalCognito

from .conftest import PASSWORD, run_js


def _sign_in(cognito: LocalCognito) -> tuple[str, str, dict[str, str]]:
    pool = cognito.create_user_pool("verified")
    app = cognito.create_client(pool.id, explicit_auth_flows=["ALLOW_USER_PASSWORD_AUTH"])
    cognito.create_user(pool.id, "alice", PASSWORD)
    tokens = cognito.boto3_client().initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=app.client_id,
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    return pool.id, app.client_id, tokens


def _verify(
    node: str, cognito: LocalCognito, pool_id: str, client_id: str, tokens: list[dict[str, str]]
) -> Any:
    config = {
        "jwksUrl": cognito.jwks_url(pool_id),
        "poolId": pool_id,
        "clientId": client_id,
        "tokens": tokens,
    }
    return run_js(node, "verify.js", config)


def _tampered(token: str) -> str:
    """The same signature over a payload that now names another user."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:username"] = "mallory"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.fixture(scope="module")
def aws_style() -> Iterator[LocalCognito]:
    with LocalCognito(issuer_style="aws", region="eu-central-1") as endpoint:
        yield endpoint


def test_cognito_jwt_verifier_accepts_id_and_access_tokens(
    node: str, aws_style: LocalCognito
) -> None:
    pool_id, client_id, tokens = _sign_in(aws_style)
    id_result, access_result, tampered, swapped = _verify(
        node,
        aws_style,
        pool_id,
        client_id,
        [
            {"token": tokens["IdToken"], "tokenUse": "id"},
            {"token": tokens["AccessToken"], "tokenUse": "access"},
            {"token": _tampered(tokens["IdToken"]), "tokenUse": "id"},
            {"token": tokens["IdToken"], "tokenUse": "access"},
        ],
    )
    assert id_result == {"ok": True, "tokenUse": "id", "username": "alice"}
    assert access_result == {"ok": True, "tokenUse": "access", "username": "alice"}
    assert tampered["ok"] is False and tampered["error"] == "JwtInvalidSignatureError"
    assert swapped["ok"] is False and swapped["error"] == "CognitoJwtInvalidTokenUseError"


def test_cognito_jwt_verifier_refuses_another_clients_tokens(
    node: str, aws_style: LocalCognito
) -> None:
    pool_id, _, tokens = _sign_in(aws_style)
    [result] = _verify(
        node,
        aws_style,
        pool_id,
        "someotherclient",
        [{"token": tokens["IdToken"], "tokenUse": "id"}],
    )
    assert result["ok"] is False and result["error"] == "CognitoJwtInvalidClientIdError"


def test_the_default_loopback_issuer_is_not_cognitos(node: str) -> None:
    """Why the AWS style exists: the verifier refuses any issuer but Cognito's own."""
    with LocalCognito() as local:
        pool_id, client_id, tokens = _sign_in(local)
        [result] = _verify(
            node, local, pool_id, client_id, [{"token": tokens["IdToken"], "tokenUse": "id"}]
        )
    assert result["ok"] is False
    assert "issuer not configured" in result["message"]
