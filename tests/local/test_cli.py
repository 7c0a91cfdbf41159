"""``srpcore serve`` and ``srpcore demo`` as a user runs them."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import boto3
import pytest

from srpcore import UserSRP
from srpcore.cli.main import main


def test_serve_with_a_seed_then_sign_in(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps(
            {
                "pools": [
                    {
                        "name": "cli",
                        "clients": [{"name": "web"}],
                        "users": [{"username": "alice", "password": "correct horse battery"}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "srpcore", "serve", "--port", "0", "--json", "--seed", str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", info["endpoint_url"])
        [pool] = info["pools"]
        [client] = pool["clients"]
        assert pool["users"] == ["alice"] and client["has_secret"] is False
        idp = boto3.client(
            "cognito-idp", region_name="us-east-1", endpoint_url=info["endpoint_url"]
        )
        srp = UserSRP(pool_id=pool["id"], username="alice", password="correct horse battery")
        first = idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH",
            ClientId=client["client_id"],
            AuthParameters=srp.auth_parameters(),
        )
        done = idp.respond_to_auth_challenge(
            ClientId=client["client_id"],
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
        )
        assert "AccessToken" in done["AuthenticationResult"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_serve_without_a_seed_prints_the_url_and_ids() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "srpcore", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert re.match(r"Local Cognito endpoint: http://127\.0\.0\.1:\d+$", lines[0])
    assert re.search(r"user pool local: us-east-1_[0-9A-Za-z]{9}$", lines[1])
    assert re.search(r"app client: [a-z0-9]{26} \(no secret\)$", lines[3])
    assert proc.returncode == 0


def test_serve_refuses_a_bad_port_or_a_public_address(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 252  # a bad parameter value
    assert main(["serve", "--port", "0", "--host", "0.0.0.0"]) == 252
    assert "loopback" in capsys.readouterr().err


def test_demo_runs_every_step_and_shows_no_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--rounds", "2"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "-> InitiateAuth USER_SRP_AUTH",
        "<- challenge PASSWORD_VERIFIER",
        "<- NotAuthorizedException: Incorrect username or password.",  # the traced refusal
        "refused as AWS would: NotAuthorizedException: Incorrect username or password.",
        "<- challenge DEVICE_PASSWORD_VERIFIER",
        "-> AdminInitiateAuth USER_SRP_AUTH",
        "-> GetTokensFromRefreshToken",  # the default refresh
        "device sign-in, mean of 2",
    ):
        assert expected in out
    # No JWT and no generated password or secret appears in full.
    assert not re.search(r"eyJ[\w-]{20,}\.[\w-]{20,}", out)
    assert not re.search(r"Demo-[\w-]{6,}", out)
    assert not re.search(r"[a-z0-9]{51}", out)
    # Nor any part of a token or a MAC: the traced secrets are shown by their length only.
    assert "eyJ" not in out
    traced = [line.strip() for line in out.splitlines() if " = " in line]
    secrets_traced = [line for line in traced if line.startswith(("SECRET_HASH", "PASSWORD_CLAIM"))]
    assert secrets_traced
    assert all(line.endswith("chars, not shown)") for line in secrets_traced), secrets_traced


# What each seed key takes, as the seed format documents it (not read from srpcore).
_KINDS = {
    "pools": {
        "name": "string",
        "id": "string",
        "device_tracking": "device_tracking",
        "challenge_on_new_device": "boolean",
        "alias_attributes": "strings",
        "username_attributes": "strings",
        "required_attributes": "strings",
        "password_min_length": "integer",
        "mfa_required": "boolean",
        "custom_auth_answers": "strings",
    },
    "clients": {
        "name": "string",
        "client_id": "string",
        "client_secret": "string",
        "generate_secret": "boolean",
        "explicit_auth_flows": "strings",
        "prevent_user_existence_errors": "boolean",
        "session_validity": "integer",
    },
    "users": {
        "username": "string",
        "password": "string",
        "attributes": "table",
        "temporary": "boolean",
        "mfa": "strings",
        "enabled": "boolean",
        "status": "string",
    },
}
_EXPECTED = {
    "string": "expected a string",
    "boolean": "expected true or false",
    "integer": "expected an integer from",
    "strings": "expected a list of strings",
    "table": "expected a table of string values",
    "device_tracking": 'expected true, false, "always" or "opt-in"',
}
# One value of every JSON type, and how the error shows it.
_SAMPLES = {
    "string": ("yes", '"yes"'),
    "integer": (8, "8"),
    "boolean": (True, "true"),
    "float": (1.5, "1.5"),
    "strings": (["x"], "a list"),
    "table": ({"a": "b"}, "a table"),
    "null": (None, "null"),
}
_ACCEPTS = {"device_tracking": {"boolean"}, "table": {"table"}}


def _seed_with(table: str, key: str, value: object) -> dict[str, Any]:
    user = {"username": "alice", "password": "correct horse battery"}
    pool: dict[str, Any] = {"name": "p", "clients": [{"name": "web"}], "users": [user]}
    target = pool if table == "pools" else pool[table][0]
    target[key] = value
    return {"pools": [pool]}


def _where(table: str, key: str) -> str:
    return f"pools[0].{key}" if table == "pools" else f"pools[0].{table}[0].{key}"


_TYPE_CASES = [
    pytest.param(
        _seed_with(table, key, value),
        f"{_where(table, key)}: {_EXPECTED[kind]}",
        f"got {shown}",
        id=f"{table}.{key}={sample}",
    )
    for table, keys in _KINDS.items()
    for key, kind in keys.items()
    for sample, (value, shown) in _SAMPLES.items()
    if sample not in _ACCEPTS.get(kind, {kind})
]
_VALUE_CASES = [
    pytest.param(_seed_with("pools", "device_tracking", "yes"), "pools[0].device_tracking",
                 'got "yes"', id="device_tracking=yes"),
    pytest.param(_seed_with("pools", "password_min_length", 5), "pools[0].password_min_length",
                 "an integer from 6 to 99, got 5", id="min_length=5"),
    pytest.param(_seed_with("pools", "password_min_length", 2**70),
                 "pools[0].password_min_length", "got an integer out of range", id="huge-int"),
    pytest.param(_seed_with("pools", "id", "bad id"), "pools[0]: InvalidParameterException",
                 "'bad id' is not a user pool id", id="id=bad id"),
    pytest.param(_seed_with("users", "password", "short"), "pools[0].users[0]: InvalidPassword",
                 "Password not long enough", id="password-below-policy"),
    pytest.param(_seed_with("pools", "alias_attributes", ["nickname"]),
                 "pools[0].alias_attributes[0]: expected one of", 'got "nickname"', id="alias"),
    pytest.param(_seed_with("pools", "required_attributes", [1]),
                 "pools[0].required_attributes[0]: expected a string", "got 1", id="list-item"),
    pytest.param(_seed_with("users", "attributes", {"email": True}),
                 "pools[0].users[0].attributes.email: expected a string", "got true", id="attr"),
    pytest.param(_seed_with("users", "mfa", ["PIGEON"]), "pools[0].users[0]: Invalid",
                 "Unknown MFA kind PIGEON", id="mfa-kind"),
    pytest.param(_seed_with("users", "status", "HAPPY"), "pools[0].users[0]: Invalid",
                 "status must be one of", id="status"),
    pytest.param(_seed_with("clients", "explicit_auth_flows", ["ALLOW_ALL"]),
                 "pools[0].clients[0]: InvalidParameterException", "ALLOW_ALL", id="flows"),
    pytest.param(_seed_with("clients", "session_validity", 99),
                 "pools[0].clients[0].session_validity", "from 3 to 15, got 99", id="validity"),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "where", "detail"), _TYPE_CASES + _VALUE_CASES)
def test_serve_refuses_a_bad_seed_value_in_one_line(
    doc: dict[str, Any],
    where: str,
    detail: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed = tmp_path / "bad.json"
    seed.write_text(json.dumps(doc), encoding="utf-8")
    # A seed accepted by mistake would serve forever: SIGINT stops it, and the test fails.
    watchdog = threading.Timer(20, os.kill, (os.getpid(), signal.SIGINT))
    watchdog.start()
    try:
        status = main(["serve", "--port", "0", "--seed", str(seed)])
    finally:
        watchdog.cancel()
    assert status == 252  # a bad parameter value (in the file the parameter names)
    out = capsys.readouterr()
    assert out.out == ""
    [line] = out.err.splitlines()
    assert line.startswith(f"srpcore: error: {seed}: {where}")
    assert detail in line


@pytest.mark.skipif(sys.version_info < (3, 11), reason="TOML seeds need tomllib (3.11+)")
@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('device_tracking = "yes"', 'pools[0].device_tracking: expected true, false, "always"'
                                    ' or "opt-in", got "yes"'),
        ('password_min_length = "eight"', "pools[0].password_min_length: expected an integer"
                                          ' from 6 to 99, got "eight"'),
        ('id = "bad id"', "pools[0]: InvalidParameterException: 'bad id' is not a user pool id"
                          " like us-east-1_AbCdEfGhI"),
        ("password_min_length = 40", "pools[0].users[0]: InvalidPasswordException: Password does"
                                     " not conform to policy: Password not long enough"),
    ],
)  # fmt: skip
def test_serve_with_a_bad_toml_seed_is_one_line_in_a_real_process(
    toml: str, message: str, tmp_path: Path
) -> None:
    seed = tmp_path / "bad.toml"
    seed.write_text(
        f'[[pools]]\nname = "p"\n{toml}\n\n[[pools.users]]\nusername = "alice"\n'
        'password = "correct horse battery"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "srpcore", "serve", "--port", "0", "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 252
    assert done.stdout == ""
    assert done.stderr == f"srpcore: error: {seed}: {message}\n"
