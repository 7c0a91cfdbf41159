"""``LocalCognito``: the endpoint in a background thread, plus a Python API to set it up."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from srpcore.cognito.ephemeral import utc_now
from srpcore.core.engine import Engine
from srpcore.core.keywords import keywords
from srpcore.drivers.credentials import provider_name
from srpcore.errors import ConfigurationError, ServiceError
from srpcore.local.context import Context
from srpcore.local.errors import ApiError
from srpcore.local.outbox import Message
from srpcore.local.provision import (
    ClientSpec,
    PoolSpec,
    UserSpec,
    make_client,
    make_pool,
    make_user,
)
from srpcore.local.repository import find_user
from srpcore.local.server import HTTPServer, is_loopback
from srpcore.local.service import IDENTITY, Service
from srpcore.local.sqlite import SQLiteRepository
from srpcore.local.tokens import ISSUER_STYLES
from srpcore.local.wire import WireConfig

__all__ = ["ClientInfo", "LocalCognito", "LocalSetupError", "PoolInfo", "UserInfo"]


@dataclass(frozen=True)
class PoolInfo:
    """A created user pool: ``id`` is what UserPoolId takes."""

    id: str
    name: str
    region: str


@dataclass(frozen=True)
class ClientInfo:
    """A created app client; ``client_secret`` is ``None`` unless one was generated."""

    client_id: str
    pool_id: str
    client_secret: str | None = field(repr=False)


@dataclass(frozen=True)
class UserInfo:
    """A created user. ``username`` is the internal username (a UUID in email-as-username pools);
    ``totp_secret`` is set for SOFTWARE_TOKEN_MFA users (base32, for an authenticator)."""

    username: str
    sub: str
    pool_id: str
    totp_secret: str | None = field(default=None, repr=False)


class LocalCognito:
    """A local Cognito user-pool endpoint that really verifies SRP; see :mod:`srpcore.local`."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = "us-east-1",
        clock: Callable[[], datetime] = utc_now,
        timestamp_skew: float = 300.0,
        mfa_code: str | None = "123456",
        engine: Engine | None = None,
        max_pending: int = 10_000,
        cors_origins: str | Sequence[str] = "*",
        data: str | Path | None = None,
        issuer_style: str = "local",
    ) -> None:
        """``cors_origins``: ``"*"`` (any page, but only for the operations AWS takes unsigned)
        or the browser origins allowed to call everything, e.g. ``("http://localhost:5173",)``.
        ``data``: an SQLite file that keeps pools, clients, users, devices, signing keys and
        refresh tokens across restarts (see :mod:`srpcore.local.sqlite`); by default everything
        is in memory.
        ``mfa_code``: the code SMS_MFA / EMAIL_OTP MFA accept, or ``None`` for a fresh random
        one per sign-in; either way it is in :meth:`messages`. Sign-in, sign-up and reset codes
        are always fresh and random.

        ``issuer_style``: "local" (``iss`` is this endpoint's URL) or "aws" (Cognito's own
        ``https://cognito-idp.<region>.amazonaws.com/<pool id>``; the keys are still served
        here, at :meth:`jwks_url`)."""
        if issuer_style not in ISSUER_STYLES:
            raise ConfigurationError(f"issuer_style must be one of {ISSUER_STYLES}")
        if not is_loopback(host):
            # Admin calls take any credentials here: never serve them beyond this machine.
            raise ConfigurationError(f"LocalCognito binds loopback addresses only, not {host!r}")
        repository = SQLiteRepository(data) if data is not None else None
        self.service = Service(
            Context(
                repository=repository,
                region=region,
                clock=clock,
                engine=engine,
                timestamp_skew=timestamp_skew,
                mfa_code=mfa_code,
                max_pending=max_pending,
                issuer_style=issuer_style,
            )
        )
        self.region = region
        self._address = (host, port)
        self._wire = WireConfig(cors_origins=cors_origins)
        self._server: HTTPServer | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> LocalCognito:
        """Bind and serve from a background thread; returns ``self`` once serving."""
        if self._server is not None:
            return self
        server = HTTPServer(self.service, *self._address, config=self._wire)
        host, port = server.address
        self.service.context.tokens.base_url = f"http://{_url_host(host)}:{port}"
        server.start()
        self._server = server
        return self

    def stop(self) -> None:
        """Stop serving: every connection closed, every thread joined, the port released."""
        if self._server is None:
            return
        server, self._server = self._server, None
        server.stop()

    def __enter__(self) -> LocalCognito:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()  # on any exit, raised or not: the exception (if any) propagates

    @property
    def endpoint_url(self) -> str:
        """``http://127.0.0.1:<port>``: pass it to boto3 as ``endpoint_url``."""
        if self._server is None:
            raise ConfigurationError("LocalCognito is not running; use it as a context manager")
        return self.service.context.tokens.base_url

    def __repr__(self) -> str:
        where = self.service.context.tokens.base_url if self._server else "stopped"
        return f"LocalCognito({where})"

    # --- setup ----------------------------------------------------------------------------

    @keywords(PoolSpec)
    def create_user_pool(self, spec: PoolSpec) -> PoolInfo:
        """A new user pool; the keywords are :class:`~srpcore.local.provision.PoolSpec`'s.

        ``device_tracking``: False, True (``"always"``) or ``"opt-in"``. ``first_factors`` is
        the sign-in policy's AllowedFirstAuthFactors (PASSWORD, EMAIL_OTP, SMS_OTP,
        WEB_AUTHN); ``auto_verified_attributes`` (``email``, ``phone_number``) are where SignUp
        sends its confirmation code.
        """
        pool = _api(make_pool, self.service.context, spec)
        return PoolInfo(pool.id, pool.name, pool.region)

    @keywords(ClientSpec)
    def create_client(self, spec: ClientSpec) -> ClientInfo:
        """A new app client; the keywords are :class:`~srpcore.local.provision.ClientSpec`'s.

        ``explicit_auth_flows=None`` gives Cognito's defaults. ``refresh_token_rotation``:
        RefreshTokenRotation ENABLED, with ``retry_grace_period`` (0..60 seconds) for the
        refresh token it replaces."""
        client = _api(make_client, self.service.context, spec)
        return ClientInfo(client.client_id, client.pool_id, client.secret)

    @keywords(UserSpec)
    def create_user(self, spec: UserSpec) -> UserInfo:
        """A user with ``password`` (kept only as an SRP verifier); see
        :class:`~srpcore.local.provision.UserSpec` for the keywords.

        ``temporary=True`` makes the next sign-in answer NEW_PASSWORD_REQUIRED. ``mfa`` lists
        the user's MFA kinds (``SMS_MFA``, ``EMAIL_OTP``: the code is in :meth:`messages`;
        ``SOFTWARE_TOKEN_MFA``: a TOTP of ``UserInfo.totp_secret``). ``status="UNCONFIRMED"``
        or ``"RESET_REQUIRED"`` makes sign-ins fail as Cognito's do for such users.
        """
        user = _api(make_user, self.service.context, spec)
        return UserInfo(user.username, user.sub, spec.pool_id, user.totp_secret)

    def set_user_password(
        self, pool_id: str, username: str, password: str, *, permanent: bool = True
    ) -> None:
        """Like AdminSetUserPassword."""
        _api(self.service.set_password, pool_id, username, password, permanent=permanent)

    def stored(self) -> list[tuple[PoolInfo, list[ClientInfo], list[UserInfo]]]:
        """Every pool with its clients and users: what a ``data`` file brought back."""
        repo = self.service.context.repo
        out = []
        for pool_id in repo.pool_ids():
            pool = repo.pool(pool_id)
            if pool is None:
                continue
            clients = [repo.client(client_id) for client_id in repo.client_ids(pool_id)]
            out.append(
                (
                    PoolInfo(pool.id, pool.name, pool.region),
                    [ClientInfo(c.client_id, c.pool_id, c.secret) for c in clients if c],
                    [UserInfo(u.username, u.sub, pool.id) for u in repo.users(pool_id)],
                )
            )
        return out

    def messages(self, pool_id: str | None = None, username: str | None = None) -> list[Message]:
        """Every code the endpoint "sent" (email, SMS), oldest first: of one pool and/or one
        internal username if given. Each has ``pool_id``, ``username``, ``kind`` (EMAIL_OTP,
        SMS_OTP, SMS_MFA, SIGN_UP, FORGOT_PASSWORD), ``destination`` and ``code``. In a pool,
        ``username`` may also be a sign-in name (an email in an email-as-username pool)."""
        context = self.service.context
        pool = context.repo.pool(pool_id) if pool_id is not None else None
        if pool is not None and username is not None:
            user = find_user(context.repo, pool, username)
            username = user.username if user is not None else username
        return context.outbox.messages(pool_id, username)

    def jwks_url(self, pool_id: str) -> str:
        """Where the pool's signing keys are served (``<iss>/.well-known/jwks.json`` in the
        default issuer style)."""
        return self.service.context.tokens.jwks_url(pool_id)

    def issuer(self, pool_id: str) -> str:
        """The ``iss`` claim of the pool's tokens."""
        return self.service.context.tokens.issuer(pool_id)

    def create_identity_pool(
        self,
        name: str,
        user_pools: Sequence[tuple[str, str]],
        *,
        server_side_token_check: bool = False,
    ) -> str:
        """A new identity pool trusting the id tokens of ``(user pool id, app client id)``
        pairs, as CreateIdentityPool would make it; returns its IdentityPoolId."""
        body = {
            "IdentityPoolName": name,
            "AllowUnauthenticatedIdentities": False,
            "CognitoIdentityProviders": [
                {
                    "ProviderName": provider_name(pool_id),
                    "ClientId": client_id,
                    "ServerSideTokenCheck": server_side_token_check,
                }
                for pool_id, client_id in user_pools
            ],
        }
        created = _api(self.service.dispatch, "CreateIdentityPool", body, api=IDENTITY)
        return str(created["IdentityPoolId"])

    def boto3_identity_client(self, **kwargs: Any) -> Any:
        """A boto3 ``cognito-identity`` client for this endpoint (see :meth:`boto3_client`)."""
        return self.boto3_client(service_name="cognito-identity", **kwargs)

    def boto3_client(self, service_name: str = "cognito-idp", **kwargs: Any) -> Any:
        """A boto3 ``cognito-idp`` client for this endpoint, with dummy credentials.

        The credentials only let botocore sign the Admin* calls; the endpoint ignores them.
        Proxy environment variables are ignored (a loopback endpoint is never behind a proxy);
        a ``config=`` passed in is merged over that.
        """
        import boto3  # noqa: PLC0415 - loaded only when a client is wanted
        from botocore.config import Config  # noqa: PLC0415

        config = Config(proxies={})
        if "config" in kwargs:
            config = config.merge(kwargs.pop("config"))
        options: dict[str, Any] = {
            "region_name": self.region,
            "endpoint_url": self.endpoint_url,
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
            "config": config,
            **kwargs,
        }
        return boto3.client(service_name, **options)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _api(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Python-API calls raise ValueError-derived errors rather than wire errors."""
    try:
        return func(*args, **kwargs)
    except ApiError as exc:
        raise LocalSetupError(exc.code, exc.message) from exc


class LocalSetupError(ServiceError, ValueError):
    """A setup call was refused (same code and message as the wire operation would give).

    A :class:`~srpcore.errors.ServiceError` like every refusal of the service, so
    ``except srpcore.SRPError`` catches it; ``ValueError`` stays a base because it was the only
    one before, and code written then (``except ValueError``) must keep working.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
