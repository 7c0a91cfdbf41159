"""UpdateUserPool, with Cognito's rule: a setting the request leaves out goes back to its default.

AWS's API reference for UpdateUserPool: "If you don't provide a value for an attribute, Amazon
Cognito sets it to its default value", so a caller must send the whole configuration with its
change. Of what the endpoint acts on, that resets Policies.PasswordPolicy.MinimumLength (8),
Policies.SignInPolicy.AllowedFirstAuthFactors (PASSWORD), AutoVerifiedAttributes (none),
MfaConfiguration (OFF) and DeviceConfiguration (no device tracking). ``PoolName`` renames the
pool when given. Untouched: what UpdateUserPool cannot change (UsernameAttributes,
AliasAttributes, the Schema), the WebAuthnConfiguration (SetUserPoolMfaConfig's), and the
endpoint's custom-auth answers (a LocalCognito option standing in for Lambda triggers, not
LambdaConfig). The other members are accepted and not stored, as at CreateUserPool.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from srpcore.local import provision
from srpcore.local.context import Context, Handler
from srpcore.local.errors import validation_error
from srpcore.local.validate import opt_bool, opt_int, opt_str, opt_str_list, opt_struct, req_str

__all__ = ["HANDLERS"]

MFA_CONFIGURATIONS = ("OFF", "ON", "OPTIONAL")


def update_user_pool(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool_id = req_str(body, "UserPoolId")
    name = opt_str(body, "PoolName", max_len=128)
    policies = opt_struct(body, "Policies")
    password = opt_struct(policies, "PasswordPolicy")
    sign_in = opt_struct(policies, "SignInPolicy")
    devices = opt_struct(body, "DeviceConfiguration")
    mfa = opt_str(body, "MfaConfiguration") or "OFF"
    if mfa not in MFA_CONFIGURATIONS:  # the request validator checks no enums
        raise validation_error(
            "mfaConfiguration", "Member must satisfy enum value set: [OFF, ON, OPTIONAL]", mfa[:64]
        )
    first_factors = tuple(opt_str_list(sign_in, "AllowedFirstAuthFactors")) or ("PASSWORD",)
    auto_verified = tuple(opt_str_list(body, "AutoVerifiedAttributes"))
    provision.check_sign_in_settings(first_factors, auto_verified)
    changes: dict[str, Any] = {
        "password_min_length": opt_int(password, "MinimumLength", 8),
        "first_factors": tuple(dict.fromkeys(first_factors)),
        "auto_verified": tuple(dict.fromkeys(auto_verified)),
        "mfa_required": mfa == "ON",
        "device_tracking": bool(devices),
        "device_opt_in": opt_bool(devices, "DeviceOnlyRememberedOnUserPrompt"),
        "challenge_on_new_device": opt_bool(devices, "ChallengeRequiredOnNewDevice"),
    }
    if name is not None:
        changes["name"] = name
    with ctx.repo.atomic():
        ctx.repo.put_pool(replace(ctx.pool(pool_id), **changes))
    return {}


HANDLERS: dict[str, Handler] = {"UpdateUserPool": update_user_pool}
