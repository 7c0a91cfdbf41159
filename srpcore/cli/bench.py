"""``srpcore bench``: what a sign-in costs, as ratios measured in one run on this machine.

Every workload here is also what ``benchmarks/`` times with pytest-benchmark, so the command and
the benchmark suite measure the same work:

* client sign-in math: ``UserSRP`` (drawing ``a``, computing A) then the PASSWORD_VERIFIER
  answer to a fixed challenge made once by :mod:`srpcore.cognito.server`;
* pycognito's ``AWSSRP`` doing the same (construction computes A; ``process_challenge``);
* the floor: one bare exponentiation with S's base and exponent size (``a + u*x``);
* ConfirmDevice verifier generation, and the server side (B, then the proof check).

Times are the best per-call mean over the rounds (the usual defence against other load); the
ratios compare numbers taken in the same run, never against remembered figures.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
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
from srpcore.cognito.proof import GROUP, K, compute_u, compute_x
from srpcore.core.backends import BACKEND_NAMES, available_backends, get_backend
from srpcore.core.engine import Engine
from srpcore.core.fixedbase import secure_table_for, table_for

__all__ = [
    "Floor",
    "Scenario",
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

    salt: bytes
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


def make_scenario() -> Scenario:
    salt = server.new_salt()
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
    client = UserSRP(pool_id=POOL_ID, username=USERNAME, password=PASSWORD)
    answer = client.answer_password_verifier(params, now=NOW)
    return Scenario(salt, challenge, params, client.srp_a(), answer)


def srpcore_signin(
    scenario: Scenario, engine: Engine, bits: int
) -> Callable[[], tuple[dict[str, str], dict[str, str]]]:
    """One sign-in's client math: (AuthParameters, PASSWORD_VERIFIER responses)."""

    def run() -> tuple[dict[str, str], dict[str, str]]:
        client = UserSRP(
            pool_id=POOL_ID,
            username=USERNAME,
            password=PASSWORD,
            ephemeral_bits=bits,
            engine=engine,
        )
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
    ours = UserSRP(pool_id=POOL_ID, username=USERNAME, password=PASSWORD, ephemeral=a)
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
        x = compute_x(int.from_bytes(scenario.salt, "big"), POOL_NAME, USERNAME, PASSWORD)
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


def measure(ops: dict[str, Op], rounds: int, round_seconds: float = 0.015) -> dict[str, float]:
    """Best mean seconds per call of each op; ops are interleaved round by round."""
    calls = {}
    for name, op in ops.items():
        op()  # warm up: imports, tables
        start = time.perf_counter()
        op()
        calls[name] = max(1, int(round_seconds / max(time.perf_counter() - start, 1e-7)))
    best = dict.fromkeys(ops, float("inf"))
    for _ in range(rounds):
        for name, op in ops.items():
            start = time.perf_counter()
            for _ in range(calls[name]):
                op()
            best[name] = min(best[name], (time.perf_counter() - start) / calls[name])
    return best


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f} ms" if seconds < 0.01 else f"{seconds * 1e3:.1f} ms"


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


def _engines(names: list[str]) -> list[Engine]:
    engines = []
    for name in names:
        impl = get_backend(name)
        engines.append(Engine(impl))
        if impl.constant_time:
            engines.append(Engine(impl, hardened=True))
            engines.append(Engine(impl, hardened=True, fixed_base=False))
    return engines


def _mode(engine: Engine) -> str:
    if not engine.hardened:
        return "default"
    return "hardened" if engine.uses_tables else "hardened, no tables"


def _floor_key(engine: Engine, bits: int) -> str:
    return f"floor/{engine.backend.name}/{'sec' if engine.hardened else 'fast'}/{bits}"


def run(args: argparse.Namespace) -> int:
    rounds = 3 if args.quick else args.rounds
    names = [args.backend] if args.backend else available_backends()
    if args.quick and not args.backend:
        names = [n for n in names if n != "int"] or names
    scenario = make_scenario()
    engines = _engines(names)
    bit_sizes = (256, 1024)
    ops: dict[str, Op] = {}
    floor_bits: dict[int, int] = {}
    for engine in engines:
        for bits in bit_sizes:
            key = f"{engine.backend.name}/{_mode(engine)}/{bits}"
            ops["signin/" + key] = srpcore_signin(scenario, engine, bits)
            if _floor_key(engine, bits) not in ops:
                floor = Floor.for_bits(scenario, bits)
                ops[_floor_key(engine, bits)] = floor.op(engine)
                floor_bits[bits] = floor.exp.bit_length()
    for name in names:
        impl = get_backend(name)
        if impl.fixed_base:
            for bits in bit_sizes:
                exp = int.from_bytes(os.urandom(bits // 8), "big") | 1 << (bits - 1)
                table = table_for(GROUP, impl)
                ops[f"table/{name}/{bits}"] = partial(table.pow, exp)
                ops[f"powmod2/{name}/{bits}"] = partial(impl.powmod, 2, exp, GROUP.N)
        if impl.constant_time:
            secure = secure_table_for(GROUP, impl)
            exp = int.from_bytes(os.urandom(32), "big")
            if secure is not None:
                ops[f"sectable/{name}/256"] = partial(secure.pow, exp)
            ops[f"powmod2sec/{name}/256"] = partial(impl.powmod_sec, 2, exp, GROUP.N)
    for engine in engines[:2]:
        ops[f"device/{engine.describe()}"] = device_op(engine)
        ops[f"server/{engine.describe()}"] = server_op(scenario, engine)
    pycognito = pycognito_signin(scenario)
    if pycognito is not None:
        ops["pycognito"] = pycognito
    best = measure(ops, rounds)

    # Other processes skew every number; this run itself adds about 1 to the load average.
    load = f", 1-min load {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    print(
        "srpcore bench: Cognito SRP (3072-bit group, SHA-256), best of "
        f"{rounds} rounds, all ratios from this run; {os.cpu_count()} CPUs{load}"
    )
    print(f"automatic backend: {get_backend().name} (hardened: {get_backend(hardened=True).name})")
    print("libraries: " + "; ".join(f"{n}: {get_backend(n).version}" for n in names))
    if pycognito is None:
        print("pycognito is not installed: no comparison with it (pip install pycognito)")
    else:
        agree = pycognito_cross_check(scenario)
        print(
            f"pycognito {_ms(best['pycognito'])} per sign-in (1024-bit a, plain pow); "
            f"same a and clock give the same signature: {'yes' if agree else 'NO'}"
        )
    print()
    header = f"{'client sign-in math':<30}{'a bits':>7}{'S exp bits':>11}{'time':>11}"
    print(header + f"{'vs pycognito':>14}{'vs floor':>10}{'hardened/default':>18}")
    for engine in engines:
        for bits in bit_sizes:
            key = f"{engine.backend.name}/{_mode(engine)}/{bits}"
            t = best["signin/" + key]
            floor_time = best[_floor_key(engine, bits)]
            faster = f"{best['pycognito'] / t:.1f}x" if pycognito is not None else "n/a"
            hard = ""
            if engine.hardened:
                hard = f"{t / best[f'signin/{engine.backend.name}/default/{bits}']:.2f}x"
            label = f"{engine.backend.name} {_mode(engine)}"
            print(
                f"{label:<30}{bits:>7}{floor_bits[bits]:>11}{_ms(t):>11}"
                f"{faster:>14}{t / floor_time:>9.2f}x{hard:>18}"
            )
    print()
    print(f"{'floor: one S exponentiation':<30}{'exp bits':>9}{'time':>11}")
    for engine in engines:
        for bits in bit_sizes:
            if engine.hardened and not engine.uses_tables:
                continue  # the same floor as the hardened row
            label = f"{engine.backend.name} {'powmod_sec' if engine.hardened else 'powmod'}"
            print(f"{label:<30}{floor_bits[bits]:>9}{_ms(best[_floor_key(engine, bits)]):>11}")
    print()
    print(f"{'g^e: fixed-base table vs powmod(2, e)':<40}{'table':>11}{'powmod':>11}{'gain':>8}")
    for name in names:
        for bits in bit_sizes:
            if f"table/{name}/{bits}" in best:
                t, p = best[f"table/{name}/{bits}"], best[f"powmod2/{name}/{bits}"]
                print(f"{name + f' {bits}-bit e':<40}{_ms(t):>11}{_ms(p):>11}{p / t:>7.1f}x")
    print()
    print(
        f"{'hardened g^e: mpn_sec table vs powmod_sec':<40}{'table':>11}{'powmod':>11}{'gain':>8}"
    )
    for name in names:
        if f"sectable/{name}/256" in best:
            t, p = best[f"sectable/{name}/256"], best[f"powmod2sec/{name}/256"]
            print(f"{name + ' 256-bit e':<40}{_ms(t):>11}{_ms(p):>11}{p / t:>7.1f}x")
    print()
    for kind, title in (
        ("device", "ConfirmDevice verifier"),
        ("server", "server: B + proof check"),
    ):
        for engine in engines[:2]:
            print(
                f"{title + ' (' + engine.describe() + ')':<50}"
                f"{_ms(best[f'{kind}/{engine.describe()}']):>11}"
            )
    if not args.no_batch:
        workers, ratio = batch_throughput(scenario, args.batch_tasks, 5)
        print(
            f"\nbatch (srpcore.cognito.batch, {workers} worker processes): "
            f"{ratio:.2f}x single-core throughput"
        )
    if not args.no_cold:
        print()
        for backend in (None, "gmpy2"):
            cold = cold_process(scenario, backend)
            label = f"SRPCORE_BACKEND={backend}" if backend else "automatic backend"
            print(
                f"cold process ({label} -> {cold['backend']}): import srpcore "
                f"{_ms(cold['import'])}, first sign-in incl. import and tables "
                f"{_ms(cold['first'])}; loaded by then: {', '.join(cold['loaded']) or 'none'}"
                " of boto3/botocore/gmpy2"
            )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("bench", help="measure sign-in cost as ratios (~20 s)")
    parser.add_argument("--rounds", type=int, default=15, help="measurement rounds (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, skip the int backend")
    parser.add_argument("--backend", choices=BACKEND_NAMES, help="only this backend")
    parser.add_argument("--batch-tasks", type=int, default=240, help="tasks per batch round")
    parser.add_argument("--no-batch", action="store_true", help="skip the process-pool batch")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-process runs")
    parser.set_defaults(func=run)
