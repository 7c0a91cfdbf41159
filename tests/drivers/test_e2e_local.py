"""Every sign-in flow end to end over real HTTP: boto3 -> the local endpoint that verifies SRP.

A wrong password must fail in each flow, which proves the endpoint checks the math.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from drivers.stubkit import Recorder
from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.sync import refresh, respond, sign_in
from srpcore.errors import ServiceError
from srpcore.local import LocalCognito
from srpcore.local.model import CustomAuth
from srpcore.local.totp import totp
from srpcore.signin import Challenge, Tokens

PASSWORD = "correct horse battery staple"
CONTEXT = {
    "IpAddress": "192.0.2.1",
    "ServerName": "app.example.com",
    "ServerPath": "/login",
    "HttpHeaders": [{"headerName": "User-Agent", "headerValue": "pytest"}],
}
ALL_FLOWS = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
]


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@pytest.fixture
def idp(cognito: LocalCognito) -> Any:
    return cognito.boto3_client()


def _pool(cognito: LocalCognito, **options: Any) -> tuple[str, str, str | None]:
    pool = cognito.create_user_pool("e2e", **options)
    app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=ALL_FLOWS)
    return pool.id, app.client_id, app.client_secret


def _sign_in(idp: Any, pool: tuple[str, str, str | None], **options: Any) -> Tokens | Challenge:
    pool_id, client_id, secret = pool
    options.setdefault("username", "alice")
    options.setdefault("password", PASSWORD)
    choice = options.pop("choose", None)
    result = sign_in(idp, pool_id=pool_id, client_id=client_id, client_secret=secret, **options)
    if choice is not None:  # the caller's pick from SELECT_CHALLENGE
        assert isinstance(result, Challenge) and result.name == "SELECT_CHALLENGE"
        assert set(result.available_challenges) == {"PASSWORD", "PASSWORD_SRP"}
        result = respond(idp, result, choice)
    return result


FLOWS = [
    pytest.param({}, id="USER_SRP_AUTH"),
    pytest.param({"admin": True, "context_data": CONTEXT}, id="admin-USER_SRP_AUTH"),
    pytest.param({"flow": "USER_AUTH"}, id="USER_AUTH-preferred"),
    pytest.param(
        {"flow": "USER_AUTH", "preferred_challenge": None, "choose": "PASSWORD_SRP"},
        id="USER_AUTH-select",
    ),
    pytest.param({"flow": "USER_AUTH", "admin": True}, id="admin-USER_AUTH"),
]


@pytest.mark.parametrize("options", FLOWS)
def test_flow_signs_in_and_refuses_a_wrong_password(
    cognito: LocalCognito, idp: Any, options: dict[str, Any]
) -> None:
    pool = _pool(cognito)
    cognito.create_user(pool[0], "alice", PASSWORD)
    result = _sign_in(idp, pool, client_metadata={"source": "e2e"}, **options)
    assert isinstance(result, Tokens) and result.username == "alice"
    user = idp.get_user(AccessToken=result.access_token)
    assert user["Username"] == "alice"
    with pytest.raises(ServiceError) as caught:
        _sign_in(idp, pool, password="wrong password", **options)
    assert (caught.value.code, caught.value.message) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )
    assert caught.value.step is not None and "PASSWORD_VERIFIER" in caught.value.step


def test_custom_auth_with_srp_then_custom_rounds(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, custom_auth=CustomAuth(answers=("42", "7")))
    cognito.create_user(pool[0], "alice", PASSWORD)
    step = _sign_in(idp, pool, flow="CUSTOM_AUTH")
    assert isinstance(step, Challenge) and step.name == "CUSTOM_CHALLENGE"
    assert step.parameters["ROUND"] == "1"
    step = respond(idp, step, "42")
    assert isinstance(step, Challenge) and step.parameters["ROUND"] == "2"
    assert isinstance(respond(idp, step, "7"), Tokens)
    with pytest.raises(ServiceError, match="Incorrect username or password"):
        _sign_in(idp, pool, flow="CUSTOM_AUTH", password="wrong password")


def test_alias_sign_in_then_refresh_with_secret_hash(cognito: LocalCognito, idp: Any) -> None:
    """E-mail as username: the internal username is a UUID; SECRET_HASH must follow it."""
    pool = _pool(cognito, username_attributes=("email",))
    user = cognito.create_user(pool[0], "alice@example.com", PASSWORD)
    assert user.username != "alice@example.com"
    tokens = _sign_in(idp, pool, username="alice@example.com")
    assert isinstance(tokens, Tokens) and tokens.username == user.username
    fresh = refresh(
        idp,
        client_id=pool[1],
        client_secret=pool[2],
        refresh_token=str(tokens.refresh_token),
        username=tokens.username,
        rotation=False,  # REFRESH_TOKEN_AUTH, the call that carries a SECRET_HASH
    )
    assert idp.get_user(AccessToken=fresh.access_token)["Username"] == user.username
    with pytest.raises(ServiceError) as caught:  # SECRET_HASH over the alias is refused
        refresh(
            idp,
            client_id=pool[1],
            client_secret=pool[2],
            refresh_token=str(tokens.refresh_token),
            username="alice@example.com",
            rotation=False,
        )
    assert caught.value.code == "NotAuthorizedException"
    # The default, GetTokensFromRefreshToken, sends the raw secret: no hash to get wrong.
    default = refresh(
        idp,
        client_id=pool[1],
        client_secret=pool[2],
        refresh_token=str(tokens.refresh_token),
        username="alice@example.com",
    )
    assert idp.get_user(AccessToken=default.access_token)["Username"] == user.username


@pytest.mark.parametrize("tracking", [True, "opt-in"])
def test_remembered_device_lifecycle(cognito: LocalCognito, idp: Any, tracking: bool | str) -> None:
    pool = _pool(cognito, device_tracking=tracking)
    cognito.create_user(pool[0], "alice", PASSWORD)
    calls = Recorder(idp)
    first = _sign_in(idp, pool, device_name="e2e laptop")
    assert isinstance(first, Tokens) and first.new_device and first.device is not None
    confirm = ["ConfirmDevice"] + (["UpdateDeviceStatus"] if tracking == "opt-in" else [])
    assert calls.operations() == ["InitiateAuth", "RespondToAuthChallenge", *confirm]

    again = _sign_in(idp, pool, device=first.device)
    assert isinstance(again, Tokens) and again.device == first.device and not again.new_device
    challenges = [p["ChallengeName"] for n, p in calls.calls if n == "RespondToAuthChallenge"]
    assert challenges[-3:] == ["PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"]

    fresh = refresh(
        idp,
        client_id=pool[1],
        client_secret=pool[2],
        refresh_token=str(again.refresh_token),
        username=again.username,
        device=again.device,
    )
    assert fresh.device == first.device

    forged = DeviceSecret(
        first.device.device_key, first.device.device_group_key, "not-the-device-password", {}
    )
    with pytest.raises(ServiceError) as caught:  # the device proof is checked too
        _sign_in(idp, pool, device=forged)
    assert (caught.value.code, caught.value.step) == (
        "NotAuthorizedException",
        "RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER)",
    )


def test_stale_device_is_dropped_and_replaced(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, device_tracking=True)
    cognito.create_user(pool[0], "alice", PASSWORD)
    stale = DeviceSecret("us-east-1_00000000-0000-4000-8000-000000000000", "-gone", "pw", {})
    tokens = _sign_in(idp, pool, device=stale)
    assert isinstance(tokens, Tokens) and tokens.new_device and tokens.device is not None
    assert tokens.device.device_key != stale.device_key


def test_new_password_required_with_required_attribute(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, required_attributes=("name",))
    cognito.create_user(pool[0], "alice", "Temp-passw0rd", temporary=True)
    step = _sign_in(idp, pool, password="Temp-passw0rd")
    assert isinstance(step, Challenge) and step.name == "NEW_PASSWORD_REQUIRED"
    assert step.required_attributes == ("name",)
    result = respond(idp, step, PASSWORD, attributes={"name": "Alice"})
    assert isinstance(result, Tokens)
    assert isinstance(_sign_in(idp, pool), Tokens)  # the new password now works


@pytest.mark.parametrize("kind", ["SMS_MFA", "EMAIL_OTP"])
def test_code_mfa(cognito: LocalCognito, idp: Any, kind: str) -> None:
    pool = _pool(cognito)
    cognito.create_user(pool[0], "alice", PASSWORD, mfa=(kind,))
    step = _sign_in(idp, pool, admin=True)
    assert isinstance(step, Challenge) and step.name == kind
    assert isinstance(respond(idp, step, "123456"), Tokens)
    step = _sign_in(idp, pool)
    assert isinstance(step, Challenge)
    with pytest.raises(ServiceError) as caught:
        respond(idp, step, "654321")
    assert (caught.value.code, caught.value.step) == (
        "CodeMismatchException",
        f"RespondToAuthChallenge({kind})",
    )


def test_select_mfa_type_then_totp(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito)
    user = cognito.create_user(pool[0], "alice", PASSWORD, mfa=("SMS_MFA", "SOFTWARE_TOKEN_MFA"))
    assert user.totp_secret is not None
    step = _sign_in(idp, pool)
    assert isinstance(step, Challenge) and step.name == "SELECT_MFA_TYPE"
    assert set(step.options) == {"SMS_MFA", "SOFTWARE_TOKEN_MFA"}
    step = respond(idp, step, "SOFTWARE_TOKEN_MFA")
    assert isinstance(step, Challenge) and step.name == "SOFTWARE_TOKEN_MFA"
    assert isinstance(respond(idp, step, totp(user.totp_secret, time.time())), Tokens)


def test_mfa_setup_with_an_authenticator_app(cognito: LocalCognito, idp: Any) -> None:
    """A pool that requires MFA: set up TOTP during sign-in, then TOTP is asked next time."""
    pool = _pool(cognito, mfa_required=True)
    cognito.create_user(pool[0], "alice", PASSWORD)
    step = _sign_in(idp, pool)
    assert isinstance(step, Challenge) and step.name == "MFA_SETUP"
    assert "SOFTWARE_TOKEN_MFA" in step.options
    step = respond(idp, step, "SOFTWARE_TOKEN_MFA")
    assert isinstance(step, Challenge) and step.name == "VERIFY_SOFTWARE_TOKEN"
    assert step.secret_code
    result = respond(idp, step, totp(step.secret_code, time.time()))
    assert isinstance(result, Tokens)
    again = _sign_in(idp, pool)
    assert isinstance(again, Challenge) and again.name == "SOFTWARE_TOKEN_MFA"
    assert isinstance(respond(idp, again, totp(step.secret_code, time.time())), Tokens)
    with pytest.raises(ServiceError) as caught:
        _sign_in(idp, pool, password=PASSWORD + "!")
    assert caught.value.code == "NotAuthorizedException"
