"""The one way the endpoint pages a listing (ListDevices, ListWebAuthnCredentials, ...).

A listing is kept in a total order given by each item's *position* (a short tuple of
strings and numbers, e.g. a device's creation time, sequence number and key). A page token
names the position of the last item returned, and the next page starts strictly after it, so
items removed between pages neither repeat nor shift the others. The token is opaque and
bound, by an HMAC under the endpoint's page-token key, to the operation and the owner of the
listing (pool and user): a forged, altered or borrowed token (another user's, another
operation's) is refused with InvalidParameterException, the error every paginated operation
declares in the service model. The key comes from the secret the repository keeps: a restart
on the same data file accepts older tokens, one in memory refuses them, as an expiry would.
The wording of the refusal is srpcore's (AWS's is not known).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from srpcore.core import compare
from srpcore.local.endpoint_keys import EndpointKeys, Purpose
from srpcore.local.errors import invalid_parameter

__all__ = ["MAX_TOKEN_CHARS", "REFUSAL", "Listing", "Page", "Position"]

T = TypeVar("T")
Position = tuple[str | int | float, ...]
"""Where an item sits in its listing; positions of one listing compare as its order."""

MAX_TOKEN_CHARS = 4096  # a position holds at most a few ids (a credential id may be long)
REFUSAL = "Invalid pagination token."
_TAG_BYTES = 16


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing, and the token of the next one (None on the last page)."""

    items: list[T]
    next_token: str | None


@dataclass(frozen=True)
class Listing:
    """One paginated operation: its name (which its tokens are bound to) and page sizes."""

    operation: str
    default_size: int
    max_size: int

    def size(self, given: int | None) -> int:
        """The page size asked for; missing or 0 is the default, beyond the model's max is
        refused rather than quietly served."""
        size = given or self.default_size
        if not 0 < size <= self.max_size:
            raise invalid_parameter(
                f"{self.operation}'s page size must be between 1 and {self.max_size}."
            )
        return size

    def page(
        self,
        keys: EndpointKeys,
        items: Sequence[T],
        position: Callable[[T], Position],
        *,
        owner: tuple[str, ...],
        size: int,
        token: str | None,
    ) -> Page[T]:
        """The ``size`` items of ``items`` after ``token``'s position (all, from the start,
        if None), in position order; tokens are tagged under ``keys``' page-token key."""
        key = keys.key(Purpose.PAGE_TOKEN)
        ordered = sorted(items, key=position)
        if token is not None:
            after = self._after(key, owner, token)
            ordered = [item for item in ordered if position(item) > after]
        kept = ordered[:size]
        more = len(ordered) > size
        return Page(kept, self._token(key, owner, position(kept[-1])) if more else None)

    def _tag(self, key: bytes, owner: tuple[str, ...], payload: bytes) -> bytes:
        bound = json.dumps([self.operation, *owner]).encode()  # no raw newline: unambiguous
        return hmac.new(key, bound + b"\n" + payload, hashlib.sha256).digest()[:_TAG_BYTES]

    def _token(self, key: bytes, owner: tuple[str, ...], last: Position) -> str:
        payload = json.dumps(list(last), separators=(",", ":")).encode()
        return f"{_b64(payload)}.{_b64(self._tag(key, owner, payload))}"

    def _after(self, key: bytes, owner: tuple[str, ...], token: str) -> Position:
        """The position a token names; one this endpoint did not issue for ``owner`` and this
        operation is refused."""
        try:
            if len(token) > MAX_TOKEN_CHARS:
                raise ValueError("too long")
            body, tag = token.split(".")
            payload = _unb64(body)
            if not compare.constant_time_equal(_unb64(tag), self._tag(key, owner, payload)):
                raise ValueError("not ours")
            return tuple(json.loads(payload))  # ours (the MAC held), so well formed
        except ValueError as exc:  # binascii.Error and json's errors are ValueErrors
            raise invalid_parameter(REFUSAL) from exc


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """Strict: the decoder skips foreign characters and ignores a last character's spare
    bits, so only the one spelling this module writes is taken (no token has two forms)."""
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(data) != text:
        raise ValueError("not canonical base64url")
    return data
