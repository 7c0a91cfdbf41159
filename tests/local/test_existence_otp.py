"""PreventUserExistenceErrors and USER_AUTH's code factors. AWS: "For choice-based
authentication requests, Amazon Cognito responds with a random selection from the challenge
types that the user pool allows" (developer guide, "Managing user existence error
responses"). So an unknown name asked for an EMAIL_OTP gets an EMAIL_OTP challenge shaped like
a real one (nothing is sent, every code is a CodeMismatchException), is offered the code
factor a user with a verified email has, and a passwordless pool does not refuse it at once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from srpcore.local import LocalCognito

from .conftest import ALL_FLOWS, PASSWORD

MASKED_EMAIL = re.compile(r"[^*@]\*\*\*@[^*@]\*\*\*\.[a-z]+")


def _hidden(cognito: LocalCognito, first_factors: tuple[str, ...]) -> tuple[str, str]:
    pool = cognito.create_user_pool("hidden-otp", first_factors=first_factors)
    client = cognito.create_client(
        pool.id, explicit_auth_flows=ALL_FLOWS, prevent_user_existence_errors=True
    )
    verified = {"email": "alice@example.com", "email_verified": "true"}
    cognito.create_user(pool.id, "alice", PASSWORD, attributes=verified)
    return pool.id, client.client_id


def _start(idp: Any, client_id: str, username: str, preferred: str | None = None) -> Any:
    params = {"USERNAME": username}
    if preferred is not None:
        params["PREFERRED_CHALLENGE"] = preferred
    return idp.initiate_auth(AuthFlow="USER_AUTH", ClientId=client_id, AuthParameters=params)


def _answer(idp: Any, client_id: str, step: Any, code: str) -> Any:
    return idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName=step["ChallengeName"],
        Session=step["Session"],
        ChallengeResponses={
            "USERNAME": step["ChallengeParameters"]["USERNAME"],
            "EMAIL_OTP_CODE": code,
        },
    )


def test_an_unknown_name_gets_a_code_challenge_like_a_real_user(
    cognito: LocalCognito, idp: Any
) -> None:
    pool_id, client_id = _hidden(cognito, ("PASSWORD", "EMAIL_OTP"))
    real = _start(idp, client_id, "alice", "EMAIL_OTP")
    fake = _start(idp, client_id, "nobody", "EMAIL_OTP")
    assert real["ChallengeName"] == fake["ChallengeName"] == "EMAIL_OTP"
    assert set(fake["ChallengeParameters"]) == set(real["ChallengeParameters"])
    assert fake["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    assert MASKED_EMAIL.fullmatch(fake["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"])
    again = _start(idp, client_id, "nobody", "EMAIL_OTP")
    assert again["ChallengeParameters"] == fake["ChallengeParameters"]  # stable per name
    assert cognito.messages(pool_id, "nobody") == []
    for code in ("000000", "123456"):
        with pytest.raises(idp.exceptions.CodeMismatchException):
            _answer(idp, client_id, fake, code)
    real_code = cognito.messages(pool_id, "alice")[-1].code
    with pytest.raises(idp.exceptions.CodeMismatchException):
        _answer(idp, client_id, fake, real_code)


def test_the_choice_offered_is_a_verified_users(cognito: LocalCognito, idp: Any) -> None:
    _, client_id = _hidden(cognito, ("PASSWORD", "EMAIL_OTP"))
    real = _start(idp, client_id, "alice")
    fake = _start(idp, client_id, "nobody")
    assert real["ChallengeName"] == fake["ChallengeName"] == "SELECT_CHALLENGE"
    assert fake["AvailableChallenges"] == real["AvailableChallenges"]
    assert "EMAIL_OTP" in real["AvailableChallenges"]
    chosen = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SELECT_CHALLENGE",
        Session=fake["Session"],
        ChallengeResponses={"USERNAME": "nobody", "ANSWER": "EMAIL_OTP"},
    )
    assert chosen["ChallengeName"] == "EMAIL_OTP"
    assert MASKED_EMAIL.fullmatch(chosen["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"])


def test_a_passwordless_pool_does_not_refuse_an_unknown_name_at_once(
    cognito: LocalCognito, idp: Any
) -> None:
    _, client_id = _hidden(cognito, ("EMAIL_OTP",))
    real = _start(idp, client_id, "alice")
    fake = _start(idp, client_id, "nobody")
    assert fake["ChallengeName"] == real["ChallengeName"]
    assert fake.get("AvailableChallenges") == real.get("AvailableChallenges")


def test_an_unknown_name_asking_for_an_sms_code(cognito: LocalCognito, idp: Any) -> None:
    pool = cognito.create_user_pool("hidden-sms", first_factors=("PASSWORD", "SMS_OTP"))
    client_id = cognito.create_client(
        pool.id, explicit_auth_flows=ALL_FLOWS, prevent_user_existence_errors=True
    ).client_id
    phone = {"phone_number": "+15555550100", "phone_number_verified": "true"}
    cognito.create_user(pool.id, "sam", PASSWORD, attributes=phone)
    real = _start(idp, client_id, "sam", "SMS_OTP")
    fake = _start(idp, client_id, "nobody", "SMS_OTP")
    assert real["ChallengeName"] == fake["ChallengeName"] == "SMS_OTP"
    assert real["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******0100"
    assert re.fullmatch(
        r"\+\*{7}[0-9]{4}", fake["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"]
    )
    assert fake["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert cognito.messages(pool.id, "nobody") == []
