"""Fixed-base exponentiation for the generator: ``g^e`` from precomputed windows.

The exponent is cut into windows; window ``i`` (``width`` bits starting at bit ``shift``) has a
table of ``(g^(2^shift))^d`` for every digit ``d`` in ``1 .. 2^width - 1``. Then
``g^e = prod_i T_i[digit_i(e)]``: one modular multiplication per non-zero window and no
squarings (the fixed-window method of Brickell, Gordon, McCurley and Wilson, 1992).

Layout for a 3072-bit group (entries of 384 bytes plus allocator and bookkeeping overhead,
448 bytes each with ``openssl``):

* bits 0-249 in 25 windows of 10 bits, then 6-bit windows: a 256-bit exponent (SRP's ``a``,
  ``x`` and ``b`` by default) needs 26 windows (25,638 entries, ~11.5 MB, built on first use in
  ~70 ms) and costs 25 multiplications, against 31 with 8-bit windows;
* bits 256-1023 in 128 more windows of 6 bits: 8,064 entries, ~3.6 MB, built only when an
  exponent longer than 256 bits first needs it (``ephemeral_bits=1024``);

so at most ~15.1 MB per (group, backend) and process, under the 16 MB budget (wider windows for
the long exponents would not fit next to the 10-bit ones). Longer exponents fall back to the
backend's ``powmod``. Window 0 is packed with ``plain=True``: Montgomery backends keep it out of
Montgomery form, so a product that starts with it needs no final conversion. Measured gains are
in ``benchmarks/README.md``.

Not constant-time: which entry is read depends on the secret exponent, a cache-timing channel.
Hardened engines use :func:`secure_table_for` instead: every window processed and every entry of
it read through GMP's side-channel-silent ``mpn_sec_tabselect`` (``backends/_gmpsec.py``).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from srpcore.core.backends import Backend, ModArith
from srpcore.core.groups import Group
from srpcore.errors import ConfigurationError, InvalidParameterError

if TYPE_CHECKING:
    from srpcore.core.backends._gmpsec import SecureFixedBase

__all__ = [
    "LAYOUT",
    "MAX_BITS",
    "FixedBaseTable",
    "planned_entries",
    "secure_table_for",
    "table_for",
]

LAYOUT: tuple[tuple[int, int], ...] = ((250, 10), (1024, 6))
"""(up to bit, window width) segments: 10-bit windows below bit 250, 6-bit ones up to 1024."""
MAX_BITS = 1024
"""Longest exponent the tables serve; longer ones use plain ``powmod``."""


def _windows(max_bits: int) -> list[tuple[int, int]]:
    """(shift, width) of every window needed for exponents of up to ``max_bits`` bits."""
    spans = []
    shift = 0
    for limit, width in LAYOUT:
        while shift < limit and shift < max_bits:
            spans.append((shift, width))
            shift += width
    return spans


def planned_entries(max_bits: int = MAX_BITS) -> int:
    """How many table entries exponents of up to ``max_bits`` bits need."""
    return sum((1 << width) - 1 for _, width in _windows(max_bits))


@dataclass(frozen=True)
class _Window:
    shift: int
    mask: int
    entries: Sequence[Any]


class FixedBaseTable:
    """``base^e mod modulus`` by table lookups; windows are built lazily and at most once.

    Thread-safe: windows are appended under a lock and published as new tuples, so readers
    never see a half-built window.
    """

    def __init__(self, arith: ModArith, base: int, *, max_bits: int = MAX_BITS) -> None:
        self.arith = arith
        self.max_bits = max_bits
        self._plan = _windows(max_bits)
        # How many windows an exponent of b bits needs, for b = 0 .. max_bits.
        shifts = [shift for shift, _ in self._plan]
        self._needed = [bisect.bisect_left(shifts, b) for b in range(max_bits + 1)]
        self._windows: tuple[_Window, ...] = ()
        self._lookup: tuple[tuple[int, int, Sequence[Any]], ...] = ()
        self._next_base: Any = arith.lift(base)
        self._lock = threading.Lock()

    @property
    def built_bits(self) -> int:
        """Exponent length the windows built so far cover."""
        windows = self._windows
        return windows[-1].shift + windows[-1].mask.bit_length() if windows else 0

    def _extend(self, bits: int) -> tuple[tuple[int, int, Sequence[Any]], ...]:
        with self._lock:
            windows = list(self._windows)
            mul = self.arith.mul
            while not windows or windows[-1].shift + windows[-1].mask.bit_length() < bits:
                shift, width = self._plan[len(windows)]
                step = self._next_base
                entries = [step]  # entries[d - 1] = step^d
                for digit in range(2, 1 << width):
                    if digit % 2:
                        entries.append(mul(entries[-1], step))
                    else:  # a squaring: cheaper than a general product in every backend
                        half = entries[digit // 2 - 1]
                        entries.append(mul(half, half))
                self._next_base = mul(entries[-1], step)  # step^(2^width)
                # Window 0 comes first in every product: kept in the backend's plain form.
                packed = self.arith.pack(entries, plain=not windows)
                windows.append(_Window(shift, (1 << width) - 1, packed))
            self._windows = tuple(windows)
            self._lookup = tuple((w.shift, w.mask, w.entries) for w in windows)
            return self._lookup

    def pow(self, exp: int) -> int:
        """``base^exp mod modulus`` for ``0 <= exp < 2^max_bits``."""
        bits = exp.bit_length()
        if exp < 0 or bits > self.max_bits:
            raise InvalidParameterError(
                f"fixed-base tables serve exponents of 0 to {self.max_bits} bits"
            )
        lookup = self._lookup
        needed = self._needed[bits]
        if len(lookup) < needed:
            lookup = self._extend(bits)
        if len(lookup) > needed:
            lookup = lookup[:needed]
        picked = [
            entries[digit - 1] for shift, mask, entries in lookup if (digit := exp >> shift & mask)
        ]
        return self.arith.product(picked, plain_first=bool(lookup and exp & lookup[0][1]))

    def memory_bytes(self) -> int:
        """Memory held by the entries built so far (the backend's own accounting)."""
        size = self.arith.element_bytes
        return sum(size(entry) for window in self._windows for entry in window.entries)

    def entry_count(self) -> int:
        return sum(len(window.entries) for window in self._windows)


_TABLES: dict[tuple[str, int, int], FixedBaseTable] = {}
_TABLES_LOCK = threading.Lock()


def table_for(group: Group, backend: Backend) -> FixedBaseTable:
    """The process-wide table for ``group``'s generator with ``backend`` (created empty)."""
    key = (backend.name, group.N, group.g)
    table = _TABLES.get(key)
    if table is None:
        with _TABLES_LOCK:
            table = _TABLES.get(key)
            if table is None:
                table = FixedBaseTable(backend.mod_arith(group.N), group.g)
                _TABLES[key] = table
    return table


_SECURE: dict[tuple[int, int], SecureFixedBase | None] = {}
_SECURE_LOCK = threading.Lock()


def secure_table_for(group: Group, backend: Backend) -> SecureFixedBase | None:
    """The process-wide constant-time table for ``group``'s generator (3 MiB for 3072 bits),
    built on first use with GMP and checked once against ``backend``'s ``powmod``; ``None``
    when GMP's ``mpn`` functions cannot be loaded or fail that check (hardened engines then use
    ``powmod_sec``)."""
    key = (group.N, group.g)
    if key in _SECURE:
        return _SECURE[key]
    from srpcore.core.backends._gmpsec import SecureFixedBase, load_libgmp  # noqa: PLC0415

    with _SECURE_LOCK:
        if key not in _SECURE:
            try:
                lib, limb_bytes = load_libgmp()
                _SECURE[key] = SecureFixedBase(
                    lib,
                    limb_bytes,
                    group.N,
                    group.g,
                    lambda exp: backend.powmod(group.g, exp, group.N),
                )
            except ConfigurationError:
                _SECURE[key] = None
        return _SECURE[key]
