"""AWS's own JavaScript client (amazon-cognito-identity-js) signs up, confirms, resets its
password and signs in with SRP against the local endpoint, reading each code from
``GET /_srpcore/messages``: the outbox works for tests not written in Python. Without node and
npm the test fails rather than skips.
"""

from __future__ import annotations

from srpcore.local import LocalCognito

from .conftest import run_js


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
        steps = run_js(node, "signup.js", config)
        kinds = [m.kind for m in cognito.messages(pool.id, "jo")]
    assert steps["signUp"] == {"ok": True, "confirmed": False, "medium": "EMAIL"}
    assert steps["wrongCode"] == {"ok": False, "code": "CodeMismatchException"}
    assert steps["confirm"] == {"ok": True}
    assert steps["forgot"] == {"ok": True, "medium": "EMAIL"}
    assert steps["reset"] == {"ok": True}
    assert steps["oldPassword"] == {"ok": False, "code": "NotAuthorizedException"}
    assert steps["newPassword"] == {"ok": True, "emailVerified": True}
    assert kinds == ["SIGN_UP", "FORGOT_PASSWORD"]
