"""One-time codes: drawn, "sent" through the outbox, checked once, with bounded wrong tries.

Sign-in codes (EMAIL_OTP / SMS_OTP first factors, SMS_MFA / EMAIL_OTP MFA) are sent by
:func:`send_sign_in_code` and live inside the parked sign-in (a :class:`OneTimeCode`);
sign-up confirmation and password-reset codes are kept per user in :class:`AccountCodes`.
Memory only, like the outbox: a restart costs a user a "resend". Validity, from AWS's
developer guide: a password-reset code is valid for one hour ("Recovering user accounts"), a
sign-up confirmation code for 24 hours; sign-in codes for 3 minutes (Cognito's default
authentication session). Codes are six decimal digits from :mod:`secrets`, compared with
:func:`~srpcore.core.compare.constant_time_equal`, and never shown in a repr.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from srpcore.core import compare
from srpcore.local.errors import INVALID_SESSION, ApiError, not_authorized
from srpcore.local.model import User
from srpcore.local.outbox import Message, Outbox
from srpcore.local.store import ExpiringStore, Quota

__all__ = [
    "ADDRESS_ORDER",
    "CONFIRM_TTL",
    "KIND_MEDIUM",
    "MEDIA",
    "RESET_TTL",
    "SIGN_IN_TTL",
    "AccountCode",
    "AccountCodes",
    "OneTimeCode",
    "code_delivery_details",
    "code_mismatch",
    "delivery",
    "expired_code",
    "first_delivery",
    "mask",
    "medium_of",
    "new_code",
    "send_sign_in_code",
    "too_many_attempts",
]

SIGN_IN_TTL = 180.0
CONFIRM_TTL = 24 * 3600.0
RESET_TTL = 3600.0
MAX_SIGN_IN_TRIES = 3
"""Wrong sign-in codes per session; the last one ends the session."""
MAX_ACCOUNT_TRIES = 5
"""Wrong confirmation / reset codes per code; then the code is gone (LimitExceededException)."""
MAX_SENDS_PER_HOUR = 5
"""Codes of one purpose sent to one user per hour (AWS allows "between 5 and 20")."""
MAX_PER_DESTINATION = 5
"""Live account codes of one purpose sent to one address of a pool; a sixth replaces the
oldest of them (never a code of the other purpose: sign-ups cannot push out a reset code)."""


def new_code() -> str:
    """Six random decimal digits, as Cognito's codes are."""
    return f"{secrets.randbelow(10**6):06d}"


def mask(value: str) -> str:
    """A destination as Cognito shows it: ``a***@e***.com``, ``+*******0100``."""
    if "@" in value:
        local, _, domain = value.partition("@")
        dot = domain.rfind(".")
        suffix = domain[dot:] if dot > 0 else ""
        return f"{local[:1]}***@{domain[:1]}***{suffix}"
    return "+*******" + value[-4:]


MEDIA = {"EMAIL": "email", "SMS": "phone_number"}
"""The user attribute each delivery medium sends to; ``<attribute>_verified`` is its flag."""
_MEDIUM_OF = {attr: medium for medium, attr in MEDIA.items()}
KIND_MEDIUM = {"EMAIL_OTP": "EMAIL", "SMS_OTP": "SMS", "SMS_MFA": "SMS"}
"""The medium each sign-in code challenge (first factor or MFA) is sent by."""


ADDRESS_ORDER = ("phone_number", "email")
"""Where a code goes when the user could get it at either: the phone number first, as
Cognito sends confirmation and reset codes."""


def medium_of(attr: str) -> str:
    """The medium of a code sent to ``attr``: EMAIL for email, SMS for phone_number."""
    return _MEDIUM_OF[attr]


def code_delivery_details(attr: str, address: str) -> dict[str, str]:
    """CodeDeliveryDetails for a code sent to ``address``, the value of ``attr``, masked."""
    return {"Destination": mask(address), "DeliveryMedium": medium_of(attr), "AttributeName": attr}


def delivery(user: User, medium: str, *, verified: bool = True) -> tuple[str, str] | None:
    """(attribute, address) the user can get ``medium`` ("EMAIL"/"SMS") at: a verified one,
    unless ``verified`` is False (MFA goes to the address the user has, as Cognito's does)."""
    attr = MEDIA[medium]
    address = user.attributes.get(attr)
    if not address or (verified and user.attributes.get(f"{attr}_verified") != "true"):
        return None
    return attr, address


def first_delivery(user: User) -> tuple[str, str] | None:
    """The verified (attribute, address) a code for the user goes to, in ADDRESS_ORDER."""
    found = (delivery(user, medium_of(attr)) for attr in ADDRESS_ORDER)
    return next((f for f in found if f is not None), None)


def code_mismatch() -> ApiError:
    message = "Invalid verification code provided, please try again."
    return ApiError("CodeMismatchException", message)


def expired_code() -> ApiError:
    return ApiError("ExpiredCodeException", "Invalid code provided, please request a code again.")


def too_many_attempts() -> ApiError:
    return ApiError("LimitExceededException", "Attempt limit exceeded, please try after some time.")


@dataclass(eq=False)
class OneTimeCode:
    """A code in flight: what it is, until when, and how many wrong answers it has had."""

    code: str = field(repr=False)
    expires: float
    wrong: int = 0

    def matches(self, given: str) -> bool:
        return compare.constant_time_equal(given, self.code)

    def redeem(self, given: str, now: float, mismatch: ApiError) -> None:
        """Take ``given`` as a sign-in's answer: ExpiredCode past its time, ``mismatch`` if
        wrong (counted: after MAX_SIGN_IN_TRIES the code is spent), and once only."""
        if self.wrong >= MAX_SIGN_IN_TRIES:
            raise not_authorized(INVALID_SESSION)
        if self.expires <= now:
            raise expired_code()
        if not self.matches(given):
            self.wrong += 1
            raise mismatch
        self.wrong = MAX_SIGN_IN_TRIES  # used: a replay meets a spent code

    @property
    def retry_allowed(self) -> bool:
        """Whether a wrong answer leaves tries (the sign-in may then be asked again)."""
        return self.wrong < MAX_SIGN_IN_TRIES

    def __repr__(self) -> str:
        return f"OneTimeCode(<hidden>, wrong={self.wrong})"


def send_sign_in_code(
    outbox: Outbox,
    pool_id: str,
    username: str,
    kind: str,
    *,
    address: str,
    now: float,
    fixed: str | None = None,
) -> tuple[OneTimeCode, dict[str, str]]:
    """Draw a code for challenge ``kind`` (or take the ``fixed`` one LocalCognito may be set
    to), "send" it to ``address``: the code for the sign-in to keep (good for SIGN_IN_TTL,
    once) and the challenge's CODE_DELIVERY_* parameters."""
    medium = KIND_MEDIUM[kind]
    code = OneTimeCode(fixed or new_code(), now + SIGN_IN_TTL)
    outbox.send(Message(pool_id, username, kind, medium, address, code.code, now))
    # MFA may go to a user with no such address: something is still masked, as before
    shown = mask(address or "0000")
    return code, {"CODE_DELIVERY_DELIVERY_MEDIUM": medium, "CODE_DELIVERY_DESTINATION": shown}


@dataclass(eq=False)
class AccountCode:
    """A user's current sign-up or reset code, and the sends counted in this hour."""

    code: OneTimeCode
    sends: int
    window_start: float


class AccountCodes:
    """Per (purpose, pool, user) the one live code; bounded per address, per purpose of a
    pool, per pool and overall.

    No caller can fill what others need: SignUp lets anyone make users, so a flood of them
    fills at most the sign-up half of its pool's share, never the reset codes of the users
    already there; and one address gets at most :data:`MAX_PER_DESTINATION` live codes of a
    purpose, a flood sent to it replacing its own oldest, so that a flood needs as many
    addresses as codes (a user who resends replaces only their own code).
    """

    def __init__(self, clock: Callable[[], float], *, max_entries: int = 50_000) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._store: ExpiringStore[AccountCode] = ExpiringStore(
            ttl=CONFIRM_TTL,
            max_entries=max_entries,
            clock=clock,
            share_kind="pool",
            full_message="Too many codes outstanding; try again later.",
        )

    def _pool_share(self) -> int:
        return max(2, self._store.max_entries // 4)

    def _purpose_share(self) -> int:
        return self._pool_share() // 2

    def has_room(self, purpose: str, pool_id: str) -> bool:
        """Whether :meth:`issue` can keep one more ``purpose`` code of ``pool_id`` (SignUp
        asks before it creates a user, so that a full store refuses the sign-up rather than
        half-doing it)."""
        return self._store.count(purpose, pool_id) < self._purpose_share()

    @staticmethod
    def _key(purpose: str, pool_id: str, username: str) -> str:
        return f"{purpose}\0{pool_id}\0{username}"

    def issue(
        self, purpose: str, pool_id: str, username: str, ttl: float, *, destination: str
    ) -> str:
        """A fresh code (to be sent to ``destination``) replacing the last; LimitExceeded
        past the hourly sends, TooManyRequests when the purpose's share of the pool is full."""
        key = self._key(purpose, pool_id, username)
        now = self._clock()
        with self._lock:
            old = self._store.get(key)
            sends, start = (old.sends, old.window_start) if old is not None else (0, now)
            if now - start >= 3600.0:
                sends, start = 0, now
            if sends >= MAX_SENDS_PER_HOUR:
                raise too_many_attempts()
            self._store.pop(key)
            entry = AccountCode(OneTimeCode(new_code(), now + ttl), sends + 1, start)
            # kept an hour past the code: an expired code is told apart, and sends still count
            quotas = (
                Quota(
                    "to", f"{purpose}\0{pool_id}\0{destination.lower()}", MAX_PER_DESTINATION, True
                ),
                Quota(purpose, pool_id, self._purpose_share()),
                Quota("pool", pool_id, self._pool_share()),
            )
            self._store.put(key, entry, ttl=ttl + 3600.0, quotas=quotas)
        return entry.code.code

    def check(self, purpose: str, pool_id: str, username: str, given: str) -> None:
        """Accept ``given`` once, or refuse as Cognito does (mismatch, expired, too many)."""
        key = self._key(purpose, pool_id, username)
        now = self._clock()
        with self._lock:
            entry = self._store.get(key)
            if entry is None or entry.code.wrong >= MAX_ACCOUNT_TRIES:
                raise code_mismatch()
            if entry.code.expires <= now:
                raise expired_code()
            if not entry.code.matches(given):
                entry.code.wrong += 1
                if entry.code.wrong >= MAX_ACCOUNT_TRIES:
                    raise too_many_attempts()
                raise code_mismatch()
            # single use: a used code answers like a wrong one; the entry stays to count sends
            entry.code.wrong = MAX_ACCOUNT_TRIES
