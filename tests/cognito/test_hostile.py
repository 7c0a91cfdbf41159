"""One table of hostile and malformed inputs, each mapped to the typed error it must raise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import pytest

from srpcore import (
    DeviceSRP,
    InvalidParameterError,
    SecurityError,
    SRPError,
    UserSRP,
    VerificationError,
    cognito_timestamp,
    parse_cognito_timestamp,
    secret_hash,
)
from srpcore.cognito import server
from srpcore.cognito.proof import GROUP, MAX_SRP_HEX_LEN
from srpcore.cognito.salt import MAX_SALT_HEX_LEN

NOW = datetime(2026, 11, 5, 9, 3, 7, tzinfo=timezone.utc)
N_HEX = format(GROUP.N, "x")
GOOD = {
    "SRP_B": "5" * 768,
    "SALT": "ab" * 16,
    "SECRET_BLOCK": "c2VjcmV0",
    "USER_ID_FOR_SRP": "alice",
    "USERNAME": "alice",
}


def _user() -> UserSRP:
    return UserSRP(pool_id="us-east-1_AbCdEfGhI", username="alice", password="pw", ephemeral=12345)


def _answer(**changes: str) -> Callable[[], object]:
    params = {**GOOD, **changes}
    return lambda: _user().answer_password_verifier(params, now=NOW)


def _without(key: str) -> Callable[[], object]:
    params = {k: v for k, v in GOOD.items() if k != key}
    return lambda: _user().answer_password_verifier(params, now=NOW)


def _server_check(srp_a: str) -> Callable[[], object]:
    challenge = server.start_challenge(3)
    return lambda: server.verify_claim(
        challenge,
        srp_a=srp_a,
        pool_name="AbCdEfGhI",
        user_id="alice",
        secret_block=b"x",
        timestamp="Thu Nov 5 09:03:07 UTC 2026",
        signature="A" * 44,
    )


HOSTILE: list[tuple[str, Callable[[], object], type[SRPError], str]] = [
    ("B = 0", _answer(SRP_B="0"), SecurityError, "B is 0 modulo N"),
    ("B = N", _answer(SRP_B=N_HEX), SecurityError, "B is 0 modulo N"),
    ("B = 2N", _answer(SRP_B=format(2 * GROUP.N, "x")), SecurityError, "B is 0 modulo N"),
    ("B = -N", _answer(SRP_B="-" + N_HEX), SecurityError, "B is 0 modulo N"),
    ("B empty", _answer(SRP_B=""), InvalidParameterError, "SRP_B is empty"),
    ("B non-hex", _answer(SRP_B="zz12"), InvalidParameterError, "SRP_B is not a hex"),
    ("B with 0x", _answer(SRP_B="0x12"), InvalidParameterError, "SRP_B is not a hex"),
    ("B with space", _answer(SRP_B="12 34"), InvalidParameterError, "SRP_B is not a hex"),
    ("B huge", _answer(SRP_B="1" * (MAX_SRP_HEX_LEN + 1)), InvalidParameterError, "at most"),
    ("B 10 MB", _answer(SRP_B="f" * 10_000_000), InvalidParameterError, "at most"),
    ("SALT empty", _answer(SALT=""), InvalidParameterError, "SALT is empty"),
    ("SALT non-hex", _answer(SALT="salt"), InvalidParameterError, "SALT is not a hex"),
    ("SALT huge", _answer(SALT="a" * (MAX_SALT_HEX_LEN + 1)), InvalidParameterError, "at most"),
    ("block bad", _answer(SECRET_BLOCK="not base64!"), InvalidParameterError, "SECRET_BLOCK"),
    ("block length", _answer(SECRET_BLOCK="AAAAA"), InvalidParameterError, "SECRET_BLOCK"),
    ("block padding", _answer(SECRET_BLOCK="AA==="), InvalidParameterError, "SECRET_BLOCK"),
    ("user id empty", _answer(USER_ID_FOR_SRP=""), InvalidParameterError, "USER_ID_FOR_SRP"),
    ("no SRP_B", _without("SRP_B"), InvalidParameterError, "SRP_B"),
    ("no SALT", _without("SALT"), InvalidParameterError, "SALT"),
    ("no block", _without("SECRET_BLOCK"), InvalidParameterError, "SECRET_BLOCK"),
    ("no user id", _without("USER_ID_FOR_SRP"), InvalidParameterError, "USER_ID_FOR_SRP"),
    ("lone surrogate", _answer(USER_ID_FOR_SRP="a\ud800"), InvalidParameterError, "surrogate"),
    ("server A = 0", _server_check("0"), SecurityError, "A is 0 modulo N"),
    ("server A = N", _server_check(N_HEX), SecurityError, "A is 0 modulo N"),
    ("server A huge", _server_check("2" * 100_000), InvalidParameterError, "SRP_A"),
    ("server A bad", _server_check("xyz"), InvalidParameterError, "SRP_A"),
    ("server bad proof", _server_check("2"), VerificationError, "does not match"),
    (
        "pool id",
        lambda: UserSRP(pool_id="AbCdEfGhI", username="a", password="p"),
        InvalidParameterError,
        "not a user pool id",
    ),
    (
        "a = 0",
        lambda: UserSRP(pool_id="r_P", username="a", password="p", ephemeral=0),
        InvalidParameterError,
        "must be positive",
    ),
    (
        "short ephemeral",
        lambda: UserSRP(pool_id="r_P", username="a", password="p", ephemeral_bits=128),
        InvalidParameterError,
        "at least 256",
    ),
    (
        "secret without client id",
        lambda: UserSRP(pool_id="r_P", username="a", password="p", client_secret="s"),
        InvalidParameterError,
        "needs client_id",
    ),
    (
        "device key empty",
        lambda: DeviceSRP(device_group_key="g", device_key="", device_password="p"),
        InvalidParameterError,
        "must not be empty",
    ),
    (
        "naive datetime",
        lambda: cognito_timestamp(datetime(2026, 1, 1)),
        InvalidParameterError,
        "aware datetime",
    ),
    ("secret_hash non-str", lambda: secret_hash(b"u", "c", "s"), InvalidParameterError, "str"),  # type: ignore[arg-type]
    *[
        (
            f"timestamp {text!r}",
            lambda text=text: parse_cognito_timestamp(text),
            InvalidParameterError,
            "TIMESTAMP",
        )
        for text in [
            "Thu Nov 05 09:03:07 UTC 2026",  # zero-padded day
            "Fri Nov 5 09:03:07 UTC 2026",  # wrong weekday
            "Thu Nov  5 09:03:07 UTC 2026",  # two spaces
            "thu nov 5 09:03:07 UTC 2026",  # lower case
            "Thu Nov 5 9:03:07 UTC 2026",  # unpadded hour
            "Thu Nov 5 24:03:07 UTC 2026",  # hour 24
            "Thu Nov 5 09:03:07 GMT 2026",  # other zone
            "Thu Nov 5 09:03:07 UTC 02026",  # padded year
            "Mon Feb 30 09:03:07 UTC 2026",  # no such date
            "Thu Nov 5 09:03:07.123 UTC 2026",  # fractions
            "Thu Nov 5 09:03:07 UTC 2026 ",  # trailing space
            "Thu Xyz 5 09:03:07 UTC 2026",  # unknown month
            "",
        ]
    ],
]


@pytest.mark.parametrize(
    ("action", "error", "message"),
    [pytest.param(action, error, message, id=name) for name, action, error, message in HOSTILE],
)
def test_hostile_input_gets_a_typed_error(
    action: Callable[[], object], error: type[SRPError], message: str
) -> None:
    with pytest.raises(error, match=message):
        action()
