"""One-line hints for the mistakes people make most, printed by ``main`` under the error.

They read only the typed error (its code, message and step) and the environment variable
names: whatever subcommand signs in gets them. A hint says what to check; it never repeats a
value that could be secret.
"""

from __future__ import annotations

import os

from srpcore.errors import ServiceError, SRPError, TransportError

__all__ = ["ACCESS_TOKEN_ENV", "CLIENT_SECRET_ENV", "PASSWORD_ENV", "REFRESH_TOKEN_ENV", "hint_for"]

PASSWORD_ENV = "SRPCORE_PASSWORD"  # noqa: S105 - the variable's name, not a password
CLIENT_SECRET_ENV = "SRPCORE_CLIENT_SECRET"  # noqa: S105 - the variable's name
ACCESS_TOKEN_ENV = "SRPCORE_ACCESS_TOKEN"  # noqa: S105 - the variable's name, not a token
REFRESH_TOKEN_ENV = "SRPCORE_REFRESH_TOKEN"  # noqa: S105 - the variable's name

_WRONG_PROOF = (
    "if the password is right, check --user-pool-id: the pool's name (the part after '_') "
    "is part of the SRP proof, so a wrong pool id fails exactly like a wrong password"
)


def hint_for(exc: SRPError) -> str | None:
    """A hint for ``exc``, or ``None`` when there is nothing useful to add."""
    if isinstance(exc, TransportError) and "Could not connect to the endpoint URL" in str(exc):
        return "is the endpoint running, and is --endpoint-url (or --region) right?"
    if not isinstance(exc, ServiceError):
        return None
    step = exc.step or ""
    if exc.code == "NotAuthorizedException":
        if "SECRET_HASH was not received" in exc.message and not os.environ.get(CLIENT_SECRET_ENV):
            return f"the app client has a secret: set {CLIENT_SECRET_ENV} to it"
        if "Unable to verify secret hash" in exc.message:
            return (
                f"{CLIENT_SECRET_ENV} does not match the app client's secret (or --client-id "
                "names another client)"
            )
        if exc.message == "Incorrect username or password." and step.endswith(
            "(PASSWORD_VERIFIER)"
        ):
            return _WRONG_PROOF
    if exc.code == "ResourceNotFoundException" and "client" in exc.message.lower():
        return "check --client-id, and that --region or --endpoint-url is the pool's"
    return None
