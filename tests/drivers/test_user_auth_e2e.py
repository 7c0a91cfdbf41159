"""USER_AUTH's first factors end to end: srpcore.sign_in/respond over boto3 and real HTTP.

The endpoint under test is the local one (srpcore.local), which sends its codes through the
outbox that ``LocalCognito.messages`` reads; a movable clock stands in for the three minutes a
sign-in code and its session live (AuthSessionValidity, 3 by default, 3..15 allowed). Expected
values come from Cognito's documentation and service model: the error codes and messages of
RespondToAuthChallenge, the AvailableChallenges rule of choice-based sign-in (the pool's
AllowedFirstAuthFactors, the client's ALLOW_USER_AUTH, what the user has set up), the
ChallengeResponses keys (EMAIL_OTP_CODE, SMS_OTP_CODE, ANSWER).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

import srpcore
from srpcore.drivers.sync import refresh, respond, sign_in
from srpcore.errors import InvalidParameterError, ServiceError
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS
from srpcore.local.model import CustomAuth
from srpcore.signin import FLOWS, Challenge, Tokens

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a different horse, battery staple"
EMAIL = "alice@example.com"
PHONE = "+15555550100"
ATTRIBUTES = {
    "email": EMAIL,
    "email_verified": "true",
    "phone_number": PHONE,
    "phone_number_verified": "true",
}
CODE_FACTORS = [("EMAIL_OTP", "EMAIL", EMAIL), ("SMS_OTP", "SMS", PHONE)]
INVALID_SESSION = ("NotAuthorizedException", "Invalid session for the user.")


class Clock:
    """A clock the tests move by hand; it starts at the real time so SigV4 signing still works."""

    def __init__(self) -> None:
        self._now = datetime.now(timezone.utc)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(clock: Clock) -> Iterator[LocalCognito]:
    """An endpoint of its own on ``clock``: moving it must not put the others' SRP TIMESTAMPs
    outside the endpoint's five-minute skew."""
    with LocalCognito(clock=clock) as endpoint:
        yield endpoint


@pytest.fixture
def idp(cognito: LocalCognito) -> Any:
    return cognito.boto3_client()


@dataclass
class Pool:
    """A pool with the given first factors, a secret app client, and user alice."""

    cognito: LocalCognito
    pool_id: str
    client_id: str
    client_secret: str | None

    def options(self, username: str = "alice", **extra: Any) -> dict[str, Any]:
        """sign_in's keywords for USER_AUTH as ``username``."""
        return {
            "pool_id": self.pool_id,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "username": username,
            "flow": "USER_AUTH",
            **extra,
        }

    def last_code(self, username: str = "alice", kind: str | None = None) -> str:
        messages = self.cognito.messages(pool_id=self.pool_id, username=username)
        if kind is not None:
            messages = [m for m in messages if m.kind == kind]
        assert messages, "the endpoint sent no code"
        return messages[-1].code


def _pool(
    cognito: LocalCognito,
    factors: tuple[str, ...],
    *,
    attributes: dict[str, str] | None = None,
    session_validity: int = 3,
    **options: Any,
) -> Pool:
    pool = cognito.create_user_pool(
        "factors", first_factors=factors, auto_verified_attributes=("email",), **options
    )
    app = cognito.create_client(
        pool.id,
        generate_secret=True,
        explicit_auth_flows=ALL_FLOWS,
        session_validity=session_validity,
    )
    cognito.create_user(pool.id, "alice", PASSWORD, attributes=ATTRIBUTES | (attributes or {}))
    return Pool(cognito, pool.id, app.client_id, app.client_secret)


def _refused(call: Any) -> tuple[str, str]:
    with pytest.raises(ServiceError) as caught:
        call()
    return caught.value.code, caught.value.message


def _code_challenge(idp: Any, pool: Pool, factor: str) -> Challenge:
    step = sign_in(idp, **pool.options(preferred_challenge=factor))
    assert isinstance(step, Challenge) and step.name == factor
    return step


# --- one-time codes as the first factor --------------------------------------------------------


@pytest.mark.parametrize(("factor", "medium", "address"), CODE_FACTORS)
def test_a_code_signs_in_without_a_password(
    cognito: LocalCognito, idp: Any, factor: str, medium: str, address: str
) -> None:
    pool = _pool(cognito, ("PASSWORD", factor))
    step = _code_challenge(idp, pool, factor)
    assert step.delivery_medium == medium
    assert step.delivery_destination and address not in step.delivery_destination  # masked
    [message] = cognito.messages(pool_id=pool.pool_id, username="alice")
    assert (message.kind, message.medium, message.destination) == (factor, medium, address)
    assert message.code.isdigit() and len(message.code) == 6
    tokens = respond(idp, step, message.code)
    assert isinstance(tokens, Tokens) and tokens.username == "alice"
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "alice"


@pytest.mark.parametrize(("factor", "medium", "address"), CODE_FACTORS)
def test_a_wrong_code_is_refused_then_the_right_one_accepted(
    cognito: LocalCognito, idp: Any, factor: str, medium: str, address: str
) -> None:
    pool = _pool(cognito, (factor,))
    step = _code_challenge(idp, pool, factor)
    code = pool.last_code()
    wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)
    assert _refused(lambda: respond(idp, step, wrong)) == (
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    )
    assert isinstance(respond(idp, step, code), Tokens)  # the same session takes a retry


def test_each_attempt_draws_its_own_code(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, ("EMAIL_OTP",))
    first = _code_challenge(idp, pool, "EMAIL_OTP")
    first_code = pool.last_code()
    second = _code_challenge(idp, pool, "EMAIL_OTP")
    second_code = pool.last_code()
    assert len(cognito.messages(pool_id=pool.pool_id)) == 2
    if first_code != second_code:  # one chance in a million that two draws agree
        assert _refused(lambda: respond(idp, second, first_code))[0] == "CodeMismatchException"
    assert isinstance(respond(idp, second, second_code), Tokens)
    assert isinstance(respond(idp, first, first_code), Tokens)


def test_a_code_past_its_session_is_refused(timed: LocalCognito, clock: Clock) -> None:
    idp = timed.boto3_client()
    pool = _pool(timed, ("EMAIL_OTP",))  # AuthSessionValidity 3 minutes: session and code end
    step = _code_challenge(idp, pool, "EMAIL_OTP")
    clock.advance(181)
    code, message = _refused(lambda: respond(idp, step, pool.last_code()))
    # Cognito adds ", session is expired." here; the endpoint cannot tell an expired session
    # from one it never issued, so only the start of the message is pinned.
    assert code == "NotAuthorizedException" and message.startswith("Invalid session for the user")


def test_an_expired_code_in_a_live_session_is_expired_code(
    timed: LocalCognito, clock: Clock
) -> None:
    idp = timed.boto3_client()
    pool = _pool(timed, ("SMS_OTP",), session_validity=15)  # the session outlives the code
    step = _code_challenge(idp, pool, "SMS_OTP")
    clock.advance(181)
    assert _refused(lambda: respond(idp, step, pool.last_code())) == (
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
    )


@pytest.mark.parametrize(
    ("factor", "key"), [("EMAIL_OTP", "EMAIL_OTP_CODE"), ("SMS_OTP", "SMS_OTP_CODE")]
)
def test_a_used_code_does_not_sign_in_again(
    cognito: LocalCognito, idp: Any, factor: str, key: str
) -> None:
    """Raw boto3: the same Session and code a second time (srpcore would not resend them)."""
    pool = _pool(cognito, (factor,))
    secret_hash = srpcore.secret_hash("alice", pool.client_id, pool.client_secret or "")
    first = idp.initiate_auth(
        AuthFlow="USER_AUTH",
        ClientId=pool.client_id,
        AuthParameters={
            "USERNAME": "alice",
            "SECRET_HASH": secret_hash,
            "PREFERRED_CHALLENGE": factor,
        },
    )
    assert first["ChallengeName"] == factor
    answer = {
        "ClientId": pool.client_id,
        "ChallengeName": factor,
        "Session": first["Session"],
        "ChallengeResponses": {
            "USERNAME": "alice",
            "SECRET_HASH": secret_hash,
            key: pool.last_code(),
        },
    }
    assert "AccessToken" in idp.respond_to_auth_challenge(**answer)["AuthenticationResult"]
    with pytest.raises(ClientError) as caught:
        idp.respond_to_auth_challenge(**answer)
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == INVALID_SESSION


def test_too_many_wrong_codes_end_the_sign_in(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, ("EMAIL_OTP",))
    step = _code_challenge(idp, pool, "EMAIL_OTP")
    code = pool.last_code()
    wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)
    for _ in range(3):
        assert _refused(lambda: respond(idp, step, wrong))[0] == "CodeMismatchException"
    assert _refused(lambda: respond(idp, step, code)) == INVALID_SESSION


# --- SELECT_CHALLENGE --------------------------------------------------------------------------

EVERY_FACTOR = ("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
PASSWORDS = {"PASSWORD", "PASSWORD_SRP"}


@pytest.mark.parametrize(
    ("factors", "attributes", "offered"),
    [
        pytest.param(EVERY_FACTOR, {}, PASSWORDS | {"EMAIL_OTP", "SMS_OTP"}, id="both-verified"),
        pytest.param(
            EVERY_FACTOR,
            {"email_verified": "false"},
            PASSWORDS | {"SMS_OTP"},
            id="email-unverified",
        ),
        pytest.param(
            EVERY_FACTOR,
            {"phone_number_verified": "false"},
            PASSWORDS | {"EMAIL_OTP"},
            id="phone-unverified",
        ),
        pytest.param(
            EVERY_FACTOR,
            {"email_verified": "false", "phone_number_verified": "false"},
            PASSWORDS,
            id="nothing-verified",
        ),
        pytest.param(("PASSWORD", "EMAIL_OTP"), {}, PASSWORDS | {"EMAIL_OTP"}, id="pool-no-sms"),
        pytest.param(("EMAIL_OTP", "SMS_OTP"), {}, {"EMAIL_OTP", "SMS_OTP"}, id="pool-no-pwd"),
    ],
)
def test_select_challenge_lists_exactly_the_allowed_factors(
    cognito: LocalCognito,
    idp: Any,
    factors: tuple[str, ...],
    attributes: dict[str, str],
    offered: set[str],
) -> None:
    pool = _pool(cognito, factors, attributes=attributes)
    step = sign_in(idp, **pool.options(preferred_challenge=None))
    assert isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE"
    assert set(step.available_challenges) == offered  # WEB_AUTHN: no passkey registered
    choice = "EMAIL_OTP" if "EMAIL_OTP" in offered else "PASSWORD_SRP"
    chosen = respond(idp, step, choice, password=PASSWORD)
    if choice == "EMAIL_OTP":
        assert isinstance(chosen, Challenge) and chosen.name == "EMAIL_OTP"
        chosen = respond(idp, chosen, pool.last_code())
    assert isinstance(chosen, Tokens)


def test_a_factor_not_offered_is_refused_before_it_is_sent(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, ("PASSWORD", "EMAIL_OTP"))
    step = sign_in(idp, **pool.options(preferred_challenge=None))
    assert isinstance(step, Challenge) and "SMS_OTP" not in step.available_challenges
    with pytest.raises(InvalidParameterError, match="not one of the offered"):
        respond(idp, step, "SMS_OTP")
    assert cognito.messages(pool_id=pool.pool_id) == []  # nothing was sent
    assert isinstance(respond(idp, step, "PASSWORD", password=PASSWORD), Tokens)  # still open


# --- sign-up straight into sign-in, and forgot-password ----------------------------------------


def test_sign_up_confirm_then_user_auth_with_the_session(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, ("PASSWORD", "EMAIL_OTP"))
    secret_hash = srpcore.secret_hash("bob", pool.client_id, pool.client_secret or "")
    signed_up = idp.sign_up(
        ClientId=pool.client_id,
        SecretHash=secret_hash,
        Username="bob",
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
    )
    assert signed_up["UserConfirmed"] is False and signed_up["Session"]
    assert signed_up["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    [message] = cognito.messages(pool_id=pool.pool_id, username="bob")
    assert (message.kind, message.destination) == ("SIGN_UP", "bob@example.com")
    confirmed = idp.confirm_sign_up(
        ClientId=pool.client_id,
        SecretHash=secret_hash,
        Username="bob",
        ConfirmationCode=message.code,
        Session=signed_up["Session"],  # SignUp's Session: ConfirmSignUp then returns one
    )
    assert confirmed["Session"]
    tokens = sign_in(idp, **pool.options("bob"), session=confirmed["Session"])
    assert isinstance(tokens, Tokens) and tokens.username == "bob"
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "bob"
    # The Session is good for one sign-in only.
    again = _refused(lambda: sign_in(idp, **pool.options("bob"), session=confirmed["Session"]))
    assert again[0] == "NotAuthorizedException"


def test_forgot_password_end_to_end(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, ("PASSWORD",))
    secret_hash = srpcore.secret_hash("alice", pool.client_id, pool.client_secret or "")
    sent = idp.forgot_password(ClientId=pool.client_id, SecretHash=secret_hash, Username="alice")
    assert sent["CodeDeliveryDetails"]["DeliveryMedium"] in {"EMAIL", "SMS"}
    code = pool.last_code(kind="FORGOT_PASSWORD")
    reset = {
        "ClientId": pool.client_id,
        "SecretHash": secret_hash,
        "Username": "alice",
        "ConfirmationCode": code,
        "Password": NEW_PASSWORD,
    }
    idp.confirm_forgot_password(**reset)
    srp: dict[str, Any] = {"pool_id": pool.pool_id, "client_id": pool.client_id}
    srp |= {"client_secret": pool.client_secret, "username": "alice"}  # USER_SRP_AUTH
    assert isinstance(sign_in(idp, **srp, password=NEW_PASSWORD), Tokens)
    assert _refused(lambda: sign_in(idp, **srp, password=PASSWORD)) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )
    with pytest.raises(ClientError) as caught:  # the code was spent
        idp.confirm_forgot_password(**{**reset, "Password": PASSWORD})
    assert caught.value.response["Error"]["Code"] in {
        "CodeMismatchException",
        "ExpiredCodeException",
    }


# --- every AuthFlow sign_in takes, and both refresh flows --------------------------------------


@pytest.mark.parametrize("flow", FLOWS)
def test_every_flow_signs_in_over_http(cognito: LocalCognito, idp: Any, flow: str) -> None:
    pool = _pool(cognito, ("PASSWORD",), custom_auth=CustomAuth(answers=("42",)))
    options = pool.options(flow=flow, password=PASSWORD)
    result = sign_in(idp, **options, admin=flow.startswith("ADMIN_"))
    if flow == "CUSTOM_AUTH":  # SRP first, then the pool's custom challenge
        assert isinstance(result, Challenge) and result.name == "CUSTOM_CHALLENGE"
        result = respond(idp, result, "42")
    assert isinstance(result, Tokens) and result.refresh_token is not None
    assert idp.get_user(AccessToken=result.access_token)["Username"] == "alice"
    for refresh_flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        fresh = refresh(
            idp,
            client_id=pool.client_id,
            client_secret=pool.client_secret,
            refresh_token=result.refresh_token,
            username=result.username,
            flow=refresh_flow,
        )
        assert idp.get_user(AccessToken=fresh.access_token)["Username"] == "alice"
