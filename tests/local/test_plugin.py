"""The pytest plugin, as a project using srpcore would load it."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

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
