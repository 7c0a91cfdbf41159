"""Every backend agrees with CPython's ``pow`` and with AWS's vectors; selection rules hold."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srpcore.cognito.proof import K, compute_u, compute_x, parse_srp_public
from srpcore.cognito.salt import Salt
from srpcore.cognito.vectors import check_vector, default_vector_dir
from srpcore.core import srp6a
from srpcore.core.backends import (
    BACKEND_NAMES,
    ENV_VAR,
    Backend,
    available_backends,
    backend,
    get_backend,
)
from srpcore.core.backends._openssl import (
    _MONT_CACHE_SIZE,
    LIB_ENV_VAR,
    OpenSSLBackend,
    load_libcrypto,
)
from srpcore.core.engine import Engine, default_engine
from srpcore.core.groups import COGNITO_GROUP, RFC5054_GROUPS
from srpcore.core.groups import COGNITO_GROUP as GROUP
from srpcore.errors import ConfigurationError, InvalidParameterError

N = COGNITO_GROUP.N
AVAILABLE = available_backends()
CONSTANT_TIME = [name for name in AVAILABLE if get_backend(name).constant_time]

ODD_MODULI = st.one_of(
    st.sampled_from([N, *(group.N for group in RFC5054_GROUPS.values())]),
    st.integers(min_value=1, max_value=2**3100).map(lambda m: m | 1),
)
BASES = st.integers(min_value=-(2**3200), max_value=2**3200)
EXPONENTS = st.one_of(
    st.integers(min_value=0, max_value=70), st.integers(min_value=0, max_value=2**1400)
)


def test_this_installation_has_the_fast_backends() -> None:
    """gmpy2 is a runtime dependency and libcrypto 3 ships with the supported systems."""
    assert AVAILABLE[0] == backend()
    assert "gmpy2" in AVAILABLE and "int" in AVAILABLE
    assert CONSTANT_TIME, "hardened mode needs a constant-time backend"


@pytest.mark.parametrize("name", AVAILABLE)
@settings(max_examples=60, deadline=None)
@given(base=BASES, exp=EXPONENTS, mod=ODD_MODULI)
def test_powmod_matches_pow(name: str, base: int, exp: int, mod: int) -> None:
    impl = get_backend(name)
    assert impl.powmod(base, exp, mod) == pow(base, exp, mod)
    assert impl.powmod_sec(base, exp, mod) == pow(base, exp, mod)


@pytest.mark.parametrize("name", AVAILABLE)
@settings(max_examples=25, deadline=None)
@given(
    base=BASES, exp=EXPONENTS, mod=st.integers(min_value=2, max_value=2**2000).map(lambda m: m & ~1)
)
def test_powmod_with_even_modulus_matches_pow(name: str, base: int, exp: int, mod: int) -> None:
    assert get_backend(name).powmod(base, exp, mod) == pow(base, exp, mod)


@pytest.mark.parametrize("name", CONSTANT_TIME)
def test_constant_time_exponentiation_refuses_what_it_cannot_do(name: str) -> None:
    impl = get_backend(name)
    with pytest.raises(InvalidParameterError):
        impl.powmod_sec(3, 5, 2**64)  # even modulus: no constant-time algorithm
    with pytest.raises(InvalidParameterError):
        impl.powmod_sec(3, -5, N)


@pytest.mark.parametrize("name", AVAILABLE)
@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.integers(min_value=-(2**3100), max_value=2**3100), max_size=6))
def test_mod_arith_products_match_int(name: str, values: list[int]) -> None:
    arith = get_backend(name).mod_arith(N)
    lifted = [arith.lift(value) for value in values]
    expected = 1
    for value in values:
        expected = expected * value % N
    assert arith.product(lifted) == expected
    if len(values) >= 2:
        assert arith.product([arith.mul(lifted[0], lifted[1])]) == values[0] * values[1] % N


def _load_vectors() -> dict[str, dict[str, Any]]:
    directory = default_vector_dir()
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }


VECTORS = _load_vectors()

# Every backend with and without tables, and hardened. Plain ``int`` is CPython's ``pow``, the
# reference of every hypothesis test above; its table path is covered here (``int, fixed-base``).
ENGINES = [
    *(
        Engine(get_backend(name), fixed_base=tables)
        for name in AVAILABLE
        for tables in (False, True)
    ),
    *(
        Engine(get_backend(name), hardened=True, fixed_base=tables)
        for name in CONSTANT_TIME
        for tables in (False, True)
    ),
]
ENGINES = [e for e in ENGINES if (e.backend.name, e.uses_tables) != ("int", False)]


def _srp_arithmetic_problems(
    vector: Mapping[str, Any], pool: str, user: str, password: str, engine: Engine
) -> list[str]:
    """A, u, x and S (client side, and server side when the vector has b and v) vs AWS's."""
    inputs, outputs = vector["inputs"], vector["outputs"]
    a = int(inputs["a_hex"], 16)
    a_pub = srp6a.client_public(GROUP, a, engine)
    b_pub = parse_srp_public(inputs["srp_b_hex"])
    u = compute_u(a_pub, b_pub)
    x = compute_x(Salt.from_hex(inputs["salt_hex"]), pool, user, password)
    s = srp6a.client_premaster(GROUP, b_pub=b_pub, k=K, x=x, a=a, u=u, engine=engine)
    got = {"srp_a_hex": a_pub, "u_hex": u, "x_hex": x, "s_hex": s}
    if "b_hex" in inputs and "verifier_hex" in inputs:
        v = int(inputs["verifier_hex"], 16)
        got["server S"] = srp6a.server_premaster(
            GROUP, a_pub=a_pub, v=v, u=u, b=int(inputs["b_hex"], 16), engine=engine
        )
        got["verifier"] = srp6a.verifier(GROUP, x, engine)
    expected = {**{key: int(outputs[key], 16) for key in ("srp_a_hex", "u_hex", "x_hex", "s_hex")}}
    if "server S" in got:
        expected["server S"] = expected["s_hex"]
        expected["verifier"] = int(inputs["verifier_hex"], 16)
    return [f"{vector['id']}: {key} differs" for key in got if got[key] != expected[key]]


@pytest.mark.parametrize("engine", ENGINES, ids=Engine.describe)
def test_every_engine_reproduces_the_arithmetic_of_every_vector(engine: Engine) -> None:
    """The exponentiations of every AWS vector: A, S (both sides), verifiers, RFC 5054."""
    assert {"password_verifier.json", "device.json", "rfc5054.json"} <= set(VECTORS)
    problems: list[str] = []
    checked = 0
    for vector in VECTORS["password_verifier.json"]["vectors"]:
        if "outputs" in vector:
            inputs = vector["inputs"]
            pool = inputs["pool_id"].split("_")[1]
            problems += _srp_arithmetic_problems(
                vector, pool, inputs["username"], inputs["password"], engine
            )
            checked += 1
    device = VECTORS["device.json"]
    for vector in device["device_password_verifier"]:
        if "outputs" in vector:
            inputs = vector["inputs"]
            problems += _srp_arithmetic_problems(
                vector,
                inputs["device_group_key"],
                inputs["device_key"],
                inputs["device_password"],
                engine,
            )
            checked += 1
    for kind, list_name, document in (
        ("device", "confirm_device", device),
        ("rfc5054", "vectors", VECTORS["rfc5054.json"]),
    ):
        for vector in document[list_name]:
            problems += [
                f"{vector['id']}: {p}" for p in check_vector(kind, list_name, vector, engine)
            ]
            checked += 1
    assert checked >= 500
    assert problems == []


def test_unknown_backend_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="unknown backend"):
        get_backend("nope")


def test_environment_variable_overrides_the_automatic_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_VAR, "int")
    assert get_backend().name == "int"
    assert backend() == "int"
    with pytest.raises(ConfigurationError, match="constant-time"):
        get_backend(hardened=True)
    assert get_backend("gmpy2").name == "gmpy2"  # an explicit argument beats the environment


def test_automatic_choice_is_the_fastest_that_meets_the_hardening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert get_backend().name == AVAILABLE[0]
    assert get_backend(hardened=True).name == CONSTANT_TIME[0]
    assert list(BACKEND_NAMES) == ["openssl", "gmpy2", "int"]


def test_hardened_engine_needs_a_constant_time_backend() -> None:
    with pytest.raises(ConfigurationError):
        Engine(get_backend("int"), hardened=True)
    engine = default_engine(hardened=True)
    assert engine.backend.constant_time and engine.uses_tables  # constant-time tables only
    assert not Engine(engine.backend, hardened=True, fixed_base=False).uses_tables


def test_missing_libcrypto_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LIB_ENV_VAR, "libsrpcore-no-such-library.so.3")
    with pytest.raises(ConfigurationError, match="libcrypto 3 is not available"):
        load_libcrypto()


needs_openssl = pytest.mark.skipif("openssl" not in AVAILABLE, reason="no libcrypto 3 here")


@needs_openssl
def test_openssl_threads_compute_independently() -> None:
    impl = get_backend("openssl")
    inputs = [(3 + i, (1 << 500) + 7919 * i) for i in range(16)]
    results: dict[int, int] = {}

    def work(i: int) -> None:
        base, exp = inputs[i]
        for _ in range(5):
            results[i] = impl.powmod_sec(base, exp, N) ^ impl.powmod(base, exp, N)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(inputs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == dict.fromkeys(range(len(inputs)), 0)
    assert all(impl.powmod(b, e, N) == pow(b, e, N) for b, e in inputs)


@needs_openssl
def test_openssl_keeps_the_recent_moduli_and_rebuilds_an_evicted_one() -> None:
    impl = OpenSSLBackend()
    first = impl.modulus(N)
    assert impl.modulus(N) is first
    for i in range(1, _MONT_CACHE_SIZE + 1):  # as many other odd moduli push N out
        impl.modulus(N - 2 * i)
    rebuilt = impl.modulus(N)
    assert rebuilt is not first
    assert impl.modulus(N) is rebuilt
    assert impl.powmod(3, 65537, N) == pow(3, 65537, N)


def _rss_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


@needs_openssl
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RSS read from Linux /proc")
def test_openssl_frees_what_it_allocates() -> None:
    """20,000 calls allocating 3-4 BIGNUMs each would leak > 20 MB if any were kept."""
    impl: Backend = OpenSSLBackend()
    arith = impl.mod_arith(N)
    element = arith.lift(5)

    def burn() -> None:
        for i in range(5000):
            impl.powmod(N - i, 65537, N)
            impl.powmod_sec(N - i, 65537, N)
            impl.powmod(2, 65537 + i, N)
            arith.product([element, element])

    burn()
    before = _rss_bytes()
    burn()
    burn()
    burn()
    assert _rss_bytes() - before < 4 * 2**20
