"""srpcore: Amazon Cognito SRP-6a sign-in, byte-exact with AWS's SDKs.

The crypto core is imported eagerly (it is small and pure); drivers, the local endpoint and the
CLI load only when used, and ``import srpcore`` never imports boto3 or gmpy2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from srpcore.cognito.client import DeviceSRP, UserSRP
from srpcore.cognito.device import DeviceSecret, new_device_secret
from srpcore.cognito.secret_hash import secret_hash
from srpcore.cognito.timestamp import cognito_timestamp, parse_cognito_timestamp
from srpcore.errors import (
    ConfigurationError,
    InvalidParameterError,
    ProtocolError,
    SecurityError,
    ServiceError,
    SRPError,
    TransportError,
    VerificationError,
)

__all__ = [
    "AsyncBearerAuth",
    "AsyncTokenManager",
    "BearerAuth",
    "Challenge",
    "ConfigurationError",
    "DeviceSRP",
    "DeviceSecret",
    "InvalidParameterError",
    "PasskeyInfo",
    "ProtocolError",
    "RegisteredPasskey",
    "SRPError",
    "SecurityError",
    "ServiceError",
    "SignIn",
    "TokenManager",
    "Tokens",
    "TransportError",
    "UserSRP",
    "VerificationError",
    "backend",
    "cognito_timestamp",
    "delete_passkey",
    "delete_passkey_async",
    "list_passkeys",
    "list_passkeys_async",
    "new_device_secret",
    "parse_cognito_timestamp",
    "refresh",
    "refresh_async",
    "register_passkey",
    "register_passkey_async",
    "respond",
    "respond_async",
    "secret_hash",
    "sign_in",
    "sign_in_async",
]

__version__ = "0.1.0"

# Heavier layers load on first use (PEP 562), so `import srpcore` stays fast and boto3-free.
if TYPE_CHECKING:  # the lazy names below, typed for callers' type checkers
    from srpcore.core.backends import backend
    from srpcore.drivers.aio import refresh_async, respond_async, sign_in_async
    from srpcore.drivers.passkeys import (
        PasskeyInfo,
        RegisteredPasskey,
        delete_passkey,
        delete_passkey_async,
        list_passkeys,
        list_passkeys_async,
        register_passkey,
        register_passkey_async,
    )
    from srpcore.drivers.sync import refresh, respond, sign_in
    from srpcore.drivers.tokens import AsyncBearerAuth, AsyncTokenManager, BearerAuth, TokenManager
    from srpcore.signin import Challenge, SignIn, Tokens

_LAZY: dict[str, str] = {
    "AsyncBearerAuth": "srpcore.drivers.tokens",
    "AsyncTokenManager": "srpcore.drivers.tokens",
    "BearerAuth": "srpcore.drivers.tokens",
    "Challenge": "srpcore.signin",
    "SignIn": "srpcore.signin",
    "TokenManager": "srpcore.drivers.tokens",
    "Tokens": "srpcore.signin",
    "backend": "srpcore.core.backends",
    # passkey management (issue 11)
    "PasskeyInfo": "srpcore.drivers.passkeys",
    "RegisteredPasskey": "srpcore.drivers.passkeys",
    "delete_passkey": "srpcore.drivers.passkeys",
    "delete_passkey_async": "srpcore.drivers.passkeys",
    "list_passkeys": "srpcore.drivers.passkeys",
    "list_passkeys_async": "srpcore.drivers.passkeys",
    "register_passkey": "srpcore.drivers.passkeys",
    "register_passkey_async": "srpcore.drivers.passkeys",
    "refresh": "srpcore.drivers.sync",
    "refresh_async": "srpcore.drivers.aio",
    "respond": "srpcore.drivers.sync",
    "respond_async": "srpcore.drivers.aio",
    "sign_in": "srpcore.drivers.sync",
    "sign_in_async": "srpcore.drivers.aio",
}


def __getattr__(name: str) -> object:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'srpcore' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    return getattr(importlib.import_module(module_name), name)
