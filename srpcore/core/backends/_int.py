"""The pure-``int`` backend: CPython's ``pow``, always available, the reference for all others."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["IntArith", "IntBackend"]


class IntArith:
    """Products modulo ``modulus`` by multiplication then division, on Python ints or, given
    ``number=gmpy2.mpz``, on GMP integers (the gmpy2 backend's arithmetic: ~2.2 us a product).
    """

    def __init__(self, modulus: int, number: Callable[[int], Any] = int) -> None:
        self.modulus = modulus
        self._number = number
        self._mod = number(modulus)

    def lift(self, value: int) -> Any:
        return self._number(value) % self._mod

    def mul(self, a: Any, b: Any) -> Any:
        return a * b % self._mod

    def pack(self, items: list[Any], *, plain: bool = False) -> Sequence[Any]:
        return tuple(items)  # one representation: ``plain`` changes nothing

    def product(self, items: Sequence[Any], *, plain_first: bool = False) -> int:
        mod = self._mod
        result = self._number(1) % mod
        for item in items:
            result = result * item % mod
        return int(result)

    def element_bytes(self, item: Any) -> int:
        return sys.getsizeof(item)


class IntBackend:
    """CPython's ``pow``. Nothing here is constant-time, so it never serves hardened mode.

    Fixed-base tables are off: building the part 256-bit exponents need costs about 450 ms of
    Python multiplications, as much as ~120 plain ``pow`` calls save, and this backend is the
    slow reference anyway.
    """

    name = "int"
    version = f"CPython {sys.version.split()[0]}"
    constant_time = False
    fixed_base = False

    def powmod(self, base: int, exp: int, mod: int) -> int:
        return pow(base, exp, mod)

    def powmod_sec(self, base: int, exp: int, mod: int) -> int:
        return pow(base, exp, mod)

    def mod_arith(self, mod: int) -> IntArith:
        return IntArith(mod)
