"""Amplify JS v6 (``aws-amplify``, pinned in package-lock.json) manages devices
on the local endpoint: signIn with SRP confirms a device, ``fetchDevices`` lists it beside one
srpcore remembered (ListDevices), ``rememberDevice`` (UpdateDeviceStatus), ``forgetDevice()``
of the current device and ``forgetDevice({device})`` of the other (ForgetDevice). The test
installs the npm package itself; without node and npm it fails rather than skips.
"""

from __future__ import annotations

from datetime import datetime

from srpcore.local import LocalCognito

from .conftest import alice, run_js


def test_amplify_fetches_remembers_and_forgets_devices(node: str, cognito: LocalCognito) -> None:
    pool = alice(cognito, "amplify-devices", device_tracking=True)
    other = pool.srpcore_device(device_name="srpcore")
    config = pool.config(slash=False, otherDeviceKey=other)
    out = run_js(node, "amplify_devices.js", config)
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
    assert cognito.service.context.repo.devices(pool.pool_id, "alice") == []
