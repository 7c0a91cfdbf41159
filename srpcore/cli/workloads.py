"""The workloads ``srpcore bench`` and ``benchmarks/`` time, and the interleaved timer.

Kept apart from the command (no argparse, no printing) so the benchmark suite imports exactly
the work the command measures:

* client sign-in math: ``UserSRP`` (drawing ``a``, computing A) then the PASSWORD_VERIFIER
  answer to a fixed challenge made once by :mod:`srpcore.cognito.server`;
* pycognito's ``AWSSRP`` doing the same (construction computes A; ``process_challenge``);
* the floor: one bare exponentiation with S's base and exponent size (``a + u*x``);
* ConfirmDevice verifier generation, and the server side (B, then the proof check);
* cold processes and the process-pool batch signer.
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from types import SimpleNamespace
from typing import Any

from srpcore.cognito import server
from srpcore.cognito.client import UserSRP
from srpcore.cognito.device import new_device_secret
from srpcore.cognito.ephemeral import DEFAULT_EPHEMERAL_BITS
from srpcore.cognito.proof import GROUP, K, compute_u, compute_x
from srpcore.cognito.salt import Salt
from srpcore.core.engine import Engine

__all__ = [
    "NOW",
    "PASSWORD",
    "POOL_ID",
    "USERNAME",
    "Floor",
    "Op",
    "Scenario",
    "Timing",
    "batch_throughput",
    "bench_user",
    "cold_process",
    "device_op",
    "make_scenario",
    "measure",
    "pycognito_cross_check",
    "pycognito_signin",
    "server_op",
    "srpcore_signin",
]

NOW = datetime(2026, 11, 5, 9, 3, 7, tzinfo=timezone.utc)
POOL_ID = "us-east-1_BenchPool"
POOL_NAME = "BenchPool"
USERNAME = "bench-user"
PASSWORD = "correct horse battery staple"  # noqa: S105 - a benchmark user's password
SECRET_BLOCK = base64.b64encode(bytes(range(256)) * 3).decode()
Op = Callable[[], object]


@dataclass(frozen=True)
class Scenario:
    """A fixed server challenge and one valid client answer to it."""

    salt: Salt
    challenge: server.ServerChallenge
    params: dict[str, str]
    srp_a: str
    answer: dict[str, str]

    def accepts(self, srp_a: str, answer: dict[str, str]) -> bool:
        """Whether the server takes ``answer`` as proof of the password."""
        server.verify_claim(
            self.challenge,
            srp_a=srp_a,
            pool_name=POOL_NAME,
            user_id=USERNAME,
            secret_block=base64.b64decode(SECRET_BLOCK),
            timestamp=answer["TIMESTAMP"],
            signature=answer["PASSWORD_CLAIM_SIGNATURE"],
        )
        return True


def bench_user(
    *,
    ephemeral: int | None = None,
    ephemeral_bits: int = DEFAULT_EPHEMERAL_BITS,
    engine: Engine | None = None,
) -> UserSRP:
    """The benchmark user's client: the one place its pool, name and password meet UserSRP."""
    return UserSRP(
        pool_id=POOL_ID,
        username=USERNAME,
        password=PASSWORD,
        ephemeral=ephemeral,
        ephemeral_bits=ephemeral_bits,
        engine=engine,
    )


def make_scenario() -> Scenario:
    salt = Salt.draw()
    verifier = server.make_verifier(
        pool_name=POOL_NAME, user_id=USERNAME, password=PASSWORD, salt=salt
    )
    challenge = server.start_challenge(verifier)
    params = {
        "SRP_B": challenge.srp_b(),
        "SALT": salt.hex(),
        "SECRET_BLOCK": SECRET_BLOCK,
        "USER_ID_FOR_SRP": USERNAME,
        "USERNAME": USERNAME,
    }
    client = bench_user()
    answer = client.answer_password_verifier(params, now=NOW)
    return Scenario(salt, challenge, params, client.srp_a(), answer)


def srpcore_signin(
    scenario: Scenario, engine: Engine, bits: int
) -> Callable[[], tuple[dict[str, str], dict[str, str]]]:
    """One sign-in's client math: (AuthParameters, PASSWORD_VERIFIER responses)."""

    def run() -> tuple[dict[str, str], dict[str, str]]:
        client = bench_user(ephemeral_bits=bits, engine=engine)
        return client.auth_parameters(), client.answer_password_verifier(scenario.params, now=NOW)

    return run


def _pycognito() -> Any:
    try:
        from pycognito import aws_srp  # noqa: PLC0415 - optional, benchmark-only
    except ImportError:
        return None
    return aws_srp


def pycognito_signin(scenario: Scenario) -> Callable[[], tuple[str, dict[str, Any]]] | None:
    """pycognito's AWSSRP doing the same work, or ``None`` when pycognito is not installed."""
    aws_srp = _pycognito()
    if aws_srp is None:
        return None
    dummy_client = SimpleNamespace()  # only stored; the math never calls it

    def run() -> tuple[str, dict[str, Any]]:
        srp = aws_srp.AWSSRP(USERNAME, PASSWORD, POOL_ID, "client-id", client=dummy_client)
        srp_a: str = srp.get_auth_params()["SRP_A"]
        answer: dict[str, Any] = srp.process_challenge(scenario.params, {"USERNAME": USERNAME})
        return srp_a, answer

    return run


def pycognito_cross_check(scenario: Scenario) -> bool | None:
    """Same ``a`` and clock in pycognito and srpcore give the same signature (None: no pycognito).

    pycognito reads the clock through its module's ``datetime``; it is swapped for a fixed one.
    """
    aws_srp = _pycognito()
    if aws_srp is None:
        return None
    a = int.from_bytes(os.urandom(128), "big") % GROUP.N
    srp = aws_srp.AWSSRP(USERNAME, PASSWORD, POOL_ID, "client-id", client=SimpleNamespace())
    srp.small_a_value = a
    srp.large_a_value = srp.calculate_a()
    fixed = SimpleNamespace(datetime=SimpleNamespace(utcnow=lambda: NOW.replace(tzinfo=None)))
    real, aws_srp.datetime = aws_srp.datetime, fixed
    try:
        theirs = srp.process_challenge(scenario.params, {"USERNAME": USERNAME})
    finally:
        aws_srp.datetime = real
    ours = bench_user(ephemeral=a)
    mine = ours.answer_password_verifier(scenario.params, now=NOW)
    return bool(
        format(srp.large_a_value, "x") == ours.srp_a()
        and theirs["PASSWORD_CLAIM_SIGNATURE"] == mine["PASSWORD_CLAIM_SIGNATURE"]
        and theirs["TIMESTAMP"] == mine["TIMESTAMP"]
        and scenario.accepts(ours.srp_a(), mine)
    )


@dataclass(frozen=True, repr=False)
class Floor:
    """One bare S exponentiation: S's real base and an ``a + u*x`` exponent of the given size."""

    base: int
    exp: int

    @classmethod
    def for_bits(cls, scenario: Scenario, bits: int) -> Floor:
        a = int.from_bytes(os.urandom(bits // 8), "big") | 1 << (bits - 1)
        b_pub = scenario.challenge.b_pub
        x = compute_x(scenario.salt, POOL_NAME, USERNAME, PASSWORD)
        u = compute_u(pow(GROUP.g, a, GROUP.N), b_pub)
        return cls((b_pub - K * pow(GROUP.g, x, GROUP.N)) % GROUP.N, a + u * x)

    def op(self, engine: Engine) -> Callable[[], int]:
        return partial(engine.powmod, self.base, self.exp, GROUP.N)


def device_op(engine: Engine) -> Op:
    """ConfirmDevice: a fresh device password, salt and verifier."""
    return lambda: new_device_secret(device_group_key="-GroupKey", device_key="dk_1", engine=engine)


def server_op(scenario: Scenario, engine: Engine) -> Op:
    """The server's work per sign-in: a new B, then checking the client's proof."""

    def run() -> bool:
        server.start_challenge(scenario.challenge.verifier, engine=engine)
        server.verify_claim(
            scenario.challenge,
            srp_a=scenario.srp_a,
            pool_name=POOL_NAME,
            user_id=USERNAME,
            secret_block=base64.b64decode(SECRET_BLOCK),
            timestamp=scenario.answer["TIMESTAMP"],
            signature=scenario.answer["PASSWORD_CLAIM_SIGNATURE"],
            engine=engine,
        )
        return True

    return run


@dataclass(frozen=True)
class Timing:
    """Per-call seconds of one op, one sample per round of an interleaved run."""

    samples: tuple[float, ...]

    @property
    def min(self) -> float:
        """The least disturbed round: the usual defence against other load."""
        return min(self.samples)

    @property
    def median(self) -> float:
        """The typical round: what a caller sees on a machine that is also doing other work."""
        return statistics.median(self.samples)


def measure(ops: dict[str, Op], rounds: int, round_seconds: float = 0.015) -> dict[str, Timing]:
    """Per-call times of each op in each round; the ops are interleaved round by round.

    Every round runs every op (about ``round_seconds`` each), so a burst of load hits all of
    them alike; the order rotates from round to round so no op always runs first or last.
    """
    calls = {}
    for name, op in ops.items():
        op()  # warm up: imports, tables
        start = time.perf_counter()
        op()
        calls[name] = max(1, int(round_seconds / max(time.perf_counter() - start, 1e-7)))
    names = list(ops)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        shift = r % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            op = ops[name]
            start = time.perf_counter()
            for _ in range(calls[name]):
                op()
            samples[name].append((time.perf_counter() - start) / calls[name])
    return {name: Timing(tuple(values)) for name, values in samples.items()}


_COLD_CODE = """
import json, sys, time
start = time.perf_counter()
import srpcore
imported = time.perf_counter()
from srpcore.core.backends import backend
from datetime import datetime, timezone
client = srpcore.UserSRP(pool_id=sys.argv[2], username=sys.argv[3], password=sys.argv[4])
client.auth_parameters()
client.answer_password_verifier(json.loads(sys.argv[1]), now=datetime.now(timezone.utc))
done = time.perf_counter()
print(json.dumps({"import": imported - start, "first": done - start,
                  "backend": backend(),
                  "loaded": sorted(m for m in ("boto3", "botocore", "gmpy2") if m in sys.modules)}))
"""


def cold_process(scenario: Scenario, backend: str | None = None, runs: int = 3) -> dict[str, Any]:
    """Fresh interpreters: ``import srpcore`` and the first sign-in (imports, tables included)."""
    import subprocess  # noqa: PLC0415 - keeps `srpcore --help` light

    env = {k: v for k, v in os.environ.items() if k != "SRPCORE_BACKEND"}
    if backend:
        env["SRPCORE_BACKEND"] = backend
    argv = [sys.executable, "-c", _COLD_CODE, json.dumps(scenario.params), POOL_ID, USERNAME]
    results = []
    for _ in range(runs):
        done = subprocess.run(  # noqa: S603 - our own interpreter and code
            [*argv, PASSWORD], capture_output=True, text=True, check=True, env=env
        )
        results.append(json.loads(done.stdout))
    best: dict[str, Any] = min(results, key=lambda r: r["first"])
    best["import"] = min(r["import"] for r in results)
    return best


def batch_throughput(scenario: Scenario, tasks: int, rounds: int) -> tuple[int, float]:
    """(workers, batch rate / single-core rate) for the same PASSWORD_VERIFIER tasks."""
    from srpcore.cognito.batch import (  # noqa: PLC0415 - keeps `srpcore --help` light
        BatchSigner,
        PasswordVerifierTask,
        draw_ephemeral,
    )

    work = [
        PasswordVerifierTask(
            pool_id=POOL_ID,
            username=USERNAME,
            password=PASSWORD,
            ephemeral=draw_ephemeral(),
            challenge_parameters=scenario.params,
            now=NOW,
        )
        for _ in range(tasks)
    ]
    single = batched = float("inf")
    with BatchSigner() as signer:
        signer.warm_up()
        for _ in range(rounds):
            start = time.perf_counter()
            expected = [task.answer() for task in work]
            single = min(single, time.perf_counter() - start)
            start = time.perf_counter()
            answers = signer.answer_password_verifiers(work)
            batched = min(batched, time.perf_counter() - start)
            if answers != expected:
                raise AssertionError("batch answers differ from in-process answers")
        return signer.max_workers, single / batched
