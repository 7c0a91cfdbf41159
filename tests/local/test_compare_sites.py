"""Every secret comparison of the endpoint goes through the one constant-time helper.

Each case sends one wrong secret and spies on :func:`srpcore.core.compare.constant_time_equal`:
the wrong value must reach the helper. A site switched back to ``==`` never calls it, and its
case fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from srpcore import DeviceSRP
from srpcore.cognito.secret_hash import secret_hash
from srpcore.core import compare
from srpcore.local.endpoint_keys import EndpointKeys
from srpcore.local.errors import ApiError
from srpcore.local.model import CustomAuth
from srpcore.local.paging import Listing

from .conftest import PASSWORD

WRONG = "wrong-value-0123456789abcdef0123456789ABCDEF="


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes | str]]:
    """Every argument the helper was called with, while the real comparison still runs."""
    calls: list[bytes | str] = []
    real = compare.constant_time_equal

    def spy(a: bytes | str, b: bytes | str) -> bool:
        calls.extend((a, b))
        return real(a, b)

    monkeypatch.setattr(compare, "constant_time_equal", spy)
    yield calls


def test_password_claim_signature(env: Any, seen: list[bytes | str]) -> None:
    srp = env.srp()
    answer = srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"])
    answer["PASSWORD_CLAIM_SIGNATURE"] = WRONG
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.respond(answer)
    assert WRONG in seen


def test_secret_hash(env: Any, seen: list[bytes | str]) -> None:
    srp = env.srp(env.secret_app)
    params = {**srp.auth_parameters(), "SECRET_HASH": WRONG}
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH", ClientId=env.secret_app.client_id, AuthParameters=params
        )
    assert WRONG in seen


def test_secret_block(env: Any, seen: list[bytes | str]) -> None:
    srp = env.srp()
    first = env.idp.initiate_auth(
        AuthFlow="USER_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={
            "USERNAME": "alice",
            "PREFERRED_CHALLENGE": "PASSWORD_SRP",
            **{"SRP_A": srp.srp_a()},
        },
    )
    answer = srp.answer_password_verifier(first["ChallengeParameters"])
    answer["PASSWORD_CLAIM_SECRET_BLOCK"] = WRONG
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.respond(answer, Session=first["Session"])
    assert WRONG in seen


def test_plain_password(env: Any, seen: list[bytes | str]) -> None:
    user = env.cognito.service.context.repo.user(env.pool_id, "alice")
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=env.app.client_id,
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD + "!"},
        )
    stored = user.verifier.to_bytes((user.verifier.bit_length() + 8) // 8, "big")
    assert any(isinstance(arg, bytes) and arg.lstrip(b"\0") == stored.lstrip(b"\0") for arg in seen)


def test_device_proof(device_env: Any, seen: list[bytes | str]) -> None:
    env = device_env
    secret, _ = env.confirm_device(env.sign_in())
    srp = env.srp(device_key=secret.device_key)
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    device = DeviceSRP(
        device_group_key=secret.device_group_key,
        device_key=secret.device_key,
        device_password=secret.device_password,
    )
    third = env.respond(
        device.answer_device_srp_auth(second["ChallengeParameters"]),
        ChallengeName="DEVICE_SRP_AUTH",
        Session=second["Session"],
    )
    answer = device.answer_device_password_verifier(third["ChallengeParameters"])
    answer["PASSWORD_CLAIM_SIGNATURE"] = WRONG
    seen.clear()
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.respond(answer, ChallengeName="DEVICE_PASSWORD_VERIFIER", Session=third["Session"])
    assert WRONG in seen


def _mfa_challenge(env: Any, name: str, mfa: str) -> Any:
    env.cognito.create_user(
        env.pool_id, name, PASSWORD, mfa=[mfa], attributes={"phone_number": "+15555550100"}
    )
    srp = env.srp(username=name)
    return env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))


def test_sms_code(env: Any, seen: list[bytes | str]) -> None:
    second = _mfa_challenge(env, "mia", "SMS_MFA")
    with pytest.raises(env.idp.exceptions.CodeMismatchException):
        env.respond(
            {"USERNAME": "mia", "SMS_MFA_CODE": "000042"},
            ChallengeName="SMS_MFA",
            Session=second["Session"],
        )
    assert "000042" in seen


def test_totp_code(env: Any, seen: list[bytes | str]) -> None:
    second = _mfa_challenge(env, "tom", "SOFTWARE_TOKEN_MFA")
    with pytest.raises(env.idp.exceptions.CodeMismatchException):
        env.respond(
            {"USERNAME": "tom", "SOFTWARE_TOKEN_MFA_CODE": "000042"},
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=second["Session"],
        )
    assert seen.count("000042") == 3  # the previous, current and next step: all compared


def test_custom_answer(new_env: Any, seen: list[bytes | str]) -> None:
    env = new_env(custom_auth=CustomAuth(answers=("blue",)))
    srp = env.srp()
    first = env.idp.initiate_auth(
        AuthFlow="CUSTOM_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={"USERNAME": "alice", "SRP_A": srp.srp_a(), "CHALLENGE_NAME": "SRP_A"},
    )
    second = env.respond(
        srp.answer_password_verifier(first["ChallengeParameters"]), Session=first["Session"]
    )
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        env.respond(
            {"USERNAME": "alice", "ANSWER": "red"},
            ChallengeName="CUSTOM_CHALLENGE",
            Session=second["Session"],
        )
    assert "red" in seen


def test_page_token_tag(seen: list[bytes | str]) -> None:
    listing = Listing("ListThings", default_size=1, max_size=1)
    keys = EndpointKeys.from_secret(b"k" * 32)
    token = listing.page(keys, [1, 2], lambda i: (i,), owner=("p",), size=1, token=None)
    assert token.next_token is not None
    body, _ = token.next_token.split(".")
    forged = body + ".AAAAAAAAAAAAAAAAAAAAAA"
    with pytest.raises(ApiError):
        listing.page(keys, [1, 2], lambda i: (i,), owner=("p",), size=1, token=forged)
    assert bytes(16) in seen  # the forged tag reached the helper


def test_the_right_secret_hash_is_compared_too(env: Any, seen: list[bytes | str]) -> None:
    """A correct answer also goes through the helper (not only the wrong ones)."""
    app = env.secret_app
    assert app.client_secret is not None
    good = secret_hash("alice", app.client_id, app.client_secret)
    env.sign_in(app)
    assert good in seen
