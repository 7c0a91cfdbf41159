"""Constant-time fixed-base exponentiation on GMP's ``mpn`` functions (through ctypes).

``g^e`` for an exponent below ``2^(8*WINDOWS)`` is a product of one table entry per 8-bit
window, in Montgomery form with ``R = 2^(64*(n+1))`` (one limb more than the modulus)::

    acc = T[0][e_0];  acc = REDC(acc * T[i][e_i])  for i = 1 .. WINDOWS-1;  result = REDC(acc)

where ``e_i`` is the i-th byte of e and ``T[i][d] = g^(d * 256^i) * R mod N`` (``T[i][0] = R``).
Every window is processed, zero digits included, and each selection reads the whole window
(``mpn_sec_tabselect``), so neither the exponent's digits nor its length change the work done.

Each step is ``mpn_sec_mul`` then GMP's Montgomery reduction ``mpn_redc_1``: the same pair
GMP's own side-channel-silent ``mpn_sec_powm`` uses for every multiplication. ``mpn_sec_mul``,
``mpn_sec_tabselect`` and ``mpn_sec_powm`` are documented as side-channel silent (timing and
memory accesses depend only on operand sizes); ``mpn_redc_1`` is exported by every GMP since
5.0 but is not part of the documented interface, so its silence rests on ``mpn_sec_powm``
relying on it. Because ``R`` exceeds ``4N``, an accumulator below ``2N`` times an entry below
``N`` reduces to below ``2N`` again (Walter's bound), so no step needs the conditional
subtraction that would hand a secret carry to Python; the final ``REDC(acc)`` lands below
``N``. The table for a 3072-bit group holds 32 x 256 entries of 384 bytes: 3 MiB.

The library is the system's ``libgmp.so.10`` (``$SRPCORE_LIBGMP`` names another) or, failing
that, the copy bundled in the gmpy2 wheel; found lazily, never by importing gmpy2. A table
checks one full product against an independent exponentiation when it is built and refuses to
serve (:class:`ConfigurationError`) if they differ.
"""

from __future__ import annotations

import ctypes
import importlib.util
import math
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from srpcore.core.backends._loader import load_first
from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = ["LIB_ENV_VAR", "WINDOWS", "SecureFixedBase", "load_libgmp"]

LIB_ENV_VAR = "SRPCORE_LIBGMP"
WINDOWS = 32
"""8-bit windows: exponents up to 256 bits (SRP's a, x and b by default)."""
_ENTRIES = 256
_CANDIDATES = ("libgmp.so.10", "libgmp.10.dylib")
_SYMBOLS = (
    "__gmpn_sec_tabselect",
    "__gmpn_sec_mul",
    "__gmpn_sec_mul_itch",
    "__gmpn_redc_1",
    "__gmpn_sub_n",
)


def _bundled_with_gmpy2() -> list[str]:
    spec = importlib.util.find_spec("gmpy2")
    if spec is None or not spec.origin:
        return []
    site = Path(spec.origin).resolve().parent.parent
    return [
        str(p)
        for p in sorted(site.glob("gmpy2.libs/libgmp*"))
        + sorted(site.glob("gmpy2/.dylibs/libgmp*"))
    ]


def _limb_bytes(lib: ctypes.CDLL) -> int:
    for symbol in _SYMBOLS:
        lib[symbol]  # raises AttributeError when missing
    limb_bits = ctypes.c_int.in_dll(lib, "__gmp_bits_per_limb").value
    if limb_bits not in (32, 64):
        raise ConfigurationError(f"unexpected limb size {limb_bits}")
    return limb_bits // 8


def load_libgmp() -> tuple[ctypes.CDLL, int]:
    """A GMP >= 5 with the ``mpn`` functions above, and its limb size in bytes."""
    return load_first(
        env_var=LIB_ENV_VAR,
        candidates=[*_CANDIDATES, *_bundled_with_gmpy2()],
        find_name="gmp",
        prepare=_limb_bytes,
        unavailable="GMP's mpn_sec functions are not available",
        none_found="no libgmp found",
    )


def _function(lib: ctypes.CDLL, symbol: str, restype: Any = None) -> Callable[..., Any]:
    # A fresh function object without argtypes: every argument is passed as a ready ctypes
    # object (arrays by address, sizes as c_ssize_t), which costs ~0.25 us a call instead of
    # ~0.5 us with argtypes conversions; at ~100 calls per exponentiation that matters.
    function = lib[symbol]
    function.restype = restype
    return function


class _Buffers(threading.local):
    """Per-thread scratch: accumulator, selected entry, product, GMP scratch, window digit."""

    def __init__(self, limb: Any, n1: int, scratch: int) -> None:
        self.acc = (limb * n1)()
        self.sel = (limb * n1)()
        self.prod = (limb * (2 * n1))()
        self.scratch = (limb * scratch)()
        self.which = ctypes.c_ssize_t(0)


class SecureFixedBase:
    """``base^e mod modulus`` for ``0 <= e < 2^256`` in constant time (see the module text).

    ``modulus`` must be odd and ``base`` coprime to it (SRP: a prime and its generator). The
    table holds public powers of ``base`` and is built here with GMP (~30 ms at 3072 bits).
    ``check(e)`` must return ``base^e mod modulus`` computed independently (the backend's
    ``powmod``); it is called once, on a fixed exponent, to validate the table and the library.
    """

    def __init__(
        self,
        lib: ctypes.CDLL,
        limb_bytes: int,
        modulus: int,
        base: int,
        check: Callable[[int], int],
    ) -> None:
        if modulus <= 1 or not modulus & 1:
            raise InvalidParameterError("the modulus must be odd and exceed 1")
        base %= modulus
        if math.gcd(base, modulus) != 1:
            raise InvalidParameterError("the base must be coprime to the modulus")
        if sys.byteorder != "little":
            raise ConfigurationError("the limb layout assumed here is little-endian")
        self.modulus = modulus
        limb_bits = 8 * limb_bytes
        limb = ctypes.c_uint64 if limb_bytes == 8 else ctypes.c_uint32
        n = -(-modulus.bit_length() // limb_bits)
        n1 = n + 1  # Montgomery arithmetic one limb wider than the modulus: R > 4 * modulus
        self._limb, self._limb_bytes, self._n, self._n1 = limb, limb_bytes, n, n1
        self._entry_bytes = n * limb_bytes
        self._window_bytes = _ENTRIES * self._entry_bytes
        self._table = ctypes.create_string_buffer(WINDOWS * self._window_bytes)
        self._mod = self._limbs(modulus, n1)
        self._inv = limb(-pow(modulus, -1, 1 << limb_bits) % (1 << limb_bits))
        self._size_n = ctypes.c_ssize_t(n)
        self._size_n1 = ctypes.c_ssize_t(n1)
        self._entries = ctypes.c_ssize_t(_ENTRIES)
        table = ctypes.addressof(self._table)
        self._windows = [ctypes.c_void_p(table + i * self._window_bytes) for i in range(WINDOWS)]
        itch = lib["__gmpn_sec_mul_itch"]
        itch.restype = ctypes.c_ssize_t
        itch.argtypes = [ctypes.c_ssize_t, ctypes.c_ssize_t]
        scratch = int(itch(n1, n1))
        self._select = _function(lib, "__gmpn_sec_tabselect")
        self._mul = _function(lib, "__gmpn_sec_mul")
        self._redc = _function(lib, "__gmpn_redc_1")  # its carry is always 0 here (module text)
        self._sub = _function(lib, "__gmpn_sub_n", limb)  # used while building: public values
        self._local = _Buffers(limb, n1, scratch)
        self._build(base, scratch)
        probe = sum((((7 * i + 3) % 255) + 1) << (8 * i) for i in range(WINDOWS))
        if self.pow(probe) != check(probe) or self.pow(0) != 1:
            raise ConfigurationError("GMP's mpn functions gave a wrong fixed-base product")

    def _limbs(self, value: int, count: int) -> Any:
        return (self._limb * count).from_buffer_copy(
            value.to_bytes(count * self._limb_bytes, "little")
        )

    def _build(self, base: int, scratch_limbs: int) -> None:
        """Fill the table with ``g^(d * 256^i) * R mod N``. The values are public, so this may
        branch on them (to bring a product below N before it is stored)."""
        n, n1, limb, modulus = self._n, self._n1, self._limb, self.modulus
        r = 1 << (8 * self._limb_bytes * n1)
        step = self._limbs(base * r % modulus, n1)  # g^(256^i) in Montgomery form
        one = (r % modulus).to_bytes(self._entry_bytes, "little")  # digit 0: 1 in Montgomery form
        cur, low, prod = (limb * n1)(), (limb * n1)(), (limb * (2 * n1))()
        scratch = (limb * scratch_limbs)()
        top = self._mod[n - 1]
        size_n1, inv, mod = self._size_n1, self._inv, self._mod
        mul, redc, sub, memmove = self._mul, self._redc, self._sub, ctypes.memmove
        step_bytes = ctypes.sizeof(step)
        for window in self._windows:
            address = window.value or 0
            memmove(address, one, self._entry_bytes)
            memmove(cur, step, step_bytes)
            for digit in range(1, _ENTRIES):
                # cur < 2N; store it reduced below N (rarely needed: N's top limb is large).
                source: Any = cur
                if (cur[n] or cur[n - 1] >= top) and not sub(low, cur, mod, size_n1):
                    source = low
                memmove(address + digit * self._entry_bytes, source, self._entry_bytes)
                mul(prod, cur, size_n1, step, size_n1, scratch)
                redc(cur, prod, mod, size_n1, inv)
            memmove(step, cur, step_bytes)  # g^(256^(i+1)), Montgomery form, below 2N

    def memory_bytes(self) -> int:
        return len(self._table)

    def pow(self, exp: int) -> int:
        """``base^exp mod modulus``; the same 32 selections, products and reductions always."""
        if not 0 <= exp < 1 << (8 * WINDOWS):
            raise InvalidParameterError("constant-time tables serve exponents of 0 to 256 bits")
        local = self._local
        acc, sel, prod, scratch, which = (
            local.acc,
            local.sel,
            local.prod,
            local.scratch,
            local.which,
        )
        select, mul, redc = self._select, self._mul, self._redc
        size_n, size_n1, entries, inv, mod = (
            self._size_n,
            self._size_n1,
            self._entries,
            self._inv,
            self._mod,
        )
        windows = self._windows
        digits = exp.to_bytes(WINDOWS, "little")
        try:
            # acc and sel keep a zero top limb: tabselect writes the low n limbs only.
            which.value = digits[0]
            select(acc, windows[0], size_n, entries, which)
            for i in range(1, WINDOWS):
                which.value = digits[i]
                select(sel, windows[i], size_n, entries, which)
                mul(prod, acc, size_n1, sel, size_n1, scratch)
                redc(acc, prod, mod, size_n1, inv)  # acc < 2N again
            # Out of Montgomery form: REDC(acc) with a zero high half, which is below N.
            ctypes.memset(prod, 0, ctypes.sizeof(prod))
            ctypes.memmove(prod, acc, ctypes.sizeof(acc))
            redc(acc, prod, mod, size_n1, inv)
            return int.from_bytes(bytes(acc)[: self._entry_bytes], "little")
        finally:
            which.value = 0
            for buffer in (acc, sel, prod, scratch):  # they held secret-derived values
                ctypes.memset(buffer, 0, ctypes.sizeof(buffer))
