"""Remembered devices as transcripts: confirm a new one, decline to, and drop a stale one.

The device values come from the vectors of AWS's JavaScript libraries: ConfirmDevice's
DeviceSecretVerifierConfig is the confirm-device vector's for the password and salt bytes the
machine draws, and that vector is the one the device-password-verifier vector (the device
sign-in in test_transcripts) was made from, so a device confirmed here signs in there.
"""

from __future__ import annotations

from typing import Any

import pytest

from signin import transcripts as tr
from srpcore.cognito.device import DeviceSecret
from srpcore.signin import SignIn

NAME = tr.USER["username"]
CONFIRMED = tr.vector("device.json", tr.DEVICE["confirm_device_id"], table="confirm_device")
KEY, GROUP = CONFIRMED["device_key"], CONFIRMED["device_group_key"]
ISSUED = {"DeviceKey": KEY, "DeviceGroupKey": GROUP}
STALE = ("ResourceNotFoundException", "Device does not exist.")
# Another vector's ephemeral, for an attempt the service cuts short: only its SRP_A matters.
OTHER = tr.vector("password_verifier.json", "pv-0002")


def issued() -> list[tr.Turn]:
    """The password sign-in whose tokens come with NewDeviceMetadata."""
    result = {"AuthenticationResult": {**tr.RESULT, "NewDeviceMetadata": ISSUED}}
    return tr.password_verified(result)


def new_device_machine(**options: Any) -> SignIn:
    """A machine that draws the confirm-device vector's password and salt bytes after ``a``."""
    draws = (CONFIRMED["random_password_bytes_hex"], CONFIRMED["salt_bytes_hex"])
    return tr.machine(ephemerals=draws, **options)


@pytest.mark.parametrize("opt_in", [False, True], ids=["always", "user-opt-in"])
def test_a_new_device_is_confirmed_with_its_verifier(opt_in: bool) -> None:
    access = tr.RESULT["AccessToken"]
    confirm = {
        "AccessToken": access,
        "DeviceKey": KEY,
        "DeviceSecretVerifierConfig": CONFIRMED["DeviceSecretVerifierConfig"],
        "DeviceName": "laptop",
    }
    turns = [*issued(), tr.Turn("ConfirmDevice", confirm, {"UserConfirmationNecessary": opt_in})]
    if opt_in:
        remember = {"AccessToken": access, "DeviceKey": KEY, "DeviceRememberedStatus": "remembered"}
        turns.append(tr.Turn("UpdateDeviceStatus", remember, {}))
    tokens = tr.signed_in(tr.play(new_device_machine(device_name="laptop"), turns))
    assert tokens.new_device
    assert tokens.device == DeviceSecret(KEY, GROUP, tr.DEVICE["device_password"], {})
    assert tokens.device.verifier_config == CONFIRMED["DeviceSecretVerifierConfig"]
    assert "NewDeviceMetadata" not in tokens.authentication_result()  # it is not a token


def test_remember_device_false_leaves_new_device_metadata_alone() -> None:
    tokens = tr.signed_in(tr.play(tr.machine(remember_device=False), issued()))
    assert (tokens.device, tokens.new_device) == (None, False)


@pytest.mark.parametrize("failing", ["ConfirmDevice", "UpdateDeviceStatus"])
def test_a_failed_device_confirmation_keeps_the_tokens(failing: str) -> None:
    """The sign-in already succeeded; only remembering the device did not."""
    confirm = {
        "AccessToken": tr.RESULT["AccessToken"],
        "DeviceKey": KEY,
        "DeviceSecretVerifierConfig": CONFIRMED["DeviceSecretVerifierConfig"],
    }
    throttled = ("TooManyRequestsException", "Rate exceeded")
    if failing == "ConfirmDevice":
        turns = [*issued(), tr.Turn("ConfirmDevice", confirm, error=throttled)]
    else:
        remember = {
            "AccessToken": tr.RESULT["AccessToken"],
            "DeviceKey": KEY,
            "DeviceRememberedStatus": "remembered",
        }
        turns = [
            *issued(),
            tr.Turn("ConfirmDevice", confirm, {"UserConfirmationNecessary": True}),
            tr.Turn("UpdateDeviceStatus", remember, error=throttled),
        ]
    tokens = tr.signed_in(tr.play(new_device_machine(), turns))
    assert (tokens.device, tokens.new_device) == (None, False)


STALE_DEVICE = DeviceSecret(KEY, GROUP, "old-password", {})


def test_a_stale_device_at_initiate_is_dropped_and_a_new_exchange_started() -> None:
    cut_short = tr.initiate(
        "USER_SRP_AUTH", {"USERNAME": NAME, "SRP_A": OTHER["srp_a_hex"], "DEVICE_KEY": KEY}
    )
    turns = [
        tr.Turn("InitiateAuth", cut_short, error=STALE),
        tr.Turn(
            "InitiateAuth",
            tr.initiate("USER_SRP_AUTH", tr.srp_auth(tr.USER)),
            tr.verifier_challenge(tr.USER),
        ),
        tr.verified(None),
    ]
    rng = tr.scripted_rng(OTHER["a_hex"], tr.USER["a_hex"])
    m = tr.machine(device=STALE_DEVICE, rng=rng)
    tokens = tr.signed_in(tr.play(m, turns))
    assert (tokens.device, m.dropped_device) == (None, True)


def test_a_stale_device_at_device_srp_auth_is_dropped_too() -> None:
    device_auth = {"USERNAME": NAME, "DEVICE_KEY": KEY, "SRP_A": tr.DEVICE["srp_a_hex"]}
    ask_device = {
        "ChallengeName": "DEVICE_SRP_AUTH",
        "Session": tr.SESSION,
        "ChallengeParameters": {"USERNAME": NAME},
    }
    turns = [
        tr.Turn(
            "InitiateAuth",
            tr.initiate("USER_SRP_AUTH", tr.srp_auth(tr.USER, DEVICE_KEY=KEY)),
            tr.verifier_challenge(tr.USER),
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.respond("PASSWORD_VERIFIER", tr.verifier_answer(tr.USER, DEVICE_KEY=KEY)),
            ask_device,
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.respond("DEVICE_SRP_AUTH", device_auth, tr.SESSION),
            error=STALE,
        ),
        tr.Turn(
            "InitiateAuth",
            tr.initiate("USER_SRP_AUTH", tr.srp_auth(tr.USER)),
            tr.verifier_challenge(tr.USER),
        ),
        tr.verified(None),
    ]
    # The retry's exchange draws the vector's ephemeral again, so its proof is the vector's too.
    rng = tr.scripted_rng(tr.USER["a_hex"], tr.DEVICE["a_hex"], tr.USER["a_hex"])
    stamps = tr.scripted_clock(tr.USER["utc"], tr.USER["utc"])
    m = tr.machine(device=STALE_DEVICE, rng=rng, clock=stamps)
    tokens = tr.signed_in(tr.play(m, turns))
    assert (tokens.device, m.dropped_device) == (None, True)


@pytest.mark.parametrize(
    "errors",
    [
        [STALE, STALE],
        [("ResourceNotFoundException", "User pool client transcript-client does not exist.")],
    ],
    ids=["stale-twice", "not-a-device"],
)
def test_a_device_is_dropped_once_and_only_for_its_own_error(errors: list[tuple[str, str]]) -> None:
    """A second stale-device error, or one about something else, ends the attempt (None)."""
    auth = {"USERNAME": NAME, "SRP_A": tr.USER["srp_a_hex"], "DEVICE_KEY": KEY}
    turns = [tr.Turn("InitiateAuth", tr.initiate("USER_SRP_AUTH", auth), error=errors[0])]
    if len(errors) == 2:
        retry = tr.initiate("USER_SRP_AUTH", tr.srp_auth(OTHER, USERNAME=NAME))
        turns.append(tr.Turn("InitiateAuth", retry, error=errors[1]))
    rng = tr.scripted_rng(tr.USER["a_hex"], OTHER["a_hex"])
    m = tr.machine(device=STALE_DEVICE, rng=rng)
    assert tr.play(m, turns) is None
    assert m.dropped_device is (len(errors) == 2)
