"""Client sign-in math per backend and mode, pycognito doing the same work, and the floor.

Run with ``pytest benchmarks`` (not part of the default ``pytest`` run). Compare within a group:
``--benchmark-group-by=group``; ``srpcore bench`` prints the same comparisons as ratios.
"""

from __future__ import annotations

import base64
import random

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from srpcore.cli.workloads import (
    Floor,
    Scenario,
    device_op,
    pycognito_cross_check,
    pycognito_signin,
    server_op,
    srpcore_signin,
)
from srpcore.cognito.proof import GROUP, compute_x
from srpcore.cognito.salt import Salt
from srpcore.core.backends import available_backends, get_backend
from srpcore.core.engine import Engine
from srpcore.core.fixedbase import table_for

ENGINES = [
    Engine(get_backend(name), hardened=hardened)
    for name in available_backends()
    for hardened in (False, True)
    if not hardened or get_backend(name).constant_time
]
BITS = [256, 1024]


@pytest.mark.parametrize("bits", BITS)
@pytest.mark.parametrize("engine", ENGINES, ids=Engine.describe)
def test_srpcore_signin(
    benchmark: BenchmarkFixture, scenario: Scenario, engine: Engine, bits: int
) -> None:
    benchmark.group = f"client sign-in, a = {bits} bits"
    auth, answer = benchmark(srpcore_signin(scenario, engine, bits))
    assert scenario.accepts(auth["SRP_A"], answer)


def test_pycognito_signin(benchmark: BenchmarkFixture, scenario: Scenario) -> None:
    run = pycognito_signin(scenario)
    assert run is not None, "pycognito is a test extra: pip install -e '.[test]'"
    benchmark.group = "client sign-in, a = 1024 bits"
    srp_a, answer = benchmark(run)
    assert scenario.accepts(srp_a, answer)


def test_pycognito_signs_exactly_as_srpcore(scenario: Scenario) -> None:
    assert pycognito_cross_check(scenario) is True


@pytest.mark.parametrize("bits", BITS)
@pytest.mark.parametrize("engine", ENGINES, ids=Engine.describe)
def test_floor(benchmark: BenchmarkFixture, scenario: Scenario, engine: Engine, bits: int) -> None:
    """One bare exponentiation with S's base and exponent size: what sign-in cannot go below."""
    floor = Floor.for_bits(scenario, bits)
    benchmark.group = f"floor, a = {bits} bits"
    assert benchmark(floor.op(engine)) == pow(floor.base, floor.exp, GROUP.N)


@pytest.mark.parametrize("bits", BITS)
@pytest.mark.parametrize("name", [n for n in available_backends() if get_backend(n).fixed_base])
@pytest.mark.parametrize("method", ["table", "powmod(2, e)"])
def test_generator_power(benchmark: BenchmarkFixture, method: str, name: str, bits: int) -> None:
    """Fixed-base table against the backend's own exponentiation with base 2."""
    impl = get_backend(name)
    exp = random.Random(bits).getrandbits(bits) | 1 << (bits - 1)  # full-length, reproducible
    benchmark.group = f"g^e, {bits}-bit e"
    if method == "table":
        table = table_for(GROUP, impl)
        result = benchmark(table.pow, exp)
    else:
        result = benchmark(impl.powmod, 2, exp, GROUP.N)
    assert result == pow(2, exp, GROUP.N)


@pytest.mark.parametrize("engine", ENGINES, ids=Engine.describe)
def test_device_verifier(benchmark: BenchmarkFixture, engine: Engine) -> None:
    benchmark.group = "ConfirmDevice verifier"
    secret = benchmark(device_op(engine))
    config = secret.verifier_config
    salt = Salt.from_bytes(base64.b64decode(config["Salt"]))
    x = compute_x(salt, secret.device_group_key, secret.device_key, secret.device_password)
    verifier = int.from_bytes(base64.b64decode(config["PasswordVerifier"]), "big")
    assert verifier == pow(GROUP.g, x, GROUP.N)


@pytest.mark.parametrize("engine", ENGINES, ids=Engine.describe)
def test_server_side(benchmark: BenchmarkFixture, scenario: Scenario, engine: Engine) -> None:
    """A new B, then the proof check of a valid answer (which raises if it does not verify)."""
    benchmark.group = "server: B + proof check"
    assert benchmark(server_op(scenario, engine)) is True
