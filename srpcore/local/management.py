"""The management operations that let the endpoint be set up the normal way, through boto3.

CreateUserPool, CreateUserPoolClient, AdminCreateUser, AdminSetUserPassword, plus the
AdminGetUser, AdminDisableUser, AdminEnableUser, AdminResetUserPassword and DescribeUserPool
that tests need. Only the members that change sign-in behaviour are honoured; the rest are
accepted and ignored.
"""

from __future__ import annotations

import secrets
from typing import Any

from srpcore.local import provision
from srpcore.local.context import Context, Handler
from srpcore.local.errors import invalid_parameter
from srpcore.local.model import (
    STANDARD_ATTRIBUTES,
    VERIFIED_FLAGS,
    AppClient,
    Pool,
    User,
)
from srpcore.local.validate import (
    opt_bool,
    opt_int,
    opt_str,
    opt_str_list,
    opt_struct,
    req_str,
)

__all__ = ["HANDLERS", "client_spec", "describe_client", "describe_pool"]


def describe_pool(pool: Pool, users: int) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if pool.device_tracking:
        config["DeviceConfiguration"] = {
            "ChallengeRequiredOnNewDevice": pool.challenge_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": pool.device_opt_in,
        }
    if pool.username_attributes:
        config["UsernameAttributes"] = list(pool.username_attributes)
    if pool.alias_attributes:
        config["AliasAttributes"] = list(pool.alias_attributes)
    if pool.auto_verified:
        config["AutoVerifiedAttributes"] = list(pool.auto_verified)
    return {
        "Id": pool.id,
        "Name": pool.name,
        "Arn": f"arn:aws:cognito-idp:{pool.region}:000000000000:userpool/{pool.id}",
        "Policies": {
            "PasswordPolicy": {"MinimumLength": pool.password_min_length},
            "SignInPolicy": {"AllowedFirstAuthFactors": list(pool.first_factors)},
        },
        "CreationDate": pool.created,
        "LastModifiedDate": pool.created,
        "EstimatedNumberOfUsers": users,
        "MfaConfiguration": "ON" if pool.mfa_required else "OFF",
        **config,
    }


def describe_client(client: AppClient) -> dict[str, Any]:
    out: dict[str, Any] = {
        "UserPoolId": client.pool_id,
        "ClientName": client.name,
        "ClientId": client.client_id,
        "ExplicitAuthFlows": sorted(client.auth_flows),
        "AuthSessionValidity": client.session_validity,
        "PreventUserExistenceErrors": "ENABLED"
        if client.prevent_user_existence_errors
        else "LEGACY",
    }
    out["EnableTokenRevocation"] = client.token_revocation
    out["RefreshTokenRotation"] = {
        "Feature": "ENABLED" if client.rotation else "DISABLED",
        "RetryGracePeriodSeconds": client.retry_grace,
    }
    if client.secret is not None:
        out["ClientSecret"] = client.secret
    return out


def rotation_settings(body: dict[str, Any]) -> tuple[bool, int]:
    """RefreshTokenRotation{Feature, RetryGracePeriodSeconds} as (enabled, grace seconds);
    absent means DISABLED. The grace period has no documented default: 0 (none) here."""
    rotation = opt_struct(body, "RefreshTokenRotation")
    feature = opt_str(rotation, "Feature") or "DISABLED"
    if feature not in ("ENABLED", "DISABLED"):
        raise invalid_parameter("RefreshTokenRotation.Feature must be ENABLED or DISABLED")
    return feature == "ENABLED", opt_int(rotation, "RetryGracePeriodSeconds", 0)


def describe_user(user: User) -> dict[str, Any]:
    return {
        "Username": user.username,
        "Attributes": [{"Name": k, "Value": v} for k, v in user.attributes.items()],
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.created,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }


def create_user_pool(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    name = req_str(body, "PoolName", max_len=128)
    policies = opt_struct(body, "Policies")
    policy = opt_struct(policies, "PasswordPolicy")
    sign_in = opt_struct(policies, "SignInPolicy")
    devices = opt_struct(body, "DeviceConfiguration")
    schema = body.get("Schema") or []
    if not isinstance(schema, list) or not all(isinstance(s, dict) for s in schema):
        raise invalid_parameter("Schema must be a list of attribute definitions")
    required = [str(s.get("Name")) for s in schema if s.get("Required") is True]
    custom = [
        str(s.get("Name"))
        for s in schema
        if str(s.get("Name")) not in STANDARD_ATTRIBUTES | VERIFIED_FLAGS
    ]
    tracking: bool | str = False
    if devices:
        tracking = "opt-in" if opt_bool(devices, "DeviceOnlyRememberedOnUserPrompt") else "always"
    pool = provision.create_pool(
        ctx,
        name,
        device_tracking=tracking,
        challenge_on_new_device=opt_bool(devices, "ChallengeRequiredOnNewDevice"),
        username_attributes=opt_str_list(body, "UsernameAttributes"),
        alias_attributes=opt_str_list(body, "AliasAttributes"),
        required_attributes=required,
        password_min_length=opt_int(policy, "MinimumLength", 8),
        mfa_required=opt_str(body, "MfaConfiguration") == "ON",
        custom_attributes=custom,
        first_factors=opt_str_list(sign_in, "AllowedFirstAuthFactors") or ("PASSWORD",),
        auto_verified_attributes=opt_str_list(body, "AutoVerifiedAttributes"),
    )
    return {"UserPool": describe_pool(pool, 0)}


def client_spec(
    body: dict[str, Any], *, pool_id: str, name: str, generate_secret: bool = False
) -> provision.ClientSpec:
    """The settings a Create/UpdateUserPoolClient request declares (checked by ClientSpec)."""
    prevent = opt_str(body, "PreventUserExistenceErrors") or "LEGACY"
    if prevent not in ("LEGACY", "ENABLED"):
        raise invalid_parameter("PreventUserExistenceErrors must be LEGACY or ENABLED")
    rotation, grace = rotation_settings(body)
    return provision.ClientSpec(
        pool_id,
        name=name,
        generate_secret=generate_secret,
        explicit_auth_flows=opt_str_list(body, "ExplicitAuthFlows") or None,
        prevent_user_existence_errors=prevent == "ENABLED",
        session_validity=opt_int(body, "AuthSessionValidity", 3),
        refresh_token_rotation=rotation,
        retry_grace_period=grace,
        token_revocation=opt_bool(body, "EnableTokenRevocation", True),
    )


def create_user_pool_client(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    spec = client_spec(
        body,
        pool_id=req_str(body, "UserPoolId"),
        name=req_str(body, "ClientName", max_len=128),
        generate_secret=opt_bool(body, "GenerateSecret"),
    )
    return {"UserPoolClient": describe_client(provision.make_client(ctx, spec))}


def admin_create_user(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool_id = req_str(body, "UserPoolId")
    username = req_str(body, "Username", max_len=128)
    attrs = body.get("UserAttributes") or []
    if not isinstance(attrs, list) or not all(
        isinstance(a, dict) and isinstance(a.get("Name"), str) and isinstance(a.get("Value"), str)
        for a in attrs
    ):
        raise invalid_parameter("UserAttributes must be a list of {Name, Value} strings")
    temporary = opt_str(body, "TemporaryPassword", max_len=256)
    # Without TemporaryPassword Cognito mails a generated one; here nobody learns it, so the
    # user signs in only after AdminSetUserPassword.
    password = temporary or secrets.token_urlsafe(24)
    user = provision.create_user(
        ctx,
        pool_id,
        username,
        password,
        attributes={a["Name"]: a["Value"] for a in attrs},
        temporary=True,
        writer="admin",
    )
    return {"User": describe_user(user)}


def admin_set_user_password(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    provision.set_password(
        ctx,
        req_str(body, "UserPoolId"),
        req_str(body, "Username", max_len=128),
        req_str(body, "Password", max_len=256),
        permanent=opt_bool(body, "Permanent"),
    )
    return {}


def _user(ctx: Context, body: dict[str, Any]) -> tuple[Pool, User]:
    pool = ctx.pool(req_str(body, "UserPoolId"))
    return pool, ctx.user(pool, req_str(body, "Username", max_len=128))


def admin_get_user(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    _, user = _user(ctx, body)
    out = describe_user(user)
    out["UserAttributes"] = out.pop("Attributes")
    return out


def admin_disable_user(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user = _user(ctx, body)
    provision.update_user(ctx, pool, user.username, enabled=False)
    return {}


def admin_enable_user(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user = _user(ctx, body)
    provision.update_user(ctx, pool, user.username, enabled=True)
    return {}


def admin_reset_user_password(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user = _user(ctx, body)
    provision.update_user(ctx, pool, user.username, status="RESET_REQUIRED")
    return {}


def describe_user_pool(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(req_str(body, "UserPoolId"))
    return {"UserPool": describe_pool(pool, ctx.repo.user_count(pool.id))}


HANDLERS: dict[str, Handler] = {
    "CreateUserPool": create_user_pool,
    "CreateUserPoolClient": create_user_pool_client,
    "AdminCreateUser": admin_create_user,
    "AdminSetUserPassword": admin_set_user_password,
    "AdminGetUser": admin_get_user,
    "AdminDisableUser": admin_disable_user,
    "AdminEnableUser": admin_enable_user,
    "AdminResetUserPassword": admin_reset_user_password,
    "DescribeUserPool": describe_user_pool,
}
