"""Setting the endpoint up the normal way, through boto3's management calls."""

from __future__ import annotations

from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.local import LocalSetupError


def test_setup_through_boto3_then_sign_in(idp: Any) -> None:
    pool = idp.create_user_pool(
        PoolName="wire",
        AliasAttributes=["email"],
        DeviceConfiguration={
            "ChallengeRequiredOnNewDevice": True,
            "DeviceOnlyRememberedOnUserPrompt": False,
        },
        Policies={"PasswordPolicy": {"MinimumLength": 10}},
    )["UserPool"]
    assert pool["Id"].startswith("us-east-1_") and pool["Name"] == "wire"
    assert pool["DeviceConfiguration"]["ChallengeRequiredOnNewDevice"] is True
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="web",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    assert len(client["ClientId"]) == 26 and client["ClientSecret"]
    assert client["ExplicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
    user = idp.admin_create_user(
        UserPoolId=pool["Id"],
        Username="carol",
        UserAttributes=[{"Name": "email", "Value": "carol@example.com"}],
        MessageAction="SUPPRESS",
    )["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD" and user["Enabled"] is True
    with pytest.raises(idp.exceptions.InvalidPasswordException):
        idp.admin_set_user_password(
            UserPoolId=pool["Id"], Username="carol", Password="short", Permanent=True
        )
    idp.admin_set_user_password(
        UserPoolId=pool["Id"], Username="carol", Password="long enough pw", Permanent=True
    )
    got = idp.admin_get_user(UserPoolId=pool["Id"], Username="carol")
    assert got["UserStatus"] == "CONFIRMED"

    srp = UserSRP(
        pool_id=pool["Id"],
        username="carol@example.com",
        password="long enough pw",
        client_id=client["ClientId"],
        client_secret=client["ClientSecret"],
    )
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=client["ClientId"], AuthParameters=srp.auth_parameters()
    )
    done = idp.respond_to_auth_challenge(
        ClientId=client["ClientId"],
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
    )
    assert "NewDeviceMetadata" in done["AuthenticationResult"]


def test_temporary_password_gives_new_password_required(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="tmp")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"][
        "ClientId"
    ]
    idp.admin_create_user(UserPoolId=pool_id, Username="dan", TemporaryPassword="Temporary-123")
    srp = UserSRP(pool_id=pool_id, username="dan", password="Temporary-123")
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=client_id, AuthParameters=srp.auth_parameters()
    )
    second = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
    )
    assert second["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert second["ChallengeParameters"]["USER_ID_FOR_SRP"] == "dan"


def test_duplicate_user(idp: Any, cognito: Any) -> None:
    pool = cognito.create_user_pool("dup")
    cognito.create_user(pool.id, "erin", "password-1")
    with pytest.raises(idp.exceptions.UsernameExistsException):
        idp.admin_create_user(UserPoolId=pool.id, Username="erin", TemporaryPassword="password-2")
    with pytest.raises(LocalSetupError) as info:
        cognito.create_user(pool.id, "erin", "password-3")
    assert info.value.code == "UsernameExistsException"


def test_unknown_pool_and_user(idp: Any) -> None:
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.create_user_pool_client(UserPoolId="us-east-1_Missing1", ClientName="x")
    pool_id = idp.create_user_pool(PoolName="x")["UserPool"]["Id"]
    with pytest.raises(idp.exceptions.UserNotFoundException):
        idp.admin_set_user_password(UserPoolId=pool_id, Username="nobody", Password="password-1")


def test_unknown_explicit_auth_flow(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="x")["UserPool"]["Id"]
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="x", ExplicitAuthFlows=["ALLOW_EVERYTHING"]
        )


def test_describe_user_pool(idp: Any, cognito: Any) -> None:
    pool = cognito.create_user_pool("described", device_tracking="opt-in")
    got = idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]
    assert got["Id"] == pool.id
    assert got["DeviceConfiguration"]["DeviceOnlyRememberedOnUserPrompt"] is True


def test_no_password_is_kept(cognito: Any) -> None:
    pool = cognito.create_user_pool("nopw")
    cognito.create_user(pool.id, "fay", "a very particular password")
    user = cognito.service.context.repo.user(pool.id, "fay")
    assert "a very particular password" not in repr(vars(user))
    assert "a very particular password" not in repr(user)


BAD_CLIENT_SETTINGS = [
    {"AuthSessionValidity": 16},
    {"ExplicitAuthFlows": ["ALLOW_NO_SUCH_AUTH"]},
    {"RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 61}},
    {"RefreshTokenRotation": {"Feature": "SOMETIMES"}},
    {"PreventUserExistenceErrors": "SOMETIMES"},
]


@pytest.mark.parametrize("bad", BAD_CLIENT_SETTINGS)
def test_create_and_update_refuse_the_same_client_settings_alike(idp: Any, bad: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="clients")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"]
    with pytest.raises(idp.exceptions.InvalidParameterException) as created:
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web", **bad)
    with pytest.raises(idp.exceptions.InvalidParameterException) as updated:
        idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"], **bad)
    assert created.value.response["Error"]["Message"] == updated.value.response["Error"]["Message"]
    described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])
    assert described["UserPoolClient"] == client  # a refused update changed nothing


def test_an_update_keeps_the_name_it_is_not_given_and_resets_the_rest(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="clients")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", AuthSessionValidity=10
    )["UserPoolClient"]
    updated = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])
    assert updated["UserPoolClient"]["ClientName"] == "web"
    assert updated["UserPoolClient"]["AuthSessionValidity"] == 3  # the default, as on AWS


def test_the_python_api_refuses_bad_client_settings_as_a_setup_error(cognito: Any) -> None:
    pool = cognito.create_user_pool("clients")
    for bad in ({"session_validity": 16}, {"retry_grace_period": 61}, {"client_id": "a b"}):
        with pytest.raises(LocalSetupError) as info:
            cognito.create_client(pool.id, **bad)
        assert info.value.code == "InvalidParameterException"
