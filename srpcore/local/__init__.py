"""A local Amazon Cognito user-pool endpoint that really verifies SRP.

boto3 (or AWS's JavaScript SDK) pointed at it with ``endpoint_url`` signs in exactly as against
AWS, and a wrong password, a replayed SECRET_BLOCK or a malformed TIMESTAMP fails exactly as
there. It stores SRP verifiers, never passwords.

Python API::

    from srpcore.local import LocalCognito

    with LocalCognito() as cognito:                      # 127.0.0.1, a free port
        pool = cognito.create_user_pool("demo", device_tracking=True)
        app = cognito.create_client(pool.id, generate_secret=True)
        cognito.create_user(pool.id, "alice", "correct horse battery staple")
        idp = cognito.boto3_client()                     # or boto3.client(..., endpoint_url=...)
        ...  # cognito.endpoint_url, pool.id, app.client_id, app.client_secret

Setup, all keyword options optional:

* ``LocalCognito(port=0, region="us-east-1", clock=..., timestamp_skew=300, mfa_code="123456",
  data=None)`` (``mfa_code=None``: a fresh MFA code per sign-in); ``clock`` (returning an
  aware datetime) drives session expiry, token times and the TIMESTAMP check, so tests can
  move time. ``data="f.sqlite"`` keeps pools, clients, users, devices, signing keys and
  refresh tokens in that file across restarts (:mod:`srpcore.local.sqlite`); by default
  everything is in memory.
* ``create_user_pool(name, *, device_tracking=False | True | "opt-in",
  username_attributes=(), alias_attributes=(), required_attributes=(), password_min_length=8,
  mfa_required=False, custom_auth=CustomAuth(...), pool_id=None, first_factors=("PASSWORD",),
  auto_verified_attributes=())`` -> ``PoolInfo(.id)``; ``first_factors`` is the sign-in
  policy's AllowedFirstAuthFactors (PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN).
* ``create_client(pool_id, *, generate_secret=False, explicit_auth_flows=None,
  prevent_user_existence_errors=False, session_validity=3, client_id=None,
  client_secret=None)`` -> ``ClientInfo(.client_id, .client_secret)``.
* ``create_user(pool_id, username, password, *, attributes=None, temporary=False, mfa=(),
  enabled=True, status=None)`` -> ``UserInfo(.username, .sub, .totp_secret)``; ``status`` may
  be ``"UNCONFIRMED"`` or ``"RESET_REQUIRED"``.
* ``set_user_password``, ``jwks_url(pool_id)``, ``issuer(pool_id)``, ``boto3_client()``,
  ``messages(pool_id=None, username=None)``: every code "sent" (:class:`Message`, oldest first;
  also ``GET /_srpcore/messages?pool_id=&username=``).

The same setup works over the wire: CreateUserPool, CreateUserPoolClient (GenerateSecret,
ExplicitAuthFlows, PreventUserExistenceErrors, AuthSessionValidity), AdminCreateUser,
AdminSetUserPassword, AdminGetUser, AdminDisableUser/AdminEnableUser, AdminResetUserPassword,
DescribeUserPool (Policies.SignInPolicy, AutoVerifiedAttributes), UpdateUserPool (what it is
not sent goes back to its default, as on AWS); SignUp, ConfirmSignUp,
ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword; and from a seed file
(:mod:`srpcore.local.seed`).

Sign-in: InitiateAuth / AdminInitiateAuth with USER_SRP_AUTH (PASSWORD_VERIFIER with no
Session, as on AWS), USER_AUTH (PREFERRED_CHALLENGE=PASSWORD_SRP, PASSWORD, EMAIL_OTP or
SMS_OTP when offered, else SELECT_CHALLENGE listing what the pool allows and the user has;
``Session`` from ConfirmSignUp signs in at once), CUSTOM_AUTH (CHALLENGE_NAME=SRP_A first, or
custom only), USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH; then
RespondToAuthChallenge / AdminRespondToAuthChallenge. After the password come, in order:
NEW_PASSWORD_REQUIRED (temporary password; ``requiredAttributes`` lists missing
``required_attributes``), DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER (remembered DEVICE_KEY;
replaces MFA), the user's MFA (SMS_MFA / EMAIL_OTP answered with the code in ``messages()``,
SOFTWARE_TOKEN_MFA with a TOTP, SELECT_MFA_TYPE when the user has several; MFA_SETUP through
AssociateSoftwareToken / VerifySoftwareToken when the pool requires MFA), CUSTOM_CHALLENGE
rounds (CUSTOM_AUTH; ``CustomAuth(answers=("42",))`` or a ``check`` callable), then tokens
with NewDeviceMetadata when the pool tracks devices and no DEVICE_KEY was sent. ConfirmDevice
and UpdateDeviceStatus take the access token; GetUser too. A stale DEVICE_KEY is answered
with ResourceNotFoundException "Device does not exist.". Devices are managed with
ListDevices, GetDevice, ForgetDevice and AdminListDevices, AdminGetDevice, AdminForgetDevice,
AdminUpdateDeviceStatus (:mod:`srpcore.local.device_admin`).

After sign-in (:mod:`srpcore.local.lifecycle`): GetTokensFromRefreshToken on every client
(the raw ClientSecret; DeviceKey for a remembered device); with RefreshTokenRotation ENABLED
(CreateUserPoolClient / UpdateUserPoolClient / DescribeUserPoolClient, or
``create_client(refresh_token_rotation=True, retry_grace_period=0..60)``) it answers a new
refresh token, the old one works for the grace period and then gets
RefreshTokenReuseException, and REFRESH_TOKEN_AUTH is refused. RevokeToken takes back a
sign-in's refresh tokens and the access tokens issued from them; GlobalSignOut and
AdminUserGlobalSignOut everything the user held. Revoked access tokens are refused by every
token-authorised operation ("Access Token has been revoked"); revocations are kept in the
repository (:mod:`srpcore.local.revocation`). ``LocalCognito(issuer_style="aws")`` (``srpcore
serve --issuer-style aws``) writes Cognito's own ``iss``,
``https://cognito-idp.<region>.amazonaws.com/<pool id>``, for verifiers that accept no other
(aws-jwt-verify with ``cacheJwks``); the keys stay at ``jwks_url(pool_id)``.

Identity pools (``cognito-identity``, on the same URL: ``X-Amz-Target:
AWSCognitoIdentityService.*``, :mod:`srpcore.local.identity`): CreateIdentityPool with
Cognito user pool providers, DescribeIdentityPool, ListIdentityPools, GetId and
GetCredentialsForIdentity, which verify the id token and return fake, well-formed temporary
credentials; ``create_identity_pool(name, [(pool_id, client_id), ...])`` and
``boto3_identity_client()`` set them up from Python. ``service.calls`` counts the calls served
(sign-ins also by flow), for tests that must tell a refresh from a sign-in.

Faces: the ``local_cognito`` pytest fixture (:mod:`srpcore.local.pytest_plugin`: a fresh
pool per test with a public and a secret client, ``add_user``, ``boto3_client``), ``srpcore
serve`` (loopback, ``--port 0`` for a free port, ``--seed FILE``, ``--data FILE``), and
``srpcore demo``.

Inside: ``wire`` (JSON 1.1, sans-IO) -> ``service`` (the operation registry) -> the operations
(``auth``, ``challenges``, ``otp``, ``devices``, ``mfa``, ``management``, ``signup``,
``recovery``), which take a ``context``
(repository, stores, token issuer, clock, engine, limits) and never the service; a sign-in's
progress is a ``progress.Stage`` moved through one transition table; ``repository`` is the only
code that reads or changes records (``MemoryRepository`` by default, ``sqlite`` for ``data``).

Tokens are RS256 JWTs with Cognito's claims; ``iss`` is ``<endpoint_url>/<pool id>`` and the
keys are at ``<iss>/.well-known/jwks.json``. Sessions (128 characters) and SECRET_BLOCKs are
single-use, bound to their client and expire after the client's AuthSessionValidity
(default 3 minutes); memory stays bounded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from srpcore.local.endpoint import (
        ClientInfo,
        LocalCognito,
        LocalSetupError,
        PoolInfo,
        UserInfo,
    )
    from srpcore.local.model import CustomAuth
    from srpcore.local.outbox import Message

__all__ = [
    "ClientInfo",
    "CustomAuth",
    "LocalCognito",
    "LocalSetupError",
    "Message",
    "PoolInfo",
    "UserInfo",
]

# Loaded on first use (PEP 562): the pytest plugin below this package is imported by every
# pytest run once srpcore is installed, and must not pull in the server, PyJWT and friends.
_LAZY = {name: "srpcore.local.endpoint" for name in __all__}
_LAZY["CustomAuth"] = "srpcore.local.model"
_LAZY["Message"] = "srpcore.local.outbox"


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'srpcore.local' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
