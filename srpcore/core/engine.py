"""The engine: a backend plus a hardening mode, used by all SRP arithmetic.

Exponentiations of the generator go through :meth:`Engine.pow_g`, the one place fixed-base
tables (:mod:`srpcore.core.fixedbase`) speed them up; everything else goes through
:meth:`Engine.powmod`.

Hardened mode computes every exponentiation with a constant-time algorithm: the backend's
``powmod_sec``, or for ``g^e`` with ``e < 2^256`` a constant-time fixed-base table on GMP's
``mpn_sec_tabselect``, ``mpn_sec_mul`` and ``mpn_redc_1`` (when a GMP library can be loaded).
It never reads the variable-time tables. What that does and does not promise in Python is set
out in ``benchmarks/README.md`` ("What hardened mode promises").
"""

from __future__ import annotations

from dataclasses import dataclass

from srpcore.core.backends import Backend, get_backend
from srpcore.core.groups import Group
from srpcore.errors import ConfigurationError

__all__ = ["Engine", "default_engine"]

_TABLE_MAX_BITS = 1024
"""``srpcore.core.fixedbase.MAX_BITS`` (a test keeps them equal; fixedbase loads lazily)."""
_SECURE_TABLE_MAX_BITS = 256
"""Exponents the constant-time table serves (``backends/_gmpsec.py``, 32 windows of 8 bits)."""


@dataclass(frozen=True)
class Engine:
    """How modular exponentiations are computed.

    ``hardened`` picks constant-time algorithms everywhere (and needs a backend that has one).
    ``fixed_base`` turns generator tables on or off; ``None`` means the default: the fast
    tables when the backend benefits from them, the constant-time ones when hardened.
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

    @property
    def uses_tables(self) -> bool:
        """Whether :meth:`pow_g` reads (variable-time or, when hardened, constant-time) tables."""
        if self.fixed_base is not None:
            return self.fixed_base
        return True if self.hardened else self.backend.fixed_base

    def describe(self) -> str:
        """A short label such as ``openssl, fixed-base`` or ``gmpy2, hardened, no tables``."""
        if self.hardened:
            return f"{self.backend.name}, hardened" + ("" if self.uses_tables else ", no tables")
        return f"{self.backend.name}, {'fixed-base' if self.uses_tables else 'plain'}"

    def powmod(self, base: int, exp: int, mod: int) -> int:
        if self.hardened:
            return self.backend.powmod_sec(base, exp, mod)
        return self.backend.powmod(base, exp, mod)

    def pow_g(self, group: Group, exp: int) -> int:
        """``g ** exp mod N`` for the group's fixed generator."""
        if self.uses_tables and exp >= 0:
            from srpcore.core import fixedbase  # noqa: PLC0415 - only engines with tables need it

            if not self.hardened and exp.bit_length() <= _TABLE_MAX_BITS:
                return fixedbase.table_for(group, self.backend).pow(exp)
            if self.hardened and exp.bit_length() <= _SECURE_TABLE_MAX_BITS:
                secure = fixedbase.secure_table_for(group, self.backend)
                if secure is not None:
                    return secure.pow(exp)
        return self.powmod(group.g, exp, group.N)


_DEFAULTS: dict[bool, Engine] = {}


def default_engine(*, hardened: bool = False) -> Engine:
    """The process-wide engine: the fastest available backend that meets ``hardened``."""
    engine = _DEFAULTS.get(hardened)
    if engine is None:
        engine = _DEFAULTS[hardened] = Engine(get_backend(hardened=hardened), hardened=hardened)
    return engine
