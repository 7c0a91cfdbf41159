"""amazon-cognito-identity-js (AWS's own client, pinned in package-lock.json) refreshes, signs
out with ``signOut(callback)`` (RevokeToken) and ``globalSignOut`` (GlobalSignOut) against the
local endpoint, after which the old refresh and access tokens are refused with Cognito's
messages."""

from __future__ import annotations

from typing import Any

import pytest

from srpcore.local import LocalCognito

from .conftest import alice, run_js


def _run(node: str, cognito: LocalCognito, how: str) -> Any:
    config = alice(cognito, f"js-{how}").config(how=how)
    return run_js(node, "lifecycle.js", config)


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
