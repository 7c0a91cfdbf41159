"""Following a listing's pages, sans-IO: the one bounded page walker of every paginated call.

A listing asks for a page, reads its items and the token of the next one, and ends when no
token comes back (or, with a ``limit``, when it has enough). A broken or hostile service could
keep it going for ever in two ways, and both end it with a
:class:`~srpcore.errors.ProtocolError`: sending a token it already sent (a cycle, seen at
once), and a listing that never ends (after ``max_pages`` pages).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any, TypeVar

from srpcore.errors import ProtocolError
from srpcore.signin.types import Request

__all__ = ["walk"]

T = TypeVar("T")

Ask = Callable[[str | None, int], Request]
"""The request for the page after ``token`` (``None``: the first), given how many items came."""
Read = Callable[[Mapping[str, Any], Request], tuple[Sequence[T], str | None]]
"""A page's items and the next token (``None``: the last page), from the response to a request."""


def walk(
    ask: Ask, read: Read[T], *, max_pages: int, limit: int | None = None
) -> Generator[Request, Mapping[str, Any], list[T]]:
    """Yield each page's request, receive its response; return the items in order.

    At most ``max_pages`` requests, and at most ``limit`` items returned when given.
    """
    found: list[T] = []
    seen: set[str] = set()
    token: str | None = None
    operation = "the listing"
    for _ in range(max_pages):
        request = ask(token, len(found))
        operation = request.operation
        items, token = read((yield request), request)
        found += items
        if limit is not None and len(found) >= limit:
            return found[:limit]
        if token is None:
            return found
        if token in seen:
            raise ProtocolError(f"{operation} sent a pagination token it had already sent")
        seen.add(token)
    raise ProtocolError(f"{operation} did not end within {max_pages} pages")
