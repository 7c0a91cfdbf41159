"""One sign-in in progress, and how it is parked between calls.

A :class:`Pending` is stored under its Session string and/or its SECRET_BLOCK; taking it back
removes every key it was stored under, so each Session and SECRET_BLOCK works exactly once.
Whoever took it owns it: no other request can see it until it is parked again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from srpcore.cognito.server import ServerChallenge

__all__ = ["Pending", "new_secret_block", "new_session"]


def new_session() -> str:
    """A Session string: 128 URL-safe characters (the model allows 20 to 2048)."""
    return secrets.token_urlsafe(96)


def new_secret_block() -> bytes:
    """SECRET_BLOCK's bytes: random, opaque to the client, sent as padded standard base64."""
    return secrets.token_bytes(96)


@dataclass(eq=False)
class Pending:
    """State of a sign-in between two requests. Kept server side only."""

    pool_id: str
    client_id: str
    username: str  # the internal username
    flow: str
    admin: bool
    auth_time: int
    expect: str = ""  # the ChallengeName the next request must answer
    session: str | None = None
    device_key: str | None = None  # DEVICE_KEY the client presented
    # SRP step (PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER)
    challenge: ServerChallenge | None = field(default=None, repr=False)
    srp_a: str = field(default="", repr=False)
    secret_block: bytes = field(default=b"", repr=False)
    block_text: str = field(default="", repr=False)
    simulated: bool = False  # PreventUserExistenceErrors: a user that does not exist
    # progress
    password_ok: bool = False
    new_password_done: bool = False
    device_ok: bool = False
    mfa_done: bool = False
    custom_round: int = 0
    mfa_kind: str = ""
    totp_secret: str = field(default="", repr=False)  # MFA_SETUP: associated, not yet verified
    totp_verified: bool = False

    def __repr__(self) -> str:
        return (
            f"Pending(pool_id={self.pool_id!r}, username={self.username!r}, expect={self.expect!r})"
        )
