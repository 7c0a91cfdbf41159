"""boto3 and aiobotocore sessions whose AWS credentials come from a Cognito sign-in.

The credentials are botocore's own deferred refreshable credentials: nothing is fetched until
the first signed call, and botocore itself asks for new ones when the current ones come within
its advisory (15 minutes) or mandatory (10 minutes) window of expiry, one refresh at a time,
with no timer or thread of ours. Each refresh takes the id token from the
:class:`~srpcore.drivers.tokens.TokenManager` (which refreshes the Cognito tokens when they
are due, as its ``rotation`` says, never with a new SRP sign-in) and calls the identity
pool again (:func:`~srpcore.drivers.credentials.aws_credentials`).

The session's credential resolver holds only this provider, so an ``AWS_ACCESS_KEY_ID`` in the
environment or a default profile can never shadow the identity pool's credentials.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from botocore.credentials import CredentialProvider

from srpcore.cognito.client import utc_now
from srpcore.core.keywords import keywords_after_two
from srpcore.drivers.credentials import (
    CredentialOptions,
    IdentityIdCache,
    IdentityPool,
    exchange,
    exchange_async,
)
from srpcore.drivers.tokens import AsyncTokenManager, TokenManager
from srpcore.errors import InvalidParameterError

__all__ = ["METHOD", "SessionOptions", "aio_session", "boto3_session"]

METHOD = "srpcore-cognito-identity"
"""How botocore names these credentials (``session.get_credentials().method``)."""


@dataclass(frozen=True, kw_only=True)
class SessionOptions(IdentityPool):
    """The keywords of both session faces: the identity pool's, and the session's own.

    ``region_name`` is the session's default region, and the provider's (with the user pool's
    as default); ``clock`` is botocore's notion of now for the expiry windows (tests move it).
    Checked up front, not at the first refresh.
    """

    region_name: str | None = None
    clock: Callable[[], datetime] = utc_now

    def __post_init__(self) -> None:
        self.login_provider(self.region_name)  # what every refresh will name: checked now

    def exchanges(self) -> Callable[[str], CredentialOptions]:
        """The options of each refresh of one session, from the id token of the moment."""
        pool = {f.name: getattr(self, f.name) for f in fields(IdentityPool)}
        if self.cache is None:  # one session: a handful of identities at most
            pool["cache"] = IdentityIdCache(16)

        def options(id_token: str) -> CredentialOptions:
            return CredentialOptions(**pool, tokens=id_token, region=self.region_name)

        return options


class _Provider(CredentialProvider):  # type: ignore[misc]
    """The one provider of the session's resolver: ``load`` hands over deferred credentials."""

    METHOD = METHOD
    CANONICAL_NAME = "custom-srpcore-cognito-identity"  # botocore: non-botocore ones say custom

    def __init__(self, make: Callable[[], Any]) -> None:
        super().__init__()
        self._make = make

    def load(self) -> Any:
        return self._make()


class _AioProvider(_Provider):
    """aiobotocore's resolver awaits ``load``."""

    async def load(self) -> Any:
        return self._make()


def _id_token(tokens: Any) -> str:
    token = tokens.id_token
    if not token:
        raise InvalidParameterError("the sign-in returned no id token for the identity pool")
    return str(token)


@keywords_after_two(SessionOptions)
def boto3_session(manager: TokenManager, identity_client: Any, options: SessionOptions) -> Any:
    """A ``boto3.Session`` signing with identity-pool credentials that refresh themselves.

    ``manager`` keeps the Cognito tokens fresh; ``identity_client`` is a boto3
    ``cognito-identity`` client (its own calls are unsigned by AWS's design: GetId and
    GetCredentialsForIdentity authenticate with the login token). The keywords are those of
    :class:`SessionOptions`.
    """
    import boto3  # noqa: PLC0415 - loaded only when a session is wanted
    import botocore.session  # noqa: PLC0415
    from botocore.credentials import (  # noqa: PLC0415
        CredentialResolver,
        DeferredRefreshableCredentials,
    )

    exchanges = options.exchanges()

    def refresh() -> dict[str, str]:
        tokens = manager.tokens()  # refreshed first if the id token is due
        return exchange(identity_client, exchanges(_id_token(tokens))).botocore_metadata()

    provider = _Provider(
        lambda: DeferredRefreshableCredentials(refresh, METHOD, time_fetcher=options.clock)
    )
    core = botocore.session.Session()
    core.register_component("credential_provider", CredentialResolver([provider]))
    return boto3.Session(botocore_session=core, region_name=options.region_name)


@keywords_after_two(SessionOptions)
def aio_session(manager: AsyncTokenManager, identity_client: Any, options: SessionOptions) -> Any:
    """An aiobotocore ``AioSession`` with the credentials of :func:`boto3_session`.

    ``manager`` is an :class:`~srpcore.drivers.tokens.AsyncTokenManager` and
    ``identity_client`` an aiobotocore ``cognito-identity`` client that stays open as long as
    the session is used (aiobotocore's ``AioRefreshableCredentials`` await the refresh).
    """
    from aiobotocore.credentials import (  # noqa: PLC0415
        AioCredentialResolver,
        AioDeferredRefreshableCredentials,
    )
    from aiobotocore.session import AioSession  # noqa: PLC0415

    exchanges = options.exchanges()

    async def refresh() -> dict[str, str]:
        tokens = await manager.tokens()
        fresh = await exchange_async(identity_client, exchanges(_id_token(tokens)))
        return fresh.botocore_metadata()

    provider = _AioProvider(
        lambda: AioDeferredRefreshableCredentials(refresh, METHOD, time_fetcher=options.clock)
    )
    session = AioSession()
    session.register_component("credential_provider", AioCredentialResolver([provider]))
    if options.region_name is not None:
        session.set_config_variable("region", options.region_name)
    return session
