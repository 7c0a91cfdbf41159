"""``srpcore login --passkey FILE`` against the local endpoint over HTTP, with a real
``srpcore.testing.SoftwareAuthenticator`` file (a software passkey for tests, NOT a real one).

The file's sign counter is read back as plain JSON (the format SoftwareAuthenticator.save
writes), so what is checked is the file on disk, not the object in memory. A stale copy of the
file repeats an old counter; WebAuthn (Level 3, "Verifying an Authentication Assertion", step
on signCount) tells the relying party to refuse it, and the endpoint answers
NotAuthorizedException as it does for every refused assertion.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import srpcore
from srpcore.cli.main import main
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS
from srpcore.testing import SoftwareAuthenticator

PASSWORD = "correct horse battery staple"
RP_ID = "auth.example.com"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AWS profile, password or client secret from the machine; no password prompt."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ACCESS_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("SRPCORE_PASSWORD", raising=False)
    monkeypatch.delenv("SRPCORE_CLIENT_SECRET", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("asked a password"))


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@dataclass
class Saved:
    """alice's passkey, registered with the pool and saved to ``path``."""

    idp: Any
    path: Path
    argv: list[str]


@pytest.fixture
def saved(cognito: LocalCognito, tmp_path: Path) -> Saved:
    idp = cognito.boto3_client()
    pool = cognito.create_user_pool("cli-passkey", first_factors=("PASSWORD", "WEB_AUTHN"))
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        WebAuthnConfiguration={"RelyingPartyId": RP_ID, "UserVerification": "required"},
    )
    app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
    cognito.create_user(pool.id, "alice", PASSWORD)
    tokens = srpcore.sign_in(
        idp, pool_id=pool.id, client_id=app.client_id, username="alice", password=PASSWORD
    )
    assert isinstance(tokens, srpcore.Tokens)
    authenticator = SoftwareAuthenticator()
    srpcore.register_passkey(
        idp, access_token=tokens.access_token, authenticator=authenticator.create
    )
    path = tmp_path / "passkey.json"
    authenticator.save(path)
    argv = ["login", "--user-pool-id", pool.id, "--client-id", app.client_id, "--endpoint-url",
            cognito.endpoint_url, "--username", "alice", "--flow", "USER_AUTH",
            "--preferred-challenge", "WEB_AUTHN", "--passkey", str(path)]  # fmt: skip
    return Saved(idp, path, argv)


def _counter(path: Path) -> int:
    [credential] = json.loads(path.read_text(encoding="utf-8"))["credentials"]
    return int(credential["sign_count"])


def test_login_with_a_saved_software_passkey(
    saved: Saved, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _counter(saved.path) == 0
    for expected in (1, 2):  # twice: the counter saved back keeps rising
        assert main(saved.argv) == 0
        out = capsys.readouterr()
        result = json.loads(out.out)["AuthenticationResult"]
        assert saved.idp.get_user(AccessToken=result["AccessToken"])["Username"] == "alice"
        assert _counter(saved.path) == expected
        assert "cannot be reached from a terminal" not in out.err  # nothing was asked
    assert saved.path.stat().st_mode & 0o077 == 0  # the private key stays private


def test_a_stale_copy_of_the_file_is_refused(
    saved: Saved, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stale = tmp_path / "stale.json"
    shutil.copy(saved.path, stale)
    assert main(saved.argv) == 0  # the counter goes to 1 in the real file only
    capsys.readouterr()
    argv = [*saved.argv[:-1], str(stale)]
    assert main(argv) == 254  # the AWS CLI's status for a service refusal
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: NotAuthorizedException: ")
    assert "RespondToAuthChallenge(WEB_AUTHN)" in line
    assert _counter(stale) == 1  # counted and saved, but the service had seen 1 already


def test_a_file_that_is_no_saved_authenticator_is_refused_before_any_call(
    saved: Saved, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"format": "something else"}', encoding="utf-8")
    assert main([*saved.argv[:-1], str(other)]) == 253
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: ") and "is not a saved software authenticator" in line
    missing = str(tmp_path / "missing.json")
    assert main([*saved.argv[:-1], missing]) == 253
    assert "no such file" in capsys.readouterr().err
