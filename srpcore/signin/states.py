"""What a sign-in waits for between a request and its response, and how many calls it may make."""

from __future__ import annotations

from enum import Enum

from srpcore.errors import ProtocolError

__all__ = ["MAX_CALLS", "REFUSALS", "TRANSITIONS", "Event", "Outstanding", "Phase", "advance"]

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


class Phase(Enum):
    """Where a sign-in is: the states of the machine's one transition table."""

    READY = "ready"  # built; nothing sent
    SENT = "sent"  # a request is outstanding (``Outstanding`` says which kind)
    HANDLING = "handling"  # a reply (or start) is being turned into what comes next
    CALLER = "with the caller"  # a Challenge is out, awaiting its answer
    DONE = "done"  # tokens handed out, or ended; nothing more will be sent


class Event(Enum):
    """What moves a sign-in from one phase to the next."""

    START = "start"
    REPLY = "a reply"  # a response or a service error for the outstanding request
    SEND = "a request"
    CHALLENGE = "a challenge for the caller"
    END = "the end"


TRANSITIONS: dict[tuple[Phase, Event], Phase] = {
    (Phase.READY, Event.START): Phase.HANDLING,
    (Phase.HANDLING, Event.SEND): Phase.SENT,
    (Phase.HANDLING, Event.CHALLENGE): Phase.CALLER,
    (Phase.SENT, Event.REPLY): Phase.HANDLING,
    (Phase.CALLER, Event.SEND): Phase.SENT,
    **{(phase, Event.END): Phase.DONE for phase in Phase},
}
"""(phase, event) -> next phase; any pair not listed is a protocol error (h11's shape)."""

REFUSALS = {
    Event.START: "this sign-in has already started",
    Event.REPLY: "no request is outstanding; nothing to receive",
}
"""What the caller is told when a public call arrives in a phase that does not take it."""


def advance(phase: Phase, event: Event, step: str | None) -> Phase:
    """The phase after ``event`` in ``phase``; a pair the table does not list is refused.

    The refusal is a :class:`~srpcore.errors.ProtocolError` naming ``step``, the request last
    sent, and leaves the sign-in where it was.
    """
    after = TRANSITIONS.get((phase, event))
    if after is None:
        default = f"{event.value} is not allowed while the sign-in is {phase.value}"
        raise ProtocolError(REFUSALS.get(event, default), step=step)
    return after
