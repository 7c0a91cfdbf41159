"""SignUp / ConfirmSignUp / ResendConfirmationCode and ForgotPassword / ConfirmForgotPassword
with boto3 over HTTP, reading the codes from the outbox.

Expected behaviour is Cognito's documented one (API reference and developer guide): SignUp
makes an UNCONFIRMED user and sends a code to an AutoVerifiedAttributes attribute; the Session
ConfirmSignUp returns lets InitiateAuth(USER_AUTH) sign the user in without another factor;
a reset code goes to a verified address; the error codes are those botocore's model lists.
"""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from srpcore import secret_hash
from srpcore.local import LocalCognito

from .conftest import ALL_FLOWS, PASSWORD, FakeClock

NEW_PASSWORD = "a whole new passphrase"


@pytest.fixture
def pool(cognito: LocalCognito) -> tuple[str, str]:
    """A pool that verifies email on sign-up, and a public client allowing every flow."""
    info = cognito.create_user_pool(
        "signup", first_factors=("PASSWORD", "EMAIL_OTP"), auto_verified_attributes=("email",)
    )
    return info.id, cognito.create_client(info.id, explicit_auth_flows=ALL_FLOWS).client_id


def _sign_up(idp: Any, client_id: str, username: str = "neo", **extra: Any) -> Any:
    return idp.sign_up(
        ClientId=client_id,
        Username=username,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
        **extra,
    )


def _code(cognito: LocalCognito, pool_id: str, username: str) -> str:
    code: str = cognito.messages(pool_id, username)[-1].code
    return code


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_sign_up_confirm_and_sign_in_with_the_session(
    cognito: LocalCognito, idp: Any, pool: tuple[str, str]
) -> None:
    pool_id, client_id = pool
    signed = _sign_up(idp, client_id)
    assert signed["UserConfirmed"] is False
    assert signed["CodeDeliveryDetails"] == {
        "Destination": "n***@e***.com",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    user = idp.admin_get_user(UserPoolId=pool_id, Username="neo")
    assert user["UserStatus"] == "UNCONFIRMED"
    sub = {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"]
    assert signed["UserSub"] == sub
    with pytest.raises(idp.exceptions.UserNotConfirmedException):
        idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=client_id,
            AuthParameters={"USERNAME": "neo", "PASSWORD": PASSWORD},
        )
    [message] = cognito.messages(pool_id, "neo")
    assert (message.kind, message.destination) == ("SIGN_UP", "neo@example.com")
    with pytest.raises(idp.exceptions.CodeMismatchException):
        idp.confirm_sign_up(
            ClientId=client_id, Username="neo", ConfirmationCode=_wrong(message.code)
        )
    confirmed = idp.confirm_sign_up(
        ClientId=client_id,
        Username="neo",
        ConfirmationCode=message.code,
        Session=signed["Session"],
    )
    tokens = idp.initiate_auth(
        AuthFlow="USER_AUTH",
        ClientId=client_id,
        AuthParameters={"USERNAME": "neo"},
        Session=confirmed["Session"],
    )["AuthenticationResult"]
    key = jwt.PyJWKClient(cognito.jwks_url(pool_id)).get_signing_key_from_jwt(tokens["IdToken"])
    claims = jwt.decode(tokens["IdToken"], key.key, algorithms=["RS256"], audience=client_id)
    assert (claims["sub"], claims["email"], claims["email_verified"]) == (
        sub,
        "neo@example.com",
        True,
    )
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "neo"
    with pytest.raises(idp.exceptions.NotAuthorizedException):  # the Session works once
        idp.initiate_auth(
            AuthFlow="USER_AUTH",
            ClientId=client_id,
            AuthParameters={"USERNAME": "neo"},
            Session=confirmed["Session"],
        )
    with pytest.raises(idp.exceptions.NotAuthorizedException):  # already confirmed
        idp.confirm_sign_up(ClientId=client_id, Username="neo", ConfirmationCode=message.code)


def test_the_session_is_only_for_its_user(
    cognito: LocalCognito, idp: Any, pool: tuple[str, str]
) -> None:
    pool_id, client_id = pool
    signed = _sign_up(idp, client_id, "trin")
    _sign_up(idp, client_id, "morpheus")
    confirmed = idp.confirm_sign_up(
        ClientId=client_id,
        Username="trin",
        ConfirmationCode=_code(cognito, pool_id, "trin"),
        Session=signed["Session"],
    )
    idp.confirm_sign_up(
        ClientId=client_id,
        Username="morpheus",
        ConfirmationCode=_code(cognito, pool_id, "morpheus"),
    )
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.initiate_auth(
            AuthFlow="USER_AUTH",
            ClientId=client_id,
            AuthParameters={"USERNAME": "morpheus"},
            Session=confirmed["Session"],
        )


def test_sign_up_refusals(cognito: LocalCognito, idp: Any, pool: tuple[str, str]) -> None:
    pool_id, client_id = pool
    _sign_up(idp, client_id, "tank")
    with pytest.raises(idp.exceptions.UsernameExistsException):
        _sign_up(idp, client_id, "tank")
    with pytest.raises(idp.exceptions.InvalidPasswordException):
        idp.sign_up(ClientId=client_id, Username="dozer", Password="short")
    with pytest.raises(idp.exceptions.InvalidParameterException):  # users cannot self-verify
        idp.sign_up(
            ClientId=client_id,
            Username="mouse",
            Password=PASSWORD,
            UserAttributes=[{"Name": "email_verified", "Value": "true"}],
        )
    secret = cognito.create_client(pool_id, generate_secret=True, explicit_auth_flows=ALL_FLOWS)
    assert secret.client_secret is not None
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        _sign_up(idp, secret.client_id, "apoc")
    digest = secret_hash("apoc", secret.client_id, secret.client_secret)
    assert _sign_up(idp, secret.client_id, "apoc", SecretHash=digest)["UserConfirmed"] is False


def test_resend_replaces_the_code(cognito: LocalCognito, idp: Any, pool: tuple[str, str]) -> None:
    pool_id, client_id = pool
    _sign_up(idp, client_id, "switch")
    first = _code(cognito, pool_id, "switch")
    resent = idp.resend_confirmation_code(ClientId=client_id, Username="switch")
    assert resent["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    second = _code(cognito, pool_id, "switch")
    assert len(cognito.messages(pool_id, "switch")) == 2
    if first != second:  # equal one time in a million: then the old code is the new one
        with pytest.raises(idp.exceptions.CodeMismatchException):
            idp.confirm_sign_up(ClientId=client_id, Username="switch", ConfirmationCode=first)
    idp.confirm_sign_up(ClientId=client_id, Username="switch", ConfirmationCode=second)
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.resend_confirmation_code(ClientId=client_id, Username="switch")


def test_too_many_wrong_confirmation_codes(
    cognito: LocalCognito, idp: Any, pool: tuple[str, str]
) -> None:
    pool_id, client_id = pool
    _sign_up(idp, client_id, "cypher")
    code = _code(cognito, pool_id, "cypher")
    for _ in range(4):
        with pytest.raises(idp.exceptions.CodeMismatchException):
            idp.confirm_sign_up(
                ClientId=client_id, Username="cypher", ConfirmationCode=_wrong(code)
            )
    with pytest.raises(idp.exceptions.LimitExceededException):
        idp.confirm_sign_up(ClientId=client_id, Username="cypher", ConfirmationCode=_wrong(code))
    with pytest.raises(idp.exceptions.CodeMismatchException):  # the code is spent
        idp.confirm_sign_up(ClientId=client_id, Username="cypher", ConfirmationCode=code)


def test_an_expired_confirmation_code(cognito: LocalCognito, idp: Any, clock: FakeClock) -> None:
    info = cognito.create_user_pool("expiry", auto_verified_attributes=("email",))
    client_id = cognito.create_client(info.id, explicit_auth_flows=ALL_FLOWS).client_id
    _sign_up(idp, client_id, "link")
    code = _code(cognito, info.id, "link")
    clock.advance(24 * 3600 + 1)  # sign-up codes are valid 24 hours
    with pytest.raises(idp.exceptions.ExpiredCodeException):
        idp.confirm_sign_up(ClientId=client_id, Username="link", ConfirmationCode=code)


def test_forgot_password_end_to_end(cognito: LocalCognito, idp: Any, pool: tuple[str, str]) -> None:
    pool_id, client_id = pool
    cognito.create_user(
        pool_id,
        "ghost",
        PASSWORD,
        attributes={"email": "ghost@example.com", "email_verified": "true"},
    )
    sent = idp.forgot_password(ClientId=client_id, Username="ghost")
    assert sent["CodeDeliveryDetails"] == {
        "Destination": "g***@e***.com",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    [message] = cognito.messages(pool_id, "ghost")
    assert (message.kind, message.destination) == ("FORGOT_PASSWORD", "ghost@example.com")

    def confirm(code: str, password: str = NEW_PASSWORD) -> Any:
        return idp.confirm_forgot_password(
            ClientId=client_id, Username="ghost", ConfirmationCode=code, Password=password
        )

    with pytest.raises(idp.exceptions.CodeMismatchException):
        confirm(_wrong(message.code))
    with pytest.raises(idp.exceptions.InvalidPasswordException):
        confirm(message.code, "short")  # refused before the code is spent
    confirm(message.code)
    with pytest.raises(idp.exceptions.CodeMismatchException):
        confirm(message.code)  # once only

    def sign_in(password: str) -> Any:
        return idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=client_id,
            AuthParameters={"USERNAME": "ghost", "PASSWORD": password},
        )

    assert "AccessToken" in sign_in(NEW_PASSWORD)["AuthenticationResult"]
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        sign_in(PASSWORD)


def test_a_reset_goes_to_the_verified_phone_first(
    cognito: LocalCognito, idp: Any, pool: tuple[str, str]
) -> None:
    pool_id, client_id = pool
    attributes = {
        "email": "kid@example.com",
        "email_verified": "true",
        "phone_number": "+15555550199",
        "phone_number_verified": "true",
    }
    cognito.create_user(pool_id, "kid", PASSWORD, attributes=attributes)
    sent = idp.forgot_password(ClientId=client_id, Username="kid")["CodeDeliveryDetails"]
    assert (sent["DeliveryMedium"], sent["Destination"]) == ("SMS", "+*******0199")


def test_forgot_password_refusals(cognito: LocalCognito, idp: Any, pool: tuple[str, str]) -> None:
    pool_id, client_id = pool
    with pytest.raises(idp.exceptions.UserNotFoundException):
        idp.forgot_password(ClientId=client_id, Username="nobody")
    cognito.create_user(pool_id, "zee", PASSWORD, attributes={"email": "zee@example.com"})
    with pytest.raises(idp.exceptions.InvalidParameterException):  # nothing verified
        idp.forgot_password(ClientId=client_id, Username="zee")
    verified = {"email": "oracle@example.com", "email_verified": "true"}
    cognito.create_user(pool_id, "oracle", PASSWORD, attributes=verified)
    for _ in range(5):
        idp.forgot_password(ClientId=client_id, Username="oracle")
    with pytest.raises(idp.exceptions.LimitExceededException):
        idp.forgot_password(ClientId=client_id, Username="oracle")
    assert len(cognito.messages(pool_id, "oracle")) == 5


def test_sign_up_in_an_email_as_username_pool(cognito: LocalCognito, idp: Any) -> None:
    info = cognito.create_user_pool(
        "emails", username_attributes=("email",), auto_verified_attributes=("email",)
    )
    client_id = cognito.create_client(info.id, explicit_auth_flows=ALL_FLOWS).client_id
    signed = idp.sign_up(ClientId=client_id, Username="amy@example.com", Password=PASSWORD)
    [message] = cognito.messages(info.id, "amy@example.com")  # by sign-in name
    assert message.username == signed["UserSub"]  # the internal name is the sub, as on AWS
    assert message.destination == "amy@example.com"
    idp.confirm_sign_up(
        ClientId=client_id, Username="amy@example.com", ConfirmationCode=message.code
    )
    user = idp.admin_get_user(UserPoolId=info.id, Username="amy@example.com")
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert (user["UserStatus"], attributes["email_verified"]) == ("CONFIRMED", "true")


def test_an_unconfirmed_user_survives_a_restart(tmp_path: Any) -> None:
    """The user and its status are stored; codes are memory only, so a resend follows."""
    data = tmp_path / "cognito.db"
    with LocalCognito(data=data) as first:
        info = first.create_user_pool("kept", auto_verified_attributes=("email",))
        client_id = first.create_client(info.id, explicit_auth_flows=ALL_FLOWS).client_id
        _sign_up(first.boto3_client(), client_id, "dana")
        old = _code(first, info.id, "dana")
    with LocalCognito(data=data) as second:
        idp = second.boto3_client()
        status = idp.admin_get_user(UserPoolId=info.id, Username="dana")["UserStatus"]
        assert status == "UNCONFIRMED"
        assert second.messages(info.id) == []
        idp.resend_confirmation_code(ClientId=client_id, Username="dana")
        new = _code(second, info.id, "dana")
        if new != old:
            with pytest.raises(idp.exceptions.CodeMismatchException):
                idp.confirm_sign_up(ClientId=client_id, Username="dana", ConfirmationCode=old)
        idp.confirm_sign_up(ClientId=client_id, Username="dana", ConfirmationCode=new)
    with LocalCognito(data=data) as third:
        status = third.boto3_client().admin_get_user(UserPoolId=info.id, Username="dana")
        assert status["UserStatus"] == "CONFIRMED"


def test_passwordless_sign_up_then_email_codes(
    cognito: LocalCognito, idp: Any, pool: tuple[str, str]
) -> None:
    """AWS: users can sign up without a password when passwordless sign-in is available."""
    pool_id, client_id = pool
    email = [{"Name": "email", "Value": "pat@example.com"}]
    idp.sign_up(ClientId=client_id, Username="pat", UserAttributes=email)
    idp.confirm_sign_up(
        ClientId=client_id, Username="pat", ConfirmationCode=_code(cognito, pool_id, "pat")
    )
    first = idp.initiate_auth(
        AuthFlow="USER_AUTH", ClientId=client_id, AuthParameters={"USERNAME": "pat"}
    )
    assert first["AvailableChallenges"] == ["EMAIL_OTP"]  # no password to offer
    step = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SELECT_CHALLENGE",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "pat", "ANSWER": "EMAIL_OTP"},
    )
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="EMAIL_OTP",
        Session=step["Session"],
        ChallengeResponses={"USERNAME": "pat", "EMAIL_OTP_CODE": _code(cognito, pool_id, "pat")},
    )
    assert "IdToken" in done["AuthenticationResult"]
    plain = cognito.create_user_pool("plain", auto_verified_attributes=("email",))
    plain_client = cognito.create_client(plain.id, explicit_auth_flows=ALL_FLOWS).client_id
    with pytest.raises(idp.exceptions.InvalidParameterException):  # passwords only there
        idp.sign_up(ClientId=plain_client, Username="pat", UserAttributes=email)


def test_a_reset_cannot_confirm_a_sign_up(
    cognito: LocalCognito, idp: Any, pool: tuple[str, str]
) -> None:
    pool_id, client_id = pool
    _sign_up(idp, client_id, "rex")
    with pytest.raises(idp.exceptions.UserNotConfirmedException):
        idp.confirm_forgot_password(
            ClientId=client_id,
            Username="rex",
            ConfirmationCode=_code(cognito, pool_id, "rex"),
            Password=NEW_PASSWORD,
        )
    status = idp.admin_get_user(UserPoolId=pool_id, Username="rex")["UserStatus"]
    assert status == "UNCONFIRMED"
