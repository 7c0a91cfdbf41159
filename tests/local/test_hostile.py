"""Hostile requests: each gets the right error, and nothing else changes.

Before every attack a bystander sign-in is started on another app client (one USER_SRP_AUTH
challenge and one Session-bearing USER_AUTH challenge); after it, both bystanders must still
complete, a fresh sign-in must work, and no user record may have changed.
"""

from __future__ import annotations

import functools
import http.client
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest

from srpcore import UserSRP
from srpcore.cognito.proof import GROUP, compute_password_claim
from srpcore.cognito.timestamp import cognito_timestamp
from srpcore.core.engine import default_engine
from srpcore.local import LocalCognito

PASSWORD = "correct horse battery staple"
N = GROUP.N
INCORRECT = "Incorrect username or password."
INVALID_SESSION = "Invalid session for the user."


class Clock:
    """The endpoint's and the clients' clock: a day of month with one digit, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 5, 9, 3, 7, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Target:
    cognito: LocalCognito
    clock: Clock
    idp: Any
    pool_id: str
    app: Any  # public client, default 3-minute sessions
    secret_app: Any
    bystander_app: Any  # 15-minute sessions: outlives the clock attacks

    def srp(self, app: Any = None, **kwargs: Any) -> UserSRP:
        app = app or self.app
        options = {
            "pool_id": self.pool_id,
            "username": "alice",
            "password": PASSWORD,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "clock": self.clock,
            **kwargs,
        }
        return UserSRP(**options)

    def initiate(self, params: dict[str, str], app: Any = None, flow: str = "USER_SRP_AUTH") -> Any:
        app = app or self.app
        return self.idp.initiate_auth(AuthFlow=flow, ClientId=app.client_id, AuthParameters=params)

    def respond(self, responses: dict[str, str], app: Any = None, **extra: Any) -> Any:
        app = app or self.app
        return self.idp.respond_to_auth_challenge(
            ClientId=app.client_id,
            ChallengeName=extra.pop("ChallengeName", "PASSWORD_VERIFIER"),
            ChallengeResponses=responses,
            **extra,
        )

    def challenge(self, app: Any = None, **kwargs: Any) -> tuple[UserSRP, dict[str, str]]:
        srp = self.srp(app, **kwargs)
        return srp, self.initiate(srp.auth_parameters(), app)["ChallengeParameters"]

    def raw(
        self, body: bytes, target: str | None = "InitiateAuth", **headers: str
    ) -> tuple[int, dict[str, Any]]:
        url = urlsplit(self.cognito.endpoint_url)
        conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
        sent = {"Content-Type": "application/x-amz-json-1.1"}
        if target is not None:
            sent["X-Amz-Target"] = f"AWSCognitoIdentityProviderService.{target}"
        try:
            conn.putrequest("POST", "/")
            for key, value in sent.items():
                conn.putheader(key, value)
            conn.putheader("Content-Length", headers.get("Content-Length", str(len(body))))
            conn.endheaders(body)
            response = conn.getresponse()
            return response.status, json.loads(response.read())
        finally:
            conn.close()


@pytest.fixture
def target() -> Iterator[Target]:
    clock = Clock()
    with LocalCognito(clock=clock) as cognito:
        pool = cognito.create_user_pool("hostile")
        flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
        app = cognito.create_client(pool.id, explicit_auth_flows=flows)
        secret_app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=flows)
        bystander = cognito.create_client(pool.id, explicit_auth_flows=flows, session_validity=15)
        cognito.create_user(pool.id, "alice", PASSWORD)
        cognito.create_user(pool.id, "bob", PASSWORD)
        yield Target(cognito, clock, cognito.boto3_client(), pool.id, app, secret_app, bystander)


def _signed_challenge(t: Target, timestamp: Callable[[], str]) -> dict[str, str]:
    """A challenge answered with a *valid* signature over an arbitrary TIMESTAMP text."""
    a = secrets.randbits(256) | 1 << 255
    srp = t.srp(ephemeral=a)
    params = t.initiate(srp.auth_parameters())["ChallengeParameters"]
    return _signed(t, srp, a, params, timestamp())


def _signed(
    t: Target, srp: UserSRP, a: int, params: dict[str, str], timestamp: str
) -> dict[str, str]:
    claim = compute_password_claim(
        pool_name=t.pool_id.split("_")[1],
        user_id=params["USER_ID_FOR_SRP"],
        password=PASSWORD,
        a=a,
        a_pub=srp.a_pub,
        srp_b=params["SRP_B"],
        salt=params["SALT"],
        secret_block=params["SECRET_BLOCK"],
        timestamp=timestamp,
        engine=default_engine(),
    )
    return {
        "USERNAME": params["USER_ID_FOR_SRP"],
        "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
        "PASSWORD_CLAIM_SIGNATURE": claim.signature,
        "TIMESTAMP": timestamp,
    }


# --- the attacks ------------------------------------------------------------------------------


def _a(value: str) -> Callable[[Target], Any]:
    return lambda t: t.initiate({"USERNAME": "alice", "SRP_A": value})


def replayed_secret_block(t: Target) -> Any:
    srp, params = t.challenge()
    answer = srp.answer_password_verifier(params)
    t.respond(answer)
    return t.respond(answer)


def tampered_signature(t: Target) -> Any:
    srp, params = t.challenge()
    answer = srp.answer_password_verifier(params)
    sig = answer["PASSWORD_CLAIM_SIGNATURE"]
    answer["PASSWORD_CLAIM_SIGNATURE"] = ("B" if sig[0] == "A" else "A") + sig[1:]
    return t.respond(answer)


def tampered_secret_block(t: Target) -> Any:
    srp, params = t.challenge()
    block = params["SECRET_BLOCK"]
    params["SECRET_BLOCK"] = ("B" if block[0] == "A" else "A") + block[1:]
    return t.respond(srp.answer_password_verifier(params))


def _timestamp_attack(text: Callable[[Target], str]) -> Callable[[Target], Any]:
    def attack(t: Target) -> Any:
        return t.respond(_signed_challenge(t, lambda: text(t)))

    return attack


def _wrong_weekday(t: Target) -> str:
    good = cognito_timestamp(t.clock())
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return days[(days.index(good[:3]) + 1) % 7] + good[3:]


def _zero_padded_day(t: Target) -> str:
    now = t.clock()
    good = cognito_timestamp(now)
    wd, mon, day, rest = good.split(" ", 3)
    return f"{wd} {mon} {int(day):02d} {rest}"


def _stale(t: Target) -> str:
    return cognito_timestamp(t.clock() - timedelta(minutes=10))


def block_from_another_client(t: Target) -> Any:
    srp, params = t.challenge(t.bystander_app)
    return t.respond(srp.answer_password_verifier(params), t.app)


def other_username_in_answer(t: Target) -> Any:
    srp, params = t.challenge()
    return t.respond({**srp.answer_password_verifier(params), "USERNAME": "bob"})


def missing_secret_hash(t: Target) -> Any:
    return t.initiate({"USERNAME": "alice", "SRP_A": t.srp().srp_a()}, t.secret_app)


def wrong_secret_hash(t: Target) -> Any:
    params = t.srp(t.secret_app).auth_parameters()
    params["SECRET_HASH"] = t.srp(t.secret_app, username="bob").auth_parameters()["SECRET_HASH"]
    return t.initiate(params, t.secret_app)


def missing_secret_hash_in_answer(t: Target) -> Any:
    srp, params = t.challenge(t.secret_app)
    answer = srp.answer_password_verifier(params)
    del answer["SECRET_HASH"]
    return t.respond(answer, t.secret_app)


def expired_session(t: Target) -> Any:
    srp = t.srp()
    first = t.initiate(
        {"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": srp.srp_a()},
        flow="USER_AUTH",
    )
    t.clock.advance(181)
    return t.respond(
        srp.answer_password_verifier(first["ChallengeParameters"]), Session=first["Session"]
    )


def expired_secret_block(t: Target) -> Any:
    def later() -> str:
        t.clock.advance(181)
        return cognito_timestamp(t.clock())

    return t.respond(_signed_challenge(t, later))


def reused_session(t: Target) -> Any:
    first = t.initiate({"USERNAME": "alice"}, flow="USER_AUTH")
    srp = t.srp()
    answer = {"USERNAME": "alice", "ANSWER": "PASSWORD_SRP", "SRP_A": srp.srp_a()}
    t.respond(answer, ChallengeName="SELECT_CHALLENGE", Session=first["Session"])
    return t.respond(answer, ChallengeName="SELECT_CHALLENGE", Session=first["Session"])


def forged_session(t: Target) -> Any:
    return t.respond(
        {"USERNAME": "alice", "ANSWER": "PASSWORD_SRP"},
        ChallengeName="SELECT_CHALLENGE",
        Session=secrets.token_urlsafe(96),
    )


def session_of_another_client(t: Target) -> Any:
    first = t.initiate({"USERNAME": "alice"}, t.bystander_app, flow="USER_AUTH")
    return t.respond(
        {"USERNAME": "alice", "ANSWER": "PASSWORD_SRP", "SRP_A": t.srp().srp_a()},
        ChallengeName="SELECT_CHALLENGE",
        Session=first["Session"],
    )


def wrong_challenge_name(t: Target) -> Any:
    first = t.initiate({"USERNAME": "alice"}, flow="USER_AUTH")
    return t.respond(
        {"USERNAME": "alice", "ANSWER": "x"},
        ChallengeName="CUSTOM_CHALLENGE",
        Session=first["Session"],
    )


def _raw(body: bytes, target: str | None = "InitiateAuth") -> Callable[[Target], Any]:
    return lambda t: t.raw(body, target)


@dataclass(frozen=True)
class Case:
    id: str
    attack: Callable[[Target], Any]
    code: str
    message: str | None = None
    status: int = 400
    raw: bool = False  # the attack returns (status, body) of a hand-made HTTP request


RawCase = functools.partial(Case, raw=True)

CASES = [
    Case("A = 0", _a("0"), "InvalidParameterException"),
    Case("A = N", _a(format(N, "x")), "InvalidParameterException"),
    Case("A = 2N", _a(format(2 * N, "x")), "InvalidParameterException"),
    Case("A = 1", _a("1"), "InvalidParameterException"),
    Case("A = N - 1", _a(format(N - 1, "x")), "InvalidParameterException"),
    Case("A > N", _a(format(N + 2, "x")), "InvalidParameterException"),
    Case("A negative", _a("-" + format(N - 5, "x")), "InvalidParameterException"),
    Case("huge SRP_A", _a("f" * 100_000), "InvalidParameterException"),
    Case("SRP_A not hex", _a("0x1234"), "InvalidParameterException"),
    Case("empty SRP_A", _a(""), "InvalidParameterException"),
    Case("replayed SECRET_BLOCK", replayed_secret_block, "NotAuthorizedException", INCORRECT),
    Case("tampered signature", tampered_signature, "NotAuthorizedException", INCORRECT),
    Case("tampered SECRET_BLOCK", tampered_secret_block, "NotAuthorizedException", INCORRECT),
    Case("wrong weekday", _timestamp_attack(_wrong_weekday), "NotAuthorizedException", INCORRECT),
    Case(
        "zero-padded day", _timestamp_attack(_zero_padded_day), "NotAuthorizedException", INCORRECT
    ),
    Case(
        "lower-case month",
        _timestamp_attack(lambda t: cognito_timestamp(t.clock()).lower()),
        "NotAuthorizedException",
        INCORRECT,
    ),
    Case(
        "ISO timestamp",
        _timestamp_attack(lambda t: t.clock().isoformat()),
        "NotAuthorizedException",
        INCORRECT,
    ),
    Case("stale timestamp", _timestamp_attack(_stale), "NotAuthorizedException", INCORRECT),
    Case("block of another client", block_from_another_client, "NotAuthorizedException", INCORRECT),
    Case(
        "another user's name in the answer",
        other_username_in_answer,
        "NotAuthorizedException",
        INCORRECT,
    ),
    Case(
        "missing SECRET_HASH",
        missing_secret_hash,
        "NotAuthorizedException",
        "SECRET_HASH was not received",
    ),
    Case(
        "wrong SECRET_HASH",
        wrong_secret_hash,
        "NotAuthorizedException",
        "Unable to verify secret hash",
    ),
    Case(
        "missing SECRET_HASH in the answer",
        missing_secret_hash_in_answer,
        "NotAuthorizedException",
        "SECRET_HASH was not received",
    ),
    Case("expired Session", expired_session, "NotAuthorizedException", INVALID_SESSION),
    Case("expired SECRET_BLOCK", expired_secret_block, "NotAuthorizedException", INCORRECT),
    Case("reused Session", reused_session, "NotAuthorizedException", INVALID_SESSION),
    Case("forged Session", forged_session, "NotAuthorizedException", INVALID_SESSION),
    Case(
        "Session of another client",
        session_of_another_client,
        "NotAuthorizedException",
        INVALID_SESSION,
    ),
    Case("wrong challenge name", wrong_challenge_name, "InvalidParameterException"),
    RawCase("malformed JSON", _raw(b'{"ClientId": "x", '), "SerializationException"),
    RawCase("JSON array", _raw(b"[1, 2]"), "SerializationException"),
    RawCase("invalid UTF-8", _raw(b'{"ClientId": "\xff"}'), "SerializationException"),
    RawCase("deeply nested JSON", _raw(b"[" * 100_000 + b"]" * 100_000), "SerializationException"),
    RawCase(
        "number as a parameter",
        _raw(
            json.dumps(
                {"ClientId": "x", "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": 5}}
            ).encode()
        ),
        "SerializationException",
    ),
    RawCase(
        "short Session",
        _raw(
            json.dumps(
                {"ClientId": "x", "ChallengeName": "SELECT_CHALLENGE", "Session": "short"}
            ).encode(),
            "RespondToAuthChallenge",
        ),
        "InvalidParameterException",
    ),
    RawCase(
        "client id pattern",
        _raw(json.dumps({"ClientId": "a b", "AuthFlow": "USER_SRP_AUTH"}).encode()),
        "InvalidParameterException",
    ),
    RawCase(
        "body over 1 MiB",
        lambda t: t.raw(b"", **{"Content-Length": str(2 << 20)}),  # refused before it is sent
        "SerializationException",
        status=413,
    ),
    RawCase(
        "integer of 5,000 digits",
        _raw(b'{"ClientId": "x", "AuthFlow": "USER_SRP_AUTH", "N": ' + b"9" * 5000 + b"}"),
        "SerializationException",
    ),
    RawCase(
        "lone surrogate in USERNAME with a client secret",
        lambda t: t.raw(
            json.dumps(
                {
                    "ClientId": t.secret_app.client_id,
                    "AuthFlow": "USER_SRP_AUTH",
                    "AuthParameters": {
                        "USERNAME": "al\ud800ice",
                        "SRP_A": "ab",
                        "SECRET_HASH": "x",
                    },
                }
            ).encode()
        ),
        "SerializationException",
    ),
    RawCase(
        "lone surrogate in AdminSetUserPassword",
        lambda t: t.raw(
            json.dumps(
                {"UserPoolId": t.pool_id, "Username": "alice", "Password": "pass\udc00word-1"}
            ).encode(),
            "AdminSetUserPassword",
        ),
        "SerializationException",
    ),
    RawCase(
        "lone surrogate in AccessToken",
        _raw(json.dumps({"AccessToken": "a\ud800.b.c"}).encode(), "GetUser"),
        "SerializationException",
    ),
    RawCase(
        "non-ASCII base64 in ConfirmDevice",
        _raw(
            json.dumps(
                {
                    "AccessToken": "a.b.c",
                    "DeviceKey": "us-east-1_0a",
                    "DeviceSecretVerifierConfig": {"Salt": "ééé=", "PasswordVerifier": "üü=="},
                }
            ).encode(),
            "ConfirmDevice",
        ),
        "InvalidParameterException",
    ),
    RawCase(
        "Username against the model's pattern in AdminCreateUser",
        lambda t: t.raw(
            json.dumps({"UserPoolId": t.pool_id, "Username": "has space"}).encode(),
            "AdminCreateUser",
        ),
        "InvalidParameterException",
        "regular expression pattern",
    ),
    RawCase("unknown operation", _raw(b"{}", "DeleteEverything"), "UnknownOperationException"),
    RawCase("no X-Amz-Target", _raw(b"{}", None), "UnknownOperationException"),
]


def _snapshot(t: Target) -> Any:
    repo = t.cognito.service.context.repo
    with repo.atomic():
        return (
            sorted(repo.pool_ids()),
            sorted(repo.client_ids(t.pool_id)),
            {
                u.username: (
                    u.salt,
                    u.verifier,
                    u.status,
                    u.enabled,
                    dict(u.attributes),
                    [vars(d) for d in repo.devices(t.pool_id, u.username)],
                )
                for u in repo.users(t.pool_id)
            },
        )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_request(target: Target, case: Case) -> None:
    t = target
    srp_waiting, params_waiting = t.challenge(t.bystander_app)
    srp_session = t.srp(t.bystander_app)
    session_waiting = t.initiate(
        {"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": srp_session.srp_a()},
        t.bystander_app,
        flow="USER_AUTH",
    )
    before = _snapshot(t)

    if case.raw:
        status, body = case.attack(t)
        assert (status, body["__type"]) == (case.status, case.code)
        assert set(body) == {"__type", "message"}
        message = body["message"]
    else:
        with pytest.raises(t.idp.exceptions.ClientError) as info:
            case.attack(t)
        error = info.value.response["Error"]
        assert error["Code"] == case.code
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == case.status
        message = error["Message"]
    if case.message is not None:
        assert case.message in message

    # Nothing else changed: records intact, both waiting sign-ins finish, a new one works.
    assert _snapshot(t) == before
    done = t.respond(srp_waiting.answer_password_verifier(params_waiting), t.bystander_app)
    assert "AccessToken" in done["AuthenticationResult"]
    done = t.respond(
        srp_session.answer_password_verifier(session_waiting["ChallengeParameters"]),
        t.bystander_app,
        Session=session_waiting["Session"],
    )
    assert "AccessToken" in done["AuthenticationResult"]
    srp, params = t.challenge()
    assert "AccessToken" in t.respond(srp.answer_password_verifier(params))["AuthenticationResult"]


def test_error_responses_carry_cognitos_headers(target: Target) -> None:
    status, body = target.raw(
        json.dumps({"ClientId": "nosuchclient", "AuthFlow": "USER_SRP_AUTH"}).encode()
    )
    assert status == 400
    assert body == {
        "__type": "ResourceNotFoundException",
        "message": "User pool client nosuchclient does not exist.",
    }
