"""The pure-``int`` backend: CPython's ``pow``, always available, the reference for all others."""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["IntArith", "IntBackend"]


class IntArith:
    """Products modulo ``modulus`` on Python ints."""

    def __init__(self, modulus: int) -> None:
        self.modulus = modulus

    def lift(self, value: int) -> int:
        return value % self.modulus

    def mul(self, a: int, b: int) -> int:
        return a * b % self.modulus

    def pack(self, items: list[int], *, plain: bool = False) -> Sequence[int]:
        return tuple(items)  # one representation: ``plain`` changes nothing

    def product(self, items: Sequence[int], *, plain_first: bool = False) -> int:
        modulus = self.modulus
        result = 1 % modulus
        for item in items:
            result = result * item % modulus
        return result

    def element_bytes(self, item: int) -> int:
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
