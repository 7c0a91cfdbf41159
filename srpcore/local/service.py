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

from srpcore.local import auth, devices, management, mfa, mfa_config, passkeys, provision
from srpcore.local.context import Context, Handler, Limits, utc_now
from srpcore.local.errors import ApiError
from srpcore.local.model import AppClient, CustomAuth, Pool, User
from srpcore.local.validate import validate_request

__all__ = ["Handler", "Limits", "Service", "utc_now"]

HANDLERS: dict[str, Handler] = {
    **management.HANDLERS,
    **auth.HANDLERS,
    **devices.HANDLERS,
    **mfa.HANDLERS,
    **passkeys.HANDLERS,
    **mfa_config.HANDLERS,
}


class Service:
    """The operations of one endpoint over one :class:`Context`; thread-safe."""

    def __init__(self, context: Context | None = None) -> None:
        """``context`` holds the state and the settings (a default in-memory one if omitted)."""
        self.context = context or Context()
        self.handlers: Mapping[str, Handler] = HANDLERS

    def dispatch(self, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        handler = self.handlers.get(operation)
        if handler is None:
            raise ApiError("UnknownOperationException", f"Unknown operation {operation}")
        validate_request(operation, body)
        return handler(self.context, body)

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
