"""Requests are checked once against the cognito-idp service model (issue 8, item 8).

Types, required members, lengths and patterns come from botocore's model; the model's Java
patterns keep their meaning (ASCII ``\\w``, Unicode ``\\p{L}``); sensitive values are never
echoed; lone surrogates anywhere are refused before any handler could hash or encode them.
"""

from __future__ import annotations

from typing import Any

import pytest

from srpcore.local.errors import ApiError
from srpcore.local.validate import validate_request


def _refusal(operation: str, body: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        validate_request(operation, body)
    return info.value


def test_a_valid_request_passes_and_unknown_members_are_ignored() -> None:
    validate_request(
        "InitiateAuth",
        {
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": "abc123",
            "AuthParameters": {"USERNAME": "alice", "SRP_A": "ab"},
            "SomethingNew": {"nested": [1, 2]},
        },
    )


def test_missing_required_member_in_cognitos_words() -> None:
    error = _refusal("InitiateAuth", {"ClientId": "abc"})
    assert error.code == "InvalidParameterException"
    assert error.message == (
        "1 validation error detected: Value null at 'authFlow' failed to satisfy "
        "constraint: Member must not be null"
    )


@pytest.mark.parametrize(
    ("body", "member"),
    [
        ({"AuthFlow": 5, "ClientId": "abc"}, "authFlow"),
        ({"AuthFlow": "USER_SRP_AUTH", "ClientId": ["abc"]}, "clientId"),
        ({"AuthFlow": "USER_SRP_AUTH", "ClientId": "abc", "AuthParameters": []}, "authParameters"),
        (
            {"AuthFlow": "USER_SRP_AUTH", "ClientId": "abc", "AuthParameters": {"USERNAME": 1}},
            "authParameters.USERNAME",
        ),
    ],
)
def test_wrong_types_are_serialization_errors(body: dict[str, Any], member: str) -> None:
    error = _refusal("InitiateAuth", body)
    assert error.code == "SerializationException" and f"'{member}'" in error.message


def test_java_classes_keep_their_meaning() -> None:
    # ClientIdType is [\w+]+: ASCII word characters in Java, so "é" is refused ...
    assert "pattern" in _refusal("DescribeUserPool", {"UserPoolId": "us-east-1_é"}).message
    # ... while UsernameType's \p{L} admits any letter, and refuses a space.
    base = {"UserPoolId": "us-east-1_Abc"}
    validate_request("AdminGetUser", {**base, "Username": "Zoë"})
    assert "pattern" in _refusal("AdminGetUser", {**base, "Username": "a b"}).message


def test_sensitive_values_are_not_echoed() -> None:
    error = _refusal("AdminGetUser", {"UserPoolId": "us-east-1_Abc", "Username": "secret name"})
    assert "secret name" not in error.message and "at 'username'" in error.message
    shown = _refusal("DescribeUserPool", {"UserPoolId": "not a pool id"})
    assert "'not a pool id'" in shown.message  # not sensitive: shown, as Cognito does


def test_lengths_come_from_the_model() -> None:
    error = _refusal("InitiateAuth", {"AuthFlow": "USER_AUTH", "ClientId": "a" * 129})
    assert "length less than or equal to 128" in error.message


@pytest.mark.parametrize(
    ("operation", "body"),
    [
        ("InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "abc",
                          "AuthParameters": {"USERNAME": "alice", "PASSWORD": "pw\ud800"}}),
        ("AdminCreateUser", {"UserPoolId": "us-east-1_Abc", "Username": "\ud83d"}),
        ("GetUser", {"AccessToken": "abc\udc00"}),
        ("InitiateAuth", {"AuthFlow": "USER_AUTH", "ClientId": "abc", "\ud800": "key"}),
        ("InitiateAuth", {"Unknown": [[[{"deep": "\ud800"}]]]}),
    ],
)  # fmt: skip
def test_lone_surrogates_anywhere_are_refused(operation: str, body: dict[str, Any]) -> None:
    assert _refusal(operation, body).code == "SerializationException"


def test_unknown_operations_pass_through_to_the_dispatcher() -> None:
    validate_request("DeleteEverything", {"x": 1})
