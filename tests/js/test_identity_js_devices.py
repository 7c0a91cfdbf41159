"""AWS's own amazon-cognito-identity-js manages devices on the local endpoint: listDevices over
two pages, getDevice, setDeviceStatusNotRemembered, forgetDevice (then a new device at the next
sign-in) and forgetSpecificDevice. One device comes from srpcore, one from the JS client.
"""

from __future__ import annotations

from srpcore.local import LocalCognito

from .conftest import alice, run_js


def test_identity_js_lists_gets_and_forgets_devices(node: str, cognito: LocalCognito) -> None:
    pool = alice(cognito, "js-devices", device_tracking=True)
    other = pool.srpcore_device()
    config = pool.config(otherDeviceKey=other)
    out = run_js(node, "devices.js", config)
    js_key = out["deviceKey"]
    assert js_key and js_key != other
    assert out["pages"] == [[other], [js_key]] and out["lastPageHasToken"] is False
    assert out["got"]["key"] == js_key
    assert out["got"]["attributes"]["device_status"] == "valid"
    assert out["got"]["attributes"]["dev:device_remembered_status"] == "remembered"
    assert out["statusAfter"] == "not_remembered"
    assert out["forget"] == "SUCCESS" and out["keyAfterForget"] is None
    assert out["newDeviceKey"] not in (None, js_key, other)
    assert out["forgetOther"] == "SUCCESS"
    assert out["finally"] == [out["newDeviceKey"]]
    stored = cognito.service.context.repo.devices(pool.pool_id, "alice")
    assert [d.key for d in stored if d.confirmed] == [out["newDeviceKey"]]
