"""The JSON 1.1 wire layer, driven without sockets: requests in, responses out."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from srpcore.local.service import Service
from srpcore.local.wire import (
    Headers,
    WireConfig,
    WireRequest,
    WireResponse,
    check_head,
    handle,
    timed_out,
    unavailable,
)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
SDK_HEADERS = (
    "x-amz-target",
    "x-amz-user-agent",
    "content-type",
    "authorization",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "cache-control",
)


@pytest.fixture(scope="module")
def service() -> Service:
    return Service()


def api(operation: str | None, body: bytes, **headers: str) -> WireRequest:
    items = [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(body)))]
    if operation is not None:
        items.append(("X-Amz-Target", f"AWSCognitoIdentityProviderService.{operation}"))
    return WireRequest("POST", "/", Headers(items + list(headers.items())), body)


def payload(response: WireResponse) -> Any:
    return json.loads(response.body)


def assert_error(response: WireResponse, status: int, code: str) -> None:
    assert response.status == status
    assert payload(response)["__type"] == code
    assert isinstance(payload(response)["message"], str) and payload(response)["message"]
    assert response.header("x-amzn-ErrorType") == f"{code}:"
    assert response.header("Content-Type") == "application/x-amz-json-1.1"
    assert UUID.fullmatch(response.header("x-amzn-RequestId") or "")


def test_an_operation_answers_in_json_1_1(service: Service) -> None:
    response = handle(service, api("CreateUserPool", b'{"PoolName": "wire"}'))
    assert response.status == 200
    assert payload(response)["UserPool"]["Name"] == "wire"
    assert response.header("Content-Type") == "application/x-amz-json-1.1"
    assert response.header("Content-Length") == str(len(response.body))
    assert UUID.fullmatch(response.header("x-amzn-RequestId") or "")
    assert response.header("x-amzn-ErrorType") is None


def test_request_ids_differ(service: Service) -> None:
    ids = {handle(service, api("Nope", b"{}")).header("x-amzn-RequestId") for _ in range(20)}
    assert len(ids) == 20


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"PoolName": ' + b"7" * 5000 + b"}", "SerializationException"),  # int digit limit
        (b'{"PoolName": "x", ', "SerializationException"),
        (b"[1, 2]", "SerializationException"),
        (b'"a string"', "SerializationException"),
        (b'{"PoolName": "\xff"}', "SerializationException"),
        (b"[" * 100_000 + b"]" * 100_000, "SerializationException"),
    ],
    ids=["huge integer", "truncated", "array", "string", "bad utf-8", "deep nesting"],
)
def test_bodies_that_are_not_a_json_object_are_400(
    service: Service, body: bytes, code: str
) -> None:
    before = sorted(service.context.repo.pool_ids())
    assert_error(handle(service, api("CreateUserPool", body)), 400, code)
    assert sorted(service.context.repo.pool_ids()) == before


@pytest.mark.parametrize(
    "target",
    [None, "CreateUserPool", "AWSCognitoIdentityProviderService.", "Other.CreateUserPool"],
)
def test_a_missing_or_foreign_target_is_unknown_operation(service: Service, target: Any) -> None:
    items = [] if target is None else [("X-Amz-Target", target)]
    request = WireRequest("POST", "/", Headers(items), b'{"PoolName": "x"}')
    assert_error(handle(service, request), 400, "UnknownOperationException")


def test_target_header_is_case_insensitive(service: Service) -> None:
    headers = Headers([("x-amz-target", "AWSCognitoIdentityProviderService.CreateUserPool")])
    response = handle(service, WireRequest("POST", "/", headers, b'{"PoolName": "lower"}'))
    assert response.status == 200


def test_a_modeled_error_keeps_the_services_code_and_message(service: Service) -> None:
    body = json.dumps({"UserPoolId": "us-east-1_Missing"}).encode()
    response = handle(service, api("DescribeUserPool", body))
    assert_error(response, 400, "ResourceNotFoundException")
    assert payload(response)["message"] == "User pool us-east-1_Missing does not exist."


def test_an_internal_error_is_500_logged_once_on_one_line_without_values(
    service: Service, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(operation: str, body: dict[str, Any]) -> dict[str, Any]:
        raise KeyError(body["PoolName"])

    monkeypatch.setattr(service, "dispatch", broken)
    with caplog.at_level(logging.DEBUG, logger="srpcore"):
        response = handle(service, api("CreateUserPool", b'{"PoolName": "hunter2-secret"}'))
    assert_error(response, 500, "InternalErrorException")
    assert "hunter2" not in response.body.decode()
    assert len(caplog.records) == 1
    record = caplog.records[0]
    text = record.getMessage()
    assert record.levelno == logging.ERROR and record.exc_info is None
    assert "\n" not in text and "CreateUserPool" in text and "KeyError" in text
    assert "hunter2" not in caplog.text


def test_jwks_and_openid_configuration_are_application_json(service: Service) -> None:
    pool = service.create_pool("keys")
    jwks = handle(service, WireRequest("GET", f"/{pool.id}/.well-known/jwks.json"))
    assert jwks.status == 200 and jwks.header("Content-Type") == "application/json"
    assert payload(jwks)["keys"][0]["kty"] == "RSA"
    oidc = handle(service, WireRequest("GET", f"/{pool.id}/.well-known/openid-configuration?x=1"))
    assert oidc.status == 200 and oidc.header("Content-Type") == "application/json"
    assert payload(oidc)["issuer"] == service.context.tokens.issuer(pool.id)
    head = handle(service, WireRequest("HEAD", f"/{pool.id}/.well-known/jwks.json"))
    assert head.status == 200 and head.body == b""
    assert head.header("Content-Length") == str(len(jwks.body))


@pytest.mark.parametrize(
    "path", ["/", "/nope", "/us-east-1_Nope/.well-known/jwks.json", "/x/.well-known/jwks.json"]
)
def test_unknown_get_routes_are_404_in_the_envelope(service: Service, path: str) -> None:
    assert_error(handle(service, WireRequest("GET", path)), 404, "NotFoundException")


@pytest.mark.parametrize(("method", "status"), [("PUT", 405), ("DELETE", 405), ("BREW", 501)])
def test_unsupported_methods_are_refused_in_the_envelope(
    service: Service, method: str, status: int
) -> None:
    response = handle(service, WireRequest(method, "/"))
    code = "MethodNotAllowedException" if status == 405 else "NotImplementedException"
    assert_error(response, status, code)
    if status == 405:
        assert response.header("Allow") == "GET, HEAD, POST, OPTIONS"


def test_limits_are_checked_on_the_head_alone() -> None:
    config = WireConfig(max_body=100, max_target=200, max_header_bytes=300)
    assert (
        check_head(WireRequest("POST", "/", Headers([("Content-Length", "100")])), config) is None
    )
    declared = WireRequest("POST", "/", Headers([("Content-Length", "101")]))
    assert_error(_refused(declared, config), 413, "SerializationException")
    long_path = WireRequest("GET", "/" + "a" * 200)
    assert_error(_refused(long_path, config), 414, "UriTooLongException")
    big_headers = WireRequest("GET", "/", Headers([("X-Pad", "p" * 300)]))
    assert_error(_refused(big_headers, config), 431, "RequestHeaderFieldsTooLargeException")
    for length in ("-1", "1e3", "٣", " 5"):
        bad = WireRequest("POST", "/", Headers([("Content-Length", length)]))
        assert_error(_refused(bad, config), 400, "SerializationException")


def _refused(request: WireRequest, config: WireConfig) -> WireResponse:
    response = check_head(request, config)
    assert response is not None
    return response


def test_a_body_over_the_limit_is_413_even_without_a_declared_length(service: Service) -> None:
    config = WireConfig(max_body=16)
    request = WireRequest("POST", "/", Headers(), b'{"PoolName": "' + b"x" * 32 + b'"}')
    before = sorted(service.context.repo.pool_ids())
    assert_error(handle(service, request, config), 413, "SerializationException")
    assert sorted(service.context.repo.pool_ids()) == before


def test_a_preflight_allows_what_the_js_sdk_sends(service: Service) -> None:
    headers = Headers(
        [
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", ",".join(SDK_HEADERS)),
        ]
    )
    response = handle(service, WireRequest("OPTIONS", "/", headers))
    assert response.status == 204 and response.body == b""
    assert response.header("Access-Control-Allow-Origin") == "*"
    methods = (response.header("Access-Control-Allow-Methods") or "").split(", ")
    assert {"POST", "GET", "OPTIONS"} <= set(methods)
    allowed = {
        h.lower() for h in (response.header("Access-Control-Allow-Headers") or "").split(", ")
    }
    assert set(SDK_HEADERS) <= allowed


@pytest.mark.parametrize(
    "request_",
    [
        api("CreateUserPool", b'{"PoolName": "cors"}'),
        api("Nope", b"{}"),
        api("CreateUserPool", b"[]"),
        WireRequest("GET", "/missing"),
        WireRequest("BREW", "/"),
        WireRequest("OPTIONS", "/"),
    ],
    ids=["200", "unknown op", "bad body", "404", "501", "preflight"],
)
def test_every_response_carries_cors_headers(service: Service, request_: WireRequest) -> None:
    response = handle(service, request_)
    assert response.header("Access-Control-Allow-Origin") == "*"
    exposed = (response.header("Access-Control-Expose-Headers") or "").lower()
    assert "x-amzn-requestid" in exposed and "x-amzn-errortype" in exposed


def test_an_origin_list_echoes_only_a_listed_origin(service: Service) -> None:
    config = WireConfig(cors_origins=("http://localhost:3000",))
    listed = WireRequest("GET", "/x", Headers([("Origin", "http://localhost:3000")]))
    response = handle(service, listed, config)
    assert response.header("Access-Control-Allow-Origin") == "http://localhost:3000"
    assert response.header("Vary") == "Origin"
    other = WireRequest("GET", "/x", Headers([("Origin", "http://evil.example")]))
    response = handle(service, other, config)
    assert response.header("Access-Control-Allow-Origin") is None
    assert response.header("Vary") == "Origin"


def test_headers_are_case_insensitive_and_keep_values_out_of_repr() -> None:
    headers = Headers([("Authorization", "AWS4-HMAC-SHA256 Signature=abc"), ("X-A", "1")])
    headers = Headers([*((k, headers[k]) for k in headers), ("x-a", "2")])
    assert headers["AUTHORIZATION"].endswith("abc") and headers["X-a"] == "1, 2"
    assert "Signature" not in repr(headers) and "authorization" in repr(headers)


def test_the_shells_refusals_use_the_envelope() -> None:
    request = WireRequest("POST", "/", Headers([("Origin", "http://localhost:3000")]))
    assert_error(timed_out(request), 408, "RequestTimeoutException")
    assert_error(unavailable(request), 503, "ServiceUnavailableException")
    assert unavailable(request).header("Access-Control-Allow-Origin") == "*"
