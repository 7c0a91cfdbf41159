"""One sign-in in progress, and how it is parked between calls.

A :class:`Pending` is stored under its Session string and/or its SECRET_BLOCK; taking it back
removes every key it was stored under, so each Session and SECRET_BLOCK works exactly once.
Whoever took it owns it: no other request can see it until it is parked again. Its progress is
a :class:`~srpcore.local.progress.Stage` moved only through
:data:`~srpcore.local.progress.TRANSITIONS`, plus the data the current stage needs.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from srpcore.cognito.server import ServerChallenge
from srpcore.local.codes import OneTimeCode
from srpcore.local.errors import INVALID_SESSION, not_authorized
from srpcore.local.progress import CHALLENGES, Event, Stage, next_stage

__all__ = [
    "MfaProgress",
    "Pending",
    "Registration",
    "SrpExchange",
    "new_secret_block",
    "new_session",
]


def new_session() -> str:
    """A Session string: 128 URL-safe characters (the model allows 20 to 2048)."""
    return secrets.token_urlsafe(96)


def new_secret_block() -> bytes:
    """SECRET_BLOCK's bytes: random, opaque to the client, sent as padded standard base64."""
    return secrets.token_bytes(96)


@dataclass(eq=False, repr=False)
class SrpExchange:
    """An SRP challenge in flight (PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER)."""

    challenge: ServerChallenge
    srp_a: str
    secret_block: bytes
    block_text: str
    simulated: bool  # PreventUserExistenceErrors: checked like a real one, then refused

    def __repr__(self) -> str:
        return "SrpExchange(<hidden>)"


@dataclass(eq=False, repr=False)
class MfaProgress:
    """The MFA stage's data: the kind chosen or implied, and an MFA_SETUP's new secret (an
    SMS_MFA / EMAIL_OTP code is the sign-in's one ``otp``, as a first-factor code is)."""

    kind: str = ""  # SMS_MFA, EMAIL_OTP or SOFTWARE_TOKEN_MFA once known
    setup_secret: str = ""  # associated by AssociateSoftwareToken, not yet the user's
    setup_verified: bool = False  # VerifySoftwareToken accepted a code of setup_secret


@dataclass(frozen=True, eq=False)
class Registration:
    """A StartWebAuthnRegistration in flight: whose it is and the challenge it was sent."""

    pool_id: str
    client_id: str
    username: str
    challenge: bytes

    def __repr__(self) -> str:
        return f"Registration(pool_id={self.pool_id!r}, username={self.username!r}, <hidden>)"


@dataclass(eq=False)
class Pending:
    """State of a sign-in between two requests. Kept server side only."""

    pool_id: str
    client_id: str
    username: str  # the internal username
    flow: str
    admin: bool
    auth_time: int
    stage: Stage = Stage.PROOF
    awaiting: str = ""  # the ChallengeName the next request must answer
    mfa_owed: bool = False  # the password proved the user: their MFA applies
    session: str | None = None
    device_key: str | None = None  # DEVICE_KEY the client presented
    srp: SrpExchange | None = field(default=None, repr=False)
    mfa: MfaProgress = field(default_factory=MfaProgress, repr=False)
    custom_round: int = 0
    offered: tuple[str, ...] = ()  # SELECT_CHALLENGE: the AvailableChallenges shown
    otp: OneTimeCode | None = field(default=None, repr=False)  # the code sent: factor or MFA
    webauthn_challenge: bytes = field(default=b"", repr=False)  # WEB_AUTHN's request options
    simulated: bool = False  # PreventUserExistenceErrors: answered as usual, never succeeds

    @property
    def block_text(self) -> str:
        """The SECRET_BLOCK this sign-in is parked under, if an SRP challenge is in flight."""
        return self.srp.block_text if self.srp is not None else ""

    def on(self, event: Event) -> None:
        """Move to the stage ``event`` leads to (see TRANSITIONS)."""
        if event is Event.PASSWORD_PROVED:
            self.mfa_owed = True
        self.stage = next_stage(self.stage, event)

    def wait_for(self, name: str) -> None:
        """The next request must answer ``name``, a challenge of the current stage."""
        if name not in CHALLENGES[self.stage]:
            raise not_authorized(INVALID_SESSION)
        self.awaiting = name

    def __repr__(self) -> str:
        return (
            f"Pending(pool_id={self.pool_id!r}, username={self.username!r}, "
            f"stage={self.stage.name}, awaiting={self.awaiting!r})"
        )
