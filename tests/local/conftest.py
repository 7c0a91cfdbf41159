"""Shared fixtures: one endpoint per test module, a fresh pool per test, a movable clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from srpcore import DeviceSecret, UserSRP, new_device_secret
from srpcore.local import ClientInfo, LocalCognito, defaults

PASSWORD = "correct horse battery staple"
ALL_FLOWS = list(defaults.ALL_FLOWS)  # the app clients here allow every flow, as serve's do


PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback only: a proxy configured on the CI machine must not see these requests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


class FakeClock:
    """The real time plus an offset that tests move by hand.

    It runs on with the real time, so the SRP TIMESTAMPs clients draw from the real clock stay
    within the endpoint's skew however long a module's tests take; ``reset`` (after every test,
    see ``_clock_back``) drops the offset, so one test's jump never reaches the next test's
    TIMESTAMPs. Reading the real time through ``datetime.now`` keeps it the clients' clock.
    """

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return datetime.now(timezone.utc) + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)


@dataclass
class Env:
    """A fresh pool with a public and a secret client (every flow allowed) and user alice."""

    cognito: LocalCognito
    idp: Any
    pool_id: str
    app: ClientInfo
    secret_app: ClientInfo
    username: str = "alice"
    password: str = PASSWORD

    def srp(self, app: ClientInfo | None = None, **kwargs: Any) -> UserSRP:
        app = app or self.app
        options: dict[str, Any] = {
            "pool_id": self.pool_id,
            "username": self.username,
            "password": self.password,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            **kwargs,
        }
        return UserSRP(**options)

    def initiate(self, srp: UserSRP, app: ClientInfo | None = None, **extra: Any) -> Any:
        app = app or self.app
        return self.idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH",
            ClientId=app.client_id,
            AuthParameters=srp.auth_parameters(),
            **extra,
        )

    def respond(
        self, responses: dict[str, str], app: ClientInfo | None = None, **extra: Any
    ) -> Any:
        app = app or self.app
        return self.idp.respond_to_auth_challenge(
            ClientId=app.client_id,
            ChallengeName=extra.pop("ChallengeName", "PASSWORD_VERIFIER"),
            ChallengeResponses=responses,
            **extra,
        )

    def confirm_device(self, tokens: dict[str, Any], **extra: Any) -> tuple[DeviceSecret, Any]:
        """ConfirmDevice for the device a sign-in handed out (``extra``: e.g. DeviceName);
        the device's new secret and the service's answer."""
        meta = tokens["NewDeviceMetadata"]
        secret = new_device_secret(
            device_group_key=meta["DeviceGroupKey"], device_key=meta["DeviceKey"]
        )
        answer = self.idp.confirm_device(
            AccessToken=tokens["AccessToken"],
            DeviceKey=meta["DeviceKey"],
            DeviceSecretVerifierConfig=secret.verifier_config,
            **extra,
        )
        return secret, answer

    def sign_in(self, app: ClientInfo | None = None, **kwargs: Any) -> Any:
        """A full USER_SRP_AUTH sign-in; the AuthenticationResult."""
        srp = self.srp(app, **kwargs)
        first = self.initiate(srp, app)
        return self.respond(srp.answer_password_verifier(first["ChallengeParameters"]), app)[
            "AuthenticationResult"
        ]


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _clock_back(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that moved the module's clock, put it back on the real time."""
    yield
    if "clock" in request.fixturenames:
        request.getfixturevalue("clock").reset()


@pytest.fixture(scope="module")
def cognito(clock: FakeClock) -> Iterator[LocalCognito]:
    with LocalCognito(clock=clock) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def idp(cognito: LocalCognito) -> Any:
    return cognito.boto3_client()


def make_env(cognito: LocalCognito, idp: Any, **pool_options: Any) -> Env:
    pool = cognito.create_user_pool("test", **pool_options)
    app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
    secret_app = cognito.create_client(
        pool.id, name="secret", generate_secret=True, explicit_auth_flows=ALL_FLOWS
    )
    cognito.create_user(
        pool.id,
        "alice",
        PASSWORD,
        attributes={"email": "alice@example.com", "email_verified": "true"},
    )
    return Env(cognito, idp, pool.id, app, secret_app)


@pytest.fixture
def env(cognito: LocalCognito, idp: Any) -> Env:
    return make_env(cognito, idp)


@pytest.fixture
def device_env(cognito: LocalCognito, idp: Any) -> Env:
    return make_env(cognito, idp, device_tracking=True)


@pytest.fixture
def new_env(cognito: LocalCognito, idp: Any) -> Any:
    """A factory: ``new_env(**create_user_pool options)`` -> a fresh :class:`Env`."""

    def factory(**pool_options: Any) -> Env:
        return make_env(cognito, idp, **pool_options)

    return factory
