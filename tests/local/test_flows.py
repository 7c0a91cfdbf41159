"""The other flows over HTTP: USER_AUTH, CUSTOM_AUTH, password auth, refresh, new password, MFA."""

from __future__ import annotations

import json
from typing import Any

import pytest

from srpcore.local import CustomAuth
from srpcore.local.totp import totp

PASSWORD = "correct horse battery staple"


def _verifier(env: Any, srp: Any, response: dict[str, Any], app: Any = None) -> Any:
    assert response["ChallengeName"] == "PASSWORD_VERIFIER"
    assert 20 <= len(response["Session"]) <= 2048
    return env.respond(
        srp.answer_password_verifier(response["ChallengeParameters"]),
        app,
        Session=response["Session"],
    )


def test_user_auth_with_preferred_password_srp(env: Any) -> None:
    srp = env.srp()
    first = env.idp.initiate_auth(
        AuthFlow="USER_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={
            "USERNAME": "alice",
            "PREFERRED_CHALLENGE": "PASSWORD_SRP",
            "SRP_A": srp.srp_a(),
        },
    )
    assert "IdToken" in _verifier(env, srp, first)["AuthenticationResult"]


def test_user_auth_select_challenge_then_password_srp(env: Any) -> None:
    first = env.idp.initiate_auth(
        AuthFlow="USER_AUTH", ClientId=env.app.client_id, AuthParameters={"USERNAME": "alice"}
    )
    assert first["ChallengeName"] == "SELECT_CHALLENGE"
    assert set(first["AvailableChallenges"]) == {"PASSWORD", "PASSWORD_SRP"}
    srp = env.srp()
    second = env.respond(
        {"USERNAME": "alice", "ANSWER": "PASSWORD_SRP", "SRP_A": srp.srp_a()},
        ChallengeName="SELECT_CHALLENGE",
        Session=first["Session"],
    )
    assert second["Session"] != first["Session"]
    assert "AccessToken" in _verifier(env, srp, second)["AuthenticationResult"]


def test_user_auth_select_challenge_wrong_password(env: Any) -> None:
    first = env.idp.initiate_auth(
        AuthFlow="USER_AUTH", ClientId=env.app.client_id, AuthParameters={"USERNAME": "alice"}
    )
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.respond(
            {"USERNAME": "alice", "ANSWER": "PASSWORD", "PASSWORD": "nope-nope"},
            ChallengeName="SELECT_CHALLENGE",
            Session=first["Session"],
        )


def test_user_auth_without_the_session_is_refused(env: Any) -> None:
    srp = env.srp()
    first = env.idp.initiate_auth(
        AuthFlow="USER_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={
            "USERNAME": "alice",
            "PREFERRED_CHALLENGE": "PASSWORD_SRP",
            "SRP_A": srp.srp_a(),
        },
    )
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.respond(srp.answer_password_verifier(first["ChallengeParameters"]))
    assert info.value.response["Error"]["Message"] == "Invalid session for the user."


def test_user_auth_needs_allow_user_auth(env: Any) -> None:
    app = env.cognito.create_client(env.pool_id)
    with pytest.raises(env.idp.exceptions.InvalidParameterException) as info:
        env.idp.initiate_auth(
            AuthFlow="USER_AUTH", ClientId=app.client_id, AuthParameters={"USERNAME": "alice"}
        )
    assert info.value.response["Error"]["Message"] == "USER_AUTH flow not enabled for this client"


def _custom_start(env: Any, srp: Any) -> Any:
    return env.idp.initiate_auth(
        AuthFlow="CUSTOM_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={"USERNAME": "alice", "SRP_A": srp.srp_a(), "CHALLENGE_NAME": "SRP_A"},
    )


def test_custom_auth_with_srp_then_custom_rounds(new_env: Any) -> None:
    env = new_env(custom_auth=CustomAuth(answers=("blue", "42")))
    srp = env.srp()
    second = _verifier(env, srp, _custom_start(env, srp))
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert second["ChallengeParameters"] == {"USERNAME": "alice", "ROUND": "1"}
    third = env.respond(
        {"USERNAME": "alice", "ANSWER": "blue"},
        ChallengeName="CUSTOM_CHALLENGE",
        Session=second["Session"],
    )
    assert third["ChallengeParameters"]["ROUND"] == "2"
    done = env.respond(
        {"USERNAME": "alice", "ANSWER": "42"},
        ChallengeName="CUSTOM_CHALLENGE",
        Session=third["Session"],
    )
    assert "AccessToken" in done["AuthenticationResult"]


def test_custom_auth_wrong_answer(new_env: Any) -> None:
    env = new_env(custom_auth=CustomAuth(answers=("blue",)))
    srp = env.srp()
    second = _verifier(env, srp, _custom_start(env, srp))
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.respond(
            {"USERNAME": "alice", "ANSWER": "red"},
            ChallengeName="CUSTOM_CHALLENGE",
            Session=second["Session"],
        )


def test_custom_auth_wrong_password_before_custom_rounds(new_env: Any) -> None:
    env = new_env(custom_auth=CustomAuth(answers=("blue",)))
    srp = env.srp(password="not the password")
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        _verifier(env, srp, _custom_start(env, srp))


def test_custom_auth_hook_decides(new_env: Any) -> None:
    seen: list[tuple[str, int, str]] = []

    def check(username: str, round_index: int, answer: str) -> bool:
        seen.append((username, round_index, answer))
        return answer == username[::-1]

    def parameters(username: str, round_index: int) -> dict[str, str]:
        return {"QUESTION": "your name backwards"}

    env = new_env(custom_auth=CustomAuth(answers=("",), check=check, parameters=parameters))
    first = env.idp.initiate_auth(
        AuthFlow="CUSTOM_AUTH", ClientId=env.app.client_id, AuthParameters={"USERNAME": "alice"}
    )
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert first["ChallengeParameters"] == {"USERNAME": "alice", "QUESTION": "your name backwards"}
    done = env.respond(
        {"USERNAME": "alice", "ANSWER": "ecila"},
        ChallengeName="CUSTOM_CHALLENGE",
        Session=first["Session"],
    )
    assert "AccessToken" in done["AuthenticationResult"]
    assert seen == [("alice", 0, "ecila")]


@pytest.mark.parametrize("admin", [False, True])
def test_password_auth(env: Any, admin: bool) -> None:
    params = {"USERNAME": "alice", "PASSWORD": PASSWORD}
    if admin:
        result = env.idp.admin_initiate_auth(
            UserPoolId=env.pool_id,
            ClientId=env.app.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters=params,
        )
    else:
        result = env.idp.initiate_auth(
            ClientId=env.app.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params
        )
    assert "IdToken" in result["AuthenticationResult"]
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.idp.initiate_auth(
            ClientId=env.app.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD + "x"},
        )
    assert info.value.response["Error"]["Message"] == "Incorrect username or password."


def test_refresh_token_auth(env: Any) -> None:
    tokens = env.sign_in(env.secret_app)
    srp = env.srp(env.secret_app)
    refreshed = env.idp.initiate_auth(
        ClientId=env.secret_app.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={
            "REFRESH_TOKEN": tokens["RefreshToken"],
            "SECRET_HASH": srp.secret_hash("alice"),
        },
    )["AuthenticationResult"]
    assert "RefreshToken" not in refreshed
    assert refreshed["AccessToken"] != tokens["AccessToken"]
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.idp.initiate_auth(
            ClientId=env.secret_app.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
        )
    assert "SECRET_HASH was not received" in info.value.response["Error"]["Message"]


def test_refresh_token_is_bound_to_its_client(env: Any) -> None:
    tokens = env.sign_in()
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as info:
        env.idp.initiate_auth(
            ClientId=env.secret_app.client_id,
            AuthFlow="REFRESH_TOKEN",
            AuthParameters={
                "REFRESH_TOKEN": tokens["RefreshToken"],
                "SECRET_HASH": env.srp(env.secret_app).secret_hash("alice"),
            },
        )
    assert info.value.response["Error"]["Message"] == "Invalid Refresh Token."


def test_new_password_required(new_env: Any) -> None:
    env = new_env(required_attributes=["name"])
    env.cognito.create_user(
        env.pool_id, "tom", "temporary-1", temporary=True, attributes={"email": "t@example.com"}
    )
    srp = env.srp(username="tom", password="temporary-1")
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert second["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    params = second["ChallengeParameters"]
    assert json.loads(params["requiredAttributes"]) == ["userAttributes.name"]
    assert json.loads(params["userAttributes"]) == {"email": "t@example.com"}
    with pytest.raises(env.idp.exceptions.InvalidParameterException):
        env.respond(
            {"USERNAME": "tom", "NEW_PASSWORD": "brand-new-password"},
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=second["Session"],
        )
    # The session was used up by the refused answer: start again.
    srp = env.srp(username="tom", password="temporary-1")
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    done = env.respond(
        {"USERNAME": "tom", "NEW_PASSWORD": "brand-new-password", "userAttributes.name": "Tom"},
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=second["Session"],
    )
    assert "AccessToken" in done["AuthenticationResult"]
    assert "AccessToken" in env.sign_in(username="tom", password="brand-new-password")
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.sign_in(username="tom", password="temporary-1")


def test_new_password_must_meet_the_policy(env: Any) -> None:
    env.cognito.create_user(env.pool_id, "tom", "temporary-1", temporary=True)
    srp = env.srp(username="tom", password="temporary-1")
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    with pytest.raises(env.idp.exceptions.InvalidPasswordException):
        env.respond(
            {"USERNAME": "tom", "NEW_PASSWORD": "short"},
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=second["Session"],
        )


@pytest.mark.parametrize(
    ("kind", "key"), [("SMS_MFA", "SMS_MFA_CODE"), ("EMAIL_OTP", "EMAIL_OTP_CODE")]
)
def test_code_mfa(env: Any, kind: str, key: str) -> None:
    env.cognito.create_user(
        env.pool_id,
        "mia",
        PASSWORD,
        mfa=[kind],
        attributes={"email": "mia@example.com", "phone_number": "+15555550100"},
    )
    srp = env.srp(username="mia")
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert second["ChallengeName"] == kind
    params = second["ChallengeParameters"]
    assert params["CODE_DELIVERY_DELIVERY_MEDIUM"] == ("SMS" if kind == "SMS_MFA" else "EMAIL")
    assert "mia@example.com" not in params["CODE_DELIVERY_DESTINATION"]
    with pytest.raises(env.idp.exceptions.CodeMismatchException):
        env.respond(
            {"USERNAME": "mia", key: "000000"}, ChallengeName=kind, Session=second["Session"]
        )
    srp = env.srp(username="mia")
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    done = env.respond(
        {"USERNAME": "mia", key: "123456"}, ChallengeName=kind, Session=second["Session"]
    )
    assert "AccessToken" in done["AuthenticationResult"]


def test_totp_matches_rfc_6238() -> None:
    # RFC 6238 appendix B, SHA-1 seed "12345678901234567890": the low six digits of each code.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp(secret, 59) == "287082"
    assert totp(secret, 1111111109) == "081804"
    assert totp(secret, 2000000000) == "279037"


def test_select_mfa_type_then_software_token(env: Any) -> None:
    user = env.cognito.create_user(
        env.pool_id, "ted", PASSWORD, mfa=["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
    )
    assert user.totp_secret is not None
    srp = env.srp(username="ted")
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert second["ChallengeName"] == "SELECT_MFA_TYPE"
    assert json.loads(second["ChallengeParameters"]["MFAS_CAN_CHOOSE"]) == [
        "SMS_MFA",
        "SOFTWARE_TOKEN_MFA",
    ]
    third = env.respond(
        {"USERNAME": "ted", "ANSWER": "SOFTWARE_TOKEN_MFA"},
        ChallengeName="SELECT_MFA_TYPE",
        Session=second["Session"],
    )
    assert third["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    code = totp(user.totp_secret, env.cognito.service.context.now())
    done = env.respond(
        {"USERNAME": "ted", "SOFTWARE_TOKEN_MFA_CODE": code},
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=third["Session"],
    )
    assert "AccessToken" in done["AuthenticationResult"]


def test_mfa_answers_need_the_secret_hash_over_the_internal_name(env: Any) -> None:
    env.cognito.create_user(env.pool_id, "mia", PASSWORD, mfa=["SMS_MFA"])
    srp = env.srp(env.secret_app, username="mia")
    first = env.initiate(srp, env.secret_app)
    second = env.respond(srp.answer_password_verifier(first["ChallengeParameters"]), env.secret_app)
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.respond(
            {"USERNAME": "mia", "SMS_MFA_CODE": "123456"},
            env.secret_app,
            ChallengeName="SMS_MFA",
            Session=second["Session"],
        )


def test_mfa_setup_with_a_software_token(new_env: Any) -> None:
    env = new_env(mfa_required=True)
    srp = env.srp()
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert second["ChallengeName"] == "MFA_SETUP"
    assert json.loads(second["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"]
    associated = env.idp.associate_software_token(Session=second["Session"])
    secret = associated["SecretCode"]
    assert len(secret) >= 16 and secret.isalnum()
    with pytest.raises(env.idp.exceptions.EnableSoftwareTokenMFAException):
        env.idp.verify_software_token(Session=associated["Session"], UserCode="000000")
    # The refused code used up that session; start over.
    srp = env.srp()
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    associated = env.idp.associate_software_token(Session=second["Session"])
    secret = associated["SecretCode"]
    verified = env.idp.verify_software_token(
        Session=associated["Session"], UserCode=totp(secret, env.cognito.service.context.now())
    )
    assert verified["Status"] == "SUCCESS"
    done = env.respond(
        {"USERNAME": "alice"}, ChallengeName="MFA_SETUP", Session=verified["Session"]
    )
    assert "AccessToken" in done["AuthenticationResult"]
    # From now on the user has TOTP MFA.
    srp = env.srp()
    again = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert again["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    code = totp(secret, env.cognito.service.context.now())
    done = env.respond(
        {"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": code},
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=again["Session"],
    )
    assert "AccessToken" in done["AuthenticationResult"]


def test_mfa_setup_cannot_be_skipped(new_env: Any) -> None:
    env = new_env(mfa_required=True)
    srp = env.srp()
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    with pytest.raises(env.idp.exceptions.SoftwareTokenMFANotFoundException):
        env.respond({"USERNAME": "alice"}, ChallengeName="MFA_SETUP", Session=second["Session"])


def test_software_token_added_with_an_access_token(env: Any) -> None:
    tokens = env.sign_in()
    secret = env.idp.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
    code = totp(secret, env.cognito.service.context.now())
    assert (
        env.idp.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=code)["Status"]
        == "SUCCESS"
    )
    srp = env.srp()
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert second["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
