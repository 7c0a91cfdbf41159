"""Transcripts of the sans-IO machine: each turn is the request it must send and the reply.

A transcript is data: (expected operation, expected parameters, canned response or service
error) per call, with what the caller must be shown and answers where a Challenge comes back.
:func:`play` runs a machine through one and returns the final event. The SRP values
(ephemerals, SRP_A, signatures, timestamps) come from the vector files, produced by AWS's
JavaScript libraries, and every SECRET_HASH from :func:`secret_hash` (the standard library's
HMAC), never from srpcore itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from srpcore.signin import Challenge, Request, SignIn, Tokens

VECTORS = Path(__file__).resolve().parents[2] / "vectors"
RESULT = {
    "AccessToken": "access.token.value",
    "ExpiresIn": 3600,
    "TokenType": "Bearer",
    "RefreshToken": "refresh-token-value",
    "IdToken": "id.token.value",
}

# A WEB_AUTHN challenge's request options, and an AuthenticationResponseJSON for them: a fake,
# since the client never verifies it (the service does).
WEBAUTHN_OPTIONS = {
    "challenge": "q83vEjRWeJCrze8SNFZ4kA",
    "rpId": "auth.example.com",
    "timeout": 180000,
    "userVerification": "required",
    "allowCredentials": [
        {"id": "AAECAwQFBgcICQ", "type": "public-key", "transports": ["internal", "hybrid"]}
    ],
}
WEBAUTHN_ASSERTION = {
    "id": "AAECAwQFBgcICQ",
    "rawId": "AAECAwQFBgcICQ",
    "type": "public-key",
    "response": {
        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
        "authenticatorData": "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ",
        "signature": "MEUCIQDfakefakefake",
        "userHandle": "YWxpY2U",
    },
    "clientExtensionResults": {},
    "authenticatorAttachment": "platform",
}


def vector(file: str, vector_id: str, table: str = "vectors") -> dict[str, Any]:
    """One vector's inputs and outputs merged (outputs win on a shared name)."""
    document = json.loads((VECTORS / file).read_text(encoding="utf-8"))
    found = next(v for v in document[table] if v["id"] == vector_id)
    return {**found["inputs"], **found["outputs"]}


def scripted_rng(*ephemerals_hex: str) -> Callable[[int], bytes]:
    """An rng handing out the vectors' ephemerals ``a`` in order, sized as asked."""
    queue: Iterator[str] = iter(ephemerals_hex)

    def rng(size: int) -> bytes:
        return bytes.fromhex(next(queue)).rjust(size, b"\0")

    return rng


def scripted_clock(*utc: str) -> Callable[[], datetime]:
    """A clock giving the vectors' instants in order (one per signature)."""
    queue = iter(datetime.fromisoformat(u.replace("Z", "+00:00")) for u in utc)
    return lambda: next(queue)


@dataclass(frozen=True)
class Turn:
    """One call: what the machine must send and what the service answers.

    ``reply`` is the response fed to :meth:`SignIn.receive`; with ``error`` (code, message) the
    call fails instead and the pair goes to :meth:`SignIn.receive_error`. When the call ends in
    a Challenge for the caller, each of ``shown`` must equal that attribute of it and
    ``answer`` (with ``attributes`` and ``password``) is the caller's reply; after an error that
    leaves the step open, ``answer`` answers the same step again.
    """

    operation: str
    params: Mapping[str, Any]
    reply: Mapping[str, Any] = field(default_factory=dict)
    answer: Any = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    password: str | None = None
    shown: Mapping[str, Any] = field(default_factory=dict)
    error: tuple[str, str] | None = None


def play(
    machine: SignIn,
    turns: list[Turn],
    first: Request | None = None,
    step: Challenge | None = None,
) -> Tokens | Challenge | None:
    """Run ``machine`` through ``turns``; every request must match exactly, in order.

    ``first`` is the request to start from (the answer to ``step``, made outside the
    transcript), else :meth:`SignIn.start`'s. ``None`` is returned when the last turn's error
    ended the attempt.
    """
    event: Request | Tokens | Challenge | None = first if first is not None else machine.start()
    for number, turn in enumerate(turns, 1):
        assert isinstance(event, Request), f"turn {number}: expected a request, got {event!r}"
        assert (event.operation, event.kwargs()) == (turn.operation, dict(turn.params)), number
        if turn.error is None:
            event = machine.receive(turn.reply)
        else:
            event = machine.receive_error(*turn.error)
            if event is None and turn.answer is not None:
                event = step  # the step stays open: the caller answers it again
        if isinstance(event, Challenge):
            shown = {name: getattr(event, name) for name in turn.shown}
            assert shown == dict(turn.shown), f"turn {number}: the caller saw {shown!r}"
            step = event
        else:
            assert not turn.shown, f"turn {number}: expected a challenge, got {event!r}"
        if turn.answer is not None:
            assert isinstance(event, Challenge), f"turn {number}: expected a challenge"
            event = event.answer(
                turn.answer, attributes=dict(turn.attributes) or None, password=turn.password
            )
    assert not isinstance(event, Request), "the transcript ended with a request still to send"
    return event


def signed_in(event: Tokens | Challenge | None, username: str | None = None) -> Tokens:
    """``event`` is the transcripts' AuthenticationResult, held for ``username``."""
    assert isinstance(event, Tokens), f"expected the tokens, got {event!r}"
    assert (event.access_token, event.id_token, event.refresh_token) == (
        RESULT["AccessToken"],
        RESULT["IdToken"],
        RESULT["RefreshToken"],
    )
    assert event.username == (username or USER["username"])
    return event


def verifier_challenge(v: Mapping[str, Any], session: str | None = None) -> dict[str, Any]:
    """The service's PASSWORD_VERIFIER challenge built from a password-verifier vector."""
    reply: dict[str, Any] = {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": v["salt_hex"],
            "SRP_B": v["srp_b_hex"],
            "SECRET_BLOCK": v["secret_block_b64"],
            "USERNAME": v["username"],
            "USER_ID_FOR_SRP": v["username"],
        },
    }
    if session is not None:
        reply["Session"] = session
    return reply


def srp_auth(v: Mapping[str, Any], **extra: str) -> dict[str, str]:
    """The AuthParameters (or SELECT_CHALLENGE answer) that open SRP for vector ``v``'s user."""
    return {"USERNAME": v["username"], "SRP_A": v["srp_a_hex"], **extra}


def verifier_answer(v: Mapping[str, Any], **extra: str) -> dict[str, str]:
    """The PASSWORD_VERIFIER ChallengeResponses the vector says AWS's client sends."""
    return {
        "USERNAME": v["username"],
        "PASSWORD_CLAIM_SECRET_BLOCK": v["secret_block_b64"],
        "PASSWORD_CLAIM_SIGNATURE": v["signature_b64"],
        "TIMESTAMP": v["timestamp"],
        **extra,
    }


USER = vector("password_verifier.json", "pv-0001")
DEVICE = vector("device.json", "dpv-0001", table="device_password_verifier")
CLIENT_ID = "transcript-client"
CLIENT_SECRET = "transcript-client-secret"
SESSION = "session-from-the-service-0123456789"
SESSION_2 = "second-session-from-the-service-0123"


def secret_hash(username: str, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
    """SECRET_HASH with the standard library: Base64(HMAC-SHA256(secret, username + client))."""
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def machine(
    v: dict[str, Any] = USER, *, ephemerals: tuple[str, ...] = (), **options: Any
) -> SignIn:
    """A machine for vector ``v``'s user, drawing its ephemerals and reading its instants.

    ``options`` are SignIn's (a ``username`` typed in place of the vector's, a ``password`` of
    ``None``), plus ``more_stamps``: further vectors whose instants the clock gives next.
    """
    stamps = [v["utc"]] + [e["utc"] for e in options.pop("more_stamps", [])]
    settings: dict[str, Any] = {
        "pool_id": v["pool_id"],
        "client_id": CLIENT_ID,
        "username": v["username"],
        "password": v["password"],
        "rng": scripted_rng(v["a_hex"], *ephemerals),
        "clock": scripted_clock(*stamps),
        "ephemeral_bits": 1024,
    }
    return SignIn(**{**settings, **options})


def respond(
    name: str, responses: dict[str, str], session: str | None = None, **extra: Any
) -> dict[str, Any]:
    """RespondToAuthChallenge's parameters (``extra``: UserPoolId, ClientMetadata, ...)."""
    params: dict[str, Any] = {
        "ClientId": CLIENT_ID,
        "ChallengeName": name,
        "ChallengeResponses": responses,
    }
    if session is not None:
        params["Session"] = session
    return {**params, **extra}


def initiate(flow: str, auth: dict[str, str], **extra: Any) -> dict[str, Any]:
    """InitiateAuth's parameters (``extra``: UserPoolId, ClientMetadata, ...)."""
    return {"ClientId": CLIENT_ID, "AuthFlow": flow, "AuthParameters": auth, **extra}


def password_verified(
    reply: Mapping[str, Any],
    v: Mapping[str, Any] = USER,
    *,
    secret: bool = False,
    admin: bool = False,
    **turn: Any,
) -> list[Turn]:
    """USER_SRP_AUTH's two SRP turns, the PASSWORD_VERIFIER answer met by ``reply``.

    For transcripts about what follows the password; ``turn`` is the second Turn's ``shown``,
    ``answer``... With ``secret`` both calls carry SECRET_HASH; with ``admin`` they are the
    admin pair's (UserPoolId added).
    """
    extra = {"SECRET_HASH": secret_hash(v["username"])} if secret else {}
    pool = {"UserPoolId": v["pool_id"]} if admin else {}
    prefix = "Admin" if admin else ""
    return [
        Turn(
            f"{prefix}InitiateAuth",
            initiate("USER_SRP_AUTH", srp_auth(v, **extra), **pool),
            verifier_challenge(v),
        ),
        Turn(
            f"{prefix}RespondToAuthChallenge",
            respond("PASSWORD_VERIFIER", verifier_answer(v, **extra), **pool),
            reply,
            **turn,
        ),
    ]


def verified(session: str | None, v: Mapping[str, Any] = USER, *, secret: bool = False) -> Turn:
    """The PASSWORD_VERIFIER answer (in ``session``) that the service meets with the tokens."""
    extra = {"SECRET_HASH": secret_hash(v["username"])} if secret else {}
    answer = respond("PASSWORD_VERIFIER", verifier_answer(v, **extra), session)
    return Turn("RespondToAuthChallenge", answer, {"AuthenticationResult": RESULT})


def answered(name: str, session: str, *, secret: bool = False, **responses: str) -> dict[str, Any]:
    """RespondToAuthChallenge's parameters for the caller's answer to ``name`` (USER's)."""
    extra = {"SECRET_HASH": secret_hash(USER["username"])} if secret else {}
    return respond(name, {"USERNAME": USER["username"], **responses, **extra}, session)
