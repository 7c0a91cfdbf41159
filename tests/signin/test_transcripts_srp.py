"""SRP sign-ins as transcripts: the alias rule, the admin pair and USER_AUTH's PASSWORD_SRP.

Each table is the exact requests of one flow (SRP_A, signatures and timestamps from the
vectors of AWS's JavaScript libraries, SECRET_HASH from the standard library's HMAC) and the
service's replies, as the public or admin API reference shapes them.
"""

from __future__ import annotations

from typing import Any

from signin import transcripts as tr

# A user whose internal name (USER_ID_FOR_SRP) is not what they type.
INTERNAL = tr.vector("password_verifier.json", "pv-0003")
ALIAS = "alice"
ADMIN_COMMON: dict[str, Any] = {
    "ClientMetadata": {"tenant": "blue"},
    "AnalyticsMetadata": {"AnalyticsEndpointId": "endpoint-1"},
    "ContextData": {
        "IpAddress": "192.0.2.1",
        "ServerName": "app.example.com",
        "ServerPath": "/login",
        "HttpHeaders": [{"headerName": "User-Agent", "headerValue": "transcript"}],
    },
}
PUBLIC_COMMON: dict[str, Any] = {
    "ClientMetadata": {"k": "v"},
    "UserContextData": {"IpAddress": "192.0.2.7", "EncodedData": "ctx"},
}


def test_an_alias_is_sent_once_then_the_internal_username_everywhere() -> None:
    """x, the signature, USERNAME and SECRET_HASH use USER_ID_FOR_SRP after the first call."""
    internal = INTERNAL["username"]
    turns = [
        tr.Turn(
            "InitiateAuth",
            tr.initiate(
                "USER_SRP_AUTH",
                {
                    "USERNAME": ALIAS,
                    "SRP_A": INTERNAL["srp_a_hex"],
                    "SECRET_HASH": tr.secret_hash(ALIAS),
                },
            ),
            tr.verifier_challenge(INTERNAL),
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.respond(
                "PASSWORD_VERIFIER",
                tr.verifier_answer(INTERNAL, SECRET_HASH=tr.secret_hash(internal)),
            ),
            {
                "ChallengeName": "SOFTWARE_TOKEN_MFA",
                "Session": tr.SESSION,
                "ChallengeParameters": {},
            },
            shown={"name": "SOFTWARE_TOKEN_MFA", "username": internal},
            answer="123456",
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.respond(
                "SOFTWARE_TOKEN_MFA",
                {
                    "USERNAME": internal,
                    "SOFTWARE_TOKEN_MFA_CODE": "123456",
                    "SECRET_HASH": tr.secret_hash(internal),
                },
                tr.SESSION,
            ),
            {"AuthenticationResult": tr.RESULT},
        ),
    ]
    m = tr.machine(INTERNAL, username=ALIAS, client_secret=tr.CLIENT_SECRET)
    tr.signed_in(tr.play(m, turns), internal)


def test_the_admin_pair_takes_the_pool_id_and_context_data_on_every_call() -> None:
    pool = {"UserPoolId": tr.USER["pool_id"]}
    turns = [
        tr.Turn(
            "AdminInitiateAuth",
            tr.initiate(
                "USER_SRP_AUTH",
                tr.srp_auth(tr.USER, SECRET_HASH=tr.secret_hash(tr.USER["username"])),
                **pool,
                **ADMIN_COMMON,
            ),
            tr.verifier_challenge(tr.USER),
        ),
        tr.Turn(
            "AdminRespondToAuthChallenge",
            tr.respond(
                "PASSWORD_VERIFIER",
                tr.verifier_answer(tr.USER, SECRET_HASH=tr.secret_hash(tr.USER["username"])),
                **pool,
                **ADMIN_COMMON,
            ),
            {"AuthenticationResult": tr.RESULT},
        ),
    ]
    m = tr.machine(
        admin=True,
        client_secret=tr.CLIENT_SECRET,
        client_metadata=ADMIN_COMMON["ClientMetadata"],
        analytics_metadata=ADMIN_COMMON["AnalyticsMetadata"],
        context_data=ADMIN_COMMON["ContextData"],
    )
    event = tr.signed_in(tr.play(m, turns))
    assert (event.device, event.new_device) == (None, False)


def test_user_auth_with_password_srp_sends_srp_a_up_front() -> None:
    turns = [
        tr.Turn(
            "InitiateAuth",
            tr.initiate(
                "USER_AUTH",
                tr.srp_auth(tr.USER, PREFERRED_CHALLENGE="PASSWORD_SRP"),
                **PUBLIC_COMMON,
            ),
            tr.verifier_challenge(tr.USER, session=tr.SESSION),
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.respond(
                "PASSWORD_VERIFIER", tr.verifier_answer(tr.USER), tr.SESSION, **PUBLIC_COMMON
            ),
            {"AuthenticationResult": tr.RESULT},
        ),
    ]
    m = tr.machine(
        flow="USER_AUTH",
        client_metadata=PUBLIC_COMMON["ClientMetadata"],
        user_context_data=PUBLIC_COMMON["UserContextData"],
    )
    tr.signed_in(tr.play(m, turns))


def test_each_reply_s_session_is_the_one_echoed() -> None:
    """The PASSWORD_VERIFIER answer carries the Session of the reply it answers, not the first."""
    select: dict[str, Any] = {
        "ChallengeName": "SELECT_CHALLENGE",
        "Session": tr.SESSION,
        "ChallengeParameters": {},
        "AvailableChallenges": ["EMAIL_OTP", "PASSWORD_SRP", "PASSWORD"],
    }
    name = tr.USER["username"]
    turns = [
        tr.Turn(
            "InitiateAuth",
            tr.initiate("USER_AUTH", {"USERNAME": name, "SECRET_HASH": tr.secret_hash(name)}),
            select,
            shown={
                "name": "SELECT_CHALLENGE",
                "available_challenges": ("EMAIL_OTP", "PASSWORD_SRP", "PASSWORD"),
            },
            answer="PASSWORD_SRP",
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.respond(
                "SELECT_CHALLENGE",
                {
                    "ANSWER": "PASSWORD_SRP",
                    "USERNAME": name,
                    "SRP_A": tr.USER["srp_a_hex"],
                    "SECRET_HASH": tr.secret_hash(name),
                },
                tr.SESSION,
            ),
            tr.verifier_challenge(tr.USER, session=tr.SESSION_2),
        ),
        tr.verified(tr.SESSION_2, secret=True),
    ]
    m = tr.machine(flow="USER_AUTH", preferred_challenge=None, client_secret=tr.CLIENT_SECRET)
    tr.signed_in(tr.play(m, turns))
