"""pytest plugin: a ``local_cognito`` fixture with a ready pool, app clients and a user factory.

Enable it with the ``pytest11`` entry point (installed with srpcore) or ``-p
srpcore.local.pytest_plugin``. The endpoint is started once per test session; every test gets
its own fresh pool, so tests do not see each other's users or devices::

    def test_login(local_cognito):
        user = local_cognito.add_user("alice", "correct horse battery staple")
        idp = local_cognito.boto3_client()
        ...  # local_cognito.endpoint_url, .pool_id, .client_id, .secret_client_id/secret

``add_identity_pool()`` adds an identity pool that trusts the pool's clients, for
:func:`srpcore.aws_credentials` (``boto3_identity_client()`` talks to it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from srpcore.local.defaults import ALL_FLOWS

if TYPE_CHECKING:  # the entry point loads this module in every pytest run: stay light
    from srpcore.local.endpoint import ClientInfo, LocalCognito, UserInfo
    from srpcore.local.outbox import Message

__all__ = ["ALL_FLOWS", "LocalCognitoFixture", "local_cognito", "local_cognito_endpoint"]


@dataclass(frozen=True)
class LocalCognitoFixture:
    """One test's pool on the session's endpoint.

    ``client`` has no secret, ``secret_client`` has one; both allow every flow. The pool
    remembers devices.
    """

    endpoint: LocalCognito
    pool_id: str
    client: ClientInfo
    secret_client: ClientInfo = field(repr=False)

    @property
    def endpoint_url(self) -> str:
        return self.endpoint.endpoint_url

    @property
    def region(self) -> str:
        return self.endpoint.region

    @property
    def client_id(self) -> str:
        return self.client.client_id

    @property
    def secret_client_id(self) -> str:
        return self.secret_client.client_id

    @property
    def client_secret(self) -> str | None:
        return self.secret_client.client_secret

    def add_user(
        self,
        username: str,
        password: str,
        *,
        attributes: Mapping[str, str] | None = None,
        temporary: bool = False,
        mfa: Sequence[str] = (),
    ) -> UserInfo:
        """Create a user in this test's pool."""
        return self.endpoint.create_user(
            self.pool_id,
            username,
            password,
            attributes=attributes,
            temporary=temporary,
            mfa=mfa,
        )

    def messages(self, username: str | None = None) -> list[Message]:
        """The codes "sent" in this test's pool (of one internal username if given), oldest
        first; see :meth:`LocalCognito.messages <srpcore.local.endpoint.LocalCognito.messages>`."""
        return self.endpoint.messages(self.pool_id, username)

    def boto3_client(self, **kwargs: Any) -> Any:
        """A boto3 ``cognito-idp`` client pointed at the endpoint (dummy credentials)."""
        return self.endpoint.boto3_client(**kwargs)

    def add_identity_pool(self, name: str = "test") -> str:
        """An identity pool trusting this pool's id tokens (both clients); its id."""
        clients = [(self.pool_id, self.client_id), (self.pool_id, self.secret_client_id)]
        return self.endpoint.create_identity_pool(name, clients)

    def boto3_identity_client(self, **kwargs: Any) -> Any:
        """A boto3 ``cognito-identity`` client pointed at the same endpoint."""
        return self.endpoint.boto3_identity_client(**kwargs)


@pytest.fixture(scope="session")
def local_cognito_endpoint() -> Iterator[LocalCognito]:
    """The session-wide endpoint on 127.0.0.1 (a free port)."""
    from srpcore.local.endpoint import LocalCognito  # noqa: PLC0415

    with LocalCognito() as endpoint:
        yield endpoint


@pytest.fixture
def local_cognito(local_cognito_endpoint: LocalCognito) -> LocalCognitoFixture:
    """A fresh pool (devices remembered) with a public and a secret app client."""
    pool = local_cognito_endpoint.create_user_pool("test", device_tracking=True)
    public = local_cognito_endpoint.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
    secret = local_cognito_endpoint.create_client(
        pool.id, name="secret", generate_secret=True, explicit_auth_flows=ALL_FLOWS
    )
    return LocalCognitoFixture(local_cognito_endpoint, pool.id, public, secret)
