"""Challenges only the caller can answer, as transcripts: what the caller is shown, the exact
answer the machine sends (ChallengeResponses keys of RespondToAuthChallenge's API reference),
each reply's Session echoed, and a refused answer or reply.

Every transcript signs in with SRP first (the vectors' values, SECRET_HASH by HMAC).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from signin import transcripts as tr
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin import VERIFY_SOFTWARE_TOKEN, Challenge, SignIn, Tokens

SIGNED_IN = {"AuthenticationResult": tr.RESULT}
SECRET_CODE = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def challenge(name: str, session: str = tr.SESSION, **params: str) -> dict[str, Any]:
    """The service's reply naming challenge ``name``."""
    return {"ChallengeName": name, "Session": session, "ChallengeParameters": params}


def secret_machine(**options: Any) -> SignIn:
    return tr.machine(client_secret=tr.CLIENT_SECRET, **options)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SMS_MFA", "SMS_MFA_CODE"),
        ("SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE"),
        ("EMAIL_OTP", "EMAIL_OTP_CODE"),
    ],
)
def test_a_code_challenge_shows_where_the_code_went_and_sends_it(name: str, key: str) -> None:
    delivery = {
        "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
        "CODE_DELIVERY_DESTINATION": "+*******0100",
    }
    shown = {"name": name, "delivery_medium": "SMS", "delivery_destination": "+*******0100"}
    turns = tr.password_verified(
        challenge(name, **delivery), secret=True, shown=shown, answer="246810"
    )
    turns.append(
        tr.Turn(
            "RespondToAuthChallenge",
            tr.answered(name, tr.SESSION, secret=True, **{key: "246810"}),
            SIGNED_IN,
        )
    )
    tr.signed_in(tr.play(secret_machine(), turns))


def test_new_password_required_names_the_attributes_and_refuses_one_missing() -> None:
    m = secret_machine()
    required = json.dumps(["userAttributes.name", "userAttributes.family_name"])
    reply = challenge(
        "NEW_PASSWORD_REQUIRED",
        userAttributes=json.dumps({"email": "alice@example.com", "email_verified": "true"}),
        requiredAttributes=required,
        USER_ID_FOR_SRP=tr.USER["username"],
    )
    shown = {
        "required_attributes": ("name", "family_name"),
        "user_attributes": {"email": "alice@example.com", "email_verified": "true"},
    }
    step = tr.play(m, tr.password_verified(reply, secret=True, shown=shown))
    assert isinstance(step, Challenge)
    with pytest.raises(InvalidParameterError, match="family_name"):
        step.answer("N3w-passw0rd!", attributes={"name": "Alice"})
    names = {"name": "Alice", "family_name": "Liddell"}
    sent = {"userAttributes.name": "Alice", "userAttributes.family_name": "Liddell"}
    last = tr.Turn(
        "RespondToAuthChallenge",
        tr.answered(
            "NEW_PASSWORD_REQUIRED", tr.SESSION, secret=True, NEW_PASSWORD="N3w-passw0rd!", **sent
        ),
        SIGNED_IN,
    )
    tr.signed_in(tr.play(m, [last], first=step.answer("N3w-passw0rd!", attributes=names)))


def test_select_mfa_type_offers_the_pool_s_choices_then_the_code() -> None:
    m = secret_machine()
    reply = challenge("SELECT_MFA_TYPE", MFAS_CAN_CHOOSE='["SMS_MFA","SOFTWARE_TOKEN_MFA"]')
    step = tr.play(
        m,
        tr.password_verified(
            reply, secret=True, shown={"options": ("SMS_MFA", "SOFTWARE_TOKEN_MFA")}
        ),
    )
    assert isinstance(step, Challenge)
    with pytest.raises(InvalidParameterError, match="not one of"):
        step.answer("EMAIL_OTP")
    turns = [
        tr.Turn(
            "RespondToAuthChallenge",
            tr.answered("SELECT_MFA_TYPE", tr.SESSION, secret=True, ANSWER="SOFTWARE_TOKEN_MFA"),
            challenge("SOFTWARE_TOKEN_MFA", tr.SESSION_2),
            shown={"name": "SOFTWARE_TOKEN_MFA"},
            answer="135790",
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.answered(
                "SOFTWARE_TOKEN_MFA", tr.SESSION_2, secret=True, SOFTWARE_TOKEN_MFA_CODE="135790"
            ),
            SIGNED_IN,
        ),
    ]
    tr.signed_in(tr.play(m, turns, first=step.answer("SOFTWARE_TOKEN_MFA")))


def mfa_setup(m: SignIn, *, admin: bool) -> Challenge:
    """Sign in to MFA_SETUP, choose the app: AssociateSoftwareToken, then VERIFY_SOFTWARE_TOKEN."""
    reply = challenge("MFA_SETUP", MFAS_CAN_SETUP='["SOFTWARE_TOKEN_MFA"]')
    turns = tr.password_verified(
        reply,
        secret=True,
        admin=admin,
        shown={"options": ("SOFTWARE_TOKEN_MFA",)},
        answer="SOFTWARE_TOKEN_MFA",
    )
    turns.append(
        tr.Turn(
            "AssociateSoftwareToken",
            {"Session": tr.SESSION},
            {"SecretCode": SECRET_CODE, "Session": tr.SESSION_2},
            shown={"name": VERIFY_SOFTWARE_TOKEN, "secret_code": SECRET_CODE},
        )
    )
    verify = tr.play(m, turns)
    assert isinstance(verify, Challenge)
    assert SECRET_CODE[:8] not in repr(verify)
    return verify


def test_mfa_setup_chains_associate_verify_and_the_admin_answer() -> None:
    m = secret_machine(admin=True)
    verify = mfa_setup(m, admin=True)
    third = "third-session-from-the-service-0123"
    turns = [
        tr.Turn(
            "VerifySoftwareToken",
            {"Session": tr.SESSION_2, "UserCode": "112233", "FriendlyDeviceName": "phone"},
            {"Status": "SUCCESS", "Session": third},
        ),
        tr.Turn(
            "AdminRespondToAuthChallenge",
            {
                "UserPoolId": tr.USER["pool_id"],
                **tr.answered("MFA_SETUP", third, secret=True),
            },
            SIGNED_IN,
        ),
    ]
    first = verify.answer("112233", attributes={"FriendlyDeviceName": "phone"})
    tr.signed_in(tr.play(m, turns, first=first))


def test_a_verify_software_token_status_of_error_is_refused() -> None:
    m = secret_machine()
    verify = mfa_setup(m, admin=False)
    turns = [
        tr.Turn(
            "VerifySoftwareToken",
            {"Session": tr.SESSION_2, "UserCode": "000000"},
            {"Status": "ERROR"},
        )
    ]
    with pytest.raises(ProtocolError, match="ERROR"):
        tr.play(m, turns, first=verify.answer("000000"))


def test_a_refused_code_leaves_the_step_open_until_answered() -> None:
    m = secret_machine()
    step = tr.play(m, tr.password_verified(challenge("SMS_MFA"), secret=True))
    assert isinstance(step, Challenge)
    turns = [
        tr.Turn(
            "RespondToAuthChallenge",
            tr.answered("SMS_MFA", tr.SESSION, secret=True, SMS_MFA_CODE="000000"),
            error=("CodeMismatchException", "Invalid code received for user"),
            answer="246810",
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.answered("SMS_MFA", tr.SESSION, secret=True, SMS_MFA_CODE="246810"),
            SIGNED_IN,
        ),
    ]
    assert isinstance(tr.play(m, turns, first=step.answer("000000"), step=step), Tokens)
    with pytest.raises(ProtocolError, match="not awaiting"):
        step.answer("246810")  # answered: the step cannot be replayed
