"""The pytest plugin, as a project using srpcore would load it."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

PLUGIN = "srpcore.local.pytest_plugin"

EXAMPLE = """
from srpcore import UserSRP


def test_sign_in(local_cognito):
    local_cognito.add_user("alice", "correct horse battery")
    idp = local_cognito.boto3_client()
    srp = UserSRP(pool_id=local_cognito.pool_id, username="alice", password="correct horse battery")
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH",
        ClientId=local_cognito.client_id,
        AuthParameters=srp.auth_parameters(),
    )
    done = idp.respond_to_auth_challenge(
        ClientId=local_cognito.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
    )
    assert "NewDeviceMetadata" in done["AuthenticationResult"]
    assert local_cognito.endpoint_url.startswith("http://127.0.0.1:")
    assert local_cognito.client_secret and local_cognito.secret_client_id != local_cognito.client_id


def test_each_test_gets_its_own_pool(local_cognito):
    local_cognito.add_user("alice", "another password")  # no clash with the other test
"""


def test_fixture_in_a_user_project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_example=EXAMPLE)
    registered = any(ep.value == PLUGIN for ep in entry_points(group="pytest11"))
    args = [] if registered else ["-p", PLUGIN]
    result = pytester.runpytest_subprocess(*args)
    result.assert_outcomes(passed=2)
