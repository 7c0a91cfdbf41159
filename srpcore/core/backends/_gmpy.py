"""The gmpy2 (GMP) backend; ``powmod_sec`` is GMP's side-channel-silent ``mpz_powm_sec``."""

from __future__ import annotations

from srpcore.core.backends._int import IntArith
from srpcore.errors import InvalidParameterError

__all__ = ["GmpyBackend"]


class GmpyBackend:
    """GMP through gmpy2, imported on first use (importing gmpy2 costs tens of milliseconds)."""

    name = "gmpy2"
    constant_time = True
    fixed_base = True

    def __init__(self) -> None:
        import gmpy2  # noqa: PLC0415 - deferred: `import srpcore` must not load gmpy2

        self.version = f"gmpy2 {gmpy2.version()} ({gmpy2.mp_version()})"
        self._mpz = gmpy2.mpz
        self._powmod = gmpy2.powmod
        self._powmod_sec = gmpy2.powmod_sec

    def powmod(self, base: int, exp: int, mod: int) -> int:
        return int(self._powmod(base, exp, mod))

    def powmod_sec(self, base: int, exp: int, mod: int) -> int:
        # mpz_powm_sec needs an odd modulus and a positive exponent. SRP's moduli are odd primes;
        # an even one is refused rather than silently served by a variable-time algorithm.
        if mod <= 0 or not mod & 1:
            raise InvalidParameterError("constant-time exponentiation needs an odd modulus")
        if exp < 0:
            raise InvalidParameterError("the exponent must not be negative")
        if exp == 0:
            return 1 % mod
        return int(self._powmod_sec(base, exp, mod))

    def mod_arith(self, mod: int) -> IntArith:
        return IntArith(mod, self._mpz)
