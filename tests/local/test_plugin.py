"""The pytest plugin, as a project using srpcore would load it."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from srpcore.local.pytest_plugin import LocalCognitoFixture

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


def test_fixture_in_a_user_project(tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(EXAMPLE, encoding="utf-8")
    registered = any(ep.value == PLUGIN for ep in entry_points(group="pytest11"))
    args = [] if registered else ["-p", PLUGIN]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_the_fixtures_identity_pool_trusts_both_clients(
    local_cognito: LocalCognitoFixture,
) -> None:
    from srpcore import Tokens, aws_credentials, sign_in  # noqa: PLC0415

    local_cognito.add_user("dora", "correct horse battery staple")
    identity_pool = local_cognito.add_identity_pool()
    identities = set()
    for client_id, secret in (
        (local_cognito.client_id, None),
        (local_cognito.secret_client_id, local_cognito.client_secret),
    ):
        tokens = sign_in(
            local_cognito.boto3_client(),
            pool_id=local_cognito.pool_id,
            client_id=client_id,
            client_secret=secret,
            username="dora",
            password="correct horse battery staple",
        )
        assert isinstance(tokens, Tokens)
        creds = aws_credentials(
            local_cognito.boto3_identity_client(),
            identity_pool_id=identity_pool,
            tokens=tokens,
            user_pool_id=local_cognito.pool_id,
        )
        assert creds.access_key_id.startswith("ASIA")
        identities.add(creds.identity_id)
    assert len(identities) == 1  # one user, one identity, whichever client signed in
