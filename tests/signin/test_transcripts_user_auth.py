"""USER_AUTH's first factors, SELECT_CHALLENGE, WEB_AUTHN and the sign-up session as transcripts.

Request shapes are the literal ones of RespondToAuthChallenge's and InitiateAuth's API reference
(botocore's service model documentation): ``PREFERRED_CHALLENGE`` in AuthParameters, the
``ANSWER`` of SELECT_CHALLENGE with that factor's own keys, ``EMAIL_OTP_CODE`` /
``SMS_OTP_CODE``, ``CREDENTIAL`` for WEB_AUTHN. The WEB_AUTHN request options arrive in
``CREDENTIAL_REQUEST_OPTIONS``, the parameter Amplify's ``handleWebAuthnSignInResult`` reads.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from signin import transcripts as tr
from srpcore.errors import InvalidParameterError
from srpcore.signin import Challenge, SignIn
from srpcore.signin.webauthn import CredentialDescriptor

NAME = tr.USER["username"]
SIGNED_IN = {"AuthenticationResult": tr.RESULT}
SIGN_UP_SESSION = "confirm-sign-up-session-0123456789abcdef"
# The CREDENTIAL the machine sends for an authenticator's dict: compact JSON of it.
CREDENTIAL = json.dumps(tr.WEBAUTHN_ASSERTION, separators=(",", ":"))


def machine(**options: Any) -> SignIn:
    """USER_AUTH for the vector's user, with a client secret and (unless given) no password."""
    settings = {"flow": "USER_AUTH", "client_secret": tr.CLIENT_SECRET, "password": None}
    return tr.machine(**{**settings, **options})


def opening(**auth: str) -> dict[str, Any]:
    """InitiateAuth(USER_AUTH)'s parameters, ``auth`` added to USERNAME and SECRET_HASH."""
    return tr.initiate("USER_AUTH", {"USERNAME": NAME, **auth, "SECRET_HASH": tr.secret_hash(NAME)})


def answer(name: str, session: str, **responses: str) -> dict[str, Any]:
    return tr.answered(name, session, secret=True, **responses)


def done(name: str, session: str, **responses: str) -> tr.Turn:
    """The caller's last answer, which the service meets with the tokens."""
    return tr.Turn("RespondToAuthChallenge", answer(name, session, **responses), SIGNED_IN)


def code_challenge(name: str, session: str) -> dict[str, Any]:
    medium = "EMAIL" if name == "EMAIL_OTP" else "SMS"
    destination = "a***@e***" if medium == "EMAIL" else "+*******0100"
    return {
        "ChallengeName": name,
        "Session": session,
        "ChallengeParameters": {
            "CODE_DELIVERY_DELIVERY_MEDIUM": medium,
            "CODE_DELIVERY_DESTINATION": destination,
            "USERNAME": NAME,
        },
    }


def webauthn_challenge(session: str) -> dict[str, Any]:
    options = json.dumps(tr.WEBAUTHN_OPTIONS)
    parameters = {"CREDENTIAL_REQUEST_OPTIONS": options, "USERNAME": NAME}
    return {"ChallengeName": "WEB_AUTHN", "Session": session, "ChallengeParameters": parameters}


def select(*offered: str) -> dict[str, Any]:
    return {
        "ChallengeName": "SELECT_CHALLENGE",
        "Session": tr.SESSION,
        "ChallengeParameters": {"USERNAME": NAME},
        "AvailableChallenges": list(offered),
    }


def shown_select(*offered: str) -> dict[str, Any]:
    return {"name": "SELECT_CHALLENGE", "available_challenges": offered}


@pytest.mark.parametrize(
    ("name", "key", "mistyped"),
    [("EMAIL_OTP", "EMAIL_OTP_CODE", True), ("SMS_OTP", "SMS_OTP_CODE", False)],
)
def test_a_code_as_the_first_factor_needs_no_password(name: str, key: str, mistyped: bool) -> None:
    """The code goes back under its factor's key; a refused code may be typed again."""
    reply = code_challenge(name, tr.SESSION)
    medium = reply["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"]
    destination = reply["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"]
    first = "11111111" if mistyped else "40958172"
    turns = [
        tr.Turn(
            "InitiateAuth",
            opening(PREFERRED_CHALLENGE=name),
            reply,
            shown={"name": name, "delivery_medium": medium, "delivery_destination": destination},
            answer=first,
        )
    ]
    if mistyped:
        turns.append(
            tr.Turn(
                "RespondToAuthChallenge",
                answer(name, tr.SESSION, **{key: first}),
                error=("CodeMismatchException", "Invalid code or auth state for the user."),
                answer="40958172",
            )
        )
    last = done(name, tr.SESSION, **{key: "40958172"})
    tr.signed_in(tr.play(machine(preferred_challenge=name), [*turns, last]))


def test_the_password_as_the_first_factor_then_mfa() -> None:
    turns = [
        tr.Turn(
            "InitiateAuth",
            opening(PASSWORD=tr.USER["password"], PREFERRED_CHALLENGE="PASSWORD"),
            {
                "ChallengeName": "SOFTWARE_TOKEN_MFA",
                "Session": tr.SESSION,
                "ChallengeParameters": {},
            },
            shown={"name": "SOFTWARE_TOKEN_MFA"},
            answer="123456",
        ),
        done("SOFTWARE_TOKEN_MFA", tr.SESSION, SOFTWARE_TOKEN_MFA_CODE="123456"),
    ]
    m = machine(preferred_challenge="PASSWORD", password=tr.USER["password"])
    tr.signed_in(tr.play(m, turns))


def test_web_authn_with_an_authenticator_signs_in_in_one_call() -> None:
    """The authenticator gets its own copy of the options; its answer is the CREDENTIAL."""
    seen: list[dict[str, Any]] = []

    def authenticator(options: dict[str, Any]) -> dict[str, Any]:
        seen.append(json.loads(json.dumps(options)))
        options["challenge"] = "tampered-by-the-callee"  # its own copy: nothing leaks back
        return tr.WEBAUTHN_ASSERTION

    turns = [
        tr.Turn(
            "InitiateAuth", opening(PREFERRED_CHALLENGE="WEB_AUTHN"), webauthn_challenge(tr.SESSION)
        ),
        done("WEB_AUTHN", tr.SESSION, CREDENTIAL=CREDENTIAL),
    ]
    m = machine(preferred_challenge="WEB_AUTHN", authenticator=authenticator)
    tr.signed_in(tr.play(m, turns))
    assert seen == [tr.WEBAUTHN_OPTIONS]


def test_a_web_authn_challenge_shows_typed_options_and_sends_the_caller_s_text() -> None:
    m = machine(preferred_challenge="WEB_AUTHN")
    opened = tr.Turn(
        "InitiateAuth",
        opening(PREFERRED_CHALLENGE="WEB_AUTHN"),
        webauthn_challenge(tr.SESSION),
        shown={"name": "WEB_AUTHN", "request_options": tr.WEBAUTHN_OPTIONS},
    )
    step = tr.play(m, [opened])
    assert isinstance(step, Challenge) and step.webauthn is not None
    request = step.webauthn
    assert (request.challenge, request.rp_id, request.timeout, request.user_verification) == (
        "q83vEjRWeJCrze8SNFZ4kA",
        "auth.example.com",
        180000,
        "required",
    )
    assert request.allow_credentials == (
        CredentialDescriptor("AAECAwQFBgcICQ", "public-key", ("internal", "hybrid")),
    )
    assert "q83vEjRW" not in repr(step) + repr(request)
    text = json.dumps(tr.WEBAUTHN_ASSERTION, indent=2)  # sent exactly as the caller gave it
    last = done("WEB_AUTHN", tr.SESSION, CREDENTIAL=text)
    tr.signed_in(tr.play(m, [last], first=step.answer(text)))


def test_select_challenge_then_a_code() -> None:
    offered = ("WEB_AUTHN", "EMAIL_OTP", "PASSWORD")
    turns = [
        tr.Turn(
            "InitiateAuth",
            opening(),
            select(*offered),
            shown=shown_select(*offered),
            answer="EMAIL_OTP",
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            answer("SELECT_CHALLENGE", tr.SESSION, ANSWER="EMAIL_OTP"),
            code_challenge("EMAIL_OTP", tr.SESSION_2),
            shown={"name": "EMAIL_OTP"},
            answer="55501234",
        ),
        done("EMAIL_OTP", tr.SESSION_2, EMAIL_OTP_CODE="55501234"),
    ]
    tr.signed_in(tr.play(machine(preferred_challenge=None), turns))


def test_select_challenge_password_needs_the_password_and_sends_it() -> None:
    m = machine(preferred_challenge=None)
    opened = tr.Turn("InitiateAuth", opening(), select("PASSWORD", "EMAIL_OTP"))
    step = tr.play(m, [opened])
    assert isinstance(step, Challenge)
    with pytest.raises(InvalidParameterError, match="PASSWORD needs the password"):
        step.answer("PASSWORD")
    password = tr.USER["password"]
    last = done("SELECT_CHALLENGE", tr.SESSION, ANSWER="PASSWORD", PASSWORD=password)
    tr.signed_in(tr.play(m, [last], first=step.answer("PASSWORD", password=password)))


def test_select_challenge_password_srp_with_the_password_given_to_the_answer() -> None:
    turns = [
        tr.Turn(
            "InitiateAuth",
            opening(),
            select("PASSWORD_SRP"),
            answer="PASSWORD_SRP",
            password=tr.USER["password"],
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            answer(
                "SELECT_CHALLENGE", tr.SESSION, ANSWER="PASSWORD_SRP", SRP_A=tr.USER["srp_a_hex"]
            ),
            tr.verifier_challenge(tr.USER, session=tr.SESSION_2),
        ),
        tr.verified(tr.SESSION_2, secret=True),
    ]
    tr.signed_in(tr.play(machine(preferred_challenge=None), turns))


def test_select_challenge_web_authn_answered_by_the_authenticator() -> None:
    turns = [
        tr.Turn("InitiateAuth", opening(), select("WEB_AUTHN", "EMAIL_OTP"), answer="WEB_AUTHN"),
        tr.Turn(
            "RespondToAuthChallenge",
            answer("SELECT_CHALLENGE", tr.SESSION, ANSWER="WEB_AUTHN"),
            webauthn_challenge(tr.SESSION_2),
        ),
        done("WEB_AUTHN", tr.SESSION_2, CREDENTIAL=CREDENTIAL),
    ]
    m = machine(preferred_challenge=None, authenticator=lambda _: tr.WEBAUTHN_ASSERTION)
    tr.signed_in(tr.play(m, turns))


def test_a_sign_up_session_signs_in_without_a_factor_or_preference() -> None:
    turns = [tr.Turn("InitiateAuth", {**opening(), "Session": SIGN_UP_SESSION}, SIGNED_IN)]
    tr.signed_in(tr.play(machine(session=SIGN_UP_SESSION), turns))
