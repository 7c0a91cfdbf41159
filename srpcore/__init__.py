"""srpcore: Amazon Cognito SRP-6a sign-in, byte-exact with AWS's SDKs.

The crypto core is imported eagerly (it is small and pure); drivers, the local endpoint and the
CLI load only when used, and ``import srpcore`` never imports boto3 or gmpy2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from srpcore.cognito.client import DeviceSRP, UserSRP
from srpcore.cognito.device import DeviceSecret, new_device_secret
from srpcore.cognito.salt import Salt
from srpcore.cognito.secret_hash import secret_hash
from srpcore.cognito.timestamp import cognito_timestamp, parse_cognito_timestamp
from srpcore.errors import (
    ConfigurationError,
    InvalidParameterError,
    ProtocolError,
    SecurityError,
    ServiceError,
    SignInRequiredError,
    SRPError,
    TransportError,
    VerificationError,
)

__all__ = [
    "AsyncBearerAuth",
    "AsyncTokenManager",
    "AwsCredentials",
    "BearerAuth",
    "Challenge",
    "ConfigurationError",
    "Device",
    "DeviceSRP",
    "DeviceSecret",
    "IdentityIdCache",
    "InvalidParameterError",
    "PasskeyInfo",
    "ProtocolError",
    "RegisteredPasskey",
    "SRPError",
    "Salt",
    "SecurityError",
    "ServiceError",
    "SignIn",
    "SignInRequiredError",
    "TokenManager",
    "Tokens",
    "TransportError",
    "UserSRP",
    "VerificationError",
    "WebAuthnRequest",
    "admin_forget_device",
    "admin_forget_device_async",
    "admin_get_device",
    "admin_get_device_async",
    "admin_global_sign_out",
    "admin_global_sign_out_async",
    "admin_list_devices",
    "admin_list_devices_async",
    "admin_update_device_status",
    "admin_update_device_status_async",
    "aio_session",
    "aws_credentials",
    "aws_credentials_async",
    "backend",
    "boto3_session",
    "cognito_timestamp",
    "delete_passkey",
    "delete_passkey_async",
    "forget_device",
    "forget_device_async",
    "get_device",
    "get_device_async",
    "global_sign_out",
    "global_sign_out_async",
    "list_devices",
    "list_devices_async",
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
    "revoke",
    "revoke_async",
    "secret_hash",
    "sign_in",
    "sign_in_async",
    "update_device_status",
    "update_device_status_async",
]

__version__ = "0.1.0"

# Heavier layers load on first use (PEP 562), so `import srpcore` stays fast and boto3-free.
if TYPE_CHECKING:  # the lazy names below, typed for callers' type checkers
    from srpcore.core.backends import backend
    from srpcore.drivers.aio import refresh_async, respond_async, sign_in_async
    from srpcore.drivers.credentials import (
        AwsCredentials,
        IdentityIdCache,
        aws_credentials,
        aws_credentials_async,
    )
    from srpcore.drivers.devices import (
        admin_forget_device,
        admin_forget_device_async,
        admin_get_device,
        admin_get_device_async,
        admin_list_devices,
        admin_list_devices_async,
        admin_update_device_status,
        admin_update_device_status_async,
        forget_device,
        forget_device_async,
        get_device,
        get_device_async,
        list_devices,
        list_devices_async,
        update_device_status,
        update_device_status_async,
    )
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
    from srpcore.drivers.sessions import aio_session, boto3_session
    from srpcore.drivers.signout import (
        admin_global_sign_out,
        admin_global_sign_out_async,
        global_sign_out,
        global_sign_out_async,
        revoke,
        revoke_async,
    )
    from srpcore.drivers.sync import refresh, respond, sign_in
    from srpcore.drivers.tokens import AsyncBearerAuth, AsyncTokenManager, BearerAuth, TokenManager
    from srpcore.signin import Challenge, SignIn, Tokens
    from srpcore.signin.devices import Device
    from srpcore.signin.webauthn import WebAuthnRequest

_LAZY: dict[str, str] = {
    # device management (issue 10)
    "Device": "srpcore.signin.devices",
    "admin_forget_device": "srpcore.drivers.devices",
    "admin_forget_device_async": "srpcore.drivers.devices",
    "admin_get_device": "srpcore.drivers.devices",
    "admin_get_device_async": "srpcore.drivers.devices",
    "admin_list_devices": "srpcore.drivers.devices",
    "admin_list_devices_async": "srpcore.drivers.devices",
    "admin_update_device_status": "srpcore.drivers.devices",
    "admin_update_device_status_async": "srpcore.drivers.devices",
    "forget_device": "srpcore.drivers.devices",
    "forget_device_async": "srpcore.drivers.devices",
    "get_device": "srpcore.drivers.devices",
    "get_device_async": "srpcore.drivers.devices",
    "list_devices": "srpcore.drivers.devices",
    "list_devices_async": "srpcore.drivers.devices",
    "update_device_status": "srpcore.drivers.devices",
    "update_device_status_async": "srpcore.drivers.devices",
    # AWS credentials from an identity pool (issue 12)
    "AwsCredentials": "srpcore.drivers.credentials",
    "IdentityIdCache": "srpcore.drivers.credentials",
    "aio_session": "srpcore.drivers.sessions",
    "aws_credentials": "srpcore.drivers.credentials",
    "aws_credentials_async": "srpcore.drivers.credentials",
    "boto3_session": "srpcore.drivers.sessions",
    # sign-in, refresh and token managers
    "AsyncBearerAuth": "srpcore.drivers.tokens",
    "AsyncTokenManager": "srpcore.drivers.tokens",
    "BearerAuth": "srpcore.drivers.tokens",
    "Challenge": "srpcore.signin",
    "SignIn": "srpcore.signin",
    "TokenManager": "srpcore.drivers.tokens",
    "Tokens": "srpcore.signin",
    "WebAuthnRequest": "srpcore.signin.webauthn",
    "backend": "srpcore.core.backends",
    # sign-out (RevokeToken, GlobalSignOut, AdminUserGlobalSignOut)
    "admin_global_sign_out": "srpcore.drivers.signout",
    "admin_global_sign_out_async": "srpcore.drivers.signout",
    "global_sign_out": "srpcore.drivers.signout",
    "global_sign_out_async": "srpcore.drivers.signout",
    "revoke": "srpcore.drivers.signout",
    "revoke_async": "srpcore.drivers.signout",
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
