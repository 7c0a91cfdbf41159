"""What every JS interop test shares: one npm tree installed once, one way to run a script.

All the JS clients (amazon-cognito-identity-js, Amplify, aws-jwt-verify, the AWS SDK's
identity-pool credential provider) are pinned in the one package-lock.json here, so a test
session runs ``npm ci`` once. Without node and npm the tests fail rather than skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import srpcore
from srpcore.local import LocalCognito

HERE = Path(__file__).resolve().parent
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def node() -> str:
    """``npm ci`` (package-lock.json) once per test session; the path of ``node``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node and npm must be on PATH: the JS interop tests cannot run without them")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
        cwd=HERE,
        check=True,
        timeout=600,
    )
    return node


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    """One endpoint per test module (each test makes its own pool)."""
    with LocalCognito() as endpoint:
        yield endpoint


def run_js(
    node: str,
    script: str,
    config: Mapping[str, Any],
    *,
    stdin: bool = False,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> Any:
    """Run ``script`` (a file here) with ``config`` as JSON; what it printed, parsed.

    The config goes as the script's argument, or on stdin with ``stdin=True`` (for tokens,
    which should not sit on a command line). A non-zero exit fails the test with its stderr.
    """
    text = json.dumps(config)
    done = subprocess.run(
        [node, str(HERE / script)] if stdin else [node, str(HERE / script), text],
        input=text if stdin else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=None if env is None else dict(env),
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@dataclass(frozen=True)
class Alice:
    """A pool and app client with the user ``alice`` (password :data:`PASSWORD`)."""

    cognito: LocalCognito
    pool_id: str
    client_id: str

    def config(self, *, slash: bool = True, **extra: Any) -> dict[str, Any]:
        """What the identity-js and Amplify scripts take; ``slash`` ends the endpoint in ``/``
        (how amazon-cognito-identity-js is usually given it; Amplify takes either)."""
        return {
            "endpoint": self.cognito.endpoint_url + ("/" if slash else ""),
            "poolId": self.pool_id,
            "clientId": self.client_id,
            "username": "alice",
            "password": PASSWORD,
            **extra,
        }

    def srpcore_device(self, **options: Any) -> str:
        """Sign alice in with srpcore on a device-tracking pool; the key of its new device."""
        tokens = srpcore.sign_in(
            self.cognito.boto3_client(),
            pool_id=self.pool_id,
            client_id=self.client_id,
            username="alice",
            password=PASSWORD,
            **options,
        )
        assert isinstance(tokens, srpcore.Tokens) and tokens.device is not None
        return tokens.device.device_key


def alice(
    cognito: LocalCognito, name: str, *, client: Mapping[str, Any] | None = None, **pool: Any
) -> Alice:
    """A new pool ``name`` (``pool`` options), an app client (``client`` options), alice."""
    created = cognito.create_user_pool(name, **pool)
    app = cognito.create_client(created.id, **(client or {}))
    cognito.create_user(created.id, "alice", PASSWORD)
    return Alice(cognito, created.id, app.client_id)
