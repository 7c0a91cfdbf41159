"""The endpoint's operation registry, independent of HTTP.

:class:`Service` maps operation names (``InitiateAuth`` ...) to handlers that take the shared
:class:`~srpcore.local.context.Context` and a JSON object and return one. The operations import
the context, never this module, so the registry can import them all. The SRP arithmetic and
token signing run outside the context's lock so sign-ins proceed in parallel.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

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
from srpcore.local.model import AppClient, CustomAuth, Pool, User
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

    def create_pool(
        self,
        name: str,
        *,
        pool_id: str | None = None,
        device_tracking: bool | str = False,
        challenge_on_new_device: bool = False,
        username_attributes: Sequence[str] = (),
        alias_attributes: Sequence[str] = (),
        required_attributes: Sequence[str] = (),
        password_min_length: int = 8,
        mfa_required: bool = False,
        custom_auth: CustomAuth | None = None,
        custom_attributes: Sequence[str] = (),
        first_factors: Sequence[str] = ("PASSWORD",),
        auto_verified_attributes: Sequence[str] = (),
    ) -> Pool:
        return provision.create_pool(
            self.context,
            name,
            pool_id=pool_id,
            device_tracking=device_tracking,
            challenge_on_new_device=challenge_on_new_device,
            username_attributes=username_attributes,
            alias_attributes=alias_attributes,
            required_attributes=required_attributes,
            password_min_length=password_min_length,
            mfa_required=mfa_required,
            custom_auth=custom_auth,
            custom_attributes=custom_attributes,
            first_factors=first_factors,
            auto_verified_attributes=auto_verified_attributes,
        )

    def create_client(
        self,
        pool_id: str,
        *,
        name: str = "app",
        generate_secret: bool = False,
        explicit_auth_flows: Sequence[str] | None = None,
        prevent_user_existence_errors: bool = False,
        session_validity: int = 3,
        client_id: str | None = None,
        client_secret: str | None = None,
        refresh_token_rotation: bool = False,
        retry_grace_period: int = 0,
    ) -> AppClient:
        return provision.create_client(
            self.context,
            pool_id,
            name=name,
            generate_secret=generate_secret,
            explicit_auth_flows=explicit_auth_flows,
            prevent_user_existence_errors=prevent_user_existence_errors,
            session_validity=session_validity,
            client_id=client_id,
            client_secret=client_secret,
            refresh_token_rotation=refresh_token_rotation,
            retry_grace_period=retry_grace_period,
        )

    def create_user(
        self,
        pool_id: str,
        username: str,
        password: str,
        *,
        attributes: Mapping[str, str] | None = None,
        temporary: bool = False,
        mfa: Sequence[str] = (),
        enabled: bool = True,
        status: str | None = None,
        writer: str = "operator",
    ) -> User:
        return provision.create_user(
            self.context,
            pool_id,
            username,
            password,
            attributes=attributes,
            temporary=temporary,
            mfa=mfa,
            enabled=enabled,
            status=status,
            writer=writer,
        )

    def set_password(self, pool_id: str, username: str, password: str, *, permanent: bool) -> User:
        return provision.set_password(
            self.context, pool_id, username, password, permanent=permanent
        )
