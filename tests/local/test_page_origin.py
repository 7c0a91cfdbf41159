"""The local endpoint checks no SigV4, so a web page in the developer's browser (which is on
loopback too) must not reach the operations AWS takes only signed: under the default
``cors_origins="*"`` a request carrying an ``Origin`` header, or a non-loopback ``Host``
(DNS rebinding), is refused for them before anything runs, while the operations botocore's
model marks ``authtype: none`` (what browser apps call) are still answered. A listed origin
may call everything."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from srpcore.local import LocalCognito

from .conftest import ALL_FLOWS, PASSWORD

APP = "http://localhost:5173"


def _call(cognito: LocalCognito, target: str, body: dict[str, Any], **headers: str) -> Any:
    url = urlsplit(cognito.endpoint_url)
    conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
    try:
        conn.request(
            "POST",
            "/",
            body=json.dumps(body),
            headers={
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": target,
                **headers,
            },
        )
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def star() -> Iterator[tuple[LocalCognito, str, str]]:
    with LocalCognito() as cognito:  # cors_origins="*"
        pool = cognito.create_user_pool("pages")
        client = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
        cognito.create_user(pool.id, "alice", PASSWORD)
        yield cognito, pool.id, client.client_id


@pytest.mark.parametrize(
    "headers", [{"Origin": "https://evil.example"}, {"Host": "rebind.evil.example:9229"}]
)
def test_a_page_cannot_administer_the_endpoint(
    star: tuple[LocalCognito, str, str], headers: dict[str, str]
) -> None:
    cognito, pool_id, _ = star
    target = "AWSCognitoIdentityProviderService.AdminSetUserPassword"
    body = {
        "UserPoolId": pool_id,
        "Username": "alice",
        "Password": "pwned by a page",
        "Permanent": True,
    }
    status, answer = _call(cognito, target, body, **headers)
    assert (status, answer["__type"]) == (403, "AccessDeniedException")
    idp = cognito.boto3_client()  # alice's password is unchanged
    signed = idp.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=cognito.create_client(pool_id, explicit_auth_flows=ALL_FLOWS).client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    assert "AccessToken" in signed["AuthenticationResult"]
    status, answer = _call(
        cognito, "AWSCognitoIdentityService.CreateIdentityPool",
        {"IdentityPoolName": "p", "AllowUnauthenticatedIdentities": False}, **headers,
    )  # fmt: skip
    assert status == 403


def test_a_page_still_signs_in(star: tuple[LocalCognito, str, str]) -> None:
    cognito, _, client_id = star
    body = {
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": client_id,
        "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD},
    }
    status, answer = _call(
        cognito, "AWSCognitoIdentityProviderService.InitiateAuth", body, Origin=APP
    )
    assert status == 200 and "AccessToken" in answer["AuthenticationResult"]


def test_a_tool_without_origin_administers_it(star: tuple[LocalCognito, str, str]) -> None:
    cognito, pool_id, _ = star
    target = "AWSCognitoIdentityProviderService.DescribeUserPool"
    status, answer = _call(cognito, target, {"UserPoolId": pool_id})
    assert status == 200 and answer["UserPool"]["Id"] == pool_id


def test_a_listed_origin_may_call_everything() -> None:
    with LocalCognito(cors_origins=(APP,)) as cognito:
        pool = cognito.create_user_pool("listed")
        target = "AWSCognitoIdentityProviderService.DescribeUserPool"
        assert _call(cognito, target, {"UserPoolId": pool.id}, Origin=APP)[0] == 200
        assert _call(cognito, target, {"UserPoolId": pool.id}, Origin="https://x.example")[0] == 403
