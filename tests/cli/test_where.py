"""Every command that calls Cognito reads "where" (pool, region, endpoint) and "who" alike.

login, logout, devices and credentials each had their own reading of ``--region``: login
refused a region the pool does not live in, logout only a name that is no region, devices and
credentials neither. Now one owner (srpcore.cli.arguments.check_where) decides for all of
them, before any prompt, token or call.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from srpcore.cli.main import main

from .conftest import stdin

POOL_ID = "us-east-1_WhereTest1"
CLIENT_ID = "4example0client0id0abcdefg"
COMMANDS = {
    "login": ["login", "--user-pool-id", POOL_ID, "--client-id", CLIENT_ID, "--username", "al"],
    "logout": ["logout", "--user-pool-id", POOL_ID, "--global"],
    "devices": ["devices", "list", "--user-pool-id", POOL_ID],
    "credentials": [
        "credentials",
        "--identity-pool-id",
        "us-east-1:0a1b2c3d-0000-4000-8000-000000000000",
        *["--user-pool-id", POOL_ID, "--client-id", CLIENT_ID, "--username", "al"],
    ],
}

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--region", "Mars"], "--region 'Mars' is not a region name like us-east-1"),
        (["--region", "eu-west-1"], "user pool us-east-1_WhereTest1 lives in us-east-1, not eu"),
        (["--endpoint-url", "localhost:9339"], "did you mean http://localhost:9339?"),
    ],
)
def test_a_bad_where_is_refused_alike_before_anything_is_read(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    extra: list[str],
    message: str,
) -> None:
    stdin(monkeypatch, "access.token.never-read")
    assert main([*COMMANDS[command], *extra]) == 252
    out, err = capsys.readouterr()
    [line] = err.splitlines()
    assert out == "" and line.startswith("srpcore: error: ") and message in line


@pytest.mark.parametrize("command", ["login", "credentials"])
def test_a_username_with_a_space_is_refused_alike(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """UsernameType admits no whitespace: refused here, not by the service after the prompt."""
    argv = [a if a != "al" else "al ice" for a in COMMANDS[command]]
    assert main(argv) == 252
    assert (
        "--username 'al ice': 1 to 128 printable characters, no spaces" in capsys.readouterr().err
    )


def test_a_local_endpoint_takes_any_region_botocore_takes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not refused by our checks (nobody listens on port 9, so the call itself fails: 255)."""
    stdin(monkeypatch, "")
    argv = [*COMMANDS["devices"], "--admin", "--username", "al", "--region", "local"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    assert main([*argv, "--endpoint-url", "http://127.0.0.1:9"]) == 255
    assert "Could not connect to the endpoint URL" in capsys.readouterr().err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unknown_profile_is_bad_configuration_alike(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
) -> None:
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", "access.token.never-sent")
    extra = ["--cache-dir", str(tmp_path / "cache")] if command == "credentials" else []
    assert main([*COMMANDS[command], *extra, "--profile", "no-such-profile"]) == 253
    [line] = capsys.readouterr().err.splitlines()
    assert line == "srpcore: error: The config profile (no-such-profile) could not be found"
