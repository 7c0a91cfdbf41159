"""The one pager of the local endpoint: tokens bound to (operation, owner), bounded pages.

Expected values are literal: the items are numbered, so "each exactly once, in order" is
``list(range(n))``; a refusal is the InvalidParameterException every paginated operation
declares in botocore's model.
"""

from __future__ import annotations

import pytest

from srpcore.local.endpoint_keys import EndpointKeys
from srpcore.local.errors import ApiError
from srpcore.local.paging import MAX_TOKEN_CHARS, Listing, Position

KEY = EndpointKeys.from_secret(bytes(range(32)))
LISTING = Listing("ListThings", default_size=3, max_size=5)
ALICE = ("us-east-1_pool", "alice")


def _place(item: int) -> Position:
    return (0.0, item, f"id-{item:04d}")  # one tick, told apart by the sequence number


def _all(items: list[int], size: int, owner: tuple[str, ...] = ALICE) -> list[list[int]]:
    pages, token = [], None
    for _ in range(len(items) + 2):  # bounded: a pager that loops fails here
        page = LISTING.page(KEY, items, _place, owner=owner, size=size, token=token)
        pages.append(page.items)
        token = page.next_token
        if token is None:
            return pages
    raise AssertionError("the listing did not end")


def _refused(token: str, *, owner: tuple[str, ...] = ALICE, listing: Listing = LISTING) -> None:
    with pytest.raises(ApiError) as info:
        listing.page(KEY, [1, 2, 3], _place, owner=owner, size=1, token=token)
    assert info.value.code == "InvalidParameterException"


def test_paging_through_many_items_returns_each_exactly_once_in_order() -> None:
    items = list(range(97))
    pages = _all(list(reversed(items)), size=5)  # the position orders them, not the input
    assert [i for page in pages for i in page] == items
    assert [len(p) for p in pages] == [5] * 19 + [2]
    assert _all([], size=5) == [[]]
    assert _all([0, 1, 2, 3, 4], size=5) == [[0, 1, 2, 3, 4]]  # a full last page: no token


def test_an_item_removed_between_pages_neither_repeats_nor_shifts_the_rest() -> None:
    first = LISTING.page(KEY, [0, 1, 2, 3, 4], _place, owner=ALICE, size=2, token=None)
    assert first.items == [0, 1] and first.next_token is not None
    rest = LISTING.page(KEY, [0, 2, 3, 4], _place, owner=ALICE, size=2, token=first.next_token)
    assert rest.items == [2, 3]


def _token() -> str:
    token = LISTING.page(KEY, [1, 2, 3], _place, owner=ALICE, size=1, token=None).next_token
    assert token is not None and "alice" not in token and "pool" not in token
    return token


def test_a_token_of_another_user_pool_or_operation_is_refused() -> None:
    token = _token()
    _refused(token, owner=("us-east-1_pool", "bob"))
    _refused(token, owner=("us-east-1_other", "alice"))
    _refused(token, owner=("us-east-1_pool", "alice", ""))  # the owner's parts are framed
    _refused(token, listing=Listing("AdminListThings", default_size=3, max_size=5))
    with pytest.raises(ApiError):
        Listing("ListThings", 3, 5).page(
            EndpointKeys.from_secret(b"\1" * 32), [1], _place, owner=ALICE, size=1, token=token
        )


@pytest.mark.parametrize("how", ["body", "tag", "bits", "inserted", "cut", "swap", "junk", "long"])
def test_a_tampered_or_malformed_token_is_refused(how: str) -> None:
    token = _token()
    body, tag = token.split(".")
    other = LISTING.page(KEY, [5, 6, 7], _place, owner=ALICE, size=1, token=None).next_token
    assert other is not None
    bad = {
        "body": _flipped(body) + "." + tag,
        "tag": body + "." + _flipped(tag),
        "bits": body + "." + tag[:-1] + _spare_bits_set(tag[-1]),  # decodes to the same tag
        "inserted": body[:1] + "!" + body[1:] + "." + tag,  # the decoder would skip the "!"
        "cut": body,
        "swap": body + "." + other.split(".")[1],
        "junk": "not-a-token!é",
        "long": "A" * (MAX_TOKEN_CHARS + 1),
    }[how]
    _refused(bad)


def _flipped(text: str) -> str:
    """``text`` with its first character changed (all six of its bits carry data)."""
    return {"A": "B"}.get(text[0], "A") + text[1:]


def _spare_bits_set(last: str) -> str:
    """The last character of a 16-byte tag (22 characters) with its four unused low bits set:
    another spelling of the same bytes."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return alphabet[alphabet.index(last) | 0b1111]


def test_the_page_size_is_bounded() -> None:
    assert LISTING.size(None) == 3 and LISTING.size(0) == 3 and LISTING.size(5) == 5
    for size in (6, -1):
        with pytest.raises(ApiError) as info:
            LISTING.size(size)
        assert info.value.code == "InvalidParameterException"
