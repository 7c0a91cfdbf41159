"""Modular-exponentiation backends and their selection.

A backend only has to compute ``base ** exp % mod`` on Python ints, in a fast variant and a
constant-time-intended variant. Every backend must agree bit for bit with the pure-``int`` one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from srpcore.errors import ConfigurationError

__all__ = ["ENV_VAR", "Backend", "available_backends", "get_backend"]

ENV_VAR = "SRPCORE_BACKEND"


class Backend(Protocol):
    """What the SRP math needs from a big-integer library."""

    name: str
    constant_time: bool
    """Whether :meth:`powmod_sec` is a constant-time algorithm (never true for pure ``int``)."""

    def powmod(self, base: int, exp: int, mod: int) -> int: ...

    def powmod_sec(self, base: int, exp: int, mod: int) -> int: ...


class IntBackend:
    """CPython's ``pow``: always available, the reference every other backend must match."""

    name = "int"
    constant_time = False

    def powmod(self, base: int, exp: int, mod: int) -> int:
        return pow(base, exp, mod)

    powmod_sec = powmod


class GmpyBackend:
    """GMP through gmpy2; ``powmod_sec`` is GMP's side-channel-silent ``mpz_powm_sec``."""

    name = "gmpy2"
    constant_time = True

    def __init__(self) -> None:
        import gmpy2  # noqa: PLC0415 - loaded on first use: importing gmpy2 costs ~50 ms

        self._mpz = gmpy2.mpz
        self._powmod = gmpy2.powmod
        self._powmod_sec = gmpy2.powmod_sec

    def powmod(self, base: int, exp: int, mod: int) -> int:
        return int(self._powmod(base, exp, mod))

    def powmod_sec(self, base: int, exp: int, mod: int) -> int:
        # mpz_powm_sec needs an odd modulus and a positive exponent; SRP's moduli are odd primes.
        if exp <= 0 or not mod & 1:
            return int(self._powmod(base, exp, mod))
        return int(self._powmod_sec(base, exp, mod))


_FACTORIES: dict[str, Callable[[], Backend]] = {"gmpy2": GmpyBackend, "int": IntBackend}
_CACHE: dict[str, Backend] = {}


def available_backends() -> list[str]:
    """Names of the backends that load on this installation, fastest first."""
    names = []
    for name in _FACTORIES:
        try:
            get_backend(name)
        except ConfigurationError:
            continue
        names.append(name)
    return names


def get_backend(name: str | None = None) -> Backend:
    """The backend called ``name``; by default ``$SRPCORE_BACKEND`` or the fastest available."""
    if name is None:
        name = os.environ.get(ENV_VAR) or None
    if name is None:
        for candidate in _FACTORIES:
            try:
                return get_backend(candidate)
            except ConfigurationError:
                continue
    assert name is not None
    if name in _CACHE:
        return _CACHE[name]
    factory = _FACTORIES.get(name)
    if factory is None:
        raise ConfigurationError(
            f"unknown backend {name!r}; choose one of {', '.join(sorted(_FACTORIES))}"
        )
    try:
        backend: Backend = factory()
    except ImportError as exc:
        raise ConfigurationError(f"backend {name!r} is not available: {exc}") from exc
    _CACHE[name] = backend
    return backend
