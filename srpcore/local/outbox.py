"""The one outbox: every code the endpoint "sends" by email or SMS, readable by tests.

Nothing leaves the machine. Sign-in codes (EMAIL_OTP / SMS_OTP, first factor or MFA), sign-up
confirmation codes and password-reset codes are all recorded here as a :class:`Message`, and
tests read them back through ``LocalCognito.messages()``, the pytest fixture's ``messages()``
or ``GET /_srpcore/messages``. Memory only, on purpose: a code is short-lived and a restart
ends every sign-in in progress anyway.

Bounded per pool (``per_pool``, oldest evicted), per user and per destination within it
(``per_user`` each: that user's or that address's own oldest goes first, so neither one user
nor a flood of sign-ups sent to one address can push out anybody else's messages), and
overall (``max_messages``: the largest pool gives up its oldest first, never a smaller one).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from itertools import count
from typing import Any

__all__ = ["KINDS", "Message", "Outbox"]

KINDS = ("EMAIL_OTP", "SMS_OTP", "SMS_MFA", "SIGN_UP", "FORGOT_PASSWORD")
"""What a message is for: a sign-in code (first factor or MFA), a sign-up confirmation, a
password reset."""


@dataclass(frozen=True)
class Message:
    """One "sent" message. ``destination`` is the full address; ``code`` never shows in a repr."""

    pool_id: str
    username: str
    kind: str
    medium: str  # "EMAIL" or "SMS"
    destination: str
    code: str = field(repr=False)
    sent_at: float

    def as_json(self) -> dict[str, Any]:
        """The shape ``GET /_srpcore/messages`` answers with."""
        return {
            "pool_id": self.pool_id,
            "username": self.username,
            "kind": self.kind,
            "medium": self.medium,
            "destination": self.destination,
            "code": self.code,
            "sent_at": self.sent_at,
        }


class Outbox:
    """Messages per pool, oldest first; thread-safe and bounded (see the module docstring)."""

    def __init__(
        self, *, per_pool: int = 1_000, per_user: int = 50, max_messages: int = 20_000
    ) -> None:
        if min(per_pool, per_user, max_messages) <= 0:
            raise ValueError("the outbox bounds must be positive")
        self.per_pool, self.per_user, self.max_messages = per_pool, per_user, max_messages
        self._lock = threading.Lock()
        self._ids = count()
        self._pools: dict[str, OrderedDict[int, Message]] = {}
        self._owners: dict[tuple[str, str, str], deque[int]] = {}  # per user, per address
        self._total = 0

    @staticmethod
    def _owners_of(message: Message) -> tuple[tuple[str, str, str], ...]:
        """The user and the address (without case) a message counts against."""
        return (
            ("user", message.pool_id, message.username),
            ("to", message.pool_id, message.destination.lower()),
        )

    def _drop(self, pool_id: str, entry_id: int) -> None:
        message = self._pools[pool_id].pop(entry_id)
        for owner in self._owners_of(message):
            ids = self._owners[owner]
            ids.remove(entry_id)
            if not ids:
                del self._owners[owner]
        if not self._pools[pool_id]:
            del self._pools[pool_id]
        self._total -= 1

    def send(self, message: Message) -> None:
        """Record ``message``, evicting what the bounds require."""
        with self._lock:
            for owner in self._owners_of(message):
                own = self._owners.get(owner)
                if own is not None and len(own) >= self.per_user:
                    self._drop(message.pool_id, own[0])
            pool = self._pools.get(message.pool_id)
            if pool is not None and len(pool) >= self.per_pool:
                self._drop(message.pool_id, next(iter(pool)))
            if self._total >= self.max_messages:
                largest = max(self._pools, key=lambda name: len(self._pools[name]))
                self._drop(largest, next(iter(self._pools[largest])))
            entry_id = next(self._ids)
            self._pools.setdefault(message.pool_id, OrderedDict())[entry_id] = message
            for owner in self._owners_of(message):
                self._owners.setdefault(owner, deque()).append(entry_id)
            self._total += 1

    def messages(self, pool_id: str | None = None, username: str | None = None) -> list[Message]:
        """Messages oldest first, of one pool and/or one (internal) username if given."""
        with self._lock:
            pools = [pool_id] if pool_id is not None else list(self._pools)
            found = [
                (entry_id, message)
                for name in pools
                for entry_id, message in self._pools.get(name, {}).items()
                if username is None or message.username == username
            ]
        return [message for _, message in sorted(found, key=lambda pair: pair[0])]

    def __len__(self) -> int:
        with self._lock:
            return self._total

    def __repr__(self) -> str:
        return f"Outbox({len(self)} messages)"
