"""srpcore's one bounded memory: a thread-safe table that forgets its least recently used entry.

Every process-wide memory is this table: the OpenSSL backend's Montgomery contexts per modulus
(``core.backends._openssl``) and the drivers' two (which endpoints lack GetTokensFromRefreshToken,
and the IdentityIds of identity pool users). A full table forgets its least recently used entry,
so the bound costs at most a repeated computation or call, never a wrong answer. Every method
takes the lock, so one table may be shared by the threads of a process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from srpcore.errors import InvalidParameterError

__all__ = ["LRU"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """At most ``limit`` entries; a lookup that finds one makes it the newest.

    :meth:`get` answers ``None`` for a missing key, so :meth:`put` refuses ``None`` as a value
    (:class:`~srpcore.errors.InvalidParameterError`): a stored value never looks like a miss.
    """

    def __init__(self, limit: int) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidParameterError(f"an LRU table holds at least 1 entry, not {limit!r}")
        self._limit = limit
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def limit(self) -> int:
        """How many entries the table keeps at most."""
        return self._limit

    def get(self, key: K) -> V | None:
        """The value of ``key`` (now the newest entry), or ``None`` if it is not there."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        """Store ``value`` as the newest entry, dropping the oldest over the limit."""
        if value is None:
            raise InvalidParameterError("an LRU table stores no None: get() says None for a miss")
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            if len(self._entries) > self._limit:  # one put adds one entry: one drop suffices
                self._entries.popitem(last=False)

    def pop(self, key: K) -> None:
        """Forget ``key`` (nothing happens if it is not there)."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
