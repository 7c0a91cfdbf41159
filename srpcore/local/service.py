"""The endpoint's operation registry, independent of HTTP.

:class:`Service` maps operation names (``InitiateAuth`` ...) to handlers that take the shared
:class:`~srpcore.local.context.Context` and a JSON object and return one. The operations import
the context, never this module, so the registry can import them all. The SRP arithmetic and
token signing run outside the context's lock so sign-ins proceed in parallel.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from srpcore.core.keywords import keywords
from srpcore.local import (
    auth,
    clients,
    device_admin,
    devices,
    identity,
    lifecycle,
    management,
    mfa,
    mfa_config,
    passkeys,
    pool_update,
    provision,
    recovery,
    signup,
)
from srpcore.local.context import Context, Handler, Limits, utc_now
from srpcore.local.errors import ApiError
from srpcore.local.model import AppClient, Pool, User
from srpcore.local.validate import validate_request

__all__ = ["IDENTITY", "IDP", "Handler", "Limits", "Service", "utc_now"]

IDP = "cognito-idp"
IDENTITY = "cognito-identity"

HANDLERS: dict[str, Handler] = {
    **management.HANDLERS,
    **auth.HANDLERS,
    **devices.HANDLERS,
    **device_admin.HANDLERS,
    **mfa.HANDLERS,
    **signup.HANDLERS,
    **recovery.HANDLERS,
    **clients.HANDLERS,
    **lifecycle.HANDLERS,
    **passkeys.HANDLERS,
    **mfa_config.HANDLERS,
    **pool_update.HANDLERS,
}
IDENTITY_HANDLERS: dict[str, Handler] = {
    **identity.HANDLERS,  # cognito-identity: a service of its own, a registry of its own
}


class Service:
    """The operations of one endpoint over one :class:`Context`; thread-safe."""

    def __init__(self, context: Context | None = None) -> None:
        """``context`` holds the state and the settings (a default in-memory one if omitted)."""
        self.context = context or Context()
        self.handlers: Mapping[str, Handler] = HANDLERS
        self.identity_handlers: Mapping[str, Handler] = IDENTITY_HANDLERS

    def dispatch(self, operation: str, body: dict[str, Any], *, api: str = IDP) -> dict[str, Any]:
        """Run ``operation`` of ``api`` (cognito-idp, or cognito-identity) on ``body``."""
        handlers = self.identity_handlers if api == IDENTITY else self.handlers
        handler = handlers.get(operation)
        if handler is None:
            raise ApiError("UnknownOperationException", f"Unknown operation {operation}")
        validate_request(operation, body, service=api)
        result = handler(self.context, body)
        self._count(operation, body)
        return result

    def _count(self, operation: str, body: dict[str, Any]) -> None:
        """Count a call that succeeded (only known names get here: the keys are bounded), and
        sign-ins by flow too: ``InitiateAuth(USER_SRP_AUTH)``, ``InitiateAuth(REFRESH_TOKEN_AUTH)``.
        """
        ctx = self.context
        flow = body.get("AuthFlow") if operation.endswith("InitiateAuth") else None
        with ctx.stats_lock:
            ctx.calls[operation] += 1
            if isinstance(flow, str):
                ctx.calls[f"{operation}({flow})"] += 1

    @property
    def calls(self) -> Counter[str]:
        """Successful calls by operation, and sign-ins by flow (see :meth:`_count`)."""
        return self.context.calls

    @property
    def completed(self) -> Counter[str]:
        """Completed challenge steps by name (see :class:`Context`)."""
        return self.context.completed

    # --- setup (the Python API and seed files) ----------------------------------------------

    @keywords(provision.PoolSpec)
    def create_pool(self, spec: provision.PoolSpec) -> Pool:
        """A new user pool (:class:`~srpcore.local.provision.PoolSpec` says what it takes)."""
        return provision.make_pool(self.context, spec)

    @keywords(provision.ClientSpec)
    def create_client(self, spec: provision.ClientSpec) -> AppClient:
        """A new app client (see :class:`~srpcore.local.provision.ClientSpec`)."""
        return provision.make_client(self.context, spec)

    @keywords(provision.UserSpec)
    def create_user(self, spec: provision.UserSpec) -> User:
        """A new user (see :class:`~srpcore.local.provision.UserSpec`)."""
        return provision.make_user(self.context, spec)

    def set_password(self, pool_id: str, username: str, password: str, *, permanent: bool) -> User:
        return provision.set_password(
            self.context, pool_id, username, password, permanent=permanent
        )
