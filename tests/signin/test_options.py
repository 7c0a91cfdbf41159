"""The sign-in and refresh options are declared once (srpcore.signin.options) and checked once."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from srpcore import TokenManager, Tokens
from srpcore.drivers import aio, sync
from srpcore.errors import InvalidParameterError
from srpcore.signin import SignIn, refresh_request
from srpcore.signin.options import RefreshOptions, SignInOptions

POOL_ID = "eu-west-1_Options1"
BASE: dict[str, Any] = {
    "pool_id": POOL_ID,
    "client_id": "client1",
    "username": "alice",
    "password": "p4ss-never-shown",
}


def _ones(n: int) -> bytes:
    return b"\x01" * n


def _keywords(function: Callable[..., Any]) -> dict[str, Any]:
    parameters = inspect.signature(function).parameters.values()
    return {p.name: p.default for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}


def _fields(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        out[f.name] = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
    return out


@pytest.mark.parametrize("function", [sync.sign_in, aio.sign_in_async, SignIn])
def test_every_sign_in_entry_takes_exactly_the_declared_options(
    function: Callable[..., Any],
) -> None:
    assert _keywords(function) == _fields(SignInOptions)
    assert len(_fields(SignInOptions)) == 21


@pytest.mark.parametrize("function", [sync.refresh, aio.refresh_async, refresh_request])
def test_every_refresh_entry_takes_exactly_the_declared_options(
    function: Callable[..., Any],
) -> None:
    assert _keywords(function) == _fields(RefreshOptions)
    assert len(_fields(RefreshOptions)) == 13  # flow and rotation joined the eleven


def test_the_async_entries_are_still_coroutine_functions() -> None:
    assert inspect.iscoroutinefunction(aio.sign_in_async)
    assert inspect.iscoroutinefunction(aio.refresh_async)


def test_the_checks_run_once_per_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    check = SignInOptions.__post_init__

    def counting(self: SignInOptions) -> None:
        seen.append(self.username)
        check(self)

    monkeypatch.setattr(SignInOptions, "__post_init__", counting)
    m = SignIn(**BASE)
    m.start()
    assert seen == ["alice"]


def test_the_options_the_machine_keeps_hold_no_password() -> None:
    """Ending a sign-in drops ``_password``; the kept options must not still carry it."""
    m = SignIn(**BASE)
    m.start()
    m.abort()
    assert vars(m)["_password"] is None
    assert vars(m)["_settings"].options.password is None


def test_a_machine_from_built_options_behaves_as_one_from_keywords() -> None:
    first = SignIn.from_options(SignInOptions(**BASE, rng=_ones)).start()
    again = SignIn(**BASE, rng=_ones).start()
    assert first.operation == again.operation == "InitiateAuth"
    assert first.kwargs() == again.kwargs()


def test_repr_hides_the_password_the_secret_and_the_metadata() -> None:
    options = SignInOptions(
        **BASE,
        client_secret="secret-never-shown",
        client_metadata={"k": "meta-never-shown"},
    )
    refresh = RefreshOptions(client_id="c", refresh_token="refresh-never-shown")
    shown = repr(options) + repr(refresh)
    for hidden in ("p4ss-never-shown", "secret-never-shown", "meta-never-shown", "refresh-never"):
        assert hidden not in shown


def test_options_keep_a_private_copy_of_the_metadata() -> None:
    metadata = {"app": "one"}
    options = SignInOptions(**BASE, client_metadata=metadata)
    metadata["app"] = "changed"
    assert options.extras() == {"ClientMetadata": {"app": "one"}}
    with pytest.raises(TypeError):
        options.client_metadata["app"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: SignInOptions(**BASE, admin=True, user_context_data={}), "admin operations"),
        (lambda: SignInOptions(**BASE, context_data={}), "public operations"),
        (
            lambda: RefreshOptions(
                client_id="c", refresh_token="r", admin=True, pool_id=POOL_ID, user_context_data={}
            ),
            "admin operations",
        ),
        (lambda: RefreshOptions(client_id="c", refresh_token="r", context_data={}), "public"),
        (lambda: SignInOptions(**BASE, ephemeral_bits=255), "ephemeral_bits"),
    ],
)
def test_one_context_data_rule_for_sign_in_and_refresh(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        build()


def test_a_wrong_keyword_is_a_type_error_for_mypy_and_at_run_time() -> None:
    with pytest.raises(TypeError):
        sync.sign_in(object(), **BASE, pool="x")  # type: ignore[call-arg]
    with pytest.raises(InvalidParameterError, match="not a user pool id"):
        sync.sign_in(object(), **{**BASE, "pool_id": "nope"})


def test_the_token_manager_checks_its_refresh_options_up_front() -> None:
    """With a secret and no internal username no refresh can succeed: say so at once."""
    tokens = Tokens("a.b.c", None, "refresh", 3600, "Bearer", None)
    with pytest.raises(InvalidParameterError, match="internal username"):
        TokenManager(object(), tokens, client_id="c", client_secret="s")
