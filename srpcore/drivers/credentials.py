"""AWS credentials from a sign-in, through a Cognito identity pool (``cognito-identity``).

The exchange is two calls: GetId turns the pool and the ``Logins`` map (``cognito-idp.<region>
.amazonaws.com/<user pool id>`` -> id token) into an IdentityId, and GetCredentialsForIdentity
turns that id and the same ``Logins`` into temporary credentials. The IdentityId of a (pool,
provider, user) never changes, so it is cached (bounded, least recently used dropped first) and
a second exchange costs one call; a cached id the service no longer knows is looked up once
more. The exchange itself is one sans-IO generator that both faces drive, :func:`aws_credentials`
with a boto3 client and :func:`aws_credentials_async` with an aiobotocore one.

:class:`AwsCredentials` is frozen and its ``repr`` shows only the identity and the expiry:
the access key id, the secret and the session token never appear in a ``repr``, ``str`` or log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import jwt

from srpcore.cognito.pool import pool_region
from srpcore.core.keywords import keywords
from srpcore.core.lru import LRU
from srpcore.drivers._drive import Steps, drive, drive_async, response_or_refusal
from srpcore.errors import InvalidParameterError, ProtocolError, ServiceError
from srpcore.signin import Tokens
from srpcore.signin.types import Request

__all__ = [
    "AwsCredentials",
    "CredentialOptions",
    "IdentityIdCache",
    "IdentityPool",
    "aws_credentials",
    "aws_credentials_async",
    "exchange",
    "exchange_async",
    "provider_name",
]

DEFAULT_CACHE_SIZE = 1024


@dataclass(frozen=True, repr=False)
class AwsCredentials:
    """Temporary AWS credentials of an identity pool identity; ``expiration`` is aware UTC."""

    access_key_id: str = field(repr=False)
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expiration: datetime
    identity_id: str

    def __repr__(self) -> str:
        return (
            f"AwsCredentials(identity_id={self.identity_id!r}, "
            f"expiration={self.expiration.isoformat()!r}, <keys hidden>)"
        )

    __str__ = __repr__

    def credential_process(self) -> dict[str, Any]:
        """The JSON object the AWS CLI and SDKs read from a ``credential_process`` command."""
        return {
            "Version": 1,
            "AccessKeyId": self.access_key_id,
            "SecretAccessKey": self.secret_access_key,
            "SessionToken": self.session_token,
            "Expiration": self.expiration.isoformat(),
        }

    def botocore_metadata(self) -> dict[str, str]:
        """What botocore's ``RefreshableCredentials`` take from a refresh function."""
        return {
            "access_key": self.access_key_id,
            "secret_key": self.secret_access_key,
            "token": self.session_token,
            "expiry_time": self.expiration.isoformat(),
        }


class IdentityIdCache(LRU[tuple[str, ...], str]):
    """IdentityIds by (identity pool, account, provider, user), at most ``max_entries``.

    Ids are not secrets (they grant nothing without a login token), but the cache keeps no
    token: a user is named by the ``sub`` of the id token, or by its SHA-256 when unreadable.
    """

    def __init__(self, max_entries: int = DEFAULT_CACHE_SIZE) -> None:
        super().__init__(max_entries)

    def forget(self, key: tuple[str, ...]) -> None:
        """Drop the id of ``key`` (the service no longer knows it)."""
        self.pop(key)

    def __repr__(self) -> str:
        return f"IdentityIdCache({len(self)}/{self.limit} ids)"


_DEFAULT_CACHE = IdentityIdCache()


def provider_name(user_pool_id: str, region: str | None = None) -> str:
    """``cognito-idp.<region>.amazonaws.com/<user pool id>``: the pool's key in ``Logins``.

    ``region`` defaults to the pool id's own prefix (where the pool lives).
    """
    home = pool_region(user_pool_id)  # checks the id even when a region is given
    return f"cognito-idp.{region or home}.amazonaws.com/{user_pool_id}"


@dataclass(frozen=True, repr=False)
class _Plan:
    """One exchange's inputs, checked once; the token itself is never in a ``repr``."""

    identity_pool_id: str
    logins: dict[str, str]
    account_id: str | None
    cache: IdentityIdCache
    key: tuple[str, ...]

    def get_id(self) -> Request:
        params: dict[str, Any] = {"IdentityPoolId": self.identity_pool_id, "Logins": self.logins}
        if self.account_id is not None:
            params["AccountId"] = self.account_id
        return Request("GetId", params, "GetId")

    def get_credentials(self, identity_id: str) -> Request:
        params = {"IdentityId": identity_id, "Logins": self.logins}
        return Request("GetCredentialsForIdentity", params, "GetCredentialsForIdentity")


@dataclass(frozen=True, kw_only=True, repr=False)
class IdentityPool:
    """Which identity pool, and which login provider in it: what every exchange of a user shares.

    ``cache`` holds the IdentityIds (by default one process-wide table). The base of
    :class:`CredentialOptions` (one exchange) and of the sessions' options (every refresh).
    """

    identity_pool_id: str
    user_pool_id: str | None = None
    provider_name: str | None = None
    account_id: str | None = None
    cache: IdentityIdCache | None = None

    def login_provider(self, region: str | None) -> str:
        """The provider's key in ``Logins``: ``provider_name``, or the user pool's in ``region``."""
        if self.provider_name is not None:
            return self.provider_name
        if self.user_pool_id is None:
            raise InvalidParameterError("give user_pool_id (or the provider name itself)")
        return provider_name(self.user_pool_id, region)


@dataclass(frozen=True, kw_only=True, repr=False)
class CredentialOptions(IdentityPool):
    """What one exchange takes: the keywords of both faces, declared once (see ``keywords``).

    ``tokens`` is the sign-in's :class:`~srpcore.signin.Tokens` or its id token; no ``repr``
    shows it. ``region`` names the provider (by default the user pool's own). Checked by
    :func:`_plan`, before any call.
    """

    tokens: Tokens | str
    region: str | None = None


def _plan(options: CredentialOptions) -> _Plan:
    tokens, identity_pool_id = options.tokens, options.identity_pool_id
    account_id, cache = options.account_id, options.cache
    id_token = tokens.id_token if isinstance(tokens, Tokens) else tokens
    if not isinstance(id_token, str) or not id_token:
        raise InvalidParameterError("an identity pool needs the id token of the sign-in")
    if not isinstance(identity_pool_id, str) or ":" not in identity_pool_id:
        raise InvalidParameterError(f"{identity_pool_id!r} is not an identity pool id")
    provider = options.login_provider(options.region)
    try:
        claims = jwt.decode(id_token, options={"verify_signature": False})
        subject = str(claims["sub"])
    except (jwt.InvalidTokenError, KeyError, TypeError, ValueError):
        subject = "sha256:" + hashlib.sha256(id_token.encode("utf-8", "replace")).hexdigest()
    key = (identity_pool_id, account_id or "", provider, subject)
    return _Plan(
        identity_pool_id,
        {provider: id_token},
        account_id,
        _DEFAULT_CACHE if cache is None else cache,
        key,
    )


def _field(data: Any, name: str, kind: type) -> Any:
    value = data.get(name) if isinstance(data, dict) else None
    if not isinstance(value, kind) or (kind is str and not value):
        raise ProtocolError(f"the identity pool's answer has no valid {name}")
    return value


def _credentials(response: Any, identity_id: str) -> AwsCredentials:
    creds = _field(response, "Credentials", dict)
    expiration = _field(creds, "Expiration", datetime)
    if expiration.tzinfo is None:
        raise ProtocolError("the identity pool's Expiration has no time zone")
    return AwsCredentials(
        access_key_id=_field(creds, "AccessKeyId", str),
        secret_access_key=_field(creds, "SecretKey", str),
        session_token=_field(creds, "SessionToken", str),
        expiration=expiration.astimezone(timezone.utc),
        identity_id=str(response.get("IdentityId") or identity_id),
    )


def _exchange(plan: _Plan) -> Steps[AwsCredentials]:
    """Yield each call to make; receive its outcome; return credentials (driver steps).

    At most three calls: a cached id the service has lost (ResourceNotFound) is looked up once
    again with GetId; any other refusal is raised with the service's code and message.
    """
    identity_id = plan.cache.get(plan.key)
    cached = identity_id is not None
    for _ in range(2):  # the second round only after a cached id was refused
        if identity_id is None:
            request = plan.get_id()
            answer = response_or_refusal((yield request), request)
            if isinstance(answer, ServiceError):
                raise answer
            identity_id = _field(answer, "IdentityId", str)
            plan.cache.put(plan.key, identity_id)
        request = plan.get_credentials(identity_id)
        answer = response_or_refusal((yield request), request)
        if not isinstance(answer, ServiceError):
            return _credentials(answer, identity_id)
        if not cached or answer.code != "ResourceNotFoundException":
            raise answer
        plan.cache.forget(plan.key)
        identity_id, cached = None, False
    raise AssertionError("unreachable: the second round never retries")  # pragma: no cover


def exchange(client: Any, options: CredentialOptions) -> AwsCredentials:
    """:func:`aws_credentials` taking the options object (what the sessions call)."""
    return drive(client, _exchange(_plan(options)))


async def exchange_async(client: Any, options: CredentialOptions) -> AwsCredentials:
    """Async :func:`exchange`."""
    return await drive_async(client, _exchange(_plan(options)))


@keywords(CredentialOptions)
def aws_credentials(client: Any, options: CredentialOptions) -> AwsCredentials:
    """Temporary AWS credentials for the user of ``tokens`` (or an id token string).

    ``client`` is a boto3 ``cognito-identity`` client; ``user_pool_id`` (with ``region``, by
    default the pool's own) names the provider, or pass ``provider_name`` itself. Refusals
    are :class:`~srpcore.errors.ServiceError` with the service's code and message.
    """
    return exchange(client, options)


@keywords(CredentialOptions)
async def aws_credentials_async(client: Any, options: CredentialOptions) -> AwsCredentials:
    """:func:`aws_credentials` over an aiobotocore ``cognito-identity`` client."""
    return await exchange_async(client, options)
