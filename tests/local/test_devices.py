"""Remembered devices over HTTP: NewDeviceMetadata, ConfirmDevice, device SRP, stale keys."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from srpcore import DeviceSecret, DeviceSRP, new_device_secret
from srpcore.cognito.proof import GROUP


def _remember(env: Any, tokens: dict[str, Any]) -> DeviceSecret:
    assert tokens["NewDeviceMetadata"]["DeviceKey"].startswith("us-east-1_")
    secret: DeviceSecret
    secret, confirmed = env.confirm_device(tokens, DeviceName="test device")
    assert confirmed["UserConfirmationNecessary"] is False
    return secret


def _device_sign_in(env: Any, secret: DeviceSecret, *, device_password: str | None = None) -> Any:
    srp = env.srp(device_key=secret.device_key)
    first = env.initiate(srp)
    second = env.respond(srp.answer_password_verifier(first["ChallengeParameters"]))
    assert second["ChallengeName"] == "DEVICE_SRP_AUTH"
    device = DeviceSRP(
        device_group_key=secret.device_group_key,
        device_key=secret.device_key,
        device_password=device_password or secret.device_password,
    )
    third = env.respond(
        device.answer_device_srp_auth(second["ChallengeParameters"]),
        ChallengeName="DEVICE_SRP_AUTH",
        Session=second["Session"],
    )
    assert third["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    assert set(third["ChallengeParameters"]) == {"SALT", "SRP_B", "SECRET_BLOCK", "USERNAME"}
    return env.respond(
        device.answer_device_password_verifier(third["ChallengeParameters"]),
        ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=third["Session"],
    )


def test_remember_then_sign_in_with_device_srp(device_env: Any) -> None:
    secret = _remember(device_env, device_env.sign_in())
    done = _device_sign_in(device_env, secret)["AuthenticationResult"]
    assert "NewDeviceMetadata" not in done
    assert device_env.cognito.service.completed["DEVICE_PASSWORD_VERIFIER"] >= 1


def test_wrong_device_password_is_refused(device_env: Any) -> None:
    secret = _remember(device_env, device_env.sign_in())
    other = new_device_secret(device_group_key="x", device_key="y").device_password
    with pytest.raises(device_env.idp.exceptions.NotAuthorizedException) as info:
        _device_sign_in(device_env, secret, device_password=other)
    assert info.value.response["Error"]["Message"] == "Incorrect username or password."


def test_device_skips_mfa(device_env: Any) -> None:
    device_env.cognito.create_user(
        device_env.pool_id, "mia", "correct horse battery", mfa=["SMS_MFA"]
    )
    srp = device_env.srp(username="mia", password="correct horse battery")
    second = device_env.respond(
        srp.answer_password_verifier(device_env.initiate(srp)["ChallengeParameters"])
    )
    assert second["ChallengeName"] == "SMS_MFA"
    tokens = device_env.respond(
        {"USERNAME": "mia", "SMS_MFA_CODE": "123456"},
        ChallengeName="SMS_MFA",
        Session=second["Session"],
    )["AuthenticationResult"]
    secret = _remember(device_env, tokens)
    device_env.username, device_env.password = "mia", "correct horse battery"
    done = _device_sign_in(device_env, secret)
    assert "AccessToken" in done["AuthenticationResult"]


def test_stale_device_key(device_env: Any) -> None:
    srp = device_env.srp(device_key="us-east-1_00000000-0000-4000-8000-000000000000")
    first = device_env.initiate(srp)
    with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException) as info:
        device_env.respond(srp.answer_password_verifier(first["ChallengeParameters"]))
    assert info.value.response["Error"]["Message"] == "Device does not exist."


def test_stale_device_key_on_refresh(device_env: Any) -> None:
    tokens = device_env.sign_in()
    with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException) as info:
        device_env.idp.initiate_auth(
            ClientId=device_env.app.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={
                "REFRESH_TOKEN": tokens["RefreshToken"],
                "DEVICE_KEY": "us-east-1_00000000-0000-4000-8000-000000000000",
            },
        )
    assert info.value.response["Error"]["Message"] == "Device does not exist."


def test_opt_in_pool_needs_update_device_status(new_env: Any) -> None:
    env = new_env(device_tracking="opt-in")
    tokens = env.sign_in()
    meta = tokens["NewDeviceMetadata"]
    secret, confirmed = env.confirm_device(tokens)
    assert confirmed["UserConfirmationNecessary"] is True
    # Not yet remembered: a sign-in with the key gets no DEVICE_SRP_AUTH.
    srp = env.srp(device_key=secret.device_key)
    plain = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert "AuthenticationResult" in plain
    env.idp.update_device_status(
        AccessToken=tokens["AccessToken"],
        DeviceKey=meta["DeviceKey"],
        DeviceRememberedStatus="remembered",
    )
    assert "AccessToken" in _device_sign_in(env, secret)["AuthenticationResult"]


def test_confirm_device_needs_a_valid_access_token(device_env: Any) -> None:
    tokens = device_env.sign_in()
    meta = tokens["NewDeviceMetadata"]
    secret = new_device_secret(
        device_group_key=meta["DeviceGroupKey"], device_key=meta["DeviceKey"]
    )
    head, body, sig = tokens["AccessToken"].split(".")
    forged = f"{head}.{body}.{sig[:-4]}AAAA"
    with pytest.raises(device_env.idp.exceptions.NotAuthorizedException):
        device_env.idp.confirm_device(
            AccessToken=forged,
            DeviceKey=meta["DeviceKey"],
            DeviceSecretVerifierConfig=secret.verifier_config,
        )
    with pytest.raises(device_env.idp.exceptions.NotAuthorizedException):
        device_env.idp.confirm_device(
            AccessToken=tokens["IdToken"],
            DeviceKey=meta["DeviceKey"],
            DeviceSecretVerifierConfig=secret.verifier_config,
        )


def test_a_device_cannot_be_confirmed_twice(device_env: Any) -> None:
    tokens = device_env.sign_in()
    _remember(device_env, tokens)
    meta = tokens["NewDeviceMetadata"]
    again = new_device_secret(device_group_key=meta["DeviceGroupKey"], device_key=meta["DeviceKey"])
    with pytest.raises(device_env.idp.exceptions.DeviceKeyExistsException):
        device_env.idp.confirm_device(
            AccessToken=tokens["AccessToken"],
            DeviceKey=meta["DeviceKey"],
            DeviceSecretVerifierConfig=again.verifier_config,
        )


def test_another_users_device_is_unknown(device_env: Any) -> None:
    secret = _remember(device_env, device_env.sign_in())
    device_env.cognito.create_user(device_env.pool_id, "bob", "correct horse battery")
    srp = device_env.srp(
        username="bob", password="correct horse battery", device_key=secret.device_key
    )
    first = device_env.initiate(srp)
    with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException):
        device_env.respond(srp.answer_password_verifier(first["ChallengeParameters"]))


def test_unconfirmed_devices_are_bounded(device_env: Any) -> None:
    for _ in range(70):
        device_env.idp.initiate_auth(
            ClientId=device_env.app.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": device_env.password},
        )
    devices = device_env.cognito.service.context.repo.devices(device_env.pool_id, "alice")
    assert len(devices) == 64


def _device_srp_auth(env: Any, secret: DeviceSecret) -> Any:
    srp = env.srp(device_key=secret.device_key)
    first = env.initiate(srp)
    return env.respond(srp.answer_password_verifier(first["ChallengeParameters"]))


def test_device_srp_a_zero_is_refused(device_env: Any) -> None:
    secret = _remember(device_env, device_env.sign_in())
    second = _device_srp_auth(device_env, secret)
    with pytest.raises(device_env.idp.exceptions.InvalidParameterException):
        device_env.respond(
            {"USERNAME": "alice", "DEVICE_KEY": secret.device_key, "SRP_A": "0"},
            ChallengeName="DEVICE_SRP_AUTH",
            Session=second["Session"],
        )


def test_device_answer_cannot_be_replayed(device_env: Any) -> None:
    secret = _remember(device_env, device_env.sign_in())
    second = _device_srp_auth(device_env, secret)
    device = DeviceSRP(
        device_group_key=secret.device_group_key,
        device_key=secret.device_key,
        device_password=secret.device_password,
    )
    third = device_env.respond(
        device.answer_device_srp_auth(second["ChallengeParameters"]),
        ChallengeName="DEVICE_SRP_AUTH",
        Session=second["Session"],
    )
    answer = device.answer_device_password_verifier(third["ChallengeParameters"])
    device_env.respond(answer, ChallengeName="DEVICE_PASSWORD_VERIFIER", Session=third["Session"])
    with pytest.raises(device_env.idp.exceptions.NotAuthorizedException) as info:
        device_env.respond(
            answer, ChallengeName="DEVICE_PASSWORD_VERIFIER", Session=third["Session"]
        )
    assert info.value.response["Error"]["Message"] == "Invalid session for the user."


def test_device_srp_with_another_device_key_is_refused(device_env: Any) -> None:
    secret = _remember(device_env, device_env.sign_in())
    other = _remember(device_env, device_env.sign_in())
    second = _device_srp_auth(device_env, secret)
    device = DeviceSRP(
        device_group_key=other.device_group_key,
        device_key=other.device_key,
        device_password=other.device_password,
    )
    with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException):
        device_env.respond(
            device.answer_device_srp_auth(second["ChallengeParameters"]),
            ChallengeName="DEVICE_SRP_AUTH",
            Session=second["Session"],
        )


@pytest.mark.parametrize(
    "config",
    [
        {
            "Salt": "AAEC",
            "PasswordVerifier": base64.b64encode(GROUP.N.to_bytes(384, "big")).decode(),
        },
        {"Salt": "AAEC", "PasswordVerifier": base64.b64encode(b"\x01").decode()},
        {"Salt": "AAEC", "PasswordVerifier": "not base64!"},
        {"Salt": "", "PasswordVerifier": "AAEC"},
        {"Salt": "AAEC", "PasswordVerifier": base64.b64encode(b"\x01" * 600).decode()},
    ],
    ids=["v = N", "v = 1", "not base64", "empty salt", "oversized"],
)
def test_confirm_device_refuses_bad_verifiers(device_env: Any, config: dict[str, str]) -> None:
    tokens = device_env.sign_in()
    with pytest.raises(device_env.idp.exceptions.InvalidParameterException):
        device_env.idp.confirm_device(
            AccessToken=tokens["AccessToken"],
            DeviceKey=tokens["NewDeviceMetadata"]["DeviceKey"],
            DeviceSecretVerifierConfig=config,
        )
    repo = device_env.cognito.service.context.repo
    device = repo.device(device_env.pool_id, "alice", tokens["NewDeviceMetadata"]["DeviceKey"])
    assert device is not None and not device.confirmed


def test_update_device_status_forget_and_errors(device_env: Any) -> None:
    tokens = device_env.sign_in()
    secret = _remember(device_env, tokens)
    device_env.idp.update_device_status(
        AccessToken=tokens["AccessToken"],
        DeviceKey=secret.device_key,
        DeviceRememberedStatus="not_remembered",
    )
    srp = device_env.srp(device_key=secret.device_key)
    plain = device_env.respond(
        srp.answer_password_verifier(device_env.initiate(srp)["ChallengeParameters"])
    )
    assert "AuthenticationResult" in plain  # no DEVICE_SRP_AUTH for a forgotten device
    with pytest.raises(device_env.idp.exceptions.InvalidParameterException):
        device_env.idp.update_device_status(
            AccessToken=tokens["AccessToken"],
            DeviceKey=secret.device_key,
            DeviceRememberedStatus="maybe",
        )
    with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException) as info:
        device_env.idp.update_device_status(
            AccessToken=tokens["AccessToken"],
            DeviceKey="us-east-1_00000000-0000-4000-8000-000000000000",
            DeviceRememberedStatus="remembered",
        )
    assert info.value.response["Error"]["Message"] == "Device does not exist."
