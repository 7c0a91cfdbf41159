"""``srpcore login`` prompts for USER_AUTH's factors: the method, codes, the password when
picked, and passkeys (pasted, or answered by ``--passkey FILE``).

The local endpoint's factors run over HTTP (the codes read from its outbox as they are sent);
the exact request shapes of the code and pasted-passkey answers are pinned over a botocore
Stubber'd client in the service model's shapes (the CLI's own client is swapped for it).
``--passkey FILE`` with a real software authenticator is tests/cli/test_login_passkey_e2e.py.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from srpcore.cli.main import main
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS

from .conftest import PASSWORD, isolate, stdin

POOL_ID = "us-east-1_CliPool01"
CLIENT_ID = "cliclient0123456789"
SESSION = "cli-session-0123456789abcdefghij"
TOKENS = {"AccessToken": "acc.ess.tok", "ExpiresIn": 3600, "TokenType": "Bearer"}
OPTIONS = {"challenge": "q83vEjRWeJCrze8SNFZ4kA", "rpId": "example.com", "timeout": 60000}
ASSERTION = {
    "id": "AAEC",
    "rawId": "AAEC",
    "type": "public-key",
    "response": {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"},
}


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path, password=None)  # every password is prompted for


def _passwords(monkeypatch: pytest.MonkeyPatch, prompts: list[str]) -> None:
    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.setattr("getpass.getpass", fake_getpass)


def _local_args(cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    pool = cognito.create_user_pool("cli-user-auth")
    app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=ALL_FLOWS)
    assert app.client_secret is not None
    monkeypatch.setenv("SRPCORE_CLIENT_SECRET", app.client_secret)
    cognito.create_user(pool.id, "alice", PASSWORD)
    return ["login", "--user-pool-id", pool.id, "--client-id", app.client_id, "--endpoint-url",
            cognito.endpoint_url, "--username", "alice"]  # fmt: skip


@pytest.mark.parametrize("typed", ["PASSWORD", "2"])  # by name, or by number (PASSWORD_SRP)
def test_the_method_is_asked_then_the_password_only_for_a_password_method(
    cognito: LocalCognito,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    typed: str,
) -> None:
    args = _local_args(cognito, monkeypatch)
    prompts: list[str] = []
    _passwords(monkeypatch, prompts)
    stdin(monkeypatch, f"{typed}\n")
    assert main([*args, "--flow", "USER_AUTH", "--preferred-challenge", "none"]) == 0
    out = capsys.readouterr()
    assert "Sign-in method [1-2]: " in out.err
    assert "1. PASSWORD\n" in out.err and "2. PASSWORD_SRP\n" in out.err
    assert prompts == ["Password for alice: "]  # asked once, after the choice
    assert json.loads(out.out)["AuthenticationResult"]["TokenType"] == "Bearer"


def test_user_password_auth_from_the_shell(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _local_args(cognito, monkeypatch)
    monkeypatch.setenv("SRPCORE_PASSWORD", PASSWORD)
    assert main([*args, "--flow", "USER_PASSWORD_AUTH"]) == 0
    assert "AccessToken" in json.loads(capsys.readouterr().out)["AuthenticationResult"]


class OutboxStdin:
    """stdin whose next line is the newest code the endpoint sent (read when it is asked)."""

    def __init__(self, cognito: LocalCognito, pool_id: str, *typed: str) -> None:
        self.cognito, self.pool_id = cognito, pool_id
        self.typed = list(typed)  # lines typed before the code (a method's name or number)

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        if self.typed:
            return self.typed.pop(0) + "\n"
        messages = self.cognito.messages(pool_id=self.pool_id, username="alice")
        assert messages, "asked for a code before one was sent"
        return messages[-1].code + "\n"


@pytest.mark.parametrize(
    ("factor", "label", "attributes"),
    [
        ("EMAIL_OTP", "E-mail code", {"email": "alice@example.com", "email_verified": "true"}),
        ("SMS_OTP", "SMS code", {"phone_number": "+15555550100", "phone_number_verified": "true"}),
    ],
)
def test_a_code_from_the_endpoint_signs_in_without_a_password(
    cognito: LocalCognito,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    factor: str,
    label: str,
    attributes: dict[str, str],
) -> None:
    pool = cognito.create_user_pool("cli-codes", first_factors=(factor,))
    app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
    cognito.create_user(pool.id, "alice", PASSWORD, attributes=attributes)
    prompts: list[str] = []
    _passwords(monkeypatch, prompts)
    monkeypatch.setattr(sys, "stdin", OutboxStdin(cognito, pool.id))
    argv = ["login", "--user-pool-id", pool.id, "--client-id", app.client_id, "--endpoint-url",
            cognito.endpoint_url, "--username", "alice", "--flow", "USER_AUTH",
            "--preferred-challenge", factor]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr()
    assert f"{label} (sent to " in out.err
    assert "alice@example.com" not in out.err and "+15555550100" not in out.err  # masked
    assert prompts == []  # no password for a code factor
    assert json.loads(out.out)["AuthenticationResult"]["TokenType"] == "Bearer"


def test_the_method_list_then_the_code_from_the_endpoint(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = cognito.create_user_pool("cli-choice", first_factors=("PASSWORD", "EMAIL_OTP"))
    app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
    attributes = {"email": "alice@example.com", "email_verified": "true"}
    cognito.create_user(pool.id, "alice", PASSWORD, attributes=attributes)
    prompts: list[str] = []
    _passwords(monkeypatch, prompts)
    monkeypatch.setattr(sys, "stdin", OutboxStdin(cognito, pool.id, "EMAIL_OTP"))
    argv = ["login", "--user-pool-id", pool.id, "--client-id", app.client_id, "--endpoint-url",
            cognito.endpoint_url, "--username", "alice", "--flow", "USER_AUTH",
            "--preferred-challenge", "none"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr()
    assert "Sign-in method [1-3]: " in out.err and "EMAIL_OTP" in out.err
    assert "E-mail code (sent to a***@e***.com): " in out.err
    assert prompts == []
    assert json.loads(out.out)["AuthenticationResult"]["TokenType"] == "Bearer"


class Stubbed:
    """The CLI's boto3 client, swapped for one answering from a Stubber."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.client = boto3.client(
            "cognito-idp", region_name="us-east-1", aws_access_key_id="A", aws_secret_access_key="S"
        )
        self.stub = Stubber(self.client)
        self.stub.activate()
        monkeypatch.setattr("srpcore.cli.login._client", lambda args, region: self.client)
        self.args = ["login", "--user-pool-id", POOL_ID, "--client-id", CLIENT_ID, "--username",
                     "alice", "--flow", "USER_AUTH"]  # fmt: skip

    def initiate(self, preferred: str, response: dict[str, Any]) -> None:
        self.stub.add_response(
            "initiate_auth",
            response,
            {
                "ClientId": CLIENT_ID,
                "AuthFlow": "USER_AUTH",
                "AuthParameters": {"USERNAME": "alice", "PREFERRED_CHALLENGE": preferred},
            },
        )

    def answer(self, name: str, **responses: str) -> None:
        self.stub.add_response(
            "respond_to_auth_challenge",
            {"AuthenticationResult": TOKENS},
            {
                "ClientId": CLIENT_ID,
                "ChallengeName": name,
                "Session": SESSION,
                "ChallengeResponses": {"USERNAME": "alice", **responses},
            },
        )


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubbed]:
    double = Stubbed(monkeypatch)
    yield double
    double.stub.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("name", "key", "label"),
    [("EMAIL_OTP", "EMAIL_OTP_CODE", "E-mail code"), ("SMS_OTP", "SMS_OTP_CODE", "SMS code")],
)
def test_a_code_is_prompted_for_and_no_password_is_asked(
    stubbed: Stubbed,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    key: str,
    label: str,
) -> None:
    prompts: list[str] = []
    _passwords(monkeypatch, prompts)
    params = {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***"}
    stubbed.initiate(
        name, {"ChallengeName": name, "Session": SESSION, "ChallengeParameters": params}
    )
    stubbed.answer(name, **{key: "40958172"})
    stdin(monkeypatch, "40958172\n")
    assert main([*stubbed.args, "--preferred-challenge", name]) == 0
    out = capsys.readouterr()
    assert f"{label} (sent to a***@e***): " in out.err
    assert prompts == []
    assert json.loads(out.out)["AuthenticationResult"]["AccessToken"] == "acc.ess.tok"


def _web_authn_challenge() -> dict[str, Any]:
    return {
        "ChallengeName": "WEB_AUTHN",
        "Session": SESSION,
        "ChallengeParameters": {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(OPTIONS)},
    }


def test_without_passkey_the_request_is_shown_and_a_pasted_response_sent(
    stubbed: Stubbed, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pasted = json.dumps(ASSERTION)
    stubbed.initiate("WEB_AUTHN", _web_authn_challenge())
    stubbed.answer("WEB_AUTHN", CREDENTIAL=pasted)
    stdin(monkeypatch, pasted + "\n")
    assert main([*stubbed.args, "--preferred-challenge", "WEB_AUTHN"]) == 0
    err = capsys.readouterr().err
    assert "cannot be reached from a terminal" in err
    assert json.loads(err.splitlines()[1]) == OPTIONS


@pytest.mark.parametrize(
    ("extra", "message", "status"),
    [  # 253: the installation lacks what is asked for; 252: the arguments do not fit
        (["--passkey", "p.json"], "needs srpcore.testing.SoftwareAuthenticator, which this", 253),
        (["--passkey", "p.json", "--flow", "USER_SRP_AUTH"], "only --flow USER_AUTH", 252),
        (
            ["--preferred-challenge", "EMAIL_OTP", "--flow", "CUSTOM_AUTH"],
            "for --flow USER_AUTH",
            252,
        ),
    ],
)
def test_passkey_and_preference_mistakes_are_reported_before_any_prompt(
    stubbed: Stubbed,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
    status: int,
) -> None:
    monkeypatch.setitem(sys.modules, "srpcore.testing", None)  # not installed: ImportError
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("prompted"))
    stdin(monkeypatch, "")
    assert main([*stubbed.args, *extra]) == status
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: ") and message in line
