"""A plain ``pip install`` (no test extras, so no pytest) runs ``serve``, ``demo`` and ``login``.

The package is installed, not linked, into a fresh venv from a copy of this checkout, so a
module that imports a test-only dependency, or a file missing from the wheel, fails here as it
would for a user. The venv is built without its own pip (this interpreter's pip installs into
it), which keeps the test to roughly half a minute.
"""

from __future__ import annotations

import http.client
import json
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from srpcore import UserSRP

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
SKIP = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".*_cache", ".hypothesis"
)


@pytest.fixture(scope="module")
def plain_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plain")
    source = root / "src"
    shutil.copytree(REPO, source, ignore=SKIP)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(source)]
    done = subprocess.run(install, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return venv


def test_pytest_is_not_installed(plain_venv: Path) -> None:
    probe = [str(plain_venv / "bin" / "python"), "-c", "import pytest"]
    done = subprocess.run(probe, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode != 0 and "No module named 'pytest'" in done.stderr


@pytest.fixture
def served(plain_venv: Path, tmp_path: Path) -> Iterator[tuple[dict[str, Any], Any]]:
    seed = tmp_path / "seed.json"
    users = [{"username": "alice", "password": PASSWORD}]
    pools = [{"name": "plain", "clients": [{"name": "web"}], "users": users}]
    seed.write_text(json.dumps({"pools": pools}), encoding="utf-8")
    command = [str(plain_venv / "bin" / "srpcore"), "serve", "--port", "0", "--json"]
    proc = subprocess.Popen(
        [*command, "--seed", str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watchdog = threading.Timer(60, proc.kill)  # a hung server fails the test, never the run
    watchdog.start()
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline()  # "" once serve has died
        if not line:
            proc.kill()
            pytest.fail(f"srpcore serve printed nothing; stderr: {proc.stderr.read()[-3000:]}")
        yield json.loads(line), proc
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_serve_answers_jwks_and_a_raw_srp_sign_in(served: tuple[dict[str, Any], Any]) -> None:
    info, proc = served
    host, port = info["endpoint_url"].removeprefix("http://").rsplit(":", 1)
    [pool] = info["pools"]
    [client] = pool["clients"]
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("GET", f"/{pool['id']}/.well-known/jwks.json")
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type") == "application/json"
        assert json.loads(response.read())["keys"][0]["alg"] == "RS256"

        srp = UserSRP(pool_id=pool["id"], username="alice", password=PASSWORD)
        first = _call(conn, "InitiateAuth", {
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": client["client_id"],
            "AuthParameters": srp.auth_parameters(),
        })  # fmt: skip
        done = _call(conn, "RespondToAuthChallenge", {
            "ClientId": client["client_id"],
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeResponses": srp.answer_password_verifier(first["ChallengeParameters"]),
        })  # fmt: skip
        assert done["AuthenticationResult"]["TokenType"] == "Bearer"
    finally:
        conn.close()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    errors = proc.stderr.read()
    assert "Traceback" not in errors, errors


def _call(conn: http.client.HTTPConnection, operation: str, body: dict[str, Any]) -> Any:
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
    }
    conn.request("POST", "/", json.dumps(body).encode(), headers)
    response = conn.getresponse()
    payload = json.loads(response.read())
    assert response.status == 200, payload
    return payload


@pytest.mark.parametrize(
    "argv", [["demo", "--rounds", "1"], ["login", "--help"]], ids=["demo", "login --help"]
)
def test_cli_commands_run(plain_venv: Path, argv: list[str]) -> None:
    command = [str(plain_venv / "bin" / "srpcore"), *argv]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert done.stdout.strip()
