"""What a sign-in waits for between a request and its response, and how many calls it may make."""

from __future__ import annotations

from enum import Enum

__all__ = ["MAX_CALLS", "Outstanding"]

MAX_CALLS = 40
"""The most service calls one sign-in makes, retries and the caller's answers included.

The longest legitimate path is 12 calls: USER_AUTH, SELECT_CHALLENGE, PASSWORD_VERIFIER,
DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, MFA_SETUP (AssociateSoftwareToken,
VerifySoftwareToken, the MFA_SETUP answer), SOFTWARE_TOKEN_MFA, NEW_PASSWORD_REQUIRED,
ConfirmDevice, UpdateDeviceStatus. Dropping a stale device restarts it once (at most 10 more).
The other 18 are for CUSTOM_CHALLENGE rounds and retried codes: AWS documents no maximum for
either, and 18 is far more than a person or a pool's challenge Lambda needs in one session. A
service that asks for more is refused: the bound is the safe choice where AWS says nothing."""

_AUTH_OPERATIONS = frozenset(
    {"InitiateAuth", "AdminInitiateAuth", "RespondToAuthChallenge", "AdminRespondToAuthChallenge"}
)


class Outstanding(Enum):
    """The kind of call whose response the machine expects next; each has one handler."""

    AUTH = "auth"  # InitiateAuth / RespondToAuthChallenge (or the Admin pair)
    CONFIRM_DEVICE = "ConfirmDevice"
    UPDATE_DEVICE_STATUS = "UpdateDeviceStatus"
    ASSOCIATE_SOFTWARE_TOKEN = "AssociateSoftwareToken"  # noqa: S105 - an operation name
    VERIFY_SOFTWARE_TOKEN = "VerifySoftwareToken"  # noqa: S105 - an operation name

    @classmethod
    def of(cls, operation: str) -> Outstanding:
        """The kind of the call ``operation``; a ValueError for one the machine never makes."""
        return cls.AUTH if operation in _AUTH_OPERATIONS else cls(operation)
