"""EMAIL_OTP / SMS_OTP as USER_AUTH first factors, and the pool's sign-in policy, over HTTP.

Expected values are Cognito's documented behaviour: AvailableChallenges lists the pool's
AllowedFirstAuthFactors the user can use (PASSWORD offers PASSWORD and PASSWORD_SRP; a code
factor needs a verified address); the code arrives as CODE_DELIVERY_* parameters masked as
Cognito masks them; CodeMismatchException / ExpiredCodeException for bad codes (the
RespondToAuthChallenge errors in botocore's model).
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import jwt
import pytest

from srpcore.errors import InvalidParameterError
from srpcore.local import LocalCognito
from srpcore.local.seed import apply_seed

from .conftest import ALL_FLOWS, PASSWORD, Env

CODE_FACTORS = ("PASSWORD", "EMAIL_OTP", "SMS_OTP")


@pytest.fixture
def otp_env(new_env: Any) -> Env:
    """A pool allowing password and both code factors; alice has a verified email, sam a
    verified phone number and an unverified email, una nothing verified."""
    env: Env = new_env(first_factors=CODE_FACTORS)
    phone = {"phone_number": "+15555550100", "phone_number_verified": "true"}
    env.cognito.create_user(
        env.pool_id, "sam", PASSWORD, attributes={**phone, "email": "sam@example.com"}
    )
    env.cognito.create_user(env.pool_id, "una", PASSWORD, attributes={"email": "u@example.com"})
    return env


def _start(env: Env, username: str, preferred: str | None = None, app: Any = None) -> Any:
    params = {"USERNAME": username}
    if preferred is not None:
        params["PREFERRED_CHALLENGE"] = preferred
    return env.idp.initiate_auth(
        AuthFlow="USER_AUTH", ClientId=(app or env.app).client_id, AuthParameters=params
    )


def _answer(env: Env, step: Any, code: str, app: Any = None) -> Any:
    name = step["ChallengeName"]
    return env.idp.respond_to_auth_challenge(
        ClientId=(app or env.app).client_id,
        ChallengeName=name,
        Session=step["Session"],
        ChallengeResponses={
            "USERNAME": step["ChallengeParameters"]["USERNAME"],
            f"{name}_CODE": code,
        },
    )


def _last_code(env: Env, username: str) -> str:
    code: str = env.cognito.messages(env.pool_id, username)[-1].code
    return code


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_email_code_signs_in_and_the_tokens_work(otp_env: Env) -> None:
    step = _start(otp_env, "alice", "EMAIL_OTP")
    assert step["ChallengeName"] == "EMAIL_OTP"
    assert step["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    assert step["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "a***@e***.com"
    [message] = otp_env.cognito.messages(otp_env.pool_id, "alice")
    assert (message.kind, message.medium, message.destination) == (
        "EMAIL_OTP",
        "EMAIL",
        "alice@example.com",
    )
    assert len(message.code) == 6 and message.code.isdigit()
    result = _answer(otp_env, step, message.code)["AuthenticationResult"]
    assert otp_env.idp.get_user(AccessToken=result["AccessToken"])["Username"] == "alice"
    key = jwt.PyJWKClient(otp_env.cognito.jwks_url(otp_env.pool_id))
    claims = jwt.decode(
        result["IdToken"],
        key.get_signing_key_from_jwt(result["IdToken"]).key,
        algorithms=["RS256"],
        audience=otp_env.app.client_id,
    )
    assert claims["cognito:username"] == "alice"


def test_sms_code_signs_in(otp_env: Env) -> None:
    step = _start(otp_env, "sam", "SMS_OTP")
    assert step["ChallengeName"] == "SMS_OTP"
    assert step["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert step["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******0100"
    [message] = otp_env.cognito.messages(otp_env.pool_id, "sam")
    assert (message.kind, message.destination) == ("SMS_OTP", "+15555550100")
    assert "IdToken" in _answer(otp_env, step, message.code)["AuthenticationResult"]


def test_a_wrong_code_may_be_corrected_with_the_same_session(otp_env: Env) -> None:
    step = _start(otp_env, "alice", "EMAIL_OTP")
    code = _last_code(otp_env, "alice")
    with pytest.raises(otp_env.idp.exceptions.CodeMismatchException):
        _answer(otp_env, step, _wrong(code))
    assert "AccessToken" in _answer(otp_env, step, code)["AuthenticationResult"]


def test_too_many_wrong_codes_end_the_sign_in(otp_env: Env) -> None:
    step = _start(otp_env, "alice", "EMAIL_OTP")
    code = _last_code(otp_env, "alice")
    for _ in range(3):
        with pytest.raises(otp_env.idp.exceptions.CodeMismatchException):
            _answer(otp_env, step, _wrong(code))
    with pytest.raises(otp_env.idp.exceptions.NotAuthorizedException):
        _answer(otp_env, step, code)  # the right code, too late


def test_a_used_code_and_its_session_work_once(otp_env: Env) -> None:
    step = _start(otp_env, "alice", "EMAIL_OTP")
    old = _last_code(otp_env, "alice")
    _answer(otp_env, step, old)
    with pytest.raises(otp_env.idp.exceptions.NotAuthorizedException):
        _answer(otp_env, step, old)
    for _ in range(5):  # a new sign-in gets a new code (retry the 1-in-a-million collision)
        again = _start(otp_env, "alice", "EMAIL_OTP")
        if _last_code(otp_env, "alice") != old:
            break
    assert len(otp_env.cognito.messages(otp_env.pool_id, "alice")) >= 2
    with pytest.raises(otp_env.idp.exceptions.CodeMismatchException):
        _answer(otp_env, again, old)


def test_an_expired_code_is_refused(otp_env: Env, clock: Any) -> None:
    app = otp_env.cognito.create_client(
        otp_env.pool_id, explicit_auth_flows=ALL_FLOWS, session_validity=15
    )
    step = _start(otp_env, "alice", "EMAIL_OTP", app)
    code = _last_code(otp_env, "alice")
    clock.advance(181)  # sign-in codes live 3 minutes; this client's session 15
    with pytest.raises(otp_env.idp.exceptions.ExpiredCodeException):
        _answer(otp_env, step, code, app)


def test_select_challenge_lists_exactly_what_each_user_can_use(otp_env: Env) -> None:
    def offered(username: str) -> set[str]:
        step = _start(otp_env, username)
        assert step["ChallengeName"] == "SELECT_CHALLENGE"
        return set(step["AvailableChallenges"])

    assert offered("alice") == {"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"}
    assert offered("sam") == {"PASSWORD", "PASSWORD_SRP", "SMS_OTP"}  # email unverified
    assert offered("una") == {"PASSWORD", "PASSWORD_SRP"}
    assert otp_env.cognito.messages(otp_env.pool_id) == []  # choosing sends nothing


def test_the_default_policy_offers_passwords_only(env: Env) -> None:
    step = _start(env, "alice")  # alice's email is verified, but the pool allows PASSWORD
    assert set(step["AvailableChallenges"]) == {"PASSWORD", "PASSWORD_SRP"}
    again = _start(env, "alice", "EMAIL_OTP")  # an unavailable preference: the choice
    assert again["ChallengeName"] == "SELECT_CHALLENGE"


def test_a_codes_only_pool(new_env: Any) -> None:
    env: Env = new_env(first_factors=("EMAIL_OTP",))
    step = _start(env, "alice", "PASSWORD")
    assert (step["ChallengeName"], step["AvailableChallenges"]) == (
        "SELECT_CHALLENGE",
        ["EMAIL_OTP"],
    )
    with pytest.raises(env.idp.exceptions.InvalidParameterException):
        env.idp.respond_to_auth_challenge(
            ClientId=env.app.client_id,
            ChallengeName="SELECT_CHALLENGE",
            Session=step["Session"],
            ChallengeResponses={"USERNAME": "alice", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD},
        )


def test_select_challenge_then_email_code(otp_env: Env) -> None:
    first = _start(otp_env, "alice")
    second = otp_env.idp.respond_to_auth_challenge(
        ClientId=otp_env.app.client_id,
        ChallengeName="SELECT_CHALLENGE",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "alice", "ANSWER": "EMAIL_OTP"},
    )
    assert second["ChallengeName"] == "EMAIL_OTP"
    code = _last_code(otp_env, "alice")
    assert "RefreshToken" in _answer(otp_env, second, code)["AuthenticationResult"]


def test_a_factor_not_offered_cannot_be_chosen(otp_env: Env) -> None:
    first = _start(otp_env, "alice")
    with pytest.raises(otp_env.idp.exceptions.InvalidParameterException):
        otp_env.idp.respond_to_auth_challenge(
            ClientId=otp_env.app.client_id,
            ChallengeName="SELECT_CHALLENGE",
            Session=first["Session"],
            ChallengeResponses={"USERNAME": "alice", "ANSWER": "SMS_OTP"},
        )
    assert otp_env.cognito.messages(otp_env.pool_id, "alice") == []


def test_the_sign_in_policy_through_boto3(cognito: LocalCognito, idp: Any) -> None:
    pool = idp.create_user_pool(
        PoolName="policy",
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
        AutoVerifiedAttributes=["email"],
    )["UserPool"]
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert described["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"] == [
        "PASSWORD",
        "EMAIL_OTP",
    ]
    assert described["AutoVerifiedAttributes"] == ["email"]
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.create_user_pool(
            PoolName="bad",
            Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["SOFTWARE_TOKEN"]}},
        )


def test_the_policy_survives_a_restart(tmp_path: Any) -> None:
    data = tmp_path / "cognito.db"
    with LocalCognito(data=data) as first:
        pool = first.create_user_pool(
            "kept", first_factors=("PASSWORD", "SMS_OTP"), auto_verified_attributes=("email",)
        )
    with LocalCognito(data=data) as second:
        described = second.boto3_client().describe_user_pool(UserPoolId=pool.id)["UserPool"]
    assert described["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"] == [
        "PASSWORD",
        "SMS_OTP",
    ]
    assert described["AutoVerifiedAttributes"] == ["email"]


def test_messages_over_http(otp_env: Env) -> None:
    _start(otp_env, "alice", "EMAIL_OTP")
    _start(otp_env, "sam", "SMS_OTP")
    url = f"{otp_env.cognito.endpoint_url}/_srpcore/messages?pool_id={otp_env.pool_id}"
    with urllib.request.urlopen(url + "&username=sam") as response:
        body = json.load(response)
    [sam] = body["messages"]
    assert sam["code"] == _last_code(otp_env, "sam")
    assert (sam["username"], sam["kind"], sam["destination"]) == ("sam", "SMS_OTP", "+15555550100")
    with urllib.request.urlopen(url) as response:
        kinds = [m["kind"] for m in json.load(response)["messages"]]
    assert kinds == ["EMAIL_OTP", "SMS_OTP"]  # oldest first


def test_mfa_codes_are_fresh_and_in_the_outbox() -> None:
    with LocalCognito(mfa_code=None) as cognito:
        pool = cognito.create_user_pool("mfa")
        app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
        phone = {"phone_number": "+15555550123", "phone_number_verified": "true"}
        cognito.create_user(pool.id, "mia", PASSWORD, attributes=phone, mfa=["SMS_MFA"])
        idp = cognito.boto3_client()
        step = idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=app.client_id,
            AuthParameters={"USERNAME": "mia", "PASSWORD": PASSWORD},
        )
        assert step["ChallengeName"] == "SMS_MFA"
        assert step["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******0123"
        [message] = cognito.messages(pool.id, "mia")
        assert (message.kind, message.destination) == ("SMS_MFA", "+15555550123")
        answer = {"USERNAME": "mia", "SMS_MFA_CODE": message.code}
        done = idp.respond_to_auth_challenge(
            ClientId=app.client_id, ChallengeName="SMS_MFA", Session=step["Session"],
            ChallengeResponses=answer,
        )  # fmt: skip
        assert "IdToken" in done["AuthenticationResult"]


def test_the_fixture_reads_its_own_pools_messages(local_cognito: Any) -> None:
    phone = {"phone_number": "+15555550142", "phone_number_verified": "true"}
    local_cognito.add_user("bob", PASSWORD, attributes=phone, mfa=["SMS_MFA"])
    idp = local_cognito.boto3_client()
    step = idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=local_cognito.client_id,
        AuthParameters={"USERNAME": "bob", "PASSWORD": PASSWORD},
    )
    assert step["ChallengeName"] == "SMS_MFA"
    [message] = local_cognito.messages("bob")
    assert (message.pool_id, message.kind, message.destination) == (
        local_cognito.pool_id,
        "SMS_MFA",
        "+15555550142",
    )
    assert local_cognito.messages("nobody") == []


def test_a_seed_file_sets_the_sign_in_policy(cognito: LocalCognito) -> None:
    seed = {
        "pools": [
            {
                "name": "seeded",
                "first_factors": ["EMAIL_OTP"],
                "auto_verified_attributes": ["email"],
                "clients": [{"explicit_auth_flows": ["ALLOW_USER_AUTH"]}],
            }
        ]
    }
    [seeded] = apply_seed(cognito, seed)
    described = cognito.boto3_client().describe_user_pool(UserPoolId=seeded.pool.id)
    policies = described["UserPool"]["Policies"]
    assert policies["SignInPolicy"]["AllowedFirstAuthFactors"] == ["EMAIL_OTP"]
    assert described["UserPool"]["AutoVerifiedAttributes"] == ["email"]
    with pytest.raises(InvalidParameterError, match="first_factors"):
        apply_seed(cognito, {"pools": [{"first_factors": ["SOFTWARE_TOKEN"]}]})


def test_admin_user_auth_with_an_sms_code(otp_env: Env) -> None:
    step = otp_env.idp.admin_initiate_auth(
        UserPoolId=otp_env.pool_id,
        ClientId=otp_env.app.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "sam", "PREFERRED_CHALLENGE": "SMS_OTP"},
    )
    assert step["ChallengeName"] == "SMS_OTP"
    code = _last_code(otp_env, "sam")
    with pytest.raises(otp_env.idp.exceptions.NotAuthorizedException):  # Admin-started: Admin
        _answer(otp_env, step, code)
    again = otp_env.idp.admin_initiate_auth(
        UserPoolId=otp_env.pool_id,
        ClientId=otp_env.app.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "sam", "PREFERRED_CHALLENGE": "SMS_OTP"},
    )
    done = otp_env.idp.admin_respond_to_auth_challenge(
        UserPoolId=otp_env.pool_id,
        ClientId=otp_env.app.client_id,
        ChallengeName="SMS_OTP",
        Session=again["Session"],
        ChallengeResponses={"USERNAME": "sam", "SMS_OTP_CODE": _last_code(otp_env, "sam")},
    )
    assert "IdToken" in done["AuthenticationResult"]


def _mfa_sign_in(env: Env, app: Any) -> Any:
    """mia has SMS_MFA; the endpoint's MFA code is its default, 123456."""
    phone = {"phone_number": "+15555550177", "phone_number_verified": "true"}
    env.cognito.create_user(env.pool_id, "mia", PASSWORD, attributes=phone, mfa=["SMS_MFA"])
    step = env.idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",  # not SRP: the module's clock may be moved by then
        ClientId=app.client_id,
        AuthParameters={"USERNAME": "mia", "PASSWORD": PASSWORD},
    )
    assert step["ChallengeName"] == "SMS_MFA"
    return step


def _mfa_answer(env: Env, app: Any, step: Any, code: str) -> Any:
    return env.idp.respond_to_auth_challenge(
        ClientId=app.client_id,
        ChallengeName="SMS_MFA",
        Session=step["Session"],
        ChallengeResponses={"USERNAME": "mia", "SMS_MFA_CODE": code},
    )


def test_an_mfa_code_expires_before_its_session(otp_env: Env, clock: Any) -> None:
    app = otp_env.cognito.create_client(
        otp_env.pool_id, explicit_auth_flows=ALL_FLOWS, session_validity=15
    )
    step = _mfa_sign_in(otp_env, app)
    clock.advance(181)  # MFA codes live 3 minutes, as sign-in codes do; the session 15
    with pytest.raises(otp_env.idp.exceptions.ExpiredCodeException):
        _mfa_answer(otp_env, app, step, "123456")


def test_a_wrong_mfa_code_may_be_corrected_a_bounded_number_of_times(otp_env: Env) -> None:
    app = otp_env.app
    step = _mfa_sign_in(otp_env, app)
    with pytest.raises(otp_env.idp.exceptions.CodeMismatchException):
        _mfa_answer(otp_env, app, step, "654321")
    assert "AccessToken" in _mfa_answer(otp_env, app, step, "123456")["AuthenticationResult"]
    with pytest.raises(otp_env.idp.exceptions.NotAuthorizedException):  # used: once only
        _mfa_answer(otp_env, app, step, "123456")
    step = otp_env.idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=app.client_id,
        AuthParameters={"USERNAME": "mia", "PASSWORD": PASSWORD},
    )
    for _ in range(3):
        with pytest.raises(otp_env.idp.exceptions.CodeMismatchException):
            _mfa_answer(otp_env, app, step, "654321")
    with pytest.raises(otp_env.idp.exceptions.NotAuthorizedException):
        _mfa_answer(otp_env, app, step, "123456")  # the right code, after three wrong ones
