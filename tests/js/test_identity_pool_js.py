"""AWS's own JavaScript credential provider (``fromCognitoIdentityPool`` of
``@aws-sdk/credential-provider-cognito-identity``, pinned in identity_pool/package-lock.json)
takes identity-pool credentials from the local endpoint: GetId and GetCredentialsForIdentity
as the SDK makes them, the same identity as boto3 sees, and NotAuthorized for a token the pool
does not trust. The test installs the npm packages itself; without node and npm it fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import srpcore
from srpcore.local import LocalCognito

HERE = Path(__file__).resolve().parent / "identity_pool"
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


def _id_token(cognito: LocalCognito, pool_id: str, client_id: str) -> str:
    tokens = srpcore.sign_in(
        cognito.boto3_client(),
        pool_id=pool_id,
        client_id=client_id,
        username="alice",
        password=PASSWORD,
    )
    assert isinstance(tokens, srpcore.Tokens) and tokens.id_token
    return tokens.id_token


def _run(node: str, config: dict[str, Any]) -> Any:
    done = subprocess.run(
        [node, str(HERE / "credentials.js")],
        input=json.dumps(config),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(HERE)},  # no AWS settings of this machine
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_js_sdk_credential_provider_gets_credentials(node: str, cognito: LocalCognito) -> None:
    pool = cognito.create_user_pool("js-identity")
    app = cognito.create_client(pool.id)
    untrusted = cognito.create_client(pool.id, name="untrusted")
    cognito.create_user(pool.id, "alice", PASSWORD)
    identity_pool = cognito.create_identity_pool("js", [(pool.id, app.client_id)])
    provider = f"cognito-idp.us-east-1.amazonaws.com/{pool.id}"
    token = _id_token(cognito, pool.id, app.client_id)
    expected = cognito.boto3_identity_client().get_id(
        IdentityPoolId=identity_pool, Logins={provider: token}
    )["IdentityId"]
    before = cognito.service.calls["GetCredentialsForIdentity"]

    good, again, refused = _run(
        node,
        {
            "endpoint": cognito.endpoint_url,
            "region": "us-east-1",
            "identityPoolId": identity_pool,
            "providerName": provider,
            "tokens": [
                token,
                _id_token(cognito, pool.id, app.client_id),
                _id_token(cognito, pool.id, untrusted.client_id),
            ],
        },
    )

    assert good["ok"] is True and good["identityId"] == expected
    assert again["ok"] is True and again["identityId"] == expected
    assert good["accessKeyPrefix"] == "ASIA" and good["accessKeyLength"] == 20
    assert good["hasSecret"] is True and good["hasSessionToken"] is True
    expiry = datetime.fromisoformat(good["expiration"].replace("Z", "+00:00"))
    assert abs(expiry - (datetime.now(timezone.utc) + timedelta(hours=1))) < timedelta(minutes=1)
    assert refused["ok"] is False and refused["code"] == "NotAuthorizedException"
    assert cognito.service.calls["GetCredentialsForIdentity"] == before + 2
