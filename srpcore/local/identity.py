"""A minimal Cognito *identity pool* service (``cognito-identity``) on the same endpoint.

Requests carry ``X-Amz-Target: AWSCognitoIdentityService.<Operation>`` and are validated
against botocore's cognito-identity model before a handler runs. An identity pool names the
user pools it trusts as ``cognito-idp.<region>.amazonaws.com/<user pool id>`` with one app
client each; GetId and GetCredentialsForIdentity accept an id token only when this endpoint's
key for that user pool signed it, its ``iss`` is that pool's, ``token_use`` is ``id``, its
``aud`` is the configured app client and it has not expired by the context's clock; with
``ServerSideTokenCheck`` the user must also still exist and be enabled, and the token must not
have been taken back by RevokeToken or a global sign-out (AWS: the identity pool "will check
with the integrated user pools to make sure that the user has not been globally signed out").
What comes back are clearly fake, well-formed temporary credentials (``ASIA...`` key id,
40-character secret, a session token starting ``srpcore-local-``) valid for one hour.

Identity ids are ``<region>:<uuid>`` derived with HMAC-SHA256 under the identity pool's own
random key from the provider and the token's ``sub``, so the same user always gets the same
identity (as with Cognito) and an id reveals nothing. Unauthenticated identities are not
served. Error codes are those botocore's model lists for each operation; messages follow
Cognito Identity's wording as developers report it (marked where it is not known).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from srpcore.cognito.pool import POOL_ID_PATTERN, is_pool_id, pool_region
from srpcore.local.context import Context, Handler
from srpcore.local.errors import ApiError, invalid_parameter, not_authorized, resource_not_found
from srpcore.local.model import Identity, IdentityPool
from srpcore.local.paging import Listing
from srpcore.local.token_checks import Refusals, holder

__all__ = ["CREDENTIAL_LIFETIME", "HANDLERS", "TARGET_PREFIX"]

TARGET_PREFIX = "AWSCognitoIdentityService."
CREDENTIAL_LIFETIME = 3600  # seconds: what GetCredentialsForIdentity gives Cognito users
MAX_PROVIDERS = 50  # user pool providers per identity pool (Cognito's documented quota)
_PROVIDER = re.compile(rf"cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/({POOL_ID_PATTERN})")
_UNSUPPORTED = ("SupportedLoginProviders", "DeveloperProviderName", "OpenIdConnectProviderARNs")
_INVALID_TOKEN = "Invalid login token. Not a valid OpenId Connect identity token."  # noqa: S105
_NOT_SUPPORTED_PROVIDER = "Token is not from a supported provider of this identity pool."
_LOGINS_MISMATCH = (
    "Logins don't match. Please include at least one valid login for this identity or "
    "identity pool."
)
_GONE = "Invalid login token. The user is disabled or does not exist."  # wording not verified
_SERVER_CHECK = Refusals(_GONE, _GONE, "Invalid login token. Token has been revoked.")
"""ServerSideTokenCheck's refusals (Cognito Identity's wording is not known for these)."""
_BASE32_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_LISTING = Listing("ListIdentityPools", default_size=60, max_size=60)  # QueryLimit's 1..60


def _pool_not_found(pool_id: str) -> ApiError:
    return resource_not_found(f"IdentityPool '{pool_id}' not found.")


def _describe(pool: IdentityPool) -> dict[str, Any]:
    return {
        "IdentityPoolId": pool.id,
        "IdentityPoolName": pool.name,
        "AllowUnauthenticatedIdentities": pool.allow_unauthenticated,
        "AllowClassicFlow": False,
        "CognitoIdentityProviders": [
            {"ProviderName": name, "ClientId": client, "ServerSideTokenCheck": check}
            for name, client, check in pool.providers
        ],
        "IdentityPoolTags": {},
    }


def _providers(ctx: Context, listed: list[dict[str, Any]]) -> tuple[tuple[str, str, bool], ...]:
    """The user pools an identity pool will trust; each must exist here with that client.

    (Cognito itself accepts providers it cannot check yet; refusing them locally catches a
    typo at setup rather than at the first sign-in. The wording is ours.)
    """
    if len(listed) > MAX_PROVIDERS:
        raise invalid_parameter(f"At most {MAX_PROVIDERS} CognitoIdentityProviders are allowed.")
    out: list[tuple[str, str, bool]] = []
    for entry in listed:
        name, client_id = entry.get("ProviderName"), entry.get("ClientId")
        if not isinstance(name, str) or not isinstance(client_id, str):
            raise invalid_parameter("CognitoIdentityProviders need a ProviderName and a ClientId.")
        match = _PROVIDER.fullmatch(name)
        if (
            match is None
            or not is_pool_id(match.group(2))
            or pool_region(match.group(2)) != match.group(1)
        ):
            raise invalid_parameter(
                f"Invalid provider name {name!r}: expected "
                "cognito-idp.<region>.amazonaws.com/<user pool id>."
            )
        client = ctx.repo.client(client_id)
        if ctx.repo.pool(match.group(2)) is None or client is None:
            raise invalid_parameter(f"User pool {match.group(2)} has no app client {client_id}.")
        if client.pool_id != match.group(2):
            raise invalid_parameter(f"App client {client_id} is not a client of {match.group(2)}.")
        if any((name, client_id) == (n, c) for n, c, _ in out):  # one pool, several clients: fine
            raise invalid_parameter(f"Provider {name} with client {client_id} is listed twice.")
        out.append((name, client_id, entry.get("ServerSideTokenCheck") is True))
    return tuple(out)


def create_identity_pool(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    for member in _UNSUPPORTED:
        if body.get(member):
            raise invalid_parameter(f"{member} is not supported by the local endpoint.")
    if body.get("SamlProviderARNs"):
        raise invalid_parameter("SamlProviderARNs is not supported by the local endpoint.")
    providers = _providers(ctx, body.get("CognitoIdentityProviders") or [])
    pool = IdentityPool(
        id=f"{ctx.region}:{uuid.UUID(bytes=secrets.token_bytes(16), version=4)}",
        name=body["IdentityPoolName"],
        allow_unauthenticated=body["AllowUnauthenticatedIdentities"] is True,
        providers=providers,
        key=secrets.token_bytes(32),
        created=ctx.now(),
    )
    with ctx.repo.atomic():
        if len(ctx.repo.identity_pool_ids()) >= ctx.limits.identity_pools:
            raise ApiError(
                "LimitExceededException",
                f"Limit of {ctx.limits.identity_pools} identity pools has been reached.",
            )
        ctx.repo.add_identity_pool(pool)
    return _describe(pool)


def describe_identity_pool(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.repo.identity_pool(body["IdentityPoolId"])
    if pool is None:
        raise _pool_not_found(body["IdentityPoolId"])
    return _describe(pool)


def list_identity_pools(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Oldest first. Identity pools are never deleted, so the repository's order is their
    creation order and a pool's place in it is its position (the endpoint is one account,
    so the token's owner is the endpoint itself)."""
    places = list(enumerate(ctx.repo.identity_pool_ids()))
    size = _LISTING.size(body["MaxResults"])
    page = _LISTING.page(
        ctx.keys, places, lambda p: p, owner=(), size=size, token=body.get("NextToken")
    )
    pools = [ctx.repo.identity_pool(pool_id) for _, pool_id in page.items]
    out: dict[str, Any] = {
        "IdentityPools": [
            {"IdentityPoolId": p.id, "IdentityPoolName": p.name} for p in pools if p is not None
        ]
    }
    if page.next_token is not None:
        out["NextToken"] = page.next_token
    return out


@dataclass(frozen=True)
class _Login:
    """One verified entry of Logins: which provider vouched for which subject."""

    provider: str
    subject: str


def _verify(ctx: Context, pool: IdentityPool, provider: str, token: str) -> _Login:
    """Check one Logins entry against ``pool``; NotAuthorized for anything it cannot vouch for.

    The order and wording follow what Cognito Identity answers: an issuer other than the
    provider's, an access token (no ``aud``), a token of another app client ("not from a
    supported provider"), an expired one.
    """
    configured = {client: check for name, client, check in pool.providers if name == provider}
    if not configured:
        raise not_authorized(_NOT_SUPPORTED_PROVIDER)
    user_pool_id = provider.rsplit("/", 1)[1]
    try:  # only to word the refusal: nothing is believed before the signature is checked
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise not_authorized(_INVALID_TOKEN) from exc
    if not isinstance(unverified, dict) or unverified.get("iss") != ctx.tokens.issuer(user_pool_id):
        raise not_authorized("Invalid login token. Issuer doesn't match providerName")
    claims = ctx.tokens.signed_claims(token, user_pool_id)
    if claims is None:
        raise not_authorized(_INVALID_TOKEN)
    if "aud" not in claims:
        raise not_authorized("Invalid login token. Missing a required claim: aud")
    server_check = configured.get(claims["aud"]) if isinstance(claims["aud"], str) else None
    if server_check is None:  # a client of the pool the identity pool does not list
        raise not_authorized(_NOT_SUPPORTED_PROVIDER)
    subject = claims.get("sub")
    if claims.get("token_use") != "id" or not isinstance(subject, str) or not subject:
        raise not_authorized(_INVALID_TOKEN)
    exp, now = claims.get("exp"), int(ctx.now())
    if isinstance(exp, bool) or not isinstance(exp, int) or exp <= now:
        raise not_authorized(f"Invalid login token. Token expired: {now} >= {exp}")
    if server_check:  # asks the user pool, which knows RevokeToken and global sign-out
        holder(ctx, user_pool_id, claims, "cognito:username", _SERVER_CHECK)
    return _Login(provider, subject)


def _logins(ctx: Context, pool: IdentityPool, body: dict[str, Any]) -> list[_Login]:
    logins: dict[str, str] = body.get("Logins") or {}
    if len(logins) > 10:  # LoginsMap's max, which the generic map check does not apply
        raise invalid_parameter("Logins may have at most 10 entries.")
    if not logins:
        if pool.allow_unauthenticated:
            raise not_authorized("Unauthenticated identities are not served by the local endpoint.")
        raise not_authorized("Unauthenticated access is not supported for this identity pool.")
    return [_verify(ctx, pool, provider, logins[provider]) for provider in sorted(logins)]


def _identity_id(pool: IdentityPool, login: _Login) -> str:
    digest = hmac.new(
        pool.key, f"{login.provider}\0{login.subject}".encode(), hashlib.sha256
    ).digest()
    return f"{pool.id.split(':', 1)[0]}:{uuid.UUID(bytes=digest[:16], version=4)}"


def get_id(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.repo.identity_pool(body["IdentityPoolId"])
    if pool is None:
        raise _pool_not_found(body["IdentityPoolId"])
    login = _logins(ctx, pool, body)[0]
    identity = Identity(_identity_id(pool, login), pool.id, login.provider, login.subject)
    with ctx.repo.atomic():
        if ctx.repo.identity(identity.id) is None:
            if ctx.repo.identity_count(pool.id) >= ctx.limits.identities_per_pool:
                raise ApiError(
                    "LimitExceededException", "Identity pool has reached its identity limit."
                )
            ctx.repo.add_identity(identity)
    return {"IdentityId": identity.id}


def _fake_credentials(now: float) -> dict[str, Any]:
    """Well-formed, obviously fake: no AWS service would take them (nor should it)."""
    key_id = "ASIA" + "".join(secrets.choice(_BASE32_UPPER) for _ in range(16))
    secret = base64.b64encode(secrets.token_bytes(30)).decode("ascii")  # 40 characters
    return {
        "AccessKeyId": key_id,
        "SecretKey": secret,
        "SessionToken": "srpcore-local-" + secrets.token_urlsafe(96),
        "Expiration": int(now) + CREDENTIAL_LIFETIME,
    }


def get_credentials_for_identity(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    identity = ctx.repo.identity(body["IdentityId"])
    if identity is None:
        raise resource_not_found(f"Identity '{body['IdentityId']}' not found.")
    pool = ctx.repo.identity_pool(identity.pool_id)
    if pool is None:
        raise _pool_not_found(identity.pool_id)
    logins = _logins(ctx, pool, body)
    if _Login(identity.provider, identity.subject) not in logins:
        raise not_authorized(_LOGINS_MISMATCH)
    return {"IdentityId": identity.id, "Credentials": _fake_credentials(ctx.now())}


HANDLERS: dict[str, Handler] = {
    "CreateIdentityPool": create_identity_pool,
    "DescribeIdentityPool": describe_identity_pool,
    "ListIdentityPools": list_identity_pools,
    "GetId": get_id,
    "GetCredentialsForIdentity": get_credentials_for_identity,
}
