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
from srpcore.local.signup import delivery_details, simulated_delivery, user_for_code
from srpcore.local.validate import req_str

__all__ = ["HANDLERS"]

RESET = "FORGOT_PASSWORD"
NO_DESTINATION = (
    "Cannot reset password for the user as there is no registered/verified email or phone_number"
)


def forgot_password(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    call, user = user_for_code(ctx, body)
    if user is None:  # PreventUserExistenceErrors: an answer shaped like a real one
        username = req_str(body, "Username", max_len=128)
        attr = "phone_number" if username.startswith("+") else "email"
        return {"CodeDeliveryDetails": simulated_delivery(ctx, call.pool, username, attr)}
    if not user.enabled:
        raise not_authorized(USER_DISABLED)
    found = first_delivery(user)
    if found is None:
        raise invalid_parameter(NO_DESTINATION)
    attr, _ = found
    code = ctx.account_codes.issue(RESET, call.pool.id, user.username, RESET_TTL)
    details = delivery_details(ctx, call.pool, user, kind=RESET, attr=attr, code=code)
    return {"CodeDeliveryDetails": details}


def confirm_forgot_password(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    code = req_str(body, "ConfirmationCode", max_len=2048)
    password = req_str(body, "Password", max_len=256)
    call, user = user_for_code(ctx, body)
    if user is None:
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
