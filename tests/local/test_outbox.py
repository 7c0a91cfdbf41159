"""The outbox's bounds and the codes' secrecy: no code in a repr, no user fills another's share."""

from __future__ import annotations

import dataclasses

import pytest

from srpcore.cognito.salt import Salt
from srpcore.local.codes import (
    AccountCodes,
    OneTimeCode,
    code_delivery_details,
    delivery,
    first_delivery,
    mask,
    new_code,
)
from srpcore.local.errors import ApiError
from srpcore.local.model import User
from srpcore.local.outbox import Message, Outbox
from srpcore.local.session import Pending


def _message(pool: str, user: str, n: int) -> Message:
    return Message(pool, user, "EMAIL_OTP", "EMAIL", f"{user}@example.com", f"{n:06d}", float(n))


def test_a_user_flood_evicts_only_that_users_own_messages() -> None:
    outbox = Outbox(per_pool=100, per_user=3, max_messages=1000)
    outbox.send(_message("p", "victim", 0))
    for n in range(1, 50):
        outbox.send(_message("p", "flooder", n))
    assert [m.code for m in outbox.messages("p", "victim")] == ["000000"]
    assert [m.code for m in outbox.messages("p", "flooder")] == ["000047", "000048", "000049"]


def test_a_sign_up_flood_to_one_address_evicts_only_the_messages_sent_there() -> None:
    """Each sign-up is a new user, so the per-user bound does not hold it; the address does
    (compared without case, as the inbox would)."""
    outbox = Outbox(per_pool=10, per_user=3, max_messages=1000)
    outbox.send(_message("p", "victim", 0))
    for n in range(1, 50):
        flood = _message("p", f"flood{n}", n)
        address = "Target@example.com" if n % 2 else "target@example.com"
        outbox.send(dataclasses.replace(flood, destination=address))
    assert [m.code for m in outbox.messages("p", "victim")] == ["000000"]
    assert [m.code for m in outbox.messages("p")] == ["000000", "000047", "000048", "000049"]


def test_the_pool_bound_drops_its_oldest_and_the_global_bound_the_largest_pool() -> None:
    outbox = Outbox(per_pool=4, per_user=4, max_messages=6)
    for n in range(6):
        outbox.send(_message("big", f"u{n}", n))
    assert [m.code for m in outbox.messages("big")] == ["000002", "000003", "000004", "000005"]
    outbox.send(_message("small", "s", 10))
    outbox.send(_message("small", "s", 11))
    outbox.send(_message("small", "s", 12))  # at the global bound: "big" pays
    assert len(outbox) == 6
    assert [m.code for m in outbox.messages("small")] == ["000010", "000011", "000012"]
    assert len(outbox.messages("big")) == 3


def test_messages_are_oldest_first_across_pools() -> None:
    outbox = Outbox()
    outbox.send(_message("b", "x", 1))
    outbox.send(_message("a", "y", 2))
    outbox.send(_message("b", "z", 3))
    assert [m.code for m in outbox.messages()] == ["000001", "000002", "000003"]
    assert [m.code for m in outbox.messages(username="z")] == ["000003"]


def test_no_code_in_any_repr() -> None:
    code = "493817"
    message = Message("p", "alice", "SMS_OTP", "SMS", "+15555550100", code, 0.0)
    once = OneTimeCode(code, 10.0)
    p = Pending(pool_id="p", client_id="c", username="alice", flow="USER_AUTH", admin=False,
                auth_time=0)  # fmt: skip
    p.otp = once
    for shown in (repr(message), str(message), repr(once), repr(p), repr(Outbox())):
        assert code not in shown


def test_codes_are_six_digits_and_vary() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 190  # 200 draws from a million: a few collisions at most


def test_masks_as_cognito_shows_destinations() -> None:
    assert mask("alice@example.com") == "a***@e***.com"
    assert mask("+15555550100") == "+*******0100"


def test_an_account_code_is_single_use_and_bounded_in_tries() -> None:
    now = [1000.0]
    codes = AccountCodes(lambda: now[0])
    code = codes.issue("SIGN_UP", "p", "u", 60.0, destination="u@example.com")
    codes.check("SIGN_UP", "p", "u", code)
    with pytest.raises(ApiError) as again:
        codes.check("SIGN_UP", "p", "u", code)
    assert again.value.code == "CodeMismatchException"
    code = codes.issue("SIGN_UP", "p", "u", 60.0, destination="u@example.com")
    now[0] += 61
    with pytest.raises(ApiError) as late:
        codes.check("SIGN_UP", "p", "u", code)
    assert late.value.code == "ExpiredCodeException"


def _user(**attributes: str) -> User:
    return User("u", "sub", Salt.draw(), 2, dict(attributes))


def test_codes_go_to_verified_addresses_the_phone_first() -> None:
    both = _user(
        email="a@example.com",
        email_verified="true",
        phone_number="+15555550100",
        phone_number_verified="true",
    )
    assert first_delivery(both) == ("phone_number", "+15555550100")
    email_only = _user(email="a@example.com", email_verified="true", phone_number="+15555550100")
    assert first_delivery(email_only) == ("email", "a@example.com")
    assert first_delivery(_user(email="a@example.com", email_verified="false")) is None
    assert delivery(email_only, "SMS") is None  # an unverified number gets no sign-in code
    assert delivery(email_only, "SMS", verified=False) == ("phone_number", "+15555550100")
    assert code_delivery_details("phone_number", "+15555550100") == {
        "Destination": "+*******0100",
        "DeliveryMedium": "SMS",
        "AttributeName": "phone_number",
    }
