"""Properties over arbitrary inputs: both sides agree, backends agree, secrets stay hidden."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from srpcore import DeviceSRP, UserSRP, VerificationError, cognito_timestamp, new_device_secret
from srpcore.cognito import server
from srpcore.cognito.proof import GROUP, K
from srpcore.cognito.salt import Salt
from srpcore.core.backends import get_backend
from srpcore.core.engine import Engine

INT = Engine(get_backend("int"))
GMP = Engine(get_backend("gmpy2"))
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
POOL_NAME = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=12
)
NOW = datetime(2026, 11, 5, 9, 3, 7, tzinfo=timezone.utc)


def _salt(draw_bytes: bytes) -> Salt:
    return Salt.from_bytes(b"\x01" + draw_bytes)  # server salts have a non-zero first byte


@settings(max_examples=25, deadline=None)
@given(
    pool=POOL_NAME,
    username=TEXT.filter(bool),
    password=TEXT,
    salt_bytes=st.binary(max_size=20),
    a=st.integers(min_value=1, max_value=2**1024 - 1),
    b=st.binary(min_size=32, max_size=32).filter(any),
    block=st.binary(max_size=64),
)
def test_client_signature_verifies_on_the_server(
    pool: str, username: str, password: str, salt_bytes: bytes, a: int, b: bytes, block: bytes
) -> None:
    salt = _salt(salt_bytes)
    verifier = server.make_verifier(pool_name=pool, user_id=username, password=password, salt=salt)
    challenge = server.start_challenge(verifier, rng=lambda n: b[:n])
    client = UserSRP(pool_id=f"us-east-1_{pool}", username=username, password=password, ephemeral=a)
    params = {
        "SRP_B": challenge.srp_b(),
        "SALT": salt.hex(),
        "SECRET_BLOCK": base64.b64encode(block).decode(),
        "USER_ID_FOR_SRP": username,
    }
    answer = client.answer_password_verifier(params, now=NOW)
    server.verify_claim(
        challenge,
        srp_a=client.srp_a(),
        pool_name=pool,
        user_id=username,
        secret_block=block,
        timestamp=answer["TIMESTAMP"],
        signature=answer["PASSWORD_CLAIM_SIGNATURE"],
    )


@settings(max_examples=15, deadline=None)
@given(password=TEXT, wrong=TEXT, a=st.integers(min_value=1, max_value=2**256))
def test_a_wrong_password_never_verifies(password: str, wrong: str, a: int) -> None:
    if password == wrong:
        wrong += "x"
    salt = Salt.from_bytes(b"\x7f" * 16)
    verifier = server.make_verifier(pool_name="P", user_id="u", password=password, salt=salt)
    challenge = server.start_challenge(verifier)
    client = UserSRP(pool_id="r_P", username="u", password=wrong, ephemeral=a)
    params = {
        "SRP_B": challenge.srp_b(),
        "SALT": salt.hex(),
        "SECRET_BLOCK": "",
        "USER_ID_FOR_SRP": "u",
    }
    answer = client.answer_password_verifier(params, now=NOW)
    try:
        server.verify_claim(
            challenge,
            srp_a=client.srp_a(),
            pool_name="P",
            user_id="u",
            secret_block=b"",
            timestamp=answer["TIMESTAMP"],
            signature=answer["PASSWORD_CLAIM_SIGNATURE"],
        )
    except VerificationError:
        return
    raise AssertionError("a wrong password produced a valid proof")


@settings(max_examples=25, deadline=None)
@given(
    a=st.integers(min_value=1, max_value=2**1024),
    b_pub=st.integers(min_value=-(2**3100), max_value=2**3100).filter(lambda n: n % GROUP.N),
    salt=st.integers(min_value=-(2**128), max_value=2**128),
    password=TEXT,
)
def test_gmpy2_and_int_backends_agree(a: int, b_pub: int, salt: int, password: str) -> None:
    params = {
        "SRP_B": format(b_pub, "x"),
        "SALT": format(salt, "x"),
        "SECRET_BLOCK": "AAAA",
        "USER_ID_FOR_SRP": "user",
    }
    claims = [
        UserSRP(
            pool_id="r_P", username="u", password=password, ephemeral=a, engine=engine
        ).password_claim(params, now=NOW)
        for engine in (INT, GMP, Engine(GMP.backend, hardened=True))
    ]
    assert len({(c.premaster, c.key, c.signature) for c in claims}) == 1


@settings(max_examples=10, deadline=None)
@given(seed=st.binary(min_size=56, max_size=56))
def test_device_secret_signs_in_as_the_device(seed: bytes) -> None:
    draws = iter([seed[:40], seed[40:]])
    secret = new_device_secret(
        device_group_key="-grp", device_key="us-east-1_dev", rng=lambda n: next(draws)
    )
    salt = base64.b64decode(secret.verifier_config["Salt"])
    verifier = int.from_bytes(base64.b64decode(secret.verifier_config["PasswordVerifier"]), "big")
    challenge = server.start_challenge(verifier)
    device = DeviceSRP(
        device_group_key="-grp", device_key="us-east-1_dev", device_password=secret.device_password
    )
    params = {"SRP_B": challenge.srp_b(), "SALT": salt.hex(), "SECRET_BLOCK": "", "USERNAME": "u"}
    answer = device.answer_device_password_verifier(params, now=NOW)
    server.verify_claim(
        challenge,
        srp_a=device.srp_a(),
        pool_name="-grp",
        user_id="us-east-1_dev",
        secret_block=b"",
        timestamp=answer["TIMESTAMP"],
        signature=answer["PASSWORD_CLAIM_SIGNATURE"],
    )


@given(st.datetimes(min_value=datetime(1, 1, 1), timezones=st.just(timezone.utc)))
def test_timestamp_round_trips_through_the_strict_parser(when: datetime) -> None:
    from srpcore import parse_cognito_timestamp  # noqa: PLC0415

    assert parse_cognito_timestamp(cognito_timestamp(when)) == when.replace(microsecond=0)


def test_timestamp_uses_utc_fields_of_any_zone() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert cognito_timestamp(datetime(2026, 11, 5, 1, 3, 7, tzinfo=plus_two)) == (
        "Wed Nov 4 23:03:07 UTC 2026"
    )


def test_k_is_the_published_cognito_multiplier() -> None:
    # k as stated in the project's protocol reference, checked there against AWS's SDKs.
    assert format(K, "x") == "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"


def test_secrets_stay_out_of_repr_and_str() -> None:
    user = UserSRP(
        pool_id="r_P", username="u", password="hunter2-pw", client_id="c", client_secret="s3cr3t-x"
    )
    secret = new_device_secret(device_group_key="g", device_key="r_d")
    device = DeviceSRP(
        device_group_key="g", device_key="r_d", device_password=secret.device_password
    )
    params = {"SRP_B": "05", "SALT": "01", "SECRET_BLOCK": "", "USER_ID_FOR_SRP": "u"}
    claim = user.password_claim(params, now=NOW)
    challenge = server.start_challenge(7)
    for obj in (user, secret, device, claim, challenge):
        text = repr(obj) + str(obj)
        for needle in (
            "hunter2-pw",
            "s3cr3t-x",
            secret.device_password,
            claim.key.hex(),
            claim.signature,
            format(claim.premaster, "x"),
            format(claim.x, "x"),
            format(challenge.b, "x"),
        ):
            assert needle not in text
