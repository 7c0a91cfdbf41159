"""``srpcore serve``: its request log (one line per request, no secret in it) and ``--output``."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

import srpcore
from srpcore.cli.main import main
from srpcore.local.access_log import request_line
from srpcore.local.wire import Headers, WireRequest, WireResponse

PASSWORD = "correct horse battery staple"
LINE = re.compile(
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO srpcore\.local\.access: "
    r"(?P<operation>[A-Za-z]+|GET /[\w./-]+) (?P<status>\d{3})(?: (?P<error>[A-Za-z]+))? "
    r"\d+\.\d ms"
)


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    seed = tmp_path / "seed.json"
    user = {"username": "alice", "password": PASSWORD}
    pool = {"name": "log", "clients": [{"name": "web", "generate_secret": True}], "users": [user]}
    seed.write_text(json.dumps({"pools": [pool]}), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "srpcore", "serve", "--port", "0", "--json", "--show-secrets",
         "--seed", str(seed), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    return proc, json.loads(proc.stdout.readline())


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return err


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for member in value.values():
            yield from _strings(member)
    elif isinstance(value, list):
        for member in value:
            yield from _strings(member)


def test_one_line_per_request_and_no_secret_in_any(tmp_path: Path) -> None:
    proc, info = _serve(tmp_path, "--log-level", "info")
    try:
        [pool] = info["pools"]
        [app] = pool["clients"]
        client = boto3.client(
            "cognito-idp", region_name="us-east-1", endpoint_url=info["endpoint_url"]
        )
        seen: list[str] = [PASSWORD, "a wrong password", app["client_secret"]]
        client.meta.events.register(
            "provide-client-params.cognito-identity-provider",
            lambda params, **_: seen.extend(_strings(params)),
        )
        client.meta.events.register(
            "after-call.cognito-identity-provider",
            # (an error's code is logged on purpose: the values of answers are what may not be)
            lambda parsed, **_: seen.extend(_strings(parsed)) if "Error" not in parsed else None,
        )
        options = {"pool_id": pool["id"], "client_id": app["client_id"], "username": "alice",
                   "client_secret": app["client_secret"]}  # fmt: skip
        with pytest.raises(srpcore.ServiceError):
            srpcore.sign_in(client, password="a wrong password", **options)
        tokens = srpcore.sign_in(client, password=PASSWORD, **options)
        assert isinstance(tokens, srpcore.Tokens)
        client.get_user(AccessToken=tokens.access_token)
        url = f"{info['endpoint_url']}/{pool['id']}/.well-known/jwks.json"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
    finally:
        err = _stop(proc)
    lines = [line for line in err.splitlines() if " srpcore.local.access: " in line]
    others = [line for line in err.splitlines() if line not in lines]
    assert [line for line in others if "srpcore.local.server: Running on" not in line] == []
    parsed = [LINE.fullmatch(line) for line in lines]
    assert [line for line, match in zip(lines, parsed, strict=True) if match is None] == []
    calls = [(m["operation"], m["status"], m["error"]) for m in parsed if m is not None]
    assert calls == [
        ("InitiateAuth", "200", None),
        ("RespondToAuthChallenge", "400", "NotAuthorizedException"),  # the wrong password
        ("InitiateAuth", "200", None),
        ("RespondToAuthChallenge", "200", None),
        ("GetUser", "200", None),
        (f"GET /{pool['id']}/.well-known/jwks.json", "200", None),
    ]
    secrets = {value for value in seen if len(value) >= 8}
    assert tokens.access_token in secrets and PASSWORD in secrets  # the check below can fail
    assert [value[:12] for value in secrets if value in err] == []
    assert "alice" not in err  # nor any username: bodies are never logged


def test_nothing_is_logged_per_request_by_default(tmp_path: Path) -> None:
    proc, info = _serve(tmp_path)
    try:
        [pool] = info["pools"]
        url = f"{info['endpoint_url']}/{pool['id']}/.well-known/jwks.json"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
    finally:
        err = _stop(proc)
    assert err == ""


def _line(method: str, path: str, headers: dict[str, str], response: WireResponse) -> str:
    request = WireRequest(method, path, Headers(headers.items()), b'{"PASSWORD": "hunter22"}')
    return request_line(request, response, 0.0123)


def test_a_line_holds_only_names_that_match_strictly() -> None:
    error = WireResponse(400, (("x-amzn-ErrorType", "NotAuthorizedException:"),), b"{}")
    target = {"X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"}
    assert _line("POST", "/", target, error) == "InitiateAuth 400 NotAuthorizedException 12.3 ms"
    forged = {"X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth\nFAKE 200"}
    assert _line("POST", "/", forged, error).startswith("(unknown target) 400 ")
    ok = WireResponse(200, (), b"{}")
    assert _line("GET", "/p/x?code=123456", {}, ok) == "GET /p/x 200 12.3 ms"  # no query
    assert _line("GET", "/p/\x1b[2J", {}, ok) == "GET (unprintable path) 200 12.3 ms"
    odd = WireResponse(400, (("x-amzn-ErrorType", "Bad\ttype"),), b"{}")
    assert _line("POST", "/", target, odd) == "InitiateAuth 400 (error) 12.3 ms"


def test_output_and_query_pick_what_is_printed(tmp_path: Path) -> None:
    proc, _ = _serve(tmp_path)  # --json: one line (the helper reads it)
    _stop(proc)
    seed = tmp_path / "seed.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "srpcore", "serve", "--port", "0", "--seed", str(seed),
         "--query", "pools[].clients[].client_id", "--output", "text"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
    finally:
        _stop(proc)
    assert re.fullmatch(r"[a-z0-9]{26}\n", line)


def test_json_and_another_output_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "0", "--json", "--output", "table"]) == 252
    assert "--json prints JSON: it cannot go with --output table" in capsys.readouterr().err
