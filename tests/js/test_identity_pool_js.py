"""AWS's own JavaScript credential provider (``fromCognitoIdentityPool`` of
``@aws-sdk/credential-provider-cognito-identity``, pinned in package-lock.json)
takes identity-pool credentials from the local endpoint: GetId and GetCredentialsForIdentity
as the SDK makes them, the same identity as boto3 sees, and NotAuthorized for a token the pool
does not trust. The test installs the npm packages itself; without node and npm it fails.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import srpcore
from srpcore.local import LocalCognito

from .conftest import PASSWORD, run_js

_BARE = {"PATH": "/usr/bin:/bin", "HOME": str(Path(__file__).resolve().parent)}


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
    # The tokens go on stdin; no AWS settings of this machine reach the SDK.
    return run_js(node, "identity_pool.js", config, stdin=True, env=_BARE)


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
