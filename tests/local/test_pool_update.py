"""UpdateUserPool over HTTP with boto3: what it changes, and what it puts back to default.

AWS's API reference: "If you don't provide a value for an attribute, Amazon Cognito sets it to
its default value." The defaults are the documented ones: a minimum password length of 8,
AllowedFirstAuthFactors PASSWORD, no AutoVerifiedAttributes, MfaConfiguration OFF, no device
tracking. The changed settings are checked by what they do (USER_AUTH's AvailableChallenges)
as well as by DescribeUserPool.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from srpcore.local import LocalCognito

from .conftest import PASSWORD, Env


def _offered(env: Env) -> set[str]:
    first = env.idp.initiate_auth(
        AuthFlow="USER_AUTH", ClientId=env.app.client_id, AuthParameters={"USERNAME": "alice"}
    )
    assert first["ChallengeName"] == "SELECT_CHALLENGE"
    return set(first["AvailableChallenges"])


def _described(env: Env) -> dict[str, Any]:
    pool: dict[str, Any] = env.idp.describe_user_pool(UserPoolId=env.pool_id)["UserPool"]
    return pool


def _refused(call: Any, code: str) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    assert caught.value.response["Error"]["Code"] == code
    return str(caught.value.response["Error"]["Message"])


def test_the_sign_in_policy_changes_what_user_auth_offers(env: Env) -> None:
    assert _offered(env) == {"PASSWORD", "PASSWORD_SRP"}  # alice's email is verified
    env.idp.update_user_pool(
        UserPoolId=env.pool_id,
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
    )
    assert _offered(env) == {"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"}
    policy = _described(env)["Policies"]["SignInPolicy"]
    assert policy == {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}


def test_what_the_request_leaves_out_goes_back_to_its_default(env: Env) -> None:
    env.idp.update_user_pool(
        UserPoolId=env.pool_id,
        Policies={
            "PasswordPolicy": {"MinimumLength": 12},
            "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]},
        },
        AutoVerifiedAttributes=["email"],
        DeviceConfiguration={"DeviceOnlyRememberedOnUserPrompt": True},
        MfaConfiguration="ON",
    )
    changed = _described(env)
    assert changed["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert changed["AutoVerifiedAttributes"] == ["email"]
    assert changed["DeviceConfiguration"]["DeviceOnlyRememberedOnUserPrompt"] is True
    assert changed["MfaConfiguration"] == "ON"
    env.idp.update_user_pool(UserPoolId=env.pool_id)  # nothing sent: every default
    reset = _described(env)
    assert reset["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert reset["Policies"]["SignInPolicy"] == {"AllowedFirstAuthFactors": ["PASSWORD"]}
    assert "AutoVerifiedAttributes" not in reset and "DeviceConfiguration" not in reset
    assert reset["MfaConfiguration"] == "OFF"
    assert reset["Name"] == changed["Name"]  # no PoolName: the name stays
    assert _offered(env) == {"PASSWORD", "PASSWORD_SRP"}


def test_the_password_policy_applies_to_the_next_password(env: Env) -> None:
    env.idp.update_user_pool(
        UserPoolId=env.pool_id, Policies={"PasswordPolicy": {"MinimumLength": 40}}
    )
    _refused(
        lambda: env.idp.admin_set_user_password(
            UserPoolId=env.pool_id, Username="alice", Password=PASSWORD, Permanent=True
        ),
        "InvalidPasswordException",
    )


def test_the_passkey_relying_party_is_not_updated_away(env: Env) -> None:
    config = {"RelyingPartyId": "auth.example.com", "UserVerification": "required"}
    env.idp.set_user_pool_mfa_config(UserPoolId=env.pool_id, WebAuthnConfiguration=config)
    env.idp.update_user_pool(UserPoolId=env.pool_id, PoolName="renamed")
    assert _described(env)["Name"] == "renamed"
    got = env.idp.get_user_pool_mfa_config(UserPoolId=env.pool_id)
    assert got["WebAuthnConfiguration"] == config


def test_refusals(env: Env) -> None:
    _refused(
        lambda: env.idp.update_user_pool(UserPoolId="us-east-1_NoSuchPool"),
        "ResourceNotFoundException",
    )
    _refused(
        lambda: env.idp.update_user_pool(
            UserPoolId=env.pool_id,
            Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["SOFTWARE_TOKEN"]}},
        ),
        "InvalidParameterException",
    )
    message = _refused(
        lambda: env.idp.update_user_pool(UserPoolId=env.pool_id, MfaConfiguration="SOMETIMES"),
        "InvalidParameterException",  # Cognito's code for a model constraint broken
    )
    assert "Member must satisfy enum value set: [OFF, ON, OPTIONAL]" in message
    _refused(
        lambda: env.idp.update_user_pool(
            UserPoolId=env.pool_id, AutoVerifiedAttributes=["address"]
        ),
        "InvalidParameterException",
    )
    assert _offered(env) == {"PASSWORD", "PASSWORD_SRP"}  # nothing changed


def test_an_update_survives_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "cognito.sqlite"
    with LocalCognito(data=data) as cognito:
        pool = cognito.create_user_pool("kept")
        cognito.boto3_client().update_user_pool(
            UserPoolId=pool.id,
            Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "SMS_OTP"]}},
        )
    with LocalCognito(data=data) as cognito:
        described = cognito.boto3_client().describe_user_pool(UserPoolId=pool.id)["UserPool"]
    assert described["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"] == [
        "PASSWORD",
        "SMS_OTP",
    ]
