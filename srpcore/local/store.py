"""A thread-safe map whose entries expire, with a hard cap on its size.

Sessions, SECRET_BLOCKs and refresh tokens live here. Every entry has the same lifetime per
store, so insertion order is expiry order and eviction is a scan from the oldest end: memory
stays bounded by ``max_entries`` however many sign-ins are abandoned half way.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from srpcore.local.errors import ApiError

__all__ = ["ExpiringStore"]

V = TypeVar("V")


class ExpiringStore(Generic[V]):
    """Key -> value with a fixed time-to-live; ``pop`` makes every entry single-use.

    When full of live entries, ``put`` either refuses with TooManyRequestsException
    (``evict_live=False``: nobody's half-finished sign-in is silently dropped) or drops the
    oldest live entry (``evict_live=True``, for long-lived refresh tokens).
    """

    def __init__(
        self,
        *,
        ttl: float,
        max_entries: int,
        clock: Callable[[], float],
        evict_live: bool = False,
    ) -> None:
        if ttl <= 0 or max_entries <= 0:
            raise ValueError("ttl and max_entries must be positive")
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._evict_live = evict_live
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()

    def __len__(self) -> int:
        with self._lock:
            self._evict_expired(self._clock())
            return len(self._items)

    def _evict_expired(self, now: float) -> None:
        while self._items:
            key, (expires, _) = next(iter(self._items.items()))
            if expires > now:
                return
            del self._items[key]

    def put(self, key: str, value: V, *, ttl: float | None = None) -> None:
        """Insert ``key`` (which must be new) for ``ttl`` seconds (default: the store's).

        A shorter per-entry lifetime is still honoured by :meth:`pop`; it may merely occupy
        its slot until the entries in front of it expire.
        """
        now = self._clock()
        with self._lock:
            self._evict_expired(now)
            if key in self._items:
                raise KeyError("duplicate key")  # random 128-bit+ keys: never in practice
            if len(self._items) >= self.max_entries:
                if not self._evict_live:
                    raise ApiError(
                        "TooManyRequestsException",
                        "Too many sign-ins in progress; try again later.",
                    )
                self._items.popitem(last=False)
            self._items[key] = (now + (self.ttl if ttl is None else ttl), value)

    def pop(self, key: str) -> V | None:
        """Remove and return the live value for ``key``; ``None`` if absent or expired."""
        now = self._clock()
        with self._lock:
            item = self._items.pop(key, None)
            self._evict_expired(now)
        if item is None or item[0] <= now:
            return None
        return item[1]

    def get(self, key: str) -> V | None:
        """The live value for ``key`` without consuming it."""
        now = self._clock()
        with self._lock:
            self._evict_expired(now)
            item = self._items.get(key)
        return None if item is None else item[1]
