"""The engine: a backend plus a hardening mode, used by all SRP arithmetic.

Exponentiations of the generator go through :meth:`Engine.pow_g`, the one place fixed-base
precomputation can speed them up; everything else goes through :meth:`Engine.powmod`.
"""

from __future__ import annotations

from dataclasses import dataclass

from srpcore.core.backends import Backend, get_backend
from srpcore.core.groups import Group

__all__ = ["Engine", "default_engine"]


@dataclass(frozen=True)
class Engine:
    """How modular exponentiations are computed. ``hardened`` picks the constant-time variant."""

    backend: Backend
    hardened: bool = False

    def powmod(self, base: int, exp: int, mod: int) -> int:
        if self.hardened:
            return self.backend.powmod_sec(base, exp, mod)
        return self.backend.powmod(base, exp, mod)

    def pow_g(self, group: Group, exp: int) -> int:
        """``g ** exp mod N`` for the group's fixed generator."""
        return self.powmod(group.g, exp, group.N)


_DEFAULT: Engine | None = None


def default_engine() -> Engine:
    """The process-wide engine: the fastest available backend, not hardened."""
    global _DEFAULT  # noqa: PLW0603 - a lazily built process-wide default
    if _DEFAULT is None:
        _DEFAULT = Engine(get_backend())
    return _DEFAULT
