"""Modular-exponentiation backends and their selection.

A backend computes ``base ** exp % mod`` on Python ints in a fast variant and a constant-time
variant, and multiplies modulo a fixed modulus for fixed-base tables. Every backend must agree
bit for bit with the pure-``int`` one.

Backends, fastest first (3072-bit modulus, measured in ``benchmarks/README.md``):

* ``openssl``: libcrypto 3 through ctypes; constant-time ``BN_mod_exp_mont_consttime``.
* ``gmpy2``: GMP; constant-time ``mpz_powm_sec``.
* ``int``: CPython's ``pow``; always available, never constant-time.

Automatic selection takes the first that loads and meets the requested hardening;
``$SRPCORE_BACKEND`` or an explicit name overrides it. Backends load lazily: importing this
module loads neither gmpy2 nor libcrypto.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from srpcore.core.backends._base import Backend, ModArith
from srpcore.errors import ConfigurationError

__all__ = [
    "BACKEND_NAMES",
    "ENV_VAR",
    "Backend",
    "ModArith",
    "available_backends",
    "backend",
    "get_backend",
]

ENV_VAR = "SRPCORE_BACKEND"


def _openssl() -> Backend:
    from srpcore.core.backends._openssl import OpenSSLBackend  # noqa: PLC0415 - lazy

    return OpenSSLBackend()


def _gmpy2() -> Backend:
    from srpcore.core.backends._gmpy import GmpyBackend  # noqa: PLC0415 - lazy

    return GmpyBackend()


def _int() -> Backend:
    from srpcore.core.backends._int import IntBackend  # noqa: PLC0415 - lazy

    return IntBackend()


_FACTORIES: dict[str, Callable[[], Backend]] = {"openssl": _openssl, "gmpy2": _gmpy2, "int": _int}
BACKEND_NAMES = tuple(_FACTORIES)
"""Every backend name, fastest first."""

_CACHE: dict[str, Backend] = {}
_FAILED: dict[str, ConfigurationError] = {}
_LOCK = threading.Lock()


def _load(name: str) -> Backend:
    with _LOCK:
        if name in _CACHE:
            return _CACHE[name]
        if name in _FAILED:
            raise _FAILED[name]
        factory = _FACTORIES.get(name)
        if factory is None:
            raise ConfigurationError(
                f"unknown backend {name!r}; choose one of {', '.join(BACKEND_NAMES)}"
            )
        try:
            loaded = factory()
        except ImportError as exc:
            error = ConfigurationError(f"backend {name!r} is not available: {exc}")
            _FAILED[name] = error
            raise error from exc
        except ConfigurationError as exc:
            _FAILED[name] = exc
            raise
        _CACHE[name] = loaded
        return loaded


def available_backends() -> list[str]:
    """Names of the backends that load on this installation, fastest first (loads them all)."""
    names = []
    for name in BACKEND_NAMES:
        try:
            _load(name)
        except ConfigurationError:
            continue
        names.append(name)
    return names


def get_backend(name: str | None = None, *, hardened: bool = False) -> Backend:
    """The backend called ``name``; by default ``$SRPCORE_BACKEND`` or the fastest available.

    With ``hardened=True`` only a backend with a constant-time exponentiation qualifies; asking
    for ``int`` (by name or environment) then raises :class:`ConfigurationError` instead of
    quietly giving up the guarantee.
    """
    if name is None:
        name = os.environ.get(ENV_VAR) or None
    if name is not None:
        chosen = _load(name)
        if hardened and not chosen.constant_time:
            raise ConfigurationError(
                f"backend {name!r} has no constant-time exponentiation; hardened mode needs "
                f"one of {', '.join(n for n in BACKEND_NAMES if n != 'int')}"
            )
        return chosen
    problems = []
    for candidate in BACKEND_NAMES:
        try:
            chosen = _load(candidate)
        except ConfigurationError as exc:
            problems.append(str(exc))
            continue
        if hardened and not chosen.constant_time:
            continue
        return chosen
    raise ConfigurationError(
        "no backend with constant-time exponentiation is available: " + "; ".join(problems)
    )


def backend(*, hardened: bool = False) -> str:
    """Name of the backend that sign-ins use by default (``srpcore.backend()``)."""
    return get_backend(hardened=hardened).name
