"""Layer 3, the sign-in protocol as a sans-IO state machine: responses in, requests out.

Nothing here imports boto3 or does I/O; :mod:`srpcore.drivers` runs the machine over a client.
"""

from __future__ import annotations

from srpcore.signin.machine import FLOWS, MAX_CALLS, SignIn
from srpcore.signin.refresh import refresh_request, refresh_tokens
from srpcore.signin.shape import tokens_from_result
from srpcore.signin.types import (
    CALLER_CHALLENGES,
    VERIFY_SOFTWARE_TOKEN,
    Challenge,
    Reply,
    Request,
    Tokens,
)

__all__ = [
    "CALLER_CHALLENGES",
    "FLOWS",
    "MAX_CALLS",
    "VERIFY_SOFTWARE_TOKEN",
    "Challenge",
    "Reply",
    "Request",
    "SignIn",
    "Tokens",
    "refresh_request",
    "refresh_tokens",
    "tokens_from_result",
]
