"""GET /_srpcore/messages holds every code the endpoint "sent". The endpoint serves loopback
only, but so is the developer's browser: with ``Access-Control-Allow-Origin: *`` any web page
could read the codes (the Fetch standard lets a page read a cross-origin response that
allows its origin), and a DNS-rebinding page reaches it same-origin under a foreign ``Host``.
Both are refused; tools that are not browsers (no ``Origin``) and origins the endpoint was
configured with keep reading."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from srpcore.local import LocalCognito

from .conftest import ALL_FLOWS, PASSWORD

APP_ORIGIN = "http://localhost:3000"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[LocalCognito, str]]:
    """An endpoint allowing one page origin, with one sign-up code in its outbox."""
    with LocalCognito(cors_origins=(APP_ORIGIN,)) as cognito:
        pool = cognito.create_user_pool("outbox-web", auto_verified_attributes=("email",))
        client = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
        cognito.boto3_client().sign_up(
            ClientId=client.client_id,
            Username="neo",
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": "neo@example.com"}],
        )
        yield cognito, pool.id


def _get(cognito: LocalCognito, pool_id: str, **headers: str) -> tuple[int, dict[str, Any], str]:
    url = urlsplit(cognito.endpoint_url)
    conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
    try:
        conn.request("GET", f"/_srpcore/messages?pool_id={pool_id}", headers=headers)
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


def test_a_tool_without_origin_reads_the_codes(endpoint: tuple[LocalCognito, str]) -> None:
    cognito, pool_id = endpoint
    code = cognito.messages(pool_id, "neo")[-1].code
    status, _, body = _get(cognito, pool_id)
    assert status == 200
    assert [m["code"] for m in json.loads(body)["messages"]] == [code]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Host": "evil.example"},
        {"Host": "rebind.evil.example:8080"},
    ],
)
def test_a_foreign_page_is_refused(endpoint: tuple[LocalCognito, str], headers: Any) -> None:
    cognito, pool_id = endpoint
    code = cognito.messages(pool_id, "neo")[-1].code
    status, _, body = _get(cognito, pool_id, **headers)
    assert status == 403
    assert code not in body and json.loads(body)["__type"] == "AccessDeniedException"


def test_a_configured_origin_reads_them(endpoint: tuple[LocalCognito, str]) -> None:
    cognito, pool_id = endpoint
    status, headers, body = _get(cognito, pool_id, Origin=APP_ORIGIN)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert json.loads(body)["messages"][0]["username"] == "neo"


def test_with_any_origin_allowed_no_page_reads_them() -> None:
    with LocalCognito() as cognito:  # cors_origins="*", the default
        pool = cognito.create_user_pool("outbox-star")
        status, _, _ = _get(cognito, pool.id, Origin=APP_ORIGIN)
        assert status == 403
        assert _get(cognito, pool.id)[0] == 200
