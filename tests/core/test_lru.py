"""srpcore's one bounded memory (``core.lru``), and the drivers' two public tables on it."""

from __future__ import annotations

import threading

import pytest

from srpcore.core.lru import LRU
from srpcore.drivers.credentials import IdentityIdCache
from srpcore.drivers.rotation import Unsupported
from srpcore.errors import InvalidParameterError


def test_a_full_table_drops_the_least_recently_used_entry() -> None:
    table: LRU[str, int] = LRU(2)
    table.put("a", 1)
    table.put("b", 2)
    assert table.get("a") == 1  # touched: "b" is now the oldest
    table.put("c", 3)
    assert (table.get("a"), table.get("b"), table.get("c")) == (1, None, 3)
    assert len(table) == 2


def test_put_again_refreshes_the_value_and_the_age() -> None:
    table: LRU[str, int] = LRU(2)
    table.put("a", 1)
    table.put("b", 2)
    table.put("a", 10)
    table.put("c", 3)
    assert (table.get("a"), table.get("b")) == (10, None)


def test_pop_and_clear_forget() -> None:
    table: LRU[str, int] = LRU(3)
    table.put("a", 1)
    table.put("b", 2)
    table.pop("a")
    table.pop("missing")  # no error
    assert (table.get("a"), len(table)) == (None, 1)
    table.clear()
    assert len(table) == 0


def test_none_is_refused_as_a_value_so_get_never_mistakes_it_for_a_miss() -> None:
    table: LRU[str, int | None] = LRU(2)
    with pytest.raises(InvalidParameterError, match="None"):
        table.put("a", None)
    assert len(table) == 0


def test_a_falsy_value_is_found_and_made_the_newest() -> None:
    table: LRU[str, object] = LRU(2)
    table.put("zero", 0)
    table.put("empty", "")
    assert table.get("zero") == 0  # touched: "empty" is now the oldest
    table.put("new", 1)
    assert (table.get("zero"), table.get("empty")) == (0, None)


@pytest.mark.parametrize("limit", [0, -1, True, 2.5, "3"])
def test_a_limit_that_holds_nothing_is_refused(limit: object) -> None:
    with pytest.raises(InvalidParameterError):
        LRU(limit)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError):
        Unsupported(limit)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError):
        IdentityIdCache(limit)  # type: ignore[arg-type]


def test_threads_sharing_a_table_never_push_it_over_its_limit() -> None:
    table: LRU[tuple[int, int], int] = LRU(50)
    start = threading.Barrier(8)

    def fill(worker: int) -> None:
        start.wait()
        for n in range(2000):
            table.put((worker, n), n)
            table.get((worker, n - 1))

    threads = [threading.Thread(target=fill, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(table) == 50


def test_the_identity_id_cache_is_bounded_and_says_its_size() -> None:
    cache = IdentityIdCache(2)
    for n in range(3):
        cache.put(("pool", "", "provider", f"user{n}"), f"us-east-1:{n}")
    assert cache.get(("pool", "", "provider", "user0")) is None
    assert cache.get(("pool", "", "provider", "user2")) == "us-east-1:2"
    cache.forget(("pool", "", "provider", "user2"))
    assert repr(cache) == "IdentityIdCache(1/2 ids)"
