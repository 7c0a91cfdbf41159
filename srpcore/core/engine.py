"""The engine: a backend plus a hardening mode, used by all SRP arithmetic.

Exponentiations of the generator go through :meth:`Engine.pow_g`, the one place fixed-base
tables (:mod:`srpcore.core.fixedbase`) speed them up; everything else goes through
:meth:`Engine.powmod`.

Hardened mode computes *every* exponentiation with the backend's constant-time algorithm and
uses no tables (their lookups are indexed by secret exponent digits). What that does and does
not promise in Python is set out in ``benchmarks/README.md`` ("What hardened mode promises").
"""

from __future__ import annotations

from dataclasses import dataclass

from srpcore.core.backends import Backend, get_backend
from srpcore.core.groups import Group
from srpcore.errors import ConfigurationError

__all__ = ["Engine", "default_engine"]

_TABLE_MAX_BITS = 1024
"""``srpcore.core.fixedbase.MAX_BITS`` (a test keeps them equal; fixedbase loads lazily)."""


@dataclass(frozen=True)
class Engine:
    """How modular exponentiations are computed.

    ``hardened`` picks the constant-time variant everywhere (and needs a backend that has one).
    ``fixed_base`` turns generator tables on or off; ``None`` means the backend's default.
    """

    backend: Backend
    hardened: bool = False
    fixed_base: bool | None = None

    def __post_init__(self) -> None:
        if self.hardened and not self.backend.constant_time:
            raise ConfigurationError(
                f"backend {self.backend.name!r} has no constant-time exponentiation; "
                "hardened mode needs openssl or gmpy2"
            )
        if self.hardened and self.fixed_base:
            raise ConfigurationError("fixed-base tables are never used in hardened mode")

    @property
    def uses_tables(self) -> bool:
        """Whether :meth:`pow_g` reads fixed-base tables."""
        if self.hardened:
            return False
        return self.backend.fixed_base if self.fixed_base is None else self.fixed_base

    def describe(self) -> str:
        """A short label such as ``openssl, fixed-base`` or ``gmpy2, hardened``."""
        mode = "hardened" if self.hardened else "fixed-base" if self.uses_tables else "plain"
        return f"{self.backend.name}, {mode}"

    def powmod(self, base: int, exp: int, mod: int) -> int:
        if self.hardened:
            return self.backend.powmod_sec(base, exp, mod)
        return self.backend.powmod(base, exp, mod)

    def pow_g(self, group: Group, exp: int) -> int:
        """``g ** exp mod N`` for the group's fixed generator."""
        if self.uses_tables and 0 <= exp and exp.bit_length() <= _TABLE_MAX_BITS:
            from srpcore.core import fixedbase  # noqa: PLC0415 - only engines with tables need it

            return fixedbase.table_for(group, self.backend).pow(exp)
        return self.powmod(group.g, exp, group.N)


_DEFAULTS: dict[bool, Engine] = {}


def default_engine(*, hardened: bool = False) -> Engine:
    """The process-wide engine: the fastest available backend that meets ``hardened``."""
    engine = _DEFAULTS.get(hardened)
    if engine is None:
        engine = _DEFAULTS[hardened] = Engine(get_backend(hardened=hardened), hardened=hardened)
    return engine
