"""``srpcore serve`` and ``srpcore demo`` as a user runs them."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

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
    assert main(["serve", "--port", "70000"]) == 2
    assert main(["serve", "--port", "0", "--host", "0.0.0.0"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_demo_runs_every_step_and_shows_no_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--rounds", "2"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "-> InitiateAuth USER_SRP_AUTH",
        "<- challenge PASSWORD_VERIFIER",
        "refused as AWS would: NotAuthorizedException: Incorrect username or password.",
        "<- challenge DEVICE_PASSWORD_VERIFIER",
        "-> AdminInitiateAuth USER_SRP_AUTH",
        "-> InitiateAuth REFRESH_TOKEN_AUTH",
        "device sign-in, mean of 2",
    ):
        assert expected in out
    # No JWT and no generated password or secret appears in full.
    assert not re.search(r"eyJ[\w-]{20,}\.[\w-]{20,}", out)
    assert not re.search(r"Demo-[\w-]{6,}", out)
    assert not re.search(r"[a-z0-9]{51}", out)
