"""USER_SRP_AUTH end to end over HTTP, through boto3, with the proof really checked."""

from __future__ import annotations

from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.local import LocalCognito

PASSWORD = "correct horse battery staple"


def _sign_in(idp: Any, pool_id: str, app: Any, username: str, password: str) -> dict[str, Any]:
    srp = UserSRP(
        pool_id=pool_id,
        username=username,
        password=password,
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in first  # like AWS: the SECRET_BLOCK carries the state
    result: dict[str, Any] = idp.respond_to_auth_challenge(
        ClientId=app.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
    )
    return result


def test_right_password_signs_in(cognito: LocalCognito, idp: Any) -> None:
    pool = cognito.create_user_pool("p")
    app = cognito.create_client(pool.id, generate_secret=True)
    cognito.create_user(pool.id, "alice", PASSWORD)
    result = _sign_in(idp, pool.id, app, "alice", PASSWORD)["AuthenticationResult"]
    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] == 3600
    assert result["AccessToken"].count(".") == 2
    assert "NewDeviceMetadata" not in result


def test_wrong_password_is_refused(cognito: LocalCognito, idp: Any) -> None:
    pool = cognito.create_user_pool("p")
    app = cognito.create_client(pool.id)
    cognito.create_user(pool.id, "alice", PASSWORD)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        _sign_in(idp, pool.id, app, "alice", PASSWORD + "!")
    assert info.value.response["Error"]["Message"] == "Incorrect username or password."
