"""The process-pool batch API gives the same answers AWS's SDK gives, and ones a server accepts."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from srpcore import SecurityError, UserSRP, parse_cognito_timestamp
from srpcore.cognito import server
from srpcore.cognito.batch import (
    BatchSigner,
    PasswordVerifierTask,
    answer_password_verifiers,
    draw_ephemeral,
)
from srpcore.cognito.proof import GROUP
from srpcore.cognito.salt import Salt
from srpcore.cognito.vectors import default_vector_dir
from srpcore.errors import InvalidParameterError

NOW = datetime(2026, 11, 5, 9, 3, 7, tzinfo=timezone.utc)
POOL_ID = "eu-west-1_Batch"


@pytest.fixture(scope="module")
def signer() -> Iterator[BatchSigner]:
    with BatchSigner(2) as pool:
        yield pool


def test_answers_match_the_aws_sdk_vectors(signer: BatchSigner) -> None:
    document = json.loads((default_vector_dir() / "password_verifier.json").read_text("utf-8"))
    vectors = [v for v in document["vectors"] if "outputs" in v][:60]
    assert len(vectors) == 60
    tasks = [
        PasswordVerifierTask(
            pool_id=v["inputs"]["pool_id"],
            username=v["inputs"]["username"],
            password=v["inputs"]["password"],
            ephemeral=int(v["inputs"]["a_hex"], 16),
            challenge_parameters={
                "SRP_B": v["inputs"]["srp_b_hex"],
                "SALT": v["inputs"]["salt_hex"],
                "SECRET_BLOCK": v["inputs"]["secret_block_b64"],
                "USER_ID_FOR_SRP": v["inputs"]["username"],
            },
            now=parse_cognito_timestamp(v["inputs"]["timestamp"]),
        )
        for v in vectors
    ]
    answers = signer.answer_password_verifiers(tasks, chunksize=7)
    assert [a["PASSWORD_CLAIM_SIGNATURE"] for a in answers] == [
        v["outputs"]["signature_b64"] for v in vectors
    ]
    assert [a["TIMESTAMP"] for a in answers] == [v["inputs"]["timestamp"] for v in vectors]


def _server_round(count: int) -> tuple[list[PasswordVerifierTask], list[server.ServerChallenge]]:
    tasks, challenges = [], []
    for i in range(count):
        user, password = f"user-{i}", f"pässword {i}"
        salt = Salt.draw()
        verifier = server.make_verifier(
            pool_name="Batch", user_id=user, password=password, salt=salt
        )
        challenge = server.start_challenge(verifier)
        block = base64.b64encode(bytes([i]) * 48).decode()
        params = {
            "SRP_B": challenge.srp_b(),
            "SALT": salt.hex(),
            "SECRET_BLOCK": block,
            "USER_ID_FOR_SRP": user,
        }
        tasks.append(
            PasswordVerifierTask(
                pool_id=POOL_ID,
                username=user,
                password=password,
                ephemeral=draw_ephemeral(),
                challenge_parameters=params,
                now=NOW,
            )
        )
        challenges.append(challenge)
    return tasks, challenges


def _verify_all(
    tasks: list[PasswordVerifierTask],
    challenges: list[server.ServerChallenge],
    answers: list[dict[str, str]],
) -> None:
    assert len(answers) == len(tasks)
    for task, challenge, answer in zip(tasks, challenges, answers, strict=True):
        srp_a = UserSRP(
            pool_id=POOL_ID, username=task.username, password="", ephemeral=task.ephemeral
        ).srp_a()
        assert answer["USERNAME"] == task.username
        server.verify_claim(
            challenge,
            srp_a=srp_a,
            pool_name="Batch",
            user_id=task.username,
            secret_block=base64.b64decode(task.challenge_parameters["SECRET_BLOCK"]),
            timestamp=answer["TIMESTAMP"],
            signature=answer["PASSWORD_CLAIM_SIGNATURE"],
        )


def test_every_answer_verifies_on_the_server_in_order(signer: BatchSigner) -> None:
    tasks, challenges = _server_round(24)
    _verify_all(tasks, challenges, signer.answer_password_verifiers(tasks))


def test_hardened_workers_give_answers_the_server_accepts() -> None:
    tasks, challenges = _server_round(6)
    _verify_all(tasks, challenges, answer_password_verifiers(tasks, max_workers=2, hardened=True))


def test_a_hostile_challenge_raises_the_typed_error(signer: BatchSigner) -> None:
    tasks, _ = _server_round(3)
    hostile = PasswordVerifierTask(
        pool_id=POOL_ID,
        username="mallory",
        password="pw",
        ephemeral=draw_ephemeral(),
        challenge_parameters={**tasks[0].challenge_parameters, "SRP_B": format(GROUP.N, "x")},
        now=NOW,
    )
    with pytest.raises(SecurityError):
        signer.answer_password_verifiers([*tasks, hostile])


def test_empty_batch_and_bad_ephemeral_size(signer: BatchSigner) -> None:
    assert signer.answer_password_verifiers([]) == []
    with pytest.raises(InvalidParameterError):
        draw_ephemeral(128)
    assert draw_ephemeral(1024, rng=lambda n: b"\x00" * (n - 1) + b"\x07") == 7


def test_tasks_keep_secrets_out_of_repr() -> None:
    task = PasswordVerifierTask(
        pool_id=POOL_ID,
        username="alice",
        password="hunter2-secret",
        ephemeral=0xDEADBEEFCAFE,
        challenge_parameters={},
        client_secret="client-secret-value",
    )
    text = repr(task) + str(task)
    assert "alice" in text
    for secret in ("hunter2", "deadbeef", str(0xDEADBEEFCAFE), "client-secret-value"):
        assert secret not in text.lower()
