"""Constant-time fixed-base exponentiation on GMP's ``mpn_sec_*`` functions (through ctypes).

GMP documents ``mpn_sec_tabselect``, ``mpn_sec_mul`` and ``mpn_sec_div_r`` as side-channel
silent: their timing and memory access pattern depend only on the operands' sizes. With them,
``g^e`` for an exponent below ``2^(8*WINDOWS)`` is::

    acc = T[0][e_0];  acc = acc * T[i][e_i] mod N  for i = 1 .. WINDOWS-1

where ``e_i`` is the i-th byte of e and ``T[i][d] = g^(d * 256^i)`` (``T[i][0] = 1``). Every
window is processed, zero digits included, and each selection reads the whole window, so
neither the exponent's digits nor its length show in the work done. The table for a 3072-bit
group holds 32 x 256 entries of 384 bytes: 3.1 MB.

The library is the system's ``libgmp.so.10`` (``$SRPCORE_LIBGMP`` names another) or, failing
that, the copy bundled in the gmpy2 wheel; found lazily, never by importing gmpy2.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path

from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = ["LIB_ENV_VAR", "WINDOWS", "SecureFixedBase", "load_libgmp"]

LIB_ENV_VAR = "SRPCORE_LIBGMP"
WINDOWS = 32
"""8-bit windows: exponents up to 256 bits (SRP's a, x and b by default)."""
_ENTRIES = 256
_CANDIDATES = ("libgmp.so.10", "libgmp.10.dylib")

_P = ctypes.c_void_p
_SIZE = ctypes.c_ssize_t  # mp_size_t: long (long long on 64-bit Windows)
_SIGNATURES: dict[str, tuple[object, list[object]]] = {
    "__gmpn_sec_tabselect": (None, [_P, _P, _SIZE, _SIZE, _SIZE]),
    "__gmpn_sec_mul": (None, [_P, _P, _SIZE, _P, _SIZE, _P]),
    "__gmpn_sec_mul_itch": (_SIZE, [_SIZE, _SIZE]),
    "__gmpn_sec_div_r": (None, [_P, _SIZE, _P, _SIZE, _P]),
    "__gmpn_sec_div_r_itch": (_SIZE, [_SIZE, _SIZE]),
}


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


def load_libgmp() -> tuple[ctypes.CDLL, int]:
    """A GMP >= 6 with the ``mpn_sec_*`` functions, and its limb size in bytes."""
    override = os.environ.get(LIB_ENV_VAR)
    names = [override] if override else [*_CANDIDATES, *_bundled_with_gmpy2()]
    if not override:
        names.append(ctypes.util.find_library("gmp") or "")
    problems = []
    for name in names:
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            for symbol, (restype, argtypes) in _SIGNATURES.items():
                function = getattr(lib, symbol)
                function.restype = restype
                function.argtypes = argtypes
            limb_bits = ctypes.c_int.in_dll(lib, "__gmp_bits_per_limb").value
        except (OSError, AttributeError, ValueError) as exc:
            problems.append(f"{name}: {exc}")
            continue
        if limb_bits not in (32, 64):
            problems.append(f"{name}: unexpected limb size {limb_bits}")
            continue
        return lib, limb_bits // 8
    detail = "; ".join(problems) or "no libgmp found"
    raise ConfigurationError(f"GMP's mpn_sec functions are not available ({detail})")


class SecureFixedBase:
    """``base^e mod modulus`` for ``0 <= e < 2^256`` in constant time (see the module text).

    ``powers(i)`` must return the 255 integers ``(base^(256^i))^d mod modulus`` for
    ``d = 1 .. 255``; they are public, so any (fast, variable-time) backend may compute them.
    """

    def __init__(
        self, lib: ctypes.CDLL, limb_bytes: int, modulus: int, powers: Callable[[int], list[int]]
    ) -> None:
        if modulus <= 1:
            raise InvalidParameterError("the modulus must exceed 1")
        if sys.byteorder != "little":
            raise ConfigurationError("the limb layout assumed here is little-endian")
        self.modulus = modulus
        self._lib = lib
        self._limb = ctypes.c_uint64 if limb_bytes == 8 else ctypes.c_uint32
        self._limb_bytes = limb_bytes
        self._n = -(-modulus.bit_length() // (8 * limb_bytes))
        n = self._n
        self._entry_bytes = n * limb_bytes
        self._window_bytes = _ENTRIES * self._entry_bytes
        self._table = ctypes.create_string_buffer(WINDOWS * self._window_bytes)
        one = (1).to_bytes(self._entry_bytes, "little")
        for i in range(WINDOWS):
            entries = [one, *(v.to_bytes(self._entry_bytes, "little") for v in powers(i))]
            if len(entries) != _ENTRIES:
                raise InvalidParameterError("each window needs the powers for digits 1..255")
            ctypes.memmove(
                ctypes.addressof(self._table) + i * self._window_bytes,
                b"".join(entries),
                self._window_bytes,
            )
        self._mod = (self._limb * n).from_buffer_copy(modulus.to_bytes(self._entry_bytes, "little"))
        mul_itch = getattr(lib, "__gmpn_sec_mul_itch")  # a literal lib.__name would be mangled
        div_itch = getattr(lib, "__gmpn_sec_div_r_itch")
        self._scratch_limbs = max(int(mul_itch(n, n)), int(div_itch(2 * n, n)))
        self._select = getattr(lib, "__gmpn_sec_tabselect")
        self._mul = getattr(lib, "__gmpn_sec_mul")
        self._rem = getattr(lib, "__gmpn_sec_div_r")

    def memory_bytes(self) -> int:
        return len(self._table)

    def pow(self, exp: int) -> int:
        """``base^exp mod modulus``; the same 32 selections and 31 products for every exponent."""
        if not 0 <= exp < 1 << (8 * WINDOWS):
            raise InvalidParameterError("constant-time tables serve exponents of 0 to 256 bits")
        n, limb = self._n, self._limb
        digits = exp.to_bytes(WINDOWS, "little")
        # Two 2n-limb products used in turn: the remainder of one (its low n limbs) is the
        # accumulator multiplied into the other, so nothing is copied between windows.
        acc, sel = (limb * (2 * n))(), (limb * n)()
        other, scratch = (limb * (2 * n))(), (limb * self._scratch_limbs)()
        table = ctypes.addressof(self._table)
        select, mul, rem = self._select, self._mul, self._rem
        try:
            select(acc, table, n, _ENTRIES, digits[0])
            for i in range(1, WINDOWS):
                select(sel, table + i * self._window_bytes, n, _ENTRIES, digits[i])
                mul(other, acc, n, sel, n, scratch)
                rem(other, 2 * n, self._mod, n, scratch)  # the remainder is left in other[0:n]
                acc, other = other, acc
            return int.from_bytes(bytes(acc)[: self._entry_bytes], "little")
        finally:
            for buffer in (acc, sel, other, scratch):  # they held secret-derived values
                ctypes.memset(buffer, 0, ctypes.sizeof(buffer))
