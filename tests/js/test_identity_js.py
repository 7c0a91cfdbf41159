"""AWS's own JavaScript client (amazon-cognito-identity-js, pinned in package-lock.json) signs in
against the local endpoint: SRP, then device SRP with the device it confirmed, then a wrong
password that must be refused. The test installs the npm package itself; without node and npm
it fails rather than skips.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from srpcore.local import LocalCognito

HERE = Path(__file__).resolve().parent
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def node() -> str:
    """``npm ci`` once per test session; the path of ``node``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node and npm must be on PATH: the JS interop test cannot run without them")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
        cwd=HERE,
        check=True,
        timeout=600,
    )
    return node


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


def _run(
    node: str, cognito: LocalCognito, pool_id: str, client_id: str, attempts: list[str]
) -> Any:
    config = {
        "endpoint": cognito.endpoint_url + "/",
        "poolId": pool_id,
        "clientId": client_id,
        "username": "alice",
        "attempts": attempts,
    }
    done = subprocess.run(
        [node, str(HERE / "signin.js"), json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_identity_js_signs_in_with_srp_and_device_srp(node: str, cognito: LocalCognito) -> None:
    pool = cognito.create_user_pool("js", device_tracking=True)
    app = cognito.create_client(pool.id)
    cognito.create_user(pool.id, "alice", PASSWORD)
    before = cognito.service.completed.copy()

    first, second, wrong = _run(
        node, cognito, pool.id, app.client_id, [PASSWORD, PASSWORD, "wrong"]
    )

    assert first["ok"] is True and first["cognitoUsername"] == "alice"
    assert first["tokenUse"] == "id"
    assert second["ok"] is True and second["deviceKey"] == first["deviceKey"]
    assert wrong == {
        "ok": False,
        "code": "NotAuthorizedException",
        "message": "Incorrect username or password.",
    }
    done = cognito.service.completed - before
    # The first sign-in confirmed a device; the second proved it with DEVICE_PASSWORD_VERIFIER.
    assert done["PASSWORD_VERIFIER"] == 2
    assert done["DEVICE_PASSWORD_VERIFIER"] == 1
    devices = cognito.service.context.repo.devices(pool.id, "alice")
    assert [d.key for d in devices] == [first["deviceKey"]]
    assert devices[0].confirmed


def test_identity_js_is_refused_a_wrong_password_without_devices(
    node: str, cognito: LocalCognito
) -> None:
    pool = cognito.create_user_pool("js-plain")
    app = cognito.create_client(pool.id)
    cognito.create_user(pool.id, "alice", PASSWORD)
    wrong, right = _run(node, cognito, pool.id, app.client_id, [PASSWORD + "?", PASSWORD])
    assert wrong["ok"] is False and wrong["code"] == "NotAuthorizedException"
    assert right["ok"] is True and right["deviceKey"] is None
