"""Amplify JS v6 (``aws-amplify``, pinned in amplify_devices/package-lock.json) manages devices
on the local endpoint: signIn with SRP confirms a device, ``fetchDevices`` lists it beside one
srpcore remembered (ListDevices), ``rememberDevice`` (UpdateDeviceStatus), ``forgetDevice()``
of the current device and ``forgetDevice({device})`` of the other (ForgetDevice). The test
installs the npm package itself; without node and npm it fails rather than skips.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

import srpcore
from srpcore.local import LocalCognito

HERE = Path(__file__).resolve().parent / "amplify_devices"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def node() -> str:
    """``npm ci`` in amplify_devices once; the path of ``node``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node and npm must be on PATH: the Amplify interop test cannot run without")
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


def test_amplify_fetches_remembers_and_forgets_devices(node: str, cognito: LocalCognito) -> None:
    pool = cognito.create_user_pool("amplify-devices", device_tracking=True)
    app = cognito.create_client(pool.id)
    cognito.create_user(pool.id, "alice", PASSWORD)
    ours = srpcore.sign_in(
        cognito.boto3_client(),
        pool_id=pool.id,
        client_id=app.client_id,
        username="alice",
        password=PASSWORD,
        device_name="srpcore",
    )
    assert isinstance(ours, srpcore.Tokens) and ours.device is not None
    other = ours.device.device_key
    config = {
        "endpoint": cognito.endpoint_url,
        "poolId": pool.id,
        "clientId": app.client_id,
        "username": "alice",
        "password": PASSWORD,
        "otherDeviceKey": other,
    }
    done = subprocess.run(
        [node, str(HERE / "devices.js"), json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["signInStep"] == "DONE"
    first, amplify = out["fetched"]
    assert first["id"] == other and first["name"] == "srpcore"
    assert amplify["id"] != other and amplify["name"] == "srpcore interop (Node)"
    assert amplify["attributes"]["device_status"] == "valid"
    assert amplify["attributes"]["dev:device_remembered_status"] == "remembered"
    created = datetime.fromisoformat(amplify["dates"][0].replace("Z", "+00:00"))
    assert abs(created.timestamp() - cognito.service.context.now()) < 600  # Amplify read the date
    assert out["afterForget"] == [other]
    assert out["finally"] == []
    assert cognito.service.context.repo.devices(pool.id, "alice") == []
