"""Sign in through the caller's own boto3 ``cognito-idp`` client.

Every call (including ConfirmDevice and UpdateDeviceStatus) goes through that client, so its
region, endpoint URL, credentials, proxies and retry settings all apply. Service errors become
:class:`~srpcore.errors.ServiceError` with the service's code and message, the failed step, and
the original ``ClientError`` chained as ``__cause__``.
"""

from __future__ import annotations

from typing import Any

from srpcore.core.keywords import keywords, keywords_after_two
from srpcore.drivers._drive import drive, sign_in_steps
from srpcore.drivers.rotation import refresh_steps
from srpcore.signin import Challenge, Request, SignIn, Tokens
from srpcore.signin.options import RefreshOptions, SignInOptions
from srpcore.signin.types import Exchange, Reply

__all__ = ["refresh", "respond", "run", "run_refresh", "sign_in"]


def run(client: Any, machine: Exchange, request: Request) -> Tokens | Challenge:
    """Make ``request`` and every one the machine asks for next, until tokens or a challenge.

    Bounded and typed as :func:`~srpcore.drivers._drive.sign_in_steps` says.
    """
    return drive(client, sign_in_steps(machine, request))


@keywords(SignInOptions)
def sign_in(client: Any, options: SignInOptions) -> Tokens | Challenge:
    """Sign ``username`` in; return the tokens or a challenge for the caller.

    Answer a returned :class:`~srpcore.signin.Challenge` with :func:`respond` (repeat while
    challenges come). The options are those of :class:`~srpcore.signin.SignIn`: every AuthFlow
    but the refresh ones (:func:`refresh`), USER_AUTH's first factors (``preferred_challenge``,
    ``None`` for the service's SELECT_CHALLENGE), ConfirmSignUp's ``session``, and an
    ``authenticator`` answering WEB_AUTHN. With USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH
    and the PASSWORD factor the password itself is sent to the service (inside TLS); every
    other password path proves it with SRP.
    """
    machine = SignIn.from_options(options)
    return run(client, machine, machine.start())


@keywords_after_two(Reply)
def respond(client: Any, step: Challenge, reply: Reply) -> Tokens | Challenge:
    """Answer a challenge from :func:`sign_in` and carry on (SRP is not redone).

    Takes the keywords of :class:`~srpcore.signin.Reply`; see :meth:`SignIn.answer
    <srpcore.signin.SignIn.answer>` for what ``answer`` and ``attributes`` mean for each
    challenge: a code, a choice (``password`` then supplies the password for a SELECT_CHALLENGE
    choice of PASSWORD_SRP or PASSWORD if ``sign_in`` had none), or for WEB_AUTHN the
    authenticator's AuthenticationResponseJSON (dict or text).
    """
    return run(client, step.machine, step.machine.reply(step, reply))


@keywords(RefreshOptions)
def refresh(client: Any, options: RefreshOptions) -> Tokens:
    """New tokens from a refresh token; ``username`` is ``Tokens.username`` from sign-in.

    ``rotation`` picks GetTokensFromRefreshToken (``True``), REFRESH_TOKEN_AUTH (``False``) or
    tries the first and falls back (``"auto"``, the default); see
    :class:`~srpcore.signin.options.RefreshOptions`. With a client secret, REFRESH_TOKEN_AUTH
    computes SECRET_HASH over that internal username; pass the remembered ``device`` when device
    tracking is on. The result carries the NEW refresh token when the service rotated it (store
    it: the old one stops working), else the one given. A refresh token that is finished
    (reused, revoked, expired) raises :class:`~srpcore.errors.SignInRequiredError`.
    """
    return run_refresh(client, options)


def run_refresh(client: Any, options: RefreshOptions) -> Tokens:
    """Make the refresh ``options`` describe (what the token managers use).

    REFRESH_TOKEN_AUTH or GetTokensFromRefreshToken as ``options.rotation`` says (``"auto"``
    may fall back once; see :mod:`srpcore.drivers.rotation`). A final refusal raises
    :class:`~srpcore.errors.SignInRequiredError`.
    """
    return drive(client, refresh_steps(client, options))
