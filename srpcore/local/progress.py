"""How far a sign-in has come: its stage, and the one table of moves between stages.

A sign-in proves who the user is (stage ``PROOF``: the password by SRP or in plain, a passkey,
or the pool's custom challenges), then meets, in this order and only where they apply: a temporary
password to replace, a remembered device's proof (which stands in for MFA), the user's MFA
(or its setup where the pool requires MFA), the pool's CUSTOM_CHALLENGE rounds, and finally
the tokens. Each move is an :class:`Event` in :data:`TRANSITIONS`; a stage that does not apply
to this user is left with ``NOT_NEEDED``. Anything else is not a move: the session is invalid.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from srpcore.local.errors import INVALID_SESSION, not_authorized

__all__ = ["CHALLENGES", "TRANSITIONS", "Event", "Stage", "next_stage"]


class Stage(enum.Enum):
    """Where a sign-in stands; the challenges it may be waiting on are in :data:`CHALLENGES`."""

    PROOF = enum.auto()
    NEW_PASSWORD = enum.auto()
    DEVICE = enum.auto()
    MFA = enum.auto()
    CUSTOM = enum.auto()
    TOKENS = enum.auto()


class Event(enum.Enum):
    """What just happened to a sign-in."""

    PASSWORD_PROVED = enum.auto()  # SRP or plain password: MFA is owed
    CUSTOM_ONLY = enum.auto()  # CUSTOM_AUTH without SRP: the custom rounds are the proof
    NOT_NEEDED = enum.auto()  # this stage does not apply to this user
    PASSED = enum.auto()  # the stage's challenge was answered
    DEVICE_PROVED = enum.auto()  # a remembered device proved itself: it replaces MFA
    CODE_PROVED = enum.auto()  # a one-time code (or ConfirmSignUp's) was the first factor
    PASSKEY_PROVED = enum.auto()  # WEB_AUTHN: the whole proof; no password to change, no MFA


TRANSITIONS: Mapping[tuple[Stage, Event], Stage] = {
    (Stage.PROOF, Event.PASSWORD_PROVED): Stage.NEW_PASSWORD,
    # custom only: no temporary password to change; no MFA either (see mfa_owed)
    (Stage.PROOF, Event.CUSTOM_ONLY): Stage.DEVICE,
    # passwordless first factor: no password to change, and no MFA (see mfa_owed)
    (Stage.PROOF, Event.CODE_PROVED): Stage.DEVICE,
    (Stage.PROOF, Event.PASSKEY_PROVED): Stage.DEVICE,
    (Stage.NEW_PASSWORD, Event.NOT_NEEDED): Stage.DEVICE,
    (Stage.NEW_PASSWORD, Event.PASSED): Stage.DEVICE,
    (Stage.DEVICE, Event.NOT_NEEDED): Stage.MFA,
    (Stage.DEVICE, Event.DEVICE_PROVED): Stage.CUSTOM,
    (Stage.MFA, Event.NOT_NEEDED): Stage.CUSTOM,
    (Stage.MFA, Event.PASSED): Stage.CUSTOM,
    (Stage.CUSTOM, Event.PASSED): Stage.CUSTOM,  # the next round, if any
    (Stage.CUSTOM, Event.NOT_NEEDED): Stage.TOKENS,
}
"""Every legal move; ``TOKENS`` has none (the sign-in is over)."""

CHALLENGES: Mapping[Stage, frozenset[str]] = {
    Stage.PROOF: frozenset(
        {"PASSWORD_VERIFIER", "SELECT_CHALLENGE", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"}
    ),
    Stage.NEW_PASSWORD: frozenset({"NEW_PASSWORD_REQUIRED"}),
    Stage.DEVICE: frozenset({"DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"}),
    Stage.MFA: frozenset(
        {"SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP"}
    ),
    Stage.CUSTOM: frozenset({"CUSTOM_CHALLENGE"}),
    Stage.TOKENS: frozenset(),
}
"""The challenges a sign-in in each stage may ask."""


def next_stage(stage: Stage, event: Event) -> Stage:
    """The stage ``event`` leads to from ``stage``; a move not in the table is refused."""
    target = TRANSITIONS.get((stage, event))
    if target is None:
        raise not_authorized(INVALID_SESSION)
    return target
