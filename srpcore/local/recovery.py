"""ForgotPassword and ConfirmForgotPassword: a reset code through the outbox, a new password.

The code goes to the user's verified phone number, else their verified email (Cognito's rule
when the pool sets no AccountRecoverySetting, AWS developer guide "Recovering user accounts"),
is valid for one hour and once, allows five wrong tries, and at most five codes are sent per
user per hour (AWS allows "between 5 and 20"): beyond either, LimitExceededException. The new
password must meet the pool's policy before the code is spent.
"""

from __future__ import annotations

from typing import Any

from srpcore.local import provision
from srpcore.local.codes import RESET_TTL, code_mismatch, first_delivery
from srpcore.local.context import Context, Handler
from srpcore.local.errors import USER_DISABLED, ApiError, invalid_parameter, not_authorized
from srpcore.local.model import Pool
from srpcore.local.signup import delivery_details, simulated_delivery, user_for_code
from srpcore.local.validate import req_str

__all__ = ["HANDLERS"]

RESET = "FORGOT_PASSWORD"
NO_DESTINATION = (
    "Cannot reset password for the user as there is no registered/verified email or phone_number"
)


def _simulated_target(pool: Pool, typed: str) -> str:
    """The attribute a simulated reset code "goes to": by the typed name's format, else the
    pool's verification settings, phone first as for a real user (AWS developer guide,
    "Managing user existence error responses", ForgotPassword: "The simulated delivery medium
    is determined by the input user name format and verification settings of the user pool")."""
    if "@" in typed:
        return "email"
    if typed.startswith("+") or "phone_number" in pool.auto_verified:
        return "phone_number"
    return "email"


def forgot_password(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    call, user = user_for_code(ctx, body)
    found = None if user is None else first_delivery(user)
    hidden = call.client.prevent_user_existence_errors
    # PreventUserExistenceErrors: "When a user isn't found, is deactivated, or doesn't have a
    # verified delivery mechanism to recover their password, Amazon Cognito returns
    # CodeDeliveryDetails with a simulated delivery medium" (AWS developer guide, "Managing
    # user existence error responses", ForgotPassword): all three answered alike, nothing sent.
    if user is None or (hidden and (not user.enabled or found is None)):
        username = req_str(body, "Username", max_len=128)
        attr = _simulated_target(call.pool, username)
        return {"CodeDeliveryDetails": simulated_delivery(ctx, call.pool, username, attr)}
    if not user.enabled:
        raise not_authorized(USER_DISABLED)
    if found is None:
        raise invalid_parameter(NO_DESTINATION)
    attr, address = found
    code = ctx.account_codes.issue(
        RESET, call.pool.id, user.username, RESET_TTL, destination=address
    )
    details = delivery_details(ctx, call.pool, user, kind=RESET, attr=attr, code=code)
    return {"CodeDeliveryDetails": details}


def confirm_forgot_password(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    code = req_str(body, "ConfirmationCode", max_len=2048)
    password = req_str(body, "Password", max_len=256)
    call, user = user_for_code(ctx, body)
    # PreventUserExistenceErrors: "CodeMismatchException ... for users that don't exist or are
    # disabled" (AWS developer guide, "Managing user existence error responses",
    # ConfirmForgotPassword); an unconfirmed one too, whom ForgotPassword answered alike.
    hidden = call.client.prevent_user_existence_errors
    if user is None or (hidden and (not user.enabled or user.status == "UNCONFIRMED")):
        raise code_mismatch()
    if user.status == "UNCONFIRMED":  # a reset must not stand in for the sign-up's code
        raise ApiError("UserNotConfirmedException", "User is not confirmed.")
    ctx.check_password_policy(call.pool, password)
    ctx.account_codes.check(RESET, call.pool.id, user.username, code)
    provision.set_password(ctx, call.pool.id, user.username, password, permanent=True)
    return {}


HANDLERS: dict[str, Handler] = {
    "ForgotPassword": forgot_password,
    "ConfirmForgotPassword": confirm_forgot_password,
}
