"""The challenge vocabulary: every challenge name srpcore knows, who answers it, and with what.

One table, :data:`CHALLENGES`, read by the sign-in machine (which challenges it answers with SRP
math, which go to the caller, which answers carry DEVICE_KEY, which key carries a code), by the
CLI's prompts and by the local endpoint's code checks, so a new challenge is added in one place
(``tests/local/test_vocabulary_use.py`` holds the CLI and the endpoint to it). The sets below
are views of the table, not separate lists.
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
    "FIRST_FACTORS",
    "ONCE_PER_SIGN_IN",
    "PASSWORD_FACTORS",
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
    """Who answers a challenge: the client's SRP math, the password it holds, or the caller."""

    SRP = "srp"
    PASSWORD = "password"  # noqa: S105 - the password itself travels (TLS only)
    CALLER = "caller"


@dataclass(frozen=True)
class ChallengeInfo:
    """One challenge: who answers it, the key carrying the answer, and how to ask for it.

    ``answer_key`` is the ChallengeResponses key holding the caller's answer (``UserCode``, the
    VerifySoftwareToken parameter, for :data:`VERIFY_SOFTWARE_TOKEN`; ``SRP_A`` and ``PASSWORD``
    for those first factors); ``None`` for the SRP challenges, whose answers are several
    computed keys. ``code`` marks a one-time code.
    ``device_key``: the answer carries the remembered device's DEVICE_KEY. ``label`` is a
    prompt a person understands. ``first_factor``: a USER_AUTH sign-in method
    (``PREFERRED_CHALLENGE`` and the SELECT_CHALLENGE ``ANSWER``). ``once``: a service asking
    for it twice in one attempt is refused (a repeat would restart SRP or the passkey ceremony,
    which no honest service does; Amplify refuses a second WEB_AUTHN as well).
    """

    name: str
    answered_by: AnsweredBy
    answer_key: str | None = None
    code: bool = False
    device_key: bool = False
    label: str = ""
    first_factor: bool = False
    once: bool = False


_SRP, _PASSWORD, _CALLER = AnsweredBy.SRP, AnsweredBy.PASSWORD, AnsweredBy.CALLER

CHALLENGES = MappingProxyType(
    {
        info.name: info
        for info in (
            # USER_AUTH's first factors, in the order the CLI offers them (AuthFactorType and
            # the SELECT_CHALLENGE answers of RespondToAuthChallenge's API reference).
            ChallengeInfo(
                "PASSWORD_SRP",
                _SRP,
                "SRP_A",
                device_key=True,
                label="Password (SRP: the password never leaves this machine)",
                first_factor=True,
                once=True,
            ),
            ChallengeInfo(
                "PASSWORD",
                _PASSWORD,
                "PASSWORD",
                label="Password (sent to the service)",
                first_factor=True,
                once=True,
            ),
            ChallengeInfo(
                "EMAIL_OTP",
                _CALLER,
                "EMAIL_OTP_CODE",
                code=True,
                label="E-mail code",
                first_factor=True,
            ),
            ChallengeInfo(
                "SMS_OTP", _CALLER, "SMS_OTP_CODE", code=True, label="SMS code", first_factor=True
            ),
            ChallengeInfo(
                "WEB_AUTHN",
                _CALLER,
                "CREDENTIAL",
                label="Passkey",
                first_factor=True,
                once=True,
            ),
            ChallengeInfo(
                "SELECT_CHALLENGE",
                _CALLER,
                "ANSWER",
                device_key=True,
                label="Sign-in method",
                once=True,
            ),
            ChallengeInfo("PASSWORD_VERIFIER", _SRP, device_key=True, label="Password", once=True),
            ChallengeInfo(
                "DEVICE_SRP_AUTH", _SRP, device_key=True, label="Remembered device", once=True
            ),
            ChallengeInfo(
                "DEVICE_PASSWORD_VERIFIER",
                _SRP,
                device_key=True,
                label="Remembered device",
                once=True,
            ),
            ChallengeInfo("SMS_MFA", _CALLER, "SMS_MFA_CODE", code=True, label="SMS code"),
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
        )
    }
)
"""Every challenge srpcore answers or hands to the caller, by name."""

SRP_CHALLENGES = frozenset(n for n, i in CHALLENGES.items() if i.answered_by is _SRP)
"""Challenges the sign-in machine answers itself, with SRP math."""
ONCE_PER_SIGN_IN = frozenset(n for n, i in CHALLENGES.items() if i.once)
"""Challenges a sign-in attempt meets at most once; a second arrival is a protocol error."""
FIRST_FACTORS = tuple(n for n, i in CHALLENGES.items() if i.first_factor)
"""USER_AUTH's sign-in methods: ``PREFERRED_CHALLENGE`` values and SELECT_CHALLENGE answers."""
PASSWORD_FACTORS = frozenset(
    n for n in FIRST_FACTORS if CHALLENGES[n].answered_by in (_SRP, _PASSWORD)
)
"""The first factors that need the user's password (PASSWORD_SRP and PASSWORD)."""
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
