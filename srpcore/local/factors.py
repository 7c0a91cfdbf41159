"""What a user may sign in with first (USER_AUTH's AvailableChallenges): the one rule.

A factor is offered when the pool's ``Policies.SignInPolicy.AllowedFirstAuthFactors`` allows
it, the app client allows ``ALLOW_USER_AUTH``, and the user has what it needs: a password for
PASSWORD / PASSWORD_SRP, a verified email for EMAIL_OTP, a verified phone number for SMS_OTP,
a registered passkey for WEB_AUTHN (AWS developer guide, "Authentication flows": choice-based
sign-in lists the methods available to the user); under PreventUserExistenceErrors, every
factor the pool allows, to every name (see :func:`first_factors`).
"""

from __future__ import annotations

from srpcore.local.codes import delivery
from srpcore.local.context import Context
from srpcore.local.model import AppClient, Pool, User

__all__ = ["first_factors"]


def _has_passkey(ctx: Context, pool: Pool, user: User) -> bool:
    """Whether the user has registered a passkey (StartWebAuthnRegistration and Complete)."""
    return ctx.repo.passkey_count(pool.id, user.username) > 0


def first_factors(ctx: Context, pool: Pool, client: AppClient, user: User | None) -> list[str]:
    """The challenge names USER_AUTH may start with for ``user``, in a stable order.

    Under PreventUserExistenceErrors every name, known or not (``user`` None), is offered all
    the pool allows: AWS answers an unknown name "with a random selection from the challenge
    types that the user pool allows" (developer guide, "Managing user existence error
    responses"), while a real user's own list would say who has a passkey, a verified phone or
    no verified email, and so that the user exists. A factor the user lacks, once chosen, is a
    challenge that cannot succeed, as an unknown name's is (see otp and webauthn_signin).
    """
    if "ALLOW_USER_AUTH" not in client.auth_flows:
        return []
    allowed = set(pool.first_factors)
    if client.prevent_user_existence_errors:
        user = None
    out: list[str] = []
    if "PASSWORD" in allowed and (user is None or user.has_password):
        out += ["PASSWORD", "PASSWORD_SRP"]
    if "EMAIL_OTP" in allowed and (user is None or delivery(user, "EMAIL") is not None):
        out.append("EMAIL_OTP")
    if "SMS_OTP" in allowed and (user is None or delivery(user, "SMS") is not None):
        out.append("SMS_OTP")
    if "WEB_AUTHN" in allowed and (user is None or _has_passkey(ctx, pool, user)):
        out.append("WEB_AUTHN")
    return out
