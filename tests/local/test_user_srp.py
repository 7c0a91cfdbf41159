"""USER_SRP_AUTH over real HTTP through boto3: the proof, usernames, secrets, admin, flows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.local import LocalCognito

PASSWORD = "correct horse battery staple"


def test_right_password_signs_in_without_a_session(env: Any) -> None:
    srp = env.srp()
    first = env.initiate(srp)
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in first  # like AWS: the SECRET_BLOCK carries the state
    params = first["ChallengeParameters"]
    assert set(params) == {"SALT", "SRP_B", "SECRET_BLOCK", "USERNAME", "USER_ID_FOR_SRP"}
    assert params["USERNAME"] == params["USER_ID_FOR_SRP"] == "alice"
    assert params["SALT"] == params["SALT"].lower() and params["SALT"][:2] != "00"
    result = env.respond(srp.answer_password_verifier(params))
    tokens = result["AuthenticationResult"]
    assert result["ChallengeParameters"] == {}
    assert tokens["TokenType"] == "Bearer" and tokens["ExpiresIn"] == 3600
    assert {"AccessToken", "IdToken", "RefreshToken"} <= set(tokens)
    assert "NewDeviceMetadata" not in tokens


def test_wrong_password_is_refused_with_cognitos_message(env: Any) -> None:
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.sign_in(password=PASSWORD + "!")
    assert info.value.response["Error"]["Message"] == "Incorrect username or password."
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_the_exchange_is_random_each_time(env: Any) -> None:
    a = env.initiate(env.srp())["ChallengeParameters"]
    b = env.initiate(env.srp())["ChallengeParameters"]
    assert a["SALT"] == b["SALT"]
    assert a["SRP_B"] != b["SRP_B"] and a["SECRET_BLOCK"] != b["SECRET_BLOCK"]


def test_unknown_user(env: Any) -> None:
    with pytest.raises(env.idp.exceptions.UserNotFoundException) as info:
        env.initiate(env.srp(username="mallory"))
    assert info.value.response["Error"]["Message"] == "User does not exist."


def test_prevent_user_existence_errors_simulates_a_stable_challenge(env: Any) -> None:
    app = env.cognito.create_client(env.pool_id, prevent_user_existence_errors=True)
    srp = env.srp(app, username="mallory")
    first = env.initiate(srp, app)["ChallengeParameters"]
    again = env.initiate(env.srp(app, username="mallory"), app)["ChallengeParameters"]
    assert first["SALT"] == again["SALT"] and first["USER_ID_FOR_SRP"] == again["USER_ID_FOR_SRP"]
    assert first["USER_ID_FOR_SRP"] == "mallory"  # a plain pool echoes the name, as for alice
    other = env.initiate(env.srp(app, username="trudy"), app)["ChallengeParameters"]
    assert other["SALT"] != first["SALT"]
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.respond(srp.answer_password_verifier(first), app)
    assert info.value.response["Error"]["Message"] == "Incorrect username or password."


def test_disabled_user(env: Any) -> None:
    env.idp.admin_disable_user(UserPoolId=env.pool_id, Username="alice")
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.initiate(env.srp())
    assert info.value.response["Error"]["Message"] == "User is disabled."
    env.idp.admin_enable_user(UserPoolId=env.pool_id, Username="alice")
    assert "AccessToken" in env.sign_in()


def test_alias_sign_in_answers_with_the_internal_username(cognito: Any, idp: Any) -> None:
    pool = cognito.create_user_pool("alias", alias_attributes=["email"])
    app = cognito.create_client(pool.id, generate_secret=True)
    cognito.create_user(pool.id, "alice", PASSWORD, attributes={"email": "a@example.com"})
    srp = UserSRP(
        pool_id=pool.id,
        username="a@example.com",
        password=PASSWORD,
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )
    params = first["ChallengeParameters"]
    assert params["USERNAME"] == params["USER_ID_FOR_SRP"] == "alice"
    responses = srp.answer_password_verifier(params)
    assert responses["USERNAME"] == "alice"
    result = idp.respond_to_auth_challenge(
        ClientId=app.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=responses
    )
    assert "IdToken" in result["AuthenticationResult"]


def test_alias_in_challenge_responses_is_refused(cognito: Any, idp: Any) -> None:
    pool = cognito.create_user_pool("alias", alias_attributes=["email"])
    app = cognito.create_client(pool.id)
    cognito.create_user(pool.id, "alice", PASSWORD, attributes={"email": "a@example.com"})
    srp = UserSRP(pool_id=pool.id, username="a@example.com", password=PASSWORD)
    params = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )["ChallengeParameters"]
    responses = {**srp.answer_password_verifier(params), "USERNAME": "a@example.com"}
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.respond_to_auth_challenge(
            ClientId=app.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=responses
        )


def test_email_as_username_pool_uses_a_uuid_internally(cognito: Any, idp: Any) -> None:
    pool = cognito.create_user_pool("email", username_attributes=["email"])
    app = cognito.create_client(pool.id)
    user = cognito.create_user(pool.id, "bob@example.com", PASSWORD)
    assert user.username == user.sub and len(user.sub) == 36
    srp = UserSRP(pool_id=pool.id, username="bob@example.com", password=PASSWORD)
    params = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )["ChallengeParameters"]
    assert params["USER_ID_FOR_SRP"] == user.sub
    result = idp.respond_to_auth_challenge(
        ClientId=app.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(params),
    )
    assert "AccessToken" in result["AuthenticationResult"]


def test_secret_hash_uses_the_internal_username_in_responses(cognito: Any, idp: Any) -> None:
    pool = cognito.create_user_pool("alias", alias_attributes=["email"])
    app = cognito.create_client(pool.id, generate_secret=True)
    cognito.create_user(pool.id, "alice", PASSWORD, attributes={"email": "a@example.com"})
    srp = UserSRP(
        pool_id=pool.id,
        username="a@example.com",
        password=PASSWORD,
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    params = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )["ChallengeParameters"]
    responses = srp.answer_password_verifier(params)
    # The alias bug: SECRET_HASH over what the user typed instead of the internal username.
    alias_hash = srp.secret_hash("a@example.com")
    assert alias_hash is not None and alias_hash != responses["SECRET_HASH"]
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.respond_to_auth_challenge(
            ClientId=app.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses={**responses, "SECRET_HASH": alias_hash},
        )
    assert info.value.response["Error"]["Message"] == (
        f"Unable to verify secret hash for client {app.client_id}"
    )


def test_non_ascii_username_and_password(cognito: Any, idp: Any) -> None:
    pool = cognito.create_user_pool("utf8")
    app = cognito.create_client(pool.id, generate_secret=True)
    cognito.create_user(pool.id, "zoë", "pässwörd-ü-ß-€-日本")
    srp = UserSRP(
        pool_id=pool.id,
        username="zoë",
        password="pässwörd-ü-ß-€-日本",
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    params = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )["ChallengeParameters"]
    result = idp.respond_to_auth_challenge(
        ClientId=app.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(params),
    )
    assert "AccessToken" in result["AuthenticationResult"]


def test_admin_pair(env: Any) -> None:
    srp = env.srp(env.secret_app)
    first = env.idp.admin_initiate_auth(
        UserPoolId=env.pool_id,
        ClientId=env.secret_app.client_id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters=srp.auth_parameters(),
        ContextData={
            "IpAddress": "192.0.2.1",
            "ServerName": "s",
            "ServerPath": "/",
            "HttpHeaders": [],
        },
        ClientMetadata={"k": "v"},
    )
    assert first["ChallengeName"] == "PASSWORD_VERIFIER" and "Session" not in first
    result = env.idp.admin_respond_to_auth_challenge(
        UserPoolId=env.pool_id,
        ClientId=env.secret_app.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
    )
    assert "IdToken" in result["AuthenticationResult"]


def test_admin_with_wrong_pool_id(env: Any) -> None:
    other = env.cognito.create_user_pool("other")
    with pytest.raises(env.idp.exceptions.ResourceNotFoundException):
        env.idp.admin_initiate_auth(
            UserPoolId=other.id,
            ClientId=env.app.client_id,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters=env.srp().auth_parameters(),
        )


def test_a_public_start_cannot_be_finished_through_the_admin_call(env: Any) -> None:
    srp = env.srp()
    params = env.initiate(srp)["ChallengeParameters"]
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.idp.admin_respond_to_auth_challenge(
            UserPoolId=env.pool_id,
            ClientId=env.app.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=srp.answer_password_verifier(params),
        )


@pytest.mark.parametrize(
    ("admin", "flow"),
    [
        (False, "ADMIN_USER_PASSWORD_AUTH"),
        (False, "ADMIN_NO_SRP_AUTH"),
        (True, "USER_PASSWORD_AUTH"),
        (False, "NOT_A_FLOW"),
    ],
)
def test_flow_not_valid_for_the_operation(env: Any, admin: bool, flow: str) -> None:
    params = {"USERNAME": "alice", "PASSWORD": PASSWORD}
    with pytest.raises(env.idp.exceptions.InvalidParameterException) as info:
        if admin:
            env.idp.admin_initiate_auth(
                UserPoolId=env.pool_id,
                ClientId=env.app.client_id,
                AuthFlow=flow,
                AuthParameters=params,
            )
        else:
            env.idp.initiate_auth(ClientId=env.app.client_id, AuthFlow=flow, AuthParameters=params)
    assert info.value.response["Error"]["Message"] == "Initiate Auth method not supported."


def test_explicit_auth_flows_are_enforced(env: Any) -> None:
    app = env.cognito.create_client(env.pool_id, explicit_auth_flows=["ALLOW_USER_PASSWORD_AUTH"])
    with pytest.raises(env.idp.exceptions.InvalidParameterException) as info:
        env.initiate(env.srp(app), app)
    assert (
        info.value.response["Error"]["Message"] == "USER_SRP_AUTH flow not enabled for this client"
    )
    result = env.idp.initiate_auth(
        ClientId=app.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    assert "AccessToken" in result["AuthenticationResult"]


def test_default_flows_refuse_password_auth(env: Any) -> None:
    app = env.cognito.create_client(env.pool_id)
    with pytest.raises(env.idp.exceptions.InvalidParameterException) as info:
        env.idp.initiate_auth(
            ClientId=app.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )
    assert "USER_PASSWORD_AUTH flow not enabled" in info.value.response["Error"]["Message"]
    assert "AccessToken" in env.sign_in(app)


def test_unknown_client(env: Any) -> None:
    with pytest.raises(env.idp.exceptions.ResourceNotFoundException):
        env.idp.initiate_auth(
            ClientId="nosuchclient", AuthFlow="USER_SRP_AUTH", AuthParameters={"USERNAME": "a"}
        )


def _ten_minutes_slow() -> datetime:
    return datetime.now(timezone.utc) - timedelta(minutes=10)


def test_timestamp_skew_is_configurable() -> None:
    for skew, accepted in ((900.0, True), (300.0, False)):
        with LocalCognito(timestamp_skew=skew) as cognito:
            pool = cognito.create_user_pool("skew")
            app = cognito.create_client(pool.id)
            cognito.create_user(pool.id, "alice", PASSWORD)
            idp = cognito.boto3_client()
            srp = UserSRP(
                pool_id=pool.id, username="alice", password=PASSWORD, clock=_ten_minutes_slow
            )
            first = idp.initiate_auth(
                AuthFlow="USER_SRP_AUTH",
                ClientId=app.client_id,
                AuthParameters=srp.auth_parameters(),
            )
            answer = srp.answer_password_verifier(first["ChallengeParameters"])
            if accepted:
                done = idp.respond_to_auth_challenge(
                    ClientId=app.client_id,
                    ChallengeName="PASSWORD_VERIFIER",
                    ChallengeResponses=answer,
                )
                assert "AccessToken" in done["AuthenticationResult"]
            else:
                with pytest.raises(idp.exceptions.NotAuthorizedException):
                    idp.respond_to_auth_challenge(
                        ClientId=app.client_id,
                        ChallengeName="PASSWORD_VERIFIER",
                        ChallengeResponses=answer,
                    )


def test_boto3_client_ignores_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # An address nothing listens on: any request sent through the "proxy" would fail.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    with LocalCognito() as cognito:
        pool = cognito.create_user_pool("proxy")
        app = cognito.create_client(pool.id)
        cognito.create_user(pool.id, "alice", PASSWORD)
        idp = cognito.boto3_client()
        srp = UserSRP(pool_id=pool.id, username="alice", password=PASSWORD)
        first = idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
        )
        assert first["ChallengeName"] == "PASSWORD_VERIFIER"


def test_unconfirmed_user(env: Any) -> None:
    env.cognito.create_user(env.pool_id, "una", PASSWORD, status="UNCONFIRMED")
    with pytest.raises(env.idp.exceptions.UserNotConfirmedException) as info:
        env.initiate(env.srp(username="una"))
    assert info.value.response["Error"]["Message"] == "User is not confirmed."


def test_reset_required_user(env: Any) -> None:
    env.idp.admin_reset_user_password(UserPoolId=env.pool_id, Username="alice")
    with pytest.raises(env.idp.exceptions.PasswordResetRequiredException):
        env.initiate(env.srp())
    hidden = env.cognito.create_client(env.pool_id, prevent_user_existence_errors=True)
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):  # after the challenge,
        env.sign_in(hidden)  # as an unknown name's (see test_existence_leaks)
    env.idp.admin_set_user_password(
        UserPoolId=env.pool_id, Username="alice", Password="a new password", Permanent=True
    )
    assert "AccessToken" in env.sign_in(password="a new password")
