"""Which tokens RevokeToken and global sign-out have taken back, kept in the repository.

Cognito's tokens are self-contained, so a revoked one still verifies with any JWT library;
what changes is that the endpoint itself refuses it. Two kinds of record (see
:class:`~srpcore.local.repository.Revocation`):

* RevokeToken refuses one sign-in: its refresh tokens (rotated ones included) and every id or
  access token carrying its ``origin_jti``;
* a global sign-out refuses, for one user, every refresh grant from a sign-in before it and
  every access token issued before it. Token times are whole seconds, so "before" is "in an
  earlier second"; the sign-ins still live at that moment are also revoked one by one, which
  covers tokens of the same second without refusing a sign-in that comes right after.

Bounded: each record expires with the last token it can refuse, at most
``Limits.revocations_per_user`` sign-in records are kept per user and ``MAX_REVOCATIONS`` in
all (plus one sign-out record per user). Past either bound the user's own records are folded
into one sign-out of that user at
the end of that second (which refuses everything they held until then), so a flood of
revocations costs only the flooding user their other sessions and never fills a bound others
rely on.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable
from typing import Any

from srpcore.local.repository import Repository, Revocation
from srpcore.local.tokens import RefreshGrant

__all__ = ["ACCESS_REVOKED", "MAX_REVOCATIONS", "REFRESH_REVOKED", "Revocations", "owner_of"]

REFRESH_REVOKED = "Refresh Token has been revoked"
ACCESS_REVOKED = "Access Token has been revoked"

MAX_REVOCATIONS = 100_000  # ~200 bytes each: ~20 MB at most
PRUNE_EVERY = 60.0  # seconds between sweeps of expired records


def owner_of(pool_id: str, username: str) -> str:
    return f"{pool_id}\0{username}"


class Revocations:
    """The revocation rules over a repository; thread-safe."""

    def __init__(self, repo: Repository, *, clock: Callable[[], float], per_user: int = 64) -> None:
        self._repo = repo
        self._clock = clock
        self._per_user = per_user
        self._lock = threading.Lock()
        self._pruned = -math.inf

    # --- recording --------------------------------------------------------------------------

    def revoke_sign_in(self, grant: RefreshGrant, *, until: float) -> None:
        """RevokeToken: refuse the sign-in ``grant`` belongs to, until ``until``."""
        self._add(owner_of(grant.pool_id, grant.username), [grant.origin_jti], until)

    def sign_out(
        self, pool_id: str, username: str, *, origins: Iterable[str], until: float
    ) -> None:
        """Global sign-out: refuse everything the user holds now (``origins``: the sign-ins
        still live, for tokens of this very second)."""
        owner = owner_of(pool_id, username)
        with self._lock, self._repo.atomic():
            self._fold(owner, self._clock(), until)
        self._add(owner, list(origins), until)

    def _add(self, owner: str, origins: list[str], until: float) -> None:
        now = self._clock()
        with self._lock, self._repo.atomic():
            self._prune(now)
            mine = [r for r in self._repo.revocations(owner) if r.kind == "origin"]
            total = self._repo.revocation_count()
            if len(mine) + len(origins) > self._per_user or total + len(origins) > MAX_REVOCATIONS:
                # Past a bound: one record refusing all the user held, this second included.
                self._fold(owner, now + 1.0, until)
                return
            for origin in origins:
                self._repo.put_revocation(Revocation("origin", origin, owner, now, until))

    def _fold(self, owner: str, now: float, until: float) -> None:
        """One sign-out of ``owner`` at ``now`` in place of their sign-in records (lock held);
        an earlier sign-out's record is replaced, never moved back in time."""
        previous = self._repo.revocation("user", owner)
        if previous is not None:
            until = max(until, previous.expires)
            now = max(now, previous.at)
        for record in self._repo.revocations(owner):
            if record.kind == "origin":
                until = max(until, record.expires)
                self._repo.remove_revocation(record.kind, record.key)
        self._repo.put_revocation(Revocation("user", owner, owner, now, until))

    def _prune(self, now: float) -> None:
        if now - self._pruned >= PRUNE_EVERY or now < self._pruned:
            self._repo.prune_revocations(now)
            self._pruned = now

    # --- checking ---------------------------------------------------------------------------

    def _live(self, kind: str, key: str, now: float) -> Revocation | None:
        record = self._repo.revocation(kind, key)
        return record if record is not None and record.expires > now else None

    def _before_sign_out(self, owner: str, issued: object, now: float) -> bool:
        signed_out = self._live("user", owner, now)
        if signed_out is None:
            return False
        return not isinstance(issued, int) or issued < math.floor(signed_out.at)

    def refresh_refused(self, grant: RefreshGrant) -> bool:
        """Whether ``grant``'s sign-in was revoked or its user signed out since."""
        now = self._clock()
        owner = owner_of(grant.pool_id, grant.username)
        return self._live("origin", grant.origin_jti, now) is not None or self._before_sign_out(
            owner, grant.auth_time, now
        )

    def access_refused(self, pool_id: str, username: str, claims: dict[str, Any]) -> bool:
        """Whether an access token with ``claims`` was taken back."""
        now = self._clock()
        origin = claims.get("origin_jti")
        if isinstance(origin, str) and self._live("origin", origin, now) is not None:
            return True
        return self._before_sign_out(owner_of(pool_id, username), claims.get("iat"), now)
