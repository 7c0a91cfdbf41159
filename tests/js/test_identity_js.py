"""AWS's own JavaScript client (amazon-cognito-identity-js, pinned in package-lock.json) signs in
against the local endpoint: SRP, then device SRP with the device it confirmed, then a wrong
password that must be refused. The test installs the npm package itself; without node and npm
it fails rather than skips.
"""

from __future__ import annotations

from typing import Any

from srpcore.local import LocalCognito

from .conftest import PASSWORD, run_js


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
    return run_js(node, "signin.js", config)


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
