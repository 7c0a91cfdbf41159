"""SignUp, ConfirmSignUp and ResendConfirmationCode, and the Session that signs a new user in.

SignUp makes an UNCONFIRMED user (with no password at all when none is given and the pool
allows a code factor first, as AWS documents) and "sends" a confirmation code (through the
outbox) to the attribute the pool verifies automatically (``AutoVerifiedAttributes``: the
phone number if it verifies both, as Cognito does, else the email); a pool that verifies
neither sends nothing.
ConfirmSignUp takes the code (valid 24 hours, once, five wrong tries), confirms the user and
marks that attribute verified. When the app client allows USER_AUTH, SignUp returns a Session;
brought to ConfirmSignUp it is exchanged for another, and ``InitiateAuth(USER_AUTH,
Session=...)`` with that one signs the user in without a further factor: the confirmation code
was the first factor (AWS API reference, InitiateAuth ``Session``). Each Session works once,
within the client's AuthSessionValidity, and only for the user and client it was made for.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from srpcore.local import provision
from srpcore.local.codes import (
    ADDRESS_ORDER,
    CONFIRM_TTL,
    code_delivery_details,
    code_mismatch,
    medium_of,
)
from srpcore.local.context import Call, Context, Handler
from srpcore.local.endpoint_keys import Purpose
from srpcore.local.errors import ApiError, invalid_parameter
from srpcore.local.model import AppClient, Pool, User
from srpcore.local.outbox import Message
from srpcore.local.repository import find_user
from srpcore.local.session import Pending, new_session
from srpcore.local.validate import opt_bool, opt_map, opt_str, opt_struct, req_str

__all__ = [
    "HANDLERS",
    "attribute_list",
    "delivery_details",
    "read_common",
    "redeem_session",
    "simulated_delivery",
    "user_for_code",
]

SIGN_UP = "SIGN_UP"
NOT_FOUND = "Username/client id combination not found."
_AWAIT_CONFIRM = "ConfirmSignUp"
_AWAIT_SIGN_IN = "InitiateAuth"


def attribute_list(body: dict[str, Any], name: str) -> dict[str, str]:
    """A ``[{Name, Value}]`` member as a dict (the service model has checked the shapes)."""
    items = body.get(name) or []
    if not isinstance(items, list) or not all(
        isinstance(a, dict) and isinstance(a.get("Name"), str) and isinstance(a.get("Value"), str)
        for a in items
    ):
        raise invalid_parameter(f"{name} must be a list of {{Name, Value}} strings")
    return {a["Name"]: a["Value"] for a in items}


def read_common(body: dict[str, Any]) -> None:
    """Members these operations accept and this endpoint records nowhere (but type-checks)."""
    opt_map(body, "ClientMetadata")
    opt_struct(body, "AnalyticsMetadata")
    opt_struct(body, "UserContextData")


def delivery_details(
    ctx: Context, pool: Pool, user: User, *, kind: str, attr: str, code: str
) -> dict[str, str]:
    """Send ``code`` to the user's ``attr`` and describe it as CodeDeliveryDetails."""
    address = user.attributes[attr]
    medium = medium_of(attr)
    ctx.outbox.send(Message(pool.id, user.username, kind, medium, address, code, ctx.now()))
    return code_delivery_details(attr, address)


def simulated_delivery(ctx: Context, pool: Pool, username: str, attr: str) -> dict[str, str]:
    """PreventUserExistenceErrors: CodeDeliveryDetails for a name nobody holds, shaped like a
    real user's ("a code was sent to a simulated destination", AWS API reference
    UserPoolClientType.PreventUserExistenceErrors) and the same on every call for that name.

    A name that is itself an email or phone number is masked as such (a caller can tell what
    its own address would look like); otherwise the masked letters or digits come from an
    HMAC under a key derived from the endpoint's secret, so they say nothing and never change.
    """
    label = f"delivery\0{pool.id}\0{username}".encode("utf-8", "surrogatepass")
    digest = hmac.digest(ctx.keys.key(Purpose.SIMULATED_DELIVERY), label, "sha256")
    if attr == "email" and "@" not in username:
        letters = "abcdefghijklmnopqrstuvwxyz"
        username = f"{letters[digest[0] % 26]}@{letters[digest[1] % 26]}.com"
    elif attr != "email" and not username.startswith("+"):
        username = "+" + "".join(str(b % 10) for b in digest[:11])
    return code_delivery_details(attr, username)


def _confirmation_target(pool: Pool, user: User) -> str | None:
    """The attribute a confirmation code goes to: the phone number first, as Cognito does."""
    for attr in ADDRESS_ORDER:
        if attr in pool.auto_verified and user.attributes.get(attr):
            return attr
    return None


def user_for_code(ctx: Context, body: dict[str, Any]) -> tuple[Call, User | None]:
    """The app client and the named user of a code operation, after the SECRET_HASH check."""
    client_id = req_str(body, "ClientId")
    username = req_str(body, "Username", max_len=128)
    pool, client = ctx.client(client_id)
    ctx.check_secret_hash(client, username, opt_str(body, "SecretHash"))
    read_common(body)
    user = find_user(ctx.repo, pool, username)
    if user is None and not client.prevent_user_existence_errors:
        raise ApiError("UserNotFoundException", NOT_FOUND)
    return Call(ctx, pool, client), user


def _park(ctx: Context, client: AppClient, user: User, awaiting: str) -> str:
    """A sign-up Session (in the sign-ins' store, under its own key prefix): one use."""
    p = Pending(
        pool_id=client.pool_id,
        client_id=client.client_id,
        username=user.username,
        flow="SIGN_UP",
        admin=False,
        auth_time=int(ctx.now()),
        awaiting=awaiting,
        session=new_session(),
    )
    quotas = ctx.pending_quotas(p.pool_id, p.client_id, p.username)
    ctx.pending.put("u:" + str(p.session), p, ttl=client.session_validity * 60.0, quotas=quotas)
    return str(p.session)


def _take(ctx: Context, session: str, client: AppClient, username: str, awaiting: str) -> bool:
    p = ctx.pending.pop("u:" + session)
    return (
        p is not None
        and p.awaiting == awaiting
        and p.client_id == client.client_id
        and p.username == username
    )


def redeem_session(call: Call, session: str, username: str) -> bool:
    """Whether ``session`` is ConfirmSignUp's for this client and user (used up either way)."""
    return _take(call.ctx, session, call.client, username, _AWAIT_SIGN_IN)


def _unknowable_password() -> str:
    """A passwordless user's verifier is of this, which nobody ever learns (a password may be
    set later, by ConfirmForgotPassword or AdminSetUserPassword)."""
    return secrets.token_urlsafe(32)


def sign_up(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    client_id = req_str(body, "ClientId")
    username = req_str(body, "Username", max_len=128)
    password = opt_str(body, "Password", max_len=256)
    attributes = attribute_list(body, "UserAttributes")
    attribute_list(body, "ValidationData")  # for a pre sign-up trigger: none here
    read_common(body)
    pool, client = ctx.client(client_id)
    ctx.check_secret_hash(client, username, opt_str(body, "SecretHash"))
    passwordless = not password
    if passwordless and not {"EMAIL_OTP", "SMS_OTP"} & set(pool.first_factors):
        raise invalid_parameter("Password is required: this pool has no passwordless sign-in")
    if pool.auto_verified and not ctx.account_codes.has_room(SIGN_UP, pool.id):
        raise ApiError("TooManyRequestsException", "Too many codes outstanding; try again later.")
    try:
        user = provision.create_user(
            ctx, pool.id, username, password or _unknowable_password(), attributes=attributes,
            status="UNCONFIRMED", writer="user",
        )  # fmt: skip
    except ApiError as exc:
        if exc.code == "UsernameExistsException":
            # Whatever PreventUserExistenceErrors says: "The SignUp operation returns
            # UsernameExistsException when a user name is already taken" (AWS developer guide,
            # "Managing user existence error responses", SignUp); AWS points to verification
            # based aliases, not this setting, for hiding a taken email or phone number.
            raise ApiError("UsernameExistsException", "User already exists") from exc
        raise
    if passwordless:
        user = provision.update_user(ctx, pool, user.username, has_password=False)
    out: dict[str, Any] = {"UserConfirmed": False, "UserSub": user.sub}
    attr = _confirmation_target(pool, user)
    if attr is not None:
        address = user.attributes[attr]
        code = ctx.account_codes.issue(
            SIGN_UP, pool.id, user.username, CONFIRM_TTL, destination=address
        )
        out["CodeDeliveryDetails"] = delivery_details(
            ctx, pool, user, kind=SIGN_UP, attr=attr, code=code
        )
    if "ALLOW_USER_AUTH" in client.auth_flows:
        out["Session"] = _park(ctx, client, user, _AWAIT_CONFIRM)
    return out


def confirm_sign_up(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    code = req_str(body, "ConfirmationCode", max_len=2048)
    opt_bool(body, "ForceAliasCreation")
    session = opt_str(body, "Session")
    call, user = user_for_code(ctx, body)
    if user is None:
        raise code_mismatch()  # PreventUserExistenceErrors: what a wrong code gets
    if user.status != "UNCONFIRMED":
        raise ApiError(
            "NotAuthorizedException", f"User cannot be confirmed. Current status is {user.status}"
        )
    pool = call.pool
    ctx.account_codes.check(SIGN_UP, pool.id, user.username, code)
    with ctx.repo.atomic():
        current = ctx.user(pool, user.username)
        attributes = dict(current.attributes)
        attr = _confirmation_target(pool, current)
        if attr is not None:
            attributes[f"{attr}_verified"] = "true"
        provision.update_user(ctx, pool, user.username, status="CONFIRMED", attributes=attributes)
    if session is None or not _take(ctx, session, call.client, user.username, _AWAIT_CONFIRM):
        return {}
    return {"Session": _park(ctx, call.client, user, _AWAIT_SIGN_IN)}


def _target_for_anyone(pool: Pool) -> str | None:
    """The attribute an unknown name's code would go to: the pool's choice, phone first."""
    return next((a for a in ADDRESS_ORDER if a in pool.auto_verified), None)


def resend_confirmation_code(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    call, user = user_for_code(ctx, body)
    hidden = call.client.prevent_user_existence_errors
    # PreventUserExistenceErrors: "Amazon Cognito returns CodeDeliveryDetails for a disabled
    # user or a user that doesn't exist" (AWS developer guide, "Managing user existence error
    # responses", ResendConfirmationCode): both simulated alike, nothing sent. The guide says
    # nothing of an enabled, already confirmed user: that one keeps its InvalidParameter.
    if user is None or (hidden and not user.enabled):
        attr = _target_for_anyone(call.pool)
        if attr is None:
            raise invalid_parameter("Auto verification not turned on.")
        username = req_str(body, "Username", max_len=128)
        return {"CodeDeliveryDetails": simulated_delivery(ctx, call.pool, username, attr)}
    if user.status != "UNCONFIRMED":
        raise invalid_parameter("User is already confirmed.")
    attr = _confirmation_target(call.pool, user)
    if attr is None:
        raise invalid_parameter("Auto verification not turned on.")
    address = user.attributes[attr]
    code = ctx.account_codes.issue(
        SIGN_UP, call.pool.id, user.username, CONFIRM_TTL, destination=address
    )
    details = delivery_details(ctx, call.pool, user, kind=SIGN_UP, attr=attr, code=code)
    return {"CodeDeliveryDetails": details}


HANDLERS: dict[str, Handler] = {
    "SignUp": sign_up,
    "ConfirmSignUp": confirm_sign_up,
    "ResendConfirmationCode": resend_confirmation_code,
}
