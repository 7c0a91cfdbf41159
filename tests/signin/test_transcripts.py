"""The sign-in machine as transcripts: request in, response out, per flow.

Expected SRP_A, signatures and timestamps are the vectors' (AWS's JavaScript libraries);
the machine draws the vectors' ephemerals (``ephemeral_bits=1024``, as those libraries do) and
reads the vectors' instants.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from signin.transcripts import (
    DEVICE,
    RESULT,
    SESSION,
    USER,
    VECTORS,
    Turn,
    initiate,
    machine,
    play,
    respond,
    secret_hash,
    signed_in,
    srp_auth,
    verifier_answer,
    verifier_challenge,
)
from srpcore.cognito.device import DeviceSecret


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
    assert signed_in(play(machine(), turns)).device is None


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
    assert signed_in(play(m, turns)).device == device


@pytest.mark.parametrize("rounds", [1, 2])
def test_custom_auth_starts_with_srp_and_hands_rounds_to_the_caller(rounds: int) -> None:
    """Each round shows the caller the service's question and echoes that round's Session."""

    def custom(number: int) -> dict[str, Any]:
        return {
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": f"{SESSION}-round-{number}",
            "ChallengeParameters": {"USERNAME": USER["username"], "question": f"{number} x 7"},
        }

    def shown(number: int) -> dict[str, Any]:
        return {"name": "CUSTOM_CHALLENGE", "parameters": custom(number)["ChallengeParameters"]}

    turns = [
        Turn(
            "InitiateAuth",
            initiate("CUSTOM_AUTH", srp_auth(USER, CHALLENGE_NAME="SRP_A")),
            verifier_challenge(USER, session=SESSION),
        ),
        Turn(
            "RespondToAuthChallenge",
            respond("PASSWORD_VERIFIER", verifier_answer(USER), SESSION),
            custom(1),
            shown=shown(1),
            answer="7",
        ),
    ]
    for number in range(1, rounds + 1):
        last = number == rounds
        turns.append(
            Turn(
                "RespondToAuthChallenge",
                respond(
                    "CUSTOM_CHALLENGE",
                    {"USERNAME": USER["username"], "ANSWER": str(7 * number)},
                    custom(number)["Session"],
                ),
                {"AuthenticationResult": RESULT} if last else custom(number + 1),
                shown={} if last else shown(number + 1),
                answer=None if last else str(7 * (number + 1)),
            )
        )
    signed_in(play(machine(flow="CUSTOM_AUTH"), turns))


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


def test_the_harness_secret_hash_is_aws_s() -> None:
    """The SECRET_HASH every transcript expects agrees with each of the vectors' known answers."""
    document = json.loads((VECTORS / "secret_hash.json").read_text(encoding="utf-8"))
    checked = 0
    for v in document["vectors"]:
        inputs = v["inputs"]
        got = secret_hash(inputs["username"], inputs["client_id"], inputs["client_secret"])
        assert got == v["outputs"]["secret_hash"], v["id"]
        checked += 1
    assert checked == len(document["vectors"]) > 0
