"""The challenge vocabulary: every challenge name srpcore knows, who answers it, and with what.

One table, :data:`CHALLENGES`, read by the sign-in machine (which challenges it answers with SRP
math, which go to the caller, which answers carry DEVICE_KEY, which key carries a code), and
meant for the CLI's prompts and the local endpoint's challenge dispatch too, so a new challenge
is added in one place. The sets below are views of the table, not separate lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

__all__ = [
    "CALLER_CHALLENGES",
    "CHALLENGES",
    "CODE_KEYS",
    "DEVICE_KEYED",
    "SRP_CHALLENGES",
    "VERIFY_SOFTWARE_TOKEN",
    "AnsweredBy",
    "ChallengeInfo",
    "answer_key",
]

VERIFY_SOFTWARE_TOKEN = "VERIFY_SOFTWARE_TOKEN"  # noqa: S105 - a step name, not a secret
"""srpcore's own step name (not a Cognito challenge): during MFA_SETUP, after
AssociateSoftwareToken, the caller enters the first code from their authenticator app."""


class AnsweredBy(Enum):
    """Who answers a challenge: the client's SRP math, or the person signing in."""

    SRP = "srp"
    CALLER = "caller"


@dataclass(frozen=True)
class ChallengeInfo:
    """One challenge: who answers it, the key carrying the answer, and how to ask for it.

    ``answer_key`` is the ChallengeResponses key holding the caller's answer (``UserCode``, the
    VerifySoftwareToken parameter, for :data:`VERIFY_SOFTWARE_TOKEN`); ``None`` for SRP
    challenges, whose answers are several computed keys. ``code`` marks a one-time code.
    ``device_key``: the answer carries the remembered device's DEVICE_KEY. ``label`` is a
    prompt a person understands.
    """

    name: str
    answered_by: AnsweredBy
    answer_key: str | None = None
    code: bool = False
    device_key: bool = False
    label: str = ""


_SRP, _CALLER = AnsweredBy.SRP, AnsweredBy.CALLER

CHALLENGES = MappingProxyType(
    {
        info.name: info
        for info in (
            ChallengeInfo("SELECT_CHALLENGE", _SRP, device_key=True, label="Sign-in method"),
            ChallengeInfo("PASSWORD_VERIFIER", _SRP, device_key=True, label="Password"),
            ChallengeInfo("DEVICE_SRP_AUTH", _SRP, device_key=True, label="Remembered device"),
            ChallengeInfo(
                "DEVICE_PASSWORD_VERIFIER", _SRP, device_key=True, label="Remembered device"
            ),
            ChallengeInfo("SMS_MFA", _CALLER, "SMS_MFA_CODE", code=True, label="SMS code"),
            ChallengeInfo("SMS_OTP", _CALLER, "SMS_OTP_CODE", code=True, label="SMS code"),
            ChallengeInfo("EMAIL_OTP", _CALLER, "EMAIL_OTP_CODE", code=True, label="E-mail code"),
            ChallengeInfo(
                "SOFTWARE_TOKEN_MFA",
                _CALLER,
                "SOFTWARE_TOKEN_MFA_CODE",
                code=True,
                label="Authenticator app code",
            ),
            ChallengeInfo(
                VERIFY_SOFTWARE_TOKEN,
                _CALLER,
                "UserCode",
                code=True,
                label="First code from the authenticator app",
            ),
            ChallengeInfo("SELECT_MFA_TYPE", _CALLER, "ANSWER", label="MFA method"),
            ChallengeInfo("MFA_SETUP", _CALLER, "ANSWER", label="MFA method to set up"),
            ChallengeInfo("CUSTOM_CHALLENGE", _CALLER, "ANSWER", label="Answer"),
            ChallengeInfo("NEW_PASSWORD_REQUIRED", _CALLER, "NEW_PASSWORD", label="New password"),
            # the answer is the authenticator's AuthenticationResponseJSON, as JSON text
            ChallengeInfo("WEB_AUTHN", _CALLER, "CREDENTIAL", label="Passkey"),
        )
    }
)
"""Every challenge srpcore answers or hands to the caller, by name."""

SRP_CHALLENGES = frozenset(n for n, i in CHALLENGES.items() if i.answered_by is _SRP)
"""Challenges the sign-in machine answers itself, with SRP math."""
CALLER_CHALLENGES = frozenset(n for n, i in CHALLENGES.items() if i.answered_by is _CALLER)
"""Challenges only the caller can answer; every other one the state machine answers itself."""
DEVICE_KEYED = frozenset(n for n, i in CHALLENGES.items() if i.device_key)
"""The answers that carry the remembered device's DEVICE_KEY (as InitiateAuth does)."""
CODE_KEYS = MappingProxyType(
    {
        n: i.answer_key
        for n, i in CHALLENGES.items()
        if i.code and i.answer_key is not None and n != VERIFY_SOFTWARE_TOKEN
    }
)
"""The ChallengeResponses key that carries the code, per code challenge (RespondToAuthChallenge)."""


def answer_key(name: str) -> str | None:
    """The key carrying the answer to ``name``, or ``None`` (unknown, or answered by SRP)."""
    info = CHALLENGES.get(name)
    return None if info is None else info.answer_key
