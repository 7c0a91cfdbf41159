"""The interfaces every backend implements; kept apart so backend modules import nothing heavy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

__all__ = ["Backend", "ModArith"]


class ModArith(Protocol):
    """Products modulo one fixed modulus, in the backend's own element representation.

    Fixed-base tables (:mod:`srpcore.core.fixedbase`) are built and evaluated through this, so
    their entries stay in the native form (``mpz``, a Montgomery-form ``BIGNUM``) and a product
    of table entries never round-trips through Python ``int``.
    """

    modulus: int

    def lift(self, value: int) -> Any:
        """``value mod modulus`` as a native element."""

    def mul(self, a: Any, b: Any) -> Any:
        """A new element ``a * b mod modulus``."""

    def pack(self, items: list[Any], *, plain: bool = False) -> Sequence[Any]:
        """A compact read-only sequence of ``items`` for a table window. With ``plain`` the
        elements may be converted in place to a form that is only valid as the first factor of
        a :meth:`product` with ``plain_first`` (Montgomery backends: out of Montgomery form, so
        the product needs no final conversion)."""

    def product(self, items: Sequence[Any], *, plain_first: bool = False) -> int:
        """``prod(items) mod modulus`` as an int (1 for an empty sequence); ``plain_first`` says
        ``items[0]`` came from a window packed with ``plain``."""

    def element_bytes(self, item: Any) -> int:
        """Memory held by one element, for the stated size of a table."""


class Backend(Protocol):
    """What the SRP math needs from a big-integer library."""

    name: str
    version: str
    """The library behind it, e.g. ``OpenSSL 3.0.19 27 Jan 2026`` (shown by ``srpcore bench``)."""
    constant_time: bool
    """Whether :meth:`powmod_sec` is a constant-time algorithm (never true for pure ``int``)."""
    fixed_base: bool
    """Whether fixed-base tables pay for themselves with this backend (see ``fixedbase``)."""

    def powmod(self, base: int, exp: int, mod: int) -> int:
        """``base ** exp % mod`` as fast as the library can (timing may depend on all inputs)."""

    def powmod_sec(self, base: int, exp: int, mod: int) -> int:
        """``base ** exp % mod`` with the library's constant-time algorithm, if it has one."""

    def mod_arith(self, mod: int) -> ModArith:
        """Native multiplication modulo ``mod`` (for fixed-base tables)."""
