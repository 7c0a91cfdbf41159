"""AWS's own JavaScript client (amazon-cognito-identity-js) signs up, confirms, resets its
password and signs in with SRP against the local endpoint, reading each code from
``GET /_srpcore/messages``: the outbox works for tests not written in Python. Without node and
npm the test fails rather than skips.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from srpcore.local import LocalCognito

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def node() -> str:
    """``npm ci`` once for this module; the path of ``node``."""
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


def test_identity_js_signs_up_confirms_and_resets(node: str) -> None:
    with LocalCognito() as cognito:
        pool = cognito.create_user_pool("js-signup", auto_verified_attributes=("email",))
        app = cognito.create_client(pool.id)  # Cognito's default flows: SRP, refresh, custom
        config = {
            "endpoint": cognito.endpoint_url + "/",
            "poolId": pool.id,
            "clientId": app.client_id,
            "username": "jo",
            "email": "jo@example.com",
            "password": "correct horse battery staple",
            "newPassword": "another horse entirely",
        }
        done = subprocess.run(
            [node, str(HERE / "signup.js"), json.dumps(config)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        kinds = [m.kind for m in cognito.messages(pool.id, "jo")]
    steps = json.loads(done.stdout)
    assert steps["signUp"] == {"ok": True, "confirmed": False, "medium": "EMAIL"}
    assert steps["wrongCode"] == {"ok": False, "code": "CodeMismatchException"}
    assert steps["confirm"] == {"ok": True}
    assert steps["forgot"] == {"ok": True, "medium": "EMAIL"}
    assert steps["reset"] == {"ok": True}
    assert steps["oldPassword"] == {"ok": False, "code": "NotAuthorizedException"}
    assert steps["newPassword"] == {"ok": True, "emailVerified": True}
    assert kinds == ["SIGN_UP", "FORGOT_PASSWORD"]
