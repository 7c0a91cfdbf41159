"""The sign-in machine as transcripts: request in, response out, per flow.

Expected SRP_A, signatures and timestamps are the vectors' (AWS's JavaScript libraries);
the machine draws the vectors' ephemerals (``ephemeral_bits=1024``, as those libraries do) and
reads the vectors' instants.
"""

from __future__ import annotations

import pytest

from signin.transcripts import (
    DEVICE,
    RESULT,
    SESSION,
    USER,
    Turn,
    initiate,
    machine,
    play,
    respond,
    verifier_answer,
    verifier_challenge,
)
from srpcore.cognito.device import DeviceSecret
from srpcore.signin import Challenge, Tokens


def tokens(event: Tokens | Challenge) -> Tokens:
    assert isinstance(event, Tokens)
    assert (event.access_token, event.refresh_token) == (
        RESULT["AccessToken"],
        RESULT["RefreshToken"],
    )
    assert event.username == USER["username"]
    return event


def test_user_srp_auth() -> None:
    turns = [
        Turn(
            "InitiateAuth",
            initiate("USER_SRP_AUTH", {"USERNAME": USER["username"], "SRP_A": USER["srp_a_hex"]}),
            verifier_challenge(USER),
        ),
        Turn(
            "RespondToAuthChallenge",
            respond("PASSWORD_VERIFIER", verifier_answer(USER)),
            {"AuthenticationResult": RESULT},
        ),
    ]
    assert tokens(play(machine(), turns)).device is None


def test_device_srp_after_the_password() -> None:
    device = DeviceSecret(
        DEVICE["device_key"], DEVICE["device_group_key"], DEVICE["device_password"], {}
    )
    key = DEVICE["device_key"]
    device_challenge = {
        "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
        "Session": SESSION,
        "ChallengeParameters": {
            "SALT": DEVICE["salt_hex"],
            "SRP_B": DEVICE["srp_b_hex"],
            "SECRET_BLOCK": DEVICE["secret_block_b64"],
            "USERNAME": USER["username"],
        },
    }
    turns = [
        Turn(
            "InitiateAuth",
            initiate(
                "USER_SRP_AUTH",
                {"USERNAME": USER["username"], "SRP_A": USER["srp_a_hex"], "DEVICE_KEY": key},
            ),
            verifier_challenge(USER),
        ),
        Turn(
            "RespondToAuthChallenge",
            respond("PASSWORD_VERIFIER", verifier_answer(USER, DEVICE_KEY=key)),
            {
                "ChallengeName": "DEVICE_SRP_AUTH",
                "Session": SESSION,
                "ChallengeParameters": {"USERNAME": USER["username"]},
            },
        ),
        Turn(
            "RespondToAuthChallenge",
            respond(
                "DEVICE_SRP_AUTH",
                {"USERNAME": USER["username"], "DEVICE_KEY": key, "SRP_A": DEVICE["srp_a_hex"]},
                SESSION,
            ),
            device_challenge,
        ),
        Turn(
            "RespondToAuthChallenge",
            respond(
                "DEVICE_PASSWORD_VERIFIER",
                {
                    "USERNAME": USER["username"],
                    "DEVICE_KEY": key,
                    "PASSWORD_CLAIM_SECRET_BLOCK": DEVICE["secret_block_b64"],
                    "PASSWORD_CLAIM_SIGNATURE": DEVICE["signature_b64"],
                    "TIMESTAMP": DEVICE["timestamp"],
                },
                SESSION,
            ),
            {"AuthenticationResult": RESULT},
        ),
    ]
    m = machine(device=device, ephemerals=(DEVICE["a_hex"],), more_stamps=[DEVICE])
    assert tokens(play(m, turns)).device == device


def test_user_auth_answers_select_challenge_with_password_srp() -> None:
    turns = [
        Turn(
            "InitiateAuth",
            initiate("USER_AUTH", {"USERNAME": USER["username"]}),
            {
                "ChallengeName": "SELECT_CHALLENGE",
                "Session": SESSION,
                "AvailableChallenges": ["PASSWORD_SRP", "EMAIL_OTP"],
                "ChallengeParameters": {"USERNAME": USER["username"]},
            },
            answer="PASSWORD_SRP",
        ),
        Turn(
            "RespondToAuthChallenge",
            respond(
                "SELECT_CHALLENGE",
                {
                    "ANSWER": "PASSWORD_SRP",
                    "USERNAME": USER["username"],
                    "SRP_A": USER["srp_a_hex"],
                },
                SESSION,
            ),
            verifier_challenge(USER, session=SESSION),
        ),
        Turn(
            "RespondToAuthChallenge",
            respond("PASSWORD_VERIFIER", verifier_answer(USER), SESSION),
            {"AuthenticationResult": RESULT},
        ),
    ]
    tokens(play(machine(flow="USER_AUTH", preferred_challenge=None), turns))


@pytest.mark.parametrize("rounds", [1, 2])
def test_custom_auth_starts_with_srp_and_hands_rounds_to_the_caller(rounds: int) -> None:
    custom = {
        "ChallengeName": "CUSTOM_CHALLENGE",
        "Session": SESSION,
        "ChallengeParameters": {"USERNAME": USER["username"], "question": "6 x 7"},
    }
    turns = [
        Turn(
            "InitiateAuth",
            initiate(
                "CUSTOM_AUTH",
                {
                    "USERNAME": USER["username"],
                    "SRP_A": USER["srp_a_hex"],
                    "CHALLENGE_NAME": "SRP_A",
                },
            ),
            verifier_challenge(USER, session=SESSION),
        ),
        Turn(
            "RespondToAuthChallenge",
            respond("PASSWORD_VERIFIER", verifier_answer(USER), SESSION),
            custom,
            answer="41",
        ),
    ]
    for number in range(rounds):
        last = number == rounds - 1
        turns.append(
            Turn(
                "RespondToAuthChallenge",
                respond(
                    "CUSTOM_CHALLENGE", {"USERNAME": USER["username"], "ANSWER": "41"}, SESSION
                ),
                {"AuthenticationResult": RESULT} if last else custom,
                answer=None if last else "41",
            )
        )
    tokens(play(machine(flow="CUSTOM_AUTH"), turns))


def test_a_transcript_that_differs_by_one_character_fails() -> None:
    """The harness compares whole requests: a wrong signature in the script is caught."""
    wrong = verifier_answer(USER, PASSWORD_CLAIM_SIGNATURE="A" + USER["signature_b64"][1:])
    turns = [
        Turn(
            "InitiateAuth",
            initiate("USER_SRP_AUTH", {"USERNAME": USER["username"], "SRP_A": USER["srp_a_hex"]}),
            verifier_challenge(USER),
        ),
        Turn("RespondToAuthChallenge", respond("PASSWORD_VERIFIER", wrong), {}),
    ]
    with pytest.raises(AssertionError):
        play(machine(), turns)
