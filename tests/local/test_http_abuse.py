"""``srpcore serve`` under abuse: aborted connections, slowloris, and a stderr nobody reads.

The server runs as a subprocess started the careless way, ``stderr=subprocess.PIPE`` that is
read only after the test: a server that wrote a traceback per aborted connection would fill the
pipe and stall. Every connection goes to 127.0.0.1 and every loop is bounded in count and time.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from srpcore import UserSRP

PASSWORD = "correct horse battery staple"
CONNECTIONS = 1000
MAX_THREADS = 16  # main, event loop and 4 workers, with room for the interpreter's own
MAX_RSS_KIB = 256 * 1024
TARGET = "AWSCognitoIdentityProviderService."


@dataclass
class Served:
    proc: subprocess.Popen[str]
    url: str
    pool_id: str
    client_id: str

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.url.removeprefix("http://").rsplit(":", 1)
        return host, int(port)

    def status(self, field: str) -> int:
        """A number from /proc/<pid>/status (``Threads``, ``VmRSS`` in KiB)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
        raise AssertionError(f"{field} not in /proc/{self.proc.pid}/status")

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def sign_in(self) -> dict[str, Any]:
        """A normal SRP sign-in with boto3: InitiateAuth, then PASSWORD_VERIFIER."""
        idp = boto3.client(
            "cognito-idp",
            region_name="us-east-1",
            endpoint_url=self.url,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=Config(proxies={}, retries={"max_attempts": 1}),
        )
        srp = UserSRP(pool_id=self.pool_id, username="alice", password=PASSWORD)
        idp.describe_user_pool(UserPoolId=self.pool_id)  # connection and signer warmed up
        started = time.perf_counter()
        first = idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH", ClientId=self.client_id, AuthParameters=srp.auth_parameters()
        )
        done = idp.respond_to_auth_challenge(
            ClientId=self.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
        )
        return {"seconds": time.perf_counter() - started, **done["AuthenticationResult"]}

    def stop(self) -> str:
        """SIGTERM, then everything the server wrote to stderr."""
        self.proc.terminate()
        try:
            _, errors = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, errors = self.proc.communicate(timeout=10)
            pytest.fail(f"serve did not stop on SIGTERM; stderr: {errors[-2000:]}")
        return errors


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * CONNECTIONS + 512  # both ends of every connection live in this process tree
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))  # children inherit
    users = [{"username": "alice", "password": PASSWORD}]
    seed = {"pools": [{"name": "abuse", "clients": [{"name": "web"}], "users": users}]}
    (tmp_path / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    command = [sys.executable, "-m", "srpcore", "serve", "--port", "0", "--json"]
    proc = subprocess.Popen(
        [*command, "--seed", str(tmp_path / "seed.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,  # read by nobody until the end, on purpose
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, "srpcore serve exited before printing its URL"
        info = json.loads(line)
        [pool] = info["pools"]
        yield Served(proc, info["endpoint_url"], pool["id"], pool["clients"][0]["client_id"])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def api_head(operation: str, length: int) -> bytes:
    return (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
        f"X-Amz-Target: {TARGET}{operation}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


HALF_HEAD = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: " + TARGET.encode()
BODY = json.dumps({"PoolName": "aborted"}).encode()
HALF_BODY = api_head("CreateUserPool", len(BODY)) + BODY[: len(BODY) // 2]
RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends RST


def assert_quiet(errors: str) -> None:
    assert "Traceback" not in errors, errors[-3000:]
    assert len(errors.splitlines()) < 10, errors[-3000:]  # nothing logged per connection


def test_aborted_connections_cost_nothing_and_log_nothing(served: Served) -> None:
    for i in range(CONNECTIONS):
        sock = socket.create_connection(served.address, timeout=10)
        sock.sendall(HALF_HEAD if i % 2 else HALF_BODY)
        if i % 4 < 2:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
        sock.close()
    result = served.sign_in()
    assert result["TokenType"] == "Bearer"
    assert served.status("Threads") <= MAX_THREADS
    errors = served.stop()
    assert served.proc.returncode == 0
    assert_quiet(errors)


def test_slowloris_does_not_delay_a_sign_in(served: Served) -> None:
    baseline_threads, baseline_rss = served.status("Threads"), served.status("VmRSS")
    held: list[socket.socket] = []
    try:
        for i in range(2 * CONNECTIONS):
            sock = socket.create_connection(served.address, timeout=10)
            if i >= CONNECTIONS:  # the second thousand: half a head, or a body promised
                sock.sendall(HALF_HEAD if i % 2 else api_head("CreateUserPool", 100))
            held.append(sock)
        deadline = time.monotonic() + 5
        while served.open_fds() < 2 * CONNECTIONS and time.monotonic() < deadline:
            time.sleep(0.05)
        fds = served.open_fds()
        assert fds >= 2 * CONNECTIONS  # the server really holds them all while we sign in
        result = served.sign_in()
        threads, rss = served.status("Threads"), served.status("VmRSS")
        print(
            f"\nslowloris: {len(held)} connections held, server fds {fds}, sign-in "
            f"{result['seconds'] * 1000:.0f} ms, threads {baseline_threads} -> {threads}, "
            f"RSS {baseline_rss / 1024:.1f} -> {rss / 1024:.1f} MiB"
        )
        assert result["TokenType"] == "Bearer"
        assert result["seconds"] < 1.0  # the bound: answered within a second
        assert threads <= MAX_THREADS
        assert rss <= MAX_RSS_KIB
    finally:
        for sock in held:
            sock.close()
    assert_quiet(served.stop())
