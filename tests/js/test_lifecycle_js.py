"""amazon-cognito-identity-js (AWS's own client, pinned in package-lock.json) refreshes, signs
out with ``signOut(callback)`` (RevokeToken) and ``globalSignOut`` (GlobalSignOut) against the
local endpoint, after which the old refresh and access tokens are refused with Cognito's
messages."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from srpcore.local import LocalCognito

HERE = Path(__file__).resolve().parent
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


def _run(node: str, cognito: LocalCognito, how: str) -> Any:
    pool = cognito.create_user_pool(f"js-{how}")
    app = cognito.create_client(pool.id)
    cognito.create_user(pool.id, "alice", PASSWORD)
    config = {
        "endpoint": cognito.endpoint_url + "/",
        "poolId": pool.id,
        "clientId": app.client_id,
        "username": "alice",
        "password": PASSWORD,
        "how": how,
    }
    done = subprocess.run(
        [node, str(HERE / "lifecycle.js"), json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("how", ["revoke", "global"])
def test_identity_js_signs_out_and_the_old_tokens_are_refused(
    node: str, cognito: LocalCognito, how: str
) -> None:
    steps = _run(node, cognito, how)
    assert steps["refreshed"] == {"ok": True, "tokenUse": "access"}
    assert steps["signOut"] == {"ok": True}
    assert steps["oldAccess"] == {
        "ok": False,
        "code": "NotAuthorizedException",
        "message": "Access Token has been revoked",
    }
    assert steps["oldRefresh"] == {
        "ok": False,
        "code": "NotAuthorizedException",
        "message": "Refresh Token has been revoked",
    }
