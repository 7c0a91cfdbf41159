"""A thread-safe map whose entries expire, with a hard cap on its size and per-owner quotas.

Sessions, SECRET_BLOCKs and refresh tokens live here. One entry may be stored under several
keys (a sign-in under its Session and its SECRET_BLOCK) and counts once; taking it by any key
removes every key. Each entry names the owners it counts against (its pool, its app client,
its user) and the quota each owner has, so one owner's flood fills only its own share:

* a quota with ``evict_oldest`` makes room by dropping that owner's own oldest entry (nobody
  else's);
* any other quota refuses with TooManyRequestsException;
* at the global bound (``max_entries``) an owner with an evicting quota gives up its own
  oldest entry; failing that, an owner of ``share_kind`` (the pool) pushes out the oldest
  entry of the *largest* other owner of that kind, if that one is larger than its own: a
  tenant who fills the store loses its own entries, never a smaller tenant's; else refused.

Expired entries are dropped lazily from the oldest end and, per owner, before its quota is
checked, so memory stays bounded by ``max_entries`` however many sign-ins are abandoned.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Generic, NamedTuple, TypeVar

from srpcore.local.errors import ApiError

__all__ = ["ExpiringStore", "Quota", "too_many"]

V = TypeVar("V")


class Quota(NamedTuple):
    """At most ``limit`` live entries for owner ``(kind, name)``."""

    kind: str  # "pool", "client", "user" ...
    name: str
    limit: int
    evict_oldest: bool = False


def too_many(message: str | None = None) -> ApiError:
    """Cognito's throttling error (botocore retries it with back-off)."""
    return ApiError(
        "TooManyRequestsException", message or "Too many sign-ins in progress; try again later."
    )


@dataclass(eq=False)
class _Entry(Generic[V]):
    expires: float
    value: V
    keys: tuple[str, ...]
    owners: tuple[tuple[str, str], ...]


class ExpiringStore(Generic[V]):
    """Key(s) -> value with a time-to-live; ``pop`` makes every entry single-use."""

    def __init__(
        self,
        *,
        ttl: float,
        max_entries: int,
        clock: Callable[[], float],
        share_kind: str | None = None,
        full_message: str | None = None,
        on_remove: Callable[[tuple[str, ...]], None] | None = None,
    ) -> None:
        """``on_remove(keys)`` hears of every entry leaving (taken, expired or evicted), under
        the store's lock: a durable copy elsewhere can follow."""
        if ttl <= 0 or max_entries <= 0:
            raise ValueError("ttl and max_entries must be positive")
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._share_kind = share_kind
        self._full = full_message
        self._on_remove = on_remove
        self._lock = threading.Lock()
        self._ids = count()
        self._entries: OrderedDict[int, _Entry[V]] = OrderedDict()  # insertion order
        self._keys: dict[str, int] = {}
        self._owners: dict[tuple[str, str], OrderedDict[int, None]] = {}
        self._tenants: dict[str, OrderedDict[int, None]] = {}  # owners of share_kind, by name

    def __len__(self) -> int:
        with self._lock:
            self._evict_expired(self._clock())
            return len(self._entries)

    def count(self, kind: str, name: str) -> int:
        """Live entries counted against one owner (for tests and diagnostics)."""
        now = self._clock()
        with self._lock:
            self._evict_expired(now)
            self._evict_expired_of((kind, name), now)
            return len(self._owners.get((kind, name), ()))

    # --- internals (lock held) ----------------------------------------------------------------

    def _remove(self, entry_id: int) -> _Entry[V] | None:
        entry = self._entries.pop(entry_id, None)
        if entry is None:
            return None
        for key in entry.keys:
            self._keys.pop(key, None)
        if self._on_remove is not None:
            self._on_remove(entry.keys)
        for owner in entry.owners:
            ids = self._owners.get(owner)
            if ids is not None:
                ids.pop(entry_id, None)
                if not ids:
                    del self._owners[owner]
                    if owner[0] == self._share_kind:
                        del self._tenants[owner[1]]
        return entry

    def _evict_expired(self, now: float) -> None:
        while self._entries:
            entry_id, entry = next(iter(self._entries.items()))
            if entry.expires > now:
                return
            self._remove(entry_id)

    def _evict_expired_of(self, owner: tuple[str, str], now: float) -> None:
        """Drop an owner's expired entries (a shorter per-entry ttl may sit behind others)."""
        ids = self._owners.get(owner)
        while ids:
            entry_id = next(iter(ids))
            if self._entries[entry_id].expires > now:
                return
            self._remove(entry_id)
            ids = self._owners.get(owner)

    def _make_room(self, quotas: Sequence[Quota], now: float) -> None:
        """Refuse, or evict what the quotas allow; on refusal nothing has changed."""
        evicting = []
        for quota in quotas:
            owner = (quota.kind, quota.name)
            self._evict_expired_of(owner, now)
            full = len(self._owners.get(owner, ())) >= quota.limit
            if full and not quota.evict_oldest:
                raise too_many(self._full)
            if full:
                evicting.append((owner, quota.limit))
        for owner, limit in evicting:  # each frees a slot of the global bound too
            while len(ids := self._owners.get(owner, OrderedDict())) >= limit:
                self._remove(next(iter(ids)))
        if evicting:
            return
        if len(self._entries) < self.max_entries:
            return
        for quota in quotas:  # the requester's own oldest goes first, where its quota allows
            own = self._owners.get((quota.kind, quota.name))
            if quota.evict_oldest and own:
                self._remove(next(iter(own)))
                return
        self._evict_largest_other_tenant(quotas)

    def _evict_largest_other_tenant(self, quotas: Sequence[Quota]) -> None:
        """At the global bound: the oldest entry of the largest *other* tenant, if larger."""
        mine = {q.name for q in quotas if q.kind == self._share_kind}
        own = max((len(self._tenants.get(name, ())) for name in mine), default=0)
        others = [(len(ids), name) for name, ids in self._tenants.items() if name not in mine]
        biggest = max(others, default=None)
        if biggest is None or biggest[0] <= own:
            raise too_many(self._full)
        self._remove(next(iter(self._tenants[biggest[1]])))

    # --- API ----------------------------------------------------------------------------------

    def put(
        self,
        keys: str | Sequence[str],
        value: V,
        *,
        ttl: float | None = None,
        quotas: Sequence[Quota] = (),
    ) -> None:
        """Store ``value`` under ``keys`` (all new) for ``ttl`` seconds (default: the store's).

        Raises TooManyRequestsException when a refusing quota or the global bound is full.
        """
        names = (keys,) if isinstance(keys, str) else tuple(keys)
        now = self._clock()
        with self._lock:
            self._evict_expired(now)
            if any(key in self._keys for key in names):
                raise KeyError("duplicate key")  # random 128-bit+ keys: never in practice
            self._make_room(quotas, now)
            entry_id = next(self._ids)
            owners = tuple(dict.fromkeys((q.kind, q.name) for q in quotas))
            expires = now + (self.ttl if ttl is None else ttl)
            self._entries[entry_id] = _Entry(expires, value, names, owners)
            for key in names:
                self._keys[key] = entry_id
            for owner in owners:
                ids = self._owners.setdefault(owner, OrderedDict())
                ids[entry_id] = None
                if owner[0] == self._share_kind:
                    self._tenants[owner[1]] = ids

    def pop(self, key: str) -> V | None:
        """Remove (under every key) and return the live value for ``key``; ``None`` if absent."""
        now = self._clock()
        with self._lock:
            entry_id = self._keys.get(key)
            entry = None if entry_id is None else self._remove(entry_id)
            self._evict_expired(now)
        if entry is None or entry.expires <= now:
            return None
        return entry.value

    def replace(self, key: str, value: V) -> float | None:
        """Put ``value`` in place of the live entry of ``key`` (same keys, owners and expiry);
        that expiry, or ``None`` (and nothing changed) if there is no live entry."""
        with self._lock:
            entry = self._live(key, self._clock())
            if entry is None:
                return None
            entry.value = value
            return entry.expires

    def get(self, key: str) -> V | None:
        """The live value for ``key`` without consuming it."""
        found = self.lookup(key)
        return None if found is None else found[0]

    def lookup(self, key: str) -> tuple[V, float] | None:
        """The live value for ``key`` and when it expires, without consuming or changing it."""
        with self._lock:
            entry = self._live(key, self._clock())
        return None if entry is None else (entry.value, entry.expires)

    def owned(self, kind: str, name: str) -> list[V]:
        """The live values counted against one owner, oldest first: no more than that owner's
        quota lets in, found through the owner's index (no scan of the store)."""
        now = self._clock()
        with self._lock:
            self._evict_expired(now)
            self._evict_expired_of((kind, name), now)
            entries = [self._entries[i] for i in self._owners.get((kind, name), ())]
        return [entry.value for entry in entries if entry.expires > now]

    def _live(self, key: str, now: float) -> _Entry[V] | None:
        """The unexpired entry of ``key``, after evicting the expired ones (lock held)."""
        self._evict_expired(now)
        entry_id = self._keys.get(key)
        entry = None if entry_id is None else self._entries.get(entry_id)
        return None if entry is None or entry.expires <= now else entry
