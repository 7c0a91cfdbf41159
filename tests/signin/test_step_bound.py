"""A sign-in has a bounded number of steps: a service that keeps asking is refused.

Challenges the machine answers itself (with SRP math) are answered once per attempt, so a
server repeating or alternating them gets a ProtocolError naming the step instead of endless
exponentiations; the caller's rounds (CUSTOM_CHALLENGE, retried codes) count against
``MAX_CALLS``. The longest legitimate path, with a stale-device restart, still succeeds.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.salt import Salt
from srpcore.cognito.server import make_verifier, start_challenge
from srpcore.errors import ProtocolError
from srpcore.signin import MAX_CALLS, Challenge, Request, SignIn, Tokens

POOL_ID = "eu-west-1_Bounded1"
PASSWORD = "p4ssw0rd-never-shown"
SESSION = "bounded-session-0123456789abcdef"
RESULT = {"AccessToken": "acc.ess.tok", "IdToken": "id.tok.en", "RefreshToken": "ref.re.sh"}
DEVICE = DeviceSecret("eu-west-1_dev-1", "-group", "device-password", {})


def srp_parameters(pool_name: str = "Bounded1", user_id: str = "alice") -> dict[str, str]:
    salt = Salt.draw()
    verifier = make_verifier(pool_name=pool_name, user_id=user_id, password=PASSWORD, salt=salt)
    return {
        "SALT": salt.hex(),
        "SRP_B": start_challenge(verifier).srp_b(),
        "SECRET_BLOCK": base64.b64encode(b"block").decode(),
        "USERNAME": user_id,
        "USER_ID_FOR_SRP": user_id,
    }


def challenge(name: str, params: dict[str, str] | None = None) -> dict[str, Any]:
    return {"ChallengeName": name, "Session": SESSION, "ChallengeParameters": params or {}}


def machine(**options: Any) -> SignIn:
    return SignIn(
        pool_id=POOL_ID, client_id="client1", username="alice", password=PASSWORD, **options
    )


def requested(event: object) -> Request:
    assert isinstance(event, Request), event
    return event


def to_device_auth() -> SignIn:
    m = machine(device=DEVICE)
    m.start()
    requested(m.receive(challenge("PASSWORD_VERIFIER", srp_parameters())))
    requested(m.receive(challenge("DEVICE_SRP_AUTH")))
    return m


def refused(m: SignIn, response: dict[str, Any], step: str, name: str) -> None:
    with pytest.raises(ProtocolError, match=f"{name} arrived twice") as caught:
        m.receive(response)
    assert caught.value.step == step
    assert vars(m)["_password"] is None  # the sign-in is over


def test_device_srp_auth_repeated_is_refused() -> None:
    m = to_device_auth()
    refused(
        m,
        challenge("DEVICE_SRP_AUTH"),
        "RespondToAuthChallenge(DEVICE_SRP_AUTH)",
        "DEVICE_SRP_AUTH",
    )


def test_device_challenges_alternating_are_refused() -> None:
    m = to_device_auth()
    device_params = srp_parameters(pool_name="-group", user_id="eu-west-1_dev-1")
    request = requested(m.receive(challenge("DEVICE_PASSWORD_VERIFIER", device_params)))
    assert request.step == "RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER)"
    refused(m, challenge("DEVICE_SRP_AUTH"), request.step, "DEVICE_SRP_AUTH")


def test_password_verifier_after_the_device_steps_is_refused() -> None:
    m = to_device_auth()
    params = srp_parameters()
    refused(
        m,
        challenge("PASSWORD_VERIFIER", params),
        "RespondToAuthChallenge(DEVICE_SRP_AUTH)",
        "PASSWORD_VERIFIER",
    )


def test_select_challenge_repeated_is_refused() -> None:
    m = machine(flow="USER_AUTH", preferred_challenge=None)
    m.start()
    select = {**challenge("SELECT_CHALLENGE"), "AvailableChallenges": ["PASSWORD_SRP"]}
    step = m.receive(select)
    assert isinstance(step, Challenge) and step.available_challenges == ("PASSWORD_SRP",)
    step.answer("PASSWORD_SRP")
    refused(m, select, "RespondToAuthChallenge(SELECT_CHALLENGE)", "SELECT_CHALLENGE")


def test_endless_custom_rounds_end_at_the_bound() -> None:
    """The caller's own answers count: a respond loop cannot run for ever."""
    m = machine(flow="CUSTOM_AUTH")
    m.start()
    requested(m.receive(challenge("PASSWORD_VERIFIER", srp_parameters())))
    calls = 2
    with pytest.raises(ProtocolError, match=f"more than {MAX_CALLS} calls") as caught:
        for _ in range(10 * MAX_CALLS):  # bounded here too, so the old code fails, not hangs
            step = m.receive(challenge("CUSTOM_CHALLENGE", {"question": "again?"}))
            assert isinstance(step, Challenge)
            step.answer("yes")
            calls += 1
    assert calls == MAX_CALLS
    assert caught.value.step == "RespondToAuthChallenge(CUSTOM_CHALLENGE)"
    assert vars(m)["_password"] is None


def test_retried_codes_count_against_the_bound() -> None:
    m = machine()
    m.start()
    requested(m.receive(challenge("PASSWORD_VERIFIER", srp_parameters())))
    step = m.receive(challenge("SMS_MFA"))
    assert isinstance(step, Challenge)
    with pytest.raises(ProtocolError, match="more than"):
        for _ in range(10 * MAX_CALLS):
            step.answer("000000")
            assert m.receive_error("CodeMismatchException", "Invalid code.") is None
    assert vars(m)["_password"] is None


def test_the_longest_legitimate_path_with_a_stale_device_restart_fits() -> None:
    """USER_AUTH select, SRP, device SRP, MFA setup, TOTP, new password, device confirmation:
    with the stale-device restart at the last auth step, and a few wrong codes."""
    m = machine(flow="USER_AUTH", preferred_challenge=None, device=DEVICE)
    calls = [m.start()]

    def auth_path(with_device: bool) -> Request:
        select = {**challenge("SELECT_CHALLENGE"), "AvailableChallenges": ["PASSWORD_SRP"]}
        choose = m.receive(select)
        assert isinstance(choose, Challenge)
        calls.append(choose.answer("PASSWORD_SRP"))
        calls.append(requested(m.receive(challenge("PASSWORD_VERIFIER", srp_parameters()))))
        if with_device:
            calls.append(requested(m.receive(challenge("DEVICE_SRP_AUTH"))))
            params = srp_parameters(pool_name="-group", user_id="eu-west-1_dev-1")
            calls.append(requested(m.receive(challenge("DEVICE_PASSWORD_VERIFIER", params))))
        setup = m.receive(challenge("MFA_SETUP", {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'}))
        assert isinstance(setup, Challenge)
        calls.append(setup.answer("SOFTWARE_TOKEN_MFA"))
        verify = m.receive({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": SESSION})
        assert isinstance(verify, Challenge)
        calls.append(verify.answer("123456"))
        calls.append(requested(m.receive({"Status": "SUCCESS", "Session": SESSION})))
        totp = m.receive(challenge("SOFTWARE_TOKEN_MFA"))
        assert isinstance(totp, Challenge)
        for _ in range(3):  # three mistyped codes, each retried
            calls.append(totp.answer("000000"))
            assert m.receive_error("CodeMismatchException", "Invalid code.") is None
        calls.append(totp.answer("123456"))
        new_password = m.receive(challenge("NEW_PASSWORD_REQUIRED"))
        assert isinstance(new_password, Challenge)
        calls.append(new_password.answer("n3w-Passw0rd!"))
        return calls[-1]

    auth_path(with_device=True)
    restart = m.receive_error("ResourceNotFoundException", "Device does not exist.")
    assert isinstance(restart, Request) and m.dropped_device
    calls.append(restart)
    auth_path(with_device=False)
    metadata = {"DeviceKey": "eu-west-1_new", "DeviceGroupKey": "-new"}
    calls.append(
        requested(m.receive({"AuthenticationResult": {**RESULT, "NewDeviceMetadata": metadata}}))
    )
    calls.append(requested(m.receive({"UserConfirmationNecessary": True})))
    tokens = m.receive({})
    assert isinstance(tokens, Tokens) and tokens.new_device
    assert len(calls) <= MAX_CALLS
    assert [c.operation for c in calls[-2:]] == ["ConfirmDevice", "UpdateDeviceStatus"]
