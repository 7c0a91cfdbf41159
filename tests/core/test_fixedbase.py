"""Fixed-base tables give exactly ``pow(g, e, N)``, build lazily and once, and stay small."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srpcore.core import engine as engine_module
from srpcore.core import fixedbase
from srpcore.core.backends import _gmpsec, available_backends, get_backend
from srpcore.core.engine import Engine
from srpcore.core.fixedbase import (
    MAX_BITS,
    FixedBaseTable,
    planned_entries,
    secure_table_for,
    table_for,
)
from srpcore.core.groups import COGNITO_GROUP, RFC5054_GROUPS, Group
from srpcore.errors import ConfigurationError, InvalidParameterError

N = COGNITO_GROUP.N
AVAILABLE = available_backends()
SMALL_GROUP = RFC5054_GROUPS[1024]
EXPONENTS = st.one_of(
    st.integers(min_value=0, max_value=2**256 - 1),
    st.integers(min_value=0, max_value=2**MAX_BITS - 1),
    st.sampled_from([0, 1, 2**255, 2**256 - 1, 2**256, 2**MAX_BITS - 1, 2**1023 + 2**256]),
)


@pytest.mark.parametrize("name", AVAILABLE)
@settings(max_examples=60, deadline=None)
@given(exp=EXPONENTS)
def test_table_matches_pow(name: str, exp: int) -> None:
    table = table_for(COGNITO_GROUP, get_backend(name))
    assert table.pow(exp) == pow(2, exp, N)


@pytest.mark.parametrize("name", AVAILABLE)
@settings(max_examples=20, deadline=None)
@given(exp=EXPONENTS)
def test_engine_pow_g_matches_pow_in_another_group(name: str, exp: int) -> None:
    engine = Engine(get_backend(name), fixed_base=True)
    assert engine.pow_g(SMALL_GROUP, exp) == pow(SMALL_GROUP.g, exp, SMALL_GROUP.N)


@pytest.mark.parametrize("name", AVAILABLE)
def test_exponents_beyond_the_table_fall_back_to_powmod(name: str) -> None:
    engine = Engine(get_backend(name), fixed_base=True)
    exp = 2**MAX_BITS + 12345
    assert engine.pow_g(COGNITO_GROUP, exp) == pow(2, exp, N)
    table = table_for(COGNITO_GROUP, engine.backend)
    with pytest.raises(InvalidParameterError):
        table.pow(exp)
    with pytest.raises(InvalidParameterError):
        table.pow(-1)


def test_windows_are_built_lazily_as_exponents_grow() -> None:
    table = FixedBaseTable(get_backend("int").mod_arith(SMALL_GROUP.N), SMALL_GROUP.g)
    assert table.entry_count() == 0
    assert table.pow(5) == pow(2, 5, SMALL_GROUP.N)
    # Layout: 25 windows of 10 bits (bits 0-249), then 129 of 6 bits (bits 250-1023).
    assert (table.built_bits, table.entry_count()) == (10, 1023)
    assert table.pow(2**255) == pow(2, 2**255, SMALL_GROUP.N)
    assert (table.built_bits, table.entry_count()) == (256, 25 * 1023 + 63)
    assert table.pow(2**1023) == pow(2, 2**1023, SMALL_GROUP.N)
    assert table.entry_count() == planned_entries() == 25 * 1023 + 129 * 63


@pytest.mark.parametrize("name", AVAILABLE)
def test_full_table_stays_under_16_mb_per_group(name: str) -> None:
    table = FixedBaseTable(get_backend(name).mod_arith(N), COGNITO_GROUP.g)
    table.pow(2**MAX_BITS - 1)
    assert table.entry_count() == planned_entries()
    assert 8 * 2**20 < table.memory_bytes() < 16 * 2**20  # at least the 384-byte payloads


def test_concurrent_first_use_builds_each_window_once() -> None:
    table = FixedBaseTable(get_backend("gmpy2").mod_arith(N), COGNITO_GROUP.g)
    exps = [(2**255 + 977 * i) * (1 + (i % 3) * 2**400) for i in range(12)]
    results: dict[int, int] = {}
    start = threading.Barrier(len(exps))

    def work(i: int) -> None:
        start.wait()
        results[i] = table.pow(exps[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(exps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: pow(2, exp, N) for i, exp in enumerate(exps)}
    assert table.entry_count() == planned_entries(max(e.bit_length() for e in exps))


def test_one_table_per_group_and_backend() -> None:
    gmp = get_backend("gmpy2")
    assert table_for(COGNITO_GROUP, gmp) is table_for(COGNITO_GROUP, gmp)
    assert table_for(COGNITO_GROUP, gmp) is not table_for(SMALL_GROUP, gmp)
    assert table_for(COGNITO_GROUP, gmp) is not table_for(COGNITO_GROUP, get_backend("int"))


def test_hardened_engine_never_reads_the_variable_time_tables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_: object) -> FixedBaseTable:
        raise AssertionError("a hardened engine must not use variable-time tables")

    monkeypatch.setattr(fixedbase, "table_for", refuse)
    for tables in (None, False):
        engine = Engine(get_backend("gmpy2"), hardened=True, fixed_base=tables)
        for exp in (2**255 + 1, 2**256 + 1, 2**1000 + 3):
            assert engine.pow_g(COGNITO_GROUP, exp) == pow(2, exp, N)
    with pytest.raises(AssertionError, match="hardened"):
        Engine(get_backend("gmpy2"), fixed_base=True).pow_g(COGNITO_GROUP, 3)


SECURE_EXPONENTS = st.one_of(
    st.integers(min_value=0, max_value=2**256 - 1),
    st.integers(min_value=0, max_value=2**40),
    st.sampled_from([0, 1, 255, 256, 2**255, 2**256 - 1]),
)


@pytest.mark.parametrize("group", [COGNITO_GROUP, SMALL_GROUP], ids=lambda g: g.name)
@settings(max_examples=60, deadline=None)
@given(exp=SECURE_EXPONENTS)
def test_constant_time_table_matches_pow(group: Group, exp: int) -> None:
    table = secure_table_for(group, get_backend(AVAILABLE[0]))
    assert table is not None, "GMP's mpn_sec functions should load here (gmpy2 bundles GMP)"
    assert table.pow(exp) == pow(group.g, exp, group.N)


def test_constant_time_table_serves_256_bits_and_states_its_size() -> None:
    table = secure_table_for(COGNITO_GROUP, get_backend("gmpy2"))
    assert table is not None
    assert table.memory_bytes() == 32 * 256 * 384  # 3 MiB: 32 windows x 256 entries x 384 bytes
    for bad in (-1, 2**256):
        with pytest.raises(InvalidParameterError):
            table.pow(bad)


def test_hardened_engine_uses_the_constant_time_table_up_to_256_bits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = Engine(get_backend("gmpy2"), hardened=True)
    table = secure_table_for(COGNITO_GROUP, engine.backend)
    assert table is not None
    seen: list[int] = []
    real_pow = table.pow

    def spy(exp: int) -> int:
        seen.append(exp)
        return real_pow(exp)

    monkeypatch.setattr(table, "pow", spy)
    for exp in (7, 2**256 - 1, 2**256):
        assert engine.pow_g(COGNITO_GROUP, exp) == pow(2, exp, N)
    assert seen == [7, 2**256 - 1]  # 2^256 has 257 bits: powmod_sec


def test_without_gmp_hardened_mode_falls_back_to_powmod_sec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(_gmpsec.LIB_ENV_VAR, "libsrpcore-no-such-gmp.so")
    with pytest.raises(ConfigurationError, match="mpn_sec"):
        _gmpsec.load_libgmp()
    monkeypatch.setattr(fixedbase, "_SECURE", {})
    engine = Engine(get_backend("gmpy2"), hardened=True)
    assert fixedbase.secure_table_for(SMALL_GROUP, engine.backend) is None
    assert engine.pow_g(SMALL_GROUP, 2**200 + 5) == pow(2, 2**200 + 5, SMALL_GROUP.N)


def test_engine_and_tables_agree_on_the_longest_exponent() -> None:
    assert engine_module._TABLE_MAX_BITS == MAX_BITS


def test_constant_time_table_refuses_a_library_that_fails_its_check() -> None:
    lib, limb_bytes = _gmpsec.load_libgmp()
    n = SMALL_GROUP.N
    good = _gmpsec.SecureFixedBase(lib, limb_bytes, n, 2, lambda e: pow(2, e, n))
    assert good.pow(2**200 + 77) == pow(2, 2**200 + 77, n)
    with pytest.raises(ConfigurationError, match="wrong"):
        _gmpsec.SecureFixedBase(lib, limb_bytes, n, 2, lambda e: pow(2, e, n) ^ 1)
    with pytest.raises(InvalidParameterError):
        _gmpsec.SecureFixedBase(lib, limb_bytes, n + 1, 2, lambda e: pow(2, e, n + 1))


def test_constant_time_table_serves_threads_concurrently() -> None:
    table = secure_table_for(COGNITO_GROUP, get_backend(AVAILABLE[0]))
    assert table is not None
    exps = [(2**255 - 1) // (i + 2) + i for i in range(8)]
    results: dict[int, list[int]] = {}
    start = threading.Barrier(len(exps))

    def work(i: int) -> None:
        start.wait()
        results[i] = [table.pow(exps[i]) for _ in range(20)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(exps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: [pow(2, e, N)] * 20 for i, e in enumerate(exps)}


@pytest.mark.parametrize("name", AVAILABLE)
def test_table_products_from_many_threads(name: str) -> None:
    table = table_for(COGNITO_GROUP, get_backend(name))
    exps = [(2**256 - 1) // (i + 3) + 5 * i for i in range(8)]
    results: dict[int, list[int]] = {}
    start = threading.Barrier(len(exps))

    def work(i: int) -> None:
        start.wait()
        results[i] = [table.pow(exps[i]) for _ in range(20)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(exps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: [pow(2, e, N)] * 20 for i, e in enumerate(exps)}
