"""One challenge vocabulary (srpcore.cognito.vocabulary), and the machine reads it."""

from __future__ import annotations

import pytest

from srpcore import signin
from srpcore.cognito import vocabulary
from srpcore.signin import challenges, machine, types

# From the RespondToAuthChallenge API reference (ChallengeResponses per ChallengeName).
COGNITO_CODE_KEYS = {
    "SMS_MFA": "SMS_MFA_CODE",
    "SMS_OTP": "SMS_OTP_CODE",
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
}
SRP_ANSWERED = {
    "PASSWORD_SRP",
    "PASSWORD_VERIFIER",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
}
# AuthFactorType without SOFTWARE_TOKEN (not a first factor), PASSWORD split into its two
# USER_AUTH forms: the SELECT_CHALLENGE answers RespondToAuthChallenge's reference lists.
USER_AUTH_FIRST_FACTORS = {"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"}


def test_the_machine_and_the_types_use_the_vocabulary_sets() -> None:
    assert machine.SELF_ANSWERED is vocabulary.SRP_CHALLENGES
    assert types.CALLER_CHALLENGES is signin.CALLER_CHALLENGES is vocabulary.CALLER_CHALLENGES
    assert challenges.CODE_KEYS is vocabulary.CODE_KEYS
    assert types.VERIFY_SOFTWARE_TOKEN is vocabulary.VERIFY_SOFTWARE_TOKEN


def test_the_table_says_what_cognito_says() -> None:
    assert dict(vocabulary.CODE_KEYS) == COGNITO_CODE_KEYS
    assert vocabulary.SRP_CHALLENGES == SRP_ANSWERED
    assert vocabulary.DEVICE_KEYED == SRP_ANSWERED | {"SELECT_CHALLENGE"}
    assert not vocabulary.SRP_CHALLENGES & vocabulary.CALLER_CHALLENGES
    assert set(vocabulary.CHALLENGES) == (
        vocabulary.SRP_CHALLENGES | vocabulary.CALLER_CHALLENGES | {"PASSWORD"}
    )
    assert set(vocabulary.FIRST_FACTORS) == USER_AUTH_FIRST_FACTORS
    assert vocabulary.PASSWORD_FACTORS == {"PASSWORD", "PASSWORD_SRP"}
    assert vocabulary.answer_key("WEB_AUTHN") == "CREDENTIAL"
    assert vocabulary.answer_key("SELECT_CHALLENGE") == "ANSWER"


def test_every_caller_challenge_has_an_answer_key_and_a_label() -> None:
    for name in vocabulary.CALLER_CHALLENGES:
        info = vocabulary.CHALLENGES[name]
        assert info.answer_key and info.label, name
    assert vocabulary.answer_key("PASSWORD_VERIFIER") is None
    assert vocabulary.answer_key("NO_SUCH_CHALLENGE") is None


@pytest.mark.parametrize(
    ("name", "attributes", "key"),
    [
        ("SMS_MFA", {}, "SMS_MFA_CODE"),
        ("SMS_OTP", {}, "SMS_OTP_CODE"),
        ("EMAIL_OTP", {}, "EMAIL_OTP_CODE"),
        ("SOFTWARE_TOKEN_MFA", {}, "SOFTWARE_TOKEN_MFA_CODE"),
        ("SELECT_MFA_TYPE", {}, "ANSWER"),
        ("CUSTOM_CHALLENGE", {}, "ANSWER"),
        ("NEW_PASSWORD_REQUIRED", {}, "NEW_PASSWORD"),
    ],
)
def test_the_machine_answers_under_the_vocabulary_key(
    name: str, attributes: dict[str, str], key: str
) -> None:
    responses = challenges.encode_answer(name, "the-answer", attributes)
    assert responses == {key: "the-answer"}
    assert vocabulary.answer_key(name) == key
