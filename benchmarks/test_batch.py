"""Batch throughput: the same PASSWORD_VERIFIER tasks in one process and over a process pool."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from srpcore import UserSRP
from srpcore.cli.workloads import NOW, PASSWORD, POOL_ID, USERNAME, Scenario
from srpcore.cognito.batch import BatchSigner, PasswordVerifierTask, draw_ephemeral

TASKS = 120


@pytest.fixture(scope="module")
def tasks(scenario: Scenario) -> list[PasswordVerifierTask]:
    return [
        PasswordVerifierTask(
            pool_id=POOL_ID,
            username=USERNAME,
            password=PASSWORD,
            ephemeral=draw_ephemeral(),
            challenge_parameters=scenario.params,
            now=NOW,
        )
        for _ in range(TASKS)
    ]


@pytest.fixture(scope="module")
def signer() -> Iterator[BatchSigner]:
    with BatchSigner() as pool:
        pool.warm_up()
        yield pool


def _check(scenario: Scenario, tasks: list[PasswordVerifierTask], answers: object) -> None:
    assert isinstance(answers, list) and len(answers) == len(tasks)
    for task, answer in zip(tasks[:3], answers[:3], strict=True):
        srp_a = UserSRP(pool_id=POOL_ID, username=USERNAME, password="", ephemeral=task.ephemeral)
        assert scenario.accepts(srp_a.srp_a(), answer)


def test_single_process(
    benchmark: BenchmarkFixture, scenario: Scenario, tasks: list[PasswordVerifierTask]
) -> None:
    benchmark.group = f"batch of {TASKS} PASSWORD_VERIFIER answers"
    _check(scenario, tasks, benchmark(lambda: [task.answer() for task in tasks]))


def test_process_pool(
    benchmark: BenchmarkFixture,
    scenario: Scenario,
    tasks: list[PasswordVerifierTask],
    signer: BatchSigner,
) -> None:
    benchmark.group = f"batch of {TASKS} PASSWORD_VERIFIER answers"
    _check(scenario, tasks, benchmark(signer.answer_password_verifiers, tasks))
