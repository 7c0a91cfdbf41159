"""Locust's distributed mode (a master and 2 worker processes) signs in with SRP for real.

``srpcore serve`` (a subprocess, seeded with test users) verifies every SRP sign-in; a small app
in this test verifies each access token against the endpoint's JWKS with PyJWT. Everything
stays on 127.0.0.1. The run time is fixed and short; the assertions are strict.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = ROOT / "benchmarks" / "locustfile.py"
POOL_ID = "us-east-1_LocustProof1"
CLIENT_ID = "locustproofclient000000001"
CLIENT_SECRET = "locustProofSecret0123456789abcdef"
USERS = 20
RUN_TIME = "25s"
MIN_SIGN_INS = 500


class TokenApp(ThreadingHTTPServer):
    """``GET /protected``: 200 for a valid access token of the pool and client, else 401."""

    daemon_threads = True

    def __init__(self, endpoint_url: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.issuer = f"{endpoint_url}/{POOL_ID}"
        self.keys = jwt.PyJWKClient(f"{self.issuer}/.well-known/jwks.json")
        self.lock = threading.Lock()
        self.accepted: dict[str, str] = {}  # access token jti -> username
        self.rejected = 0

    def check(self, header: str | None) -> bool:
        scheme, _, token = (header or "").partition(" ")
        try:
            if scheme != "Bearer":
                raise jwt.InvalidTokenError("no bearer token")
            key = self.keys.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=self.issuer,
                options={"require": ["exp", "iat", "jti", "username"]},
            )
            if claims.get("token_use") != "access" or claims.get("client_id") != CLIENT_ID:
                raise jwt.InvalidTokenError("not an access token of this client")
        except jwt.PyJWTError:
            with self.lock:
                self.rejected += 1
            return False
        with self.lock:
            self.accepted[claims["jti"]] = claims["username"]
        return True


class _Handler(BaseHTTPRequestHandler):
    server: TokenApp

    def do_GET(self) -> None:
        ok = self.path == "/protected" and self.server.check(self.headers.get("Authorization"))
        body = b'{"ok":true}' if ok else b'{"ok":false}'
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    users = [
        {"username": f"load{i:03d}", "password": f"Load-test password {i}!"} for i in range(USERS)
    ]
    seed = {
        "pools": [
            {
                "name": "load",
                "id": POOL_ID,
                "clients": [
                    {
                        "name": "app",
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    }
                ],
                "users": users,
            }
        ]
    }
    seed_file = tmp_path / "seed.json"
    seed_file.write_text(json.dumps(seed), encoding="utf-8")
    users_file = tmp_path / "users.csv"
    with users_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["username", "password"])
        writer.writeheader()
        writer.writerows(users)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "srpcore",
            "serve",
            "--port",
            "0",
            "--json",
            "--seed",
            str(seed_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, "srpcore serve printed nothing"
        yield json.loads(line)["endpoint_url"], users_file
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_distributed_run_signs_in_and_tokens_are_accepted(
    endpoint: tuple[str, Path], tmp_path: Path
) -> None:
    endpoint_url, users_file = endpoint
    assert endpoint_url.startswith("http://127.0.0.1:")
    app = TokenApp(endpoint_url)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "SRPCORE_ENDPOINT_URL": endpoint_url,
        "SRPCORE_USER_POOL_ID": POOL_ID,
        "SRPCORE_CLIENT_ID": CLIENT_ID,
        "SRPCORE_CLIENT_SECRET": CLIENT_SECRET,
        "SRPCORE_USERS_FILE": str(users_file),
        "SRPCORE_RESIGN_EVERY": "1",
        "SRPCORE_APP_PATH": "/protected",
        "NO_PROXY": "127.0.0.1",
    }
    env.pop("LOCUST_SKIP_MONKEY_PATCH", None)  # set by conftest for this process only
    prefix = tmp_path / "run"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["--processes", "2", "-u", str(USERS), "-r", str(USERS), "--run-time", RUN_TIME]
    command += ["--host", f"http://127.0.0.1:{app.server_address[1]}", "--csv", str(prefix)]
    command += ["--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING"]
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        app.shutdown()
        app.server_close()
    assert done.returncode == 0, done.stderr[-3000:]

    with (tmp_path / "run_stats.csv").open(encoding="utf-8") as handle:
        rows = {(r["Type"], r["Name"]): r for r in csv.DictReader(handle)}
    with (tmp_path / "run_failures.csv").open(encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    assert failures == []
    assert all(int(r["Failure Count"]) == 0 for r in rows.values()), rows
    initiated = int(rows[("InitiateAuth", "USER_SRP_AUTH")]["Request Count"])
    sign_ins = int(rows[("RespondToAuthChallenge", "PASSWORD_VERIFIER")]["Request Count"])
    assert sign_ins >= MIN_SIGN_INS, f"only {sign_ins} sign-ins"
    assert initiated >= sign_ins  # each sign-in is one InitiateAuth and one answer
    assert ("throttled", "InitiateAuth USER_SRP_AUTH") not in rows  # the local endpoint never is
    # Each signed-in user calls GetUser next, unless the run's stop came in between (at most
    # one such user per virtual user).
    assert int(rows[("GetUser", "GetUser")]["Request Count"]) >= sign_ins - USERS
    # Every sign-in's access token went to the protected route (but those a stop cut short).
    assert app.rejected == 0
    assert len(app.accepted) >= sign_ins - USERS
    # The app's own count is the authority: workers report to the master every few seconds, so
    # requests of the last interval before the stop can be missing from Locust's totals (CI saw
    # 2006 recorded against 2103 served). Locust must still have recorded the route.
    assert int(rows[("GET", "protected route")]["Request Count"]) > 0
    # Both worker processes signed users in (their credential offsets differ by the index).
    assert len(set(app.accepted.values())) >= USERS // 2 + 1
