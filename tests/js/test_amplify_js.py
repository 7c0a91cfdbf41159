"""Amplify JS v6 (aws-amplify, pinned in package-lock.json) in Node against the local endpoint:
SRP sign-in, ``fetchAuthSession({forceRefresh: true})`` (which Amplify 6.22 sends as
GetTokensFromRefreshToken, rotation or not) on a rotating and a non-rotating client, then
``signOut()`` (RevokeToken) and ``signOut({global: true})`` (GlobalSignOut), after which the
refresh tokens it held are refused with Cognito's message."""

from __future__ import annotations

from typing import Any

import pytest

from srpcore.local import LocalCognito

from .conftest import alice, run_js


def _run(
    node: str, cognito: LocalCognito, *, rotation: bool, global_: bool, devices: bool = False
) -> Any:
    client = {"refresh_token_rotation": rotation, "retry_grace_period": 0}
    pool = alice(cognito, "amplify", client=client, device_tracking=devices)
    config = pool.config(**{"global": global_})
    out = run_js(node, "amplify.js", config, timeout=180)
    out["pool_id"] = pool.pool_id
    return out


@pytest.mark.parametrize("global_", [False, True], ids=["signOut", "signOut-global"])
@pytest.mark.parametrize("rotation", [False, True], ids=["no-rotation", "rotation"])
def test_amplify_refreshes_and_signs_out(
    node: str, cognito: LocalCognito, rotation: bool, global_: bool
) -> None:
    before = cognito.service.completed["PASSWORD_VERIFIER"]
    out = _run(node, cognito, rotation=rotation, global_=global_)
    assert out["signedIn"] is True
    assert cognito.service.completed["PASSWORD_VERIFIER"] == before + 1  # it signed in with SRP
    assert out["refreshedTokenUse"] == "access"
    assert out["newRefreshToken"] is rotation  # a new one only from a rotating client
    assert out["storageEmpty"] is True
    revoked = {
        "ok": False,
        "code": "NotAuthorizedException",
        "message": "Refresh Token has been revoked",
    }
    assert out["afterSignOut"] == [revoked, revoked]


def test_amplify_refreshes_with_its_remembered_device(node: str, cognito: LocalCognito) -> None:
    """On a pool that remembers devices Amplify confirms its device at sign-in and sends its
    DeviceKey with every refresh, which the endpoint requires of a remembered device."""
    out = _run(node, cognito, rotation=True, global_=True, devices=True)
    assert out["refreshedTokenUse"] == "access" and out["newRefreshToken"] is True
    [device] = cognito.service.context.repo.devices(out["pool_id"], "alice")
    assert device.confirmed and device.remembered
    assert out["refreshedDeviceKey"] == device.key
