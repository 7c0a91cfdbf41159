"""``srpcore logout``: the calls it makes (Stubber, exact shapes) and what it refuses up front."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from srpcore.cli import logout
from srpcore.cli.main import main

from .conftest import stdin

POOL_ID = "eu-west-1_Logout1"
CLIENT_ID = "4example0client0id0abcdefg"
SECRET = "1exampleclientsecret0for0logout0tests0abcdefghijk"
ACCESS = "access.token.from-login"
REFRESH = "refresh.token.from-login"
LOGIN_JSON = json.dumps(
    {
        "ChallengeParameters": {},
        "AuthenticationResult": {
            "AccessToken": ACCESS,
            "ExpiresIn": 3600,
            "TokenType": "Bearer",
            "RefreshToken": REFRESH,
            "IdToken": "id.token.from-login",
        },
    },
    indent=4,
)


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    client = boto3.client(
        "cognito-idp",
        region_name="eu-west-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret-for-signing-only",
    )
    regions: list[str] = []

    def made(args: argparse.Namespace, region: str) -> Any:
        regions.append(region)
        return client

    monkeypatch.setattr(logout, "_client", made)
    for name in ("SRPCORE_REFRESH_TOKEN", "SRPCORE_ACCESS_TOKEN", "SRPCORE_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()
    assert set(regions) <= {"eu-west-1"}


def test_revokes_the_refresh_token_login_printed(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stub.add_response(
        "revoke_token", {}, {"Token": REFRESH, "ClientId": CLIENT_ID, "ClientSecret": SECRET}
    )
    monkeypatch.setenv("SRPCORE_CLIENT_SECRET", SECRET)
    stdin(monkeypatch, LOGIN_JSON)
    assert main(["logout", "--user-pool-id", POOL_ID, "--client-id", CLIENT_ID]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "RevokeToken" in err and REFRESH not in err


def test_a_bare_token_or_the_environment_will_do(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub.add_response("revoke_token", {}, {"Token": REFRESH, "ClientId": CLIENT_ID})
    stub.add_response("revoke_token", {}, {"Token": "from.the.environment", "ClientId": CLIENT_ID})
    stdin(monkeypatch, f"{REFRESH}\n")
    assert main(["logout", "--region", "eu-west-1", "--client-id", CLIENT_ID]) == 0
    monkeypatch.setenv("SRPCORE_REFRESH_TOKEN", "from.the.environment")
    assert main(["logout", "--region", "eu-west-1", "--client-id", CLIENT_ID]) == 0


def test_global_uses_the_access_token(stub: Stubber, monkeypatch: pytest.MonkeyPatch) -> None:
    stub.add_response("global_sign_out", {}, {"AccessToken": ACCESS})
    stdin(monkeypatch, LOGIN_JSON)
    assert main(["logout", "--user-pool-id", POOL_ID, "--global"]) == 0


def test_admin_signs_a_user_out_without_a_token(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub.add_response("admin_user_global_sign_out", {}, {"UserPoolId": POOL_ID, "Username": "bob"})
    stdin(monkeypatch, "")  # never read
    assert main(["logout", "--user-pool-id", POOL_ID, "--admin", "--username", "bob"]) == 0


def test_the_services_refusal_is_one_line(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stub.add_client_error(
        "global_sign_out",
        service_error_code="NotAuthorizedException",
        service_message="Access Token has been revoked",
        http_status_code=400,
    )
    stdin(monkeypatch, LOGIN_JSON)
    assert main(["logout", "--user-pool-id", POOL_ID, "--global"]) == 254  # the service's
    err = capsys.readouterr().err
    assert err == (
        "srpcore: error: NotAuthorizedException: Access Token has been revoked "
        "(during GlobalSignOut)\n"
    )


@pytest.mark.parametrize(
    ("argv", "text", "message"),
    [
        (["--client-id", CLIENT_ID], LOGIN_JSON, "--user-pool-id or --region"),
        (["--user-pool-id", POOL_ID], LOGIN_JSON, "needs --client-id"),
        (["--user-pool-id", "nope", "--global"], LOGIN_JSON, "--user-pool-id"),
        (["--region", "eu-west-1", "--admin", "--username", "bob"], "", "--admin needs"),
        (["--region", "eu-west-1", "--global", "--username", "bob"], "", "only with --admin"),
        (["--region", "eu-west-1", "--client-id", "no spaces"], "", "not an app client id"),
        (["--region", "Mars", "--global"], LOGIN_JSON, "not a region name"),
        (["--region", "eu-west-1", "--global", "--endpoint-url", "localhost:9"], "", "http://"),
        (["--region", "eu-west-1", "--global"], '{"AuthenticationResult": {}}', "no AccessToken"),
        (["--region", "eu-west-1", "--global"], "{not json", "not valid JSON"),
        (["--region", "eu-west-1", "--global"], "two tokens", "neither"),
    ],
)
def test_refused_before_any_call(
    stub: Stubber,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    text: str,
    message: str,
) -> None:
    stdin(monkeypatch, text)
    assert main(["logout", *argv]) == 252  # invalid syntax or parameter values
    err = capsys.readouterr().err
    assert err.startswith("srpcore: error: ") and message in err
    assert ACCESS not in err and REFRESH not in err


def test_nothing_on_stdin_is_a_missing_token(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing handed in is missing credentials (253), as for every command that reads one."""
    stdin(monkeypatch, "")
    assert main(["logout", "--region", "eu-west-1", "--client-id", CLIENT_ID]) == 253
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: no refresh token: set $SRPCORE_REFRESH_TOKEN or pipe")


def test_global_and_admin_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["logout", "--region", "eu-west-1", "--global", "--admin"]) == 252
    assert "not allowed with" in capsys.readouterr().err


def test_admin_without_credentials_is_refused_before_the_call(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    argv = ["logout", "--user-pool-id", POOL_ID, "--admin", "--username", "bob"]
    assert main([*argv, "--endpoint-url", "http://127.0.0.1:9"]) == 253  # no credentials
    assert "Unable to locate credentials" in capsys.readouterr().err


def test_bytes_that_are_not_text_on_stdin_are_a_parameter_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not an 'unexpected UnicodeDecodeError' (255): a bad value, said in one line (252)."""
    monkeypatch.delenv("SRPCORE_REFRESH_TOKEN", raising=False)
    binary = io.TextIOWrapper(io.BytesIO(b"\xff\xfe\x00token"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", binary)
    assert (
        main(["logout", "--user-pool-id", POOL_ID, "--client-id", "4example0client0id0abcdefg"])
        == 252
    )
    [line] = capsys.readouterr().err.splitlines()
    assert line == "srpcore: error: standard input is not text"
