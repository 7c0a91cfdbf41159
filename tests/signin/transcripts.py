"""Transcripts of the sans-IO machine: each turn is the request it must send and the reply.

A transcript is data: (expected operation, expected parameters, canned response) per call,
with the caller's answer where a Challenge comes back. :func:`play` runs a machine through one
and returns the final event. The SRP values (ephemerals, SRP_A, signatures, timestamps) come
from the vector files, produced by AWS's JavaScript libraries, never from srpcore itself.
"""

from __future__ import annotations

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
    """One call: what the machine must send, what the service answers, the caller's reply."""

    operation: str
    params: Mapping[str, Any]
    reply: Mapping[str, Any]
    answer: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)


def play(machine: SignIn, turns: list[Turn]) -> Tokens | Challenge:
    """Run ``machine`` through ``turns``; every request must match exactly, in order."""
    event: Request | Tokens | Challenge = machine.start()
    for number, turn in enumerate(turns, 1):
        assert isinstance(event, Request), f"turn {number}: expected a request, got {event!r}"
        assert (event.operation, event.kwargs()) == (turn.operation, dict(turn.params)), number
        event = machine.receive(turn.reply)
        if turn.answer is not None:
            assert isinstance(event, Challenge), f"turn {number}: expected a challenge"
            event = event.answer(turn.answer, attributes=dict(turn.attributes) or None)
    assert not isinstance(event, Request), "the transcript ended with a request still to send"
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
SESSION = "session-from-the-service-0123456789"


def machine(
    v: dict[str, Any] = USER, *, ephemerals: tuple[str, ...] = (), **options: Any
) -> SignIn:
    stamps = [v["utc"]] + [e["utc"] for e in options.pop("more_stamps", [])]
    return SignIn(
        pool_id=v["pool_id"],
        client_id=CLIENT_ID,
        username=v["username"],
        password=v["password"],
        rng=scripted_rng(v["a_hex"], *ephemerals),
        clock=scripted_clock(*stamps),
        ephemeral_bits=1024,
        **options,
    )


def respond(name: str, responses: dict[str, str], session: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "ClientId": CLIENT_ID,
        "ChallengeName": name,
        "ChallengeResponses": responses,
    }
    if session is not None:
        params["Session"] = session
    return params


def initiate(flow: str, auth: dict[str, str]) -> dict[str, Any]:
    return {"ClientId": CLIENT_ID, "AuthFlow": flow, "AuthParameters": auth}
