"""Fixed-base exponentiation for the generator: ``g^e`` from precomputed windows.

The exponent is cut into windows; window ``i`` (``width`` bits starting at bit ``shift``) has a
table of ``(g^(2^shift))^d`` for every digit ``d`` in ``1 .. 2^width - 1``. Then
``g^e = prod_i T_i[digit_i(e)]``: one modular multiplication per non-zero window and no
squarings (the fixed-window method of Brickell, Gordon, McCurley and Wilson, 1992).

Layout for a 3072-bit group (entries of 384 bytes plus object overhead, ~440 bytes each):

* bits 0-255 in 32 windows of 8 bits: 8,160 entries, ~3.6 MB, built on first use; a 256-bit
  exponent (SRP's ``a``, ``x`` and ``b`` by default) then costs 31 multiplications;
* bits 256-1025 in 110 windows of 7 bits: 13,970 entries, ~6.1 MB, built only when an exponent
  longer than 256 bits first needs it (``ephemeral_bits=1024``);

so at most ~9.7 MB per (group, backend) and process, under the 16 MB budget. Longer exponents
fall back to the backend's ``powmod``. Measured gains are in ``benchmarks/README.md``.

Not constant-time: which entry is read depends on the secret exponent, a cache-timing channel.
Hardened engines use :func:`secure_table_for` instead: every window processed and every entry of
it read through GMP's side-channel-silent ``mpn_sec_*`` functions (``backends/_gmpsec.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
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

LAYOUT: tuple[tuple[int, int], ...] = ((256, 8), (1026, 7))
"""(up to bit, window width) segments: 8-bit windows below bit 256, 7-bit ones up to 1026."""
MAX_BITS = 1024
"""Longest exponent the tables serve; longer ones use plain ``powmod``."""


_LOW_BYTES = LAYOUT[0][0] // 8
_BYTE_WINDOWS = _LOW_BYTES if LAYOUT[0][1] == 8 else 0
_LOW_MASK = (1 << 8 * _BYTE_WINDOWS) - 1


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

    Thread-safe: windows are appended under a lock and published as a new tuple, so readers
    never see a half-built window.
    """

    def __init__(self, arith: ModArith, base: int, *, max_bits: int = MAX_BITS) -> None:
        self.arith = arith
        self.max_bits = max_bits
        self._plan = _windows(max_bits)
        self._windows: tuple[_Window, ...] = ()
        self._next_base: Any = arith.lift(base)
        self._lock = threading.Lock()

    @property
    def built_bits(self) -> int:
        """Exponent length the windows built so far cover."""
        windows = self._windows
        return windows[-1].shift + windows[-1].mask.bit_length() if windows else 0

    def _extend(self, bits: int) -> tuple[_Window, ...]:
        with self._lock:
            windows = list(self._windows)
            mul = self.arith.mul
            while not windows or windows[-1].shift + windows[-1].mask.bit_length() < bits:
                shift, width = self._plan[len(windows)]
                step = self._next_base
                entries = [step]
                for _ in range((1 << width) - 2):
                    entries.append(mul(entries[-1], step))
                self._next_base = mul(entries[-1], step)  # step^(2^width)
                windows.append(_Window(shift, (1 << width) - 1, tuple(entries)))
            self._windows = tuple(windows)
            return self._windows

    def pow(self, exp: int) -> int:
        """``base^exp mod modulus`` for ``0 <= exp < 2^max_bits``."""
        bits = exp.bit_length()
        if exp < 0 or bits > self.max_bits:
            raise InvalidParameterError(
                f"fixed-base tables serve exponents of 0 to {self.max_bits} bits"
            )
        windows = self._windows
        if self.built_bits < bits:
            windows = self._extend(bits)
        # The 8-bit windows come first: their digits are simply the exponent's low bytes.
        # Fewer windows than bytes exist while only short exponents have been seen; the bytes
        # beyond them are zero then, so zip may stop early.
        digits = (exp & _LOW_MASK).to_bytes(_LOW_BYTES, "little")
        byte_windows = windows[:_BYTE_WINDOWS]
        picked = [w.entries[d - 1] for w, d in zip(byte_windows, digits, strict=False) if d]
        for window in windows[_BYTE_WINDOWS:]:
            if window.shift >= bits:
                break
            digit = (exp >> window.shift) & window.mask
            if digit:
                picked.append(window.entries[digit - 1])
        return self.arith.product(picked)

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


def _window_powers(backend: Backend, group: Group) -> Callable[[int], list[int]]:
    """``powers(i)`` for windows 0, 1, 2 ... in order, computed with the backend's fast products
    (the values are public powers of g)."""
    arith = backend.mod_arith(group.N)
    state = {"step": arith.lift(group.g), "next": 0}

    def powers(index: int) -> list[int]:
        if index != state["next"]:
            raise InvalidParameterError("windows must be built in order")
        step = state["step"]
        entries = [step]
        for _ in range(254):
            entries.append(arith.mul(entries[-1], step))
        state["step"], state["next"] = arith.mul(entries[-1], step), index + 1
        return [arith.product([entry]) for entry in entries]

    return powers


def secure_table_for(group: Group, backend: Backend) -> SecureFixedBase | None:
    """The process-wide constant-time table for ``group``'s generator (3.1 MB for 3072 bits),
    built on first use with ``backend``'s products; ``None`` when GMP's ``mpn_sec`` functions
    cannot be loaded (hardened engines then use ``powmod_sec``)."""
    key = (group.N, group.g)
    if key in _SECURE:
        return _SECURE[key]
    from srpcore.core.backends._gmpsec import SecureFixedBase, load_libgmp  # noqa: PLC0415

    with _SECURE_LOCK:
        if key not in _SECURE:
            try:
                lib, limb_bytes = load_libgmp()
            except ConfigurationError:
                _SECURE[key] = None
            else:
                _SECURE[key] = SecureFixedBase(
                    lib, limb_bytes, group.N, _window_powers(backend, group)
                )
        return _SECURE[key]
