"""Locust users that sign in to Amazon Cognito with SRP through srpcore.

``pip install 'srpcore[locust]'``, then subclass :class:`CognitoUser` in a locustfile::

    class AppUser(CognitoUser):
        user_pool_id = "us-east-1_Example1"
        client_id = "..."
        users = "users.csv"            # username,password; or JSON, a list, or a callable

        @task
        def profile(self) -> None:
            self.client.get("/me")     # Authorization: Bearer <fresh access token>

Each virtual user signs in with :func:`srpcore.sign_in` (``sign_in_options`` pass through: any
flow, ``admin``, devices), keeps its tokens in a :class:`srpcore.TokenManager` and refreshes
them before they expire. Every Cognito call is reported to Locust's statistics under its own
request type (InitiateAuth, RespondToAuthChallenge, refresh, ConfirmDevice, GetUser...) named
by its flow or challenge; a failure is recorded there, never raised into Locust.
TooManyRequestsException (the UserAuthentication quota the (Admin)InitiateAuth and
(Admin)RespondToAuthChallenge calls share) is retried with full jitter, a bounded number of
times, and counted as request type ``throttled``; only when the retries run out is it a failure.

The SRP math is not offloaded from gevent's loop, because it is short. One sign-in holds the
loop (its wall time minus the time inside its HTTP calls, :attr:`CognitoUser.last_loop_hold`)
for about the CPU of its math: ~1 ms on an idle core with the default 256-bit ephemeral and
the openssl backend; 2.5 ms median on the project's loaded 2-core VM
(``benchmarks/locust_signin.py``), where pycognito's holds it 55 ms. A thread pool would add
no throughput (a Locust worker is one process per core and already uses its core) and would
cost a hop per sign-in; run more ``--processes`` instead.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

from botocore.exceptions import ClientError
from locust import HttpUser
from locust.exception import RescheduleTask

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.pool import pool_region
from srpcore.drivers.sync import respond, sign_in
from srpcore.drivers.tokens import DEFAULT_LEEWAY, TokenManager
from srpcore.errors import (
    ConfigurationError,
    InvalidParameterError,
    ProtocolError,
    ServiceError,
    SRPError,
)
from srpcore.locust.credentials import Credentials, CredentialSource, load_users
from srpcore.locust.recorder import Backoff, Recorder, cognito_client
from srpcore.signin import Challenge, Tokens
from srpcore.signin.options import DEFAULT_ROTATION, Rotation

__all__ = [
    "Backoff",
    "CognitoUser",
    "CredentialSource",
    "Credentials",
    "Recorder",
    "cognito_client",
    "load_users",
]

MAX_CHALLENGE_ROUNDS = 8  # MFA, new password, custom challenges: a bounded conversation
_OWN_OPTIONS = {"client", "pool_id", "client_id", "client_secret", "username", "password"}
_SIGN_IN_OPTIONS = set(inspect.signature(sign_in).parameters) - _OWN_OPTIONS


class _Bearer:
    """requests auth: the virtual user's fresh access token, or reschedule the task."""

    def __init__(self, user: CognitoUser) -> None:
        self._user = user

    def __call__(self, request: Any) -> Any:
        request.headers["Authorization"] = f"Bearer {self._user.access_token()}"
        return request

    def __repr__(self) -> str:
        return "_Bearer(<token hidden>)"


class CognitoUser(HttpUser):
    """An ``HttpUser`` signed in to a Cognito user pool with SRP; ``self.client`` sends its token.

    Set ``user_pool_id``, ``client_id`` (and ``client_secret``), ``users`` and, for a local or
    other endpoint, ``cognito_endpoint_url``. ``host`` stays the app under test.
    """

    abstract = True

    user_pool_id: ClassVar[str] = ""
    client_id: ClassVar[str] = ""
    client_secret: ClassVar[str | None] = None
    cognito_endpoint_url: ClassVar[str | None] = None
    cognito_region: ClassVar[str | None] = None  # default: the pool id's prefix
    users: ClassVar[str | Path | Sequence[Credentials] | Callable[[], Credentials] | None] = None
    sign_in_options: ClassVar[Mapping[str, Any]] = {}
    backoff: ClassVar[Backoff] = Backoff()
    refresh_leeway: ClassVar[timedelta] = DEFAULT_LEEWAY  # refresh this long before expiry
    refresh_rotation: ClassVar[Rotation] = DEFAULT_ROTATION  # False: REFRESH_TOKEN_AUTH only

    _sources: ClassVar[dict[type, CredentialSource]] = {}
    _sources_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)  # type: ignore[no-untyped-call]
        self.cognito: TokenManager | None = None
        self.credentials: Credentials | None = None
        #: seconds the last sign-in held gevent's loop (its wall time minus its HTTP calls)
        self.last_loop_hold: float | None = None
        self._device: DeviceSecret | None = None  # remembered by the last sign-in
        unknown = set(self.sign_in_options) - _SIGN_IN_OPTIONS
        if unknown:
            raise ConfigurationError(
                f"{type(self).__name__}.sign_in_options: not options of srpcore.sign_in: "
                f"{', '.join(sorted(unknown))} (set user_pool_id, client_id and client_secret "
                "on the class; credentials come from users)"
            )
        self.idp = Recorder(
            cognito_client(self._region(), self.cognito_endpoint_url),
            environment.events.request,
            self.backoff,
        )
        self.client.auth = _Bearer(self)

    @classmethod
    def _region(cls) -> str:
        if cls.cognito_region:
            return cls.cognito_region
        try:
            return pool_region(cls.user_pool_id)
        except InvalidParameterError as exc:
            raise ConfigurationError(
                f"{cls.__name__}.user_pool_id must look like 'us-east-1_Abc123' "
                "(or set cognito_region)"
            ) from exc

    @classmethod
    def credential_source(cls, environment: Any) -> CredentialSource:
        """The process-wide credential source of this class, made once from ``users``."""
        with cls._sources_lock:
            source = cls._sources.get(cls)
            if source is None:
                if cls.users is None:
                    raise ConfigurationError(f"{cls.__name__}.users names no test users")
                runner = getattr(environment, "runner", None)
                source = CredentialSource(cls.users, offset=getattr(runner, "worker_index", 0))
                cls._sources[cls] = source
            return source

    def on_start(self) -> None:
        """Sign in before the first task; a failure is recorded and retried by the next task."""
        self.credentials = self.credential_source(self.environment).next()
        self.cognito_sign_in()

    def cognito_sign_in(self) -> bool:
        """Sign in again now (a new SRP session); ``False`` (recorded in the stats) on failure."""
        if self.credentials is None:
            self.credentials = self.credential_source(self.environment).next()
        creds = self.credentials
        options = {"device": self._device or creds.device, **self.sign_in_options}
        self.idp.reset_clock()
        try:
            step: Tokens | Challenge = sign_in(
                self.idp,
                pool_id=self.user_pool_id,
                client_id=self.client_id,
                client_secret=self.client_secret,
                username=creds.username,
                password=creds.password,
                **options,
            )
            for _ in range(MAX_CHALLENGE_ROUNDS):
                if isinstance(step, Tokens):
                    break
                answer = self.answer_challenge(step)
                if answer is None:
                    unanswered = ProtocolError(f"challenge {step.name} was not answered")
                    self.idp.record_failure(step.name, unanswered)
                    return False
                step = respond(self.idp, step, answer)
            if not isinstance(step, Tokens):
                too_many = ProtocolError(f"more than {MAX_CHALLENGE_ROUNDS} challenges")
                self.idp.record_failure("challenges", too_many)
                return False
            self._device = step.device
            self.cognito = TokenManager(
                self.idp,
                step,
                client_id=self.client_id,
                client_secret=self.client_secret,
                admin=bool(options.get("admin", False)),
                pool_id=self.user_pool_id,
                leeway=self.refresh_leeway,
                rotation=self.refresh_rotation,
            )
        except SRPError as exc:
            if not isinstance(exc, ServiceError):  # the service's refusals are in the stats
                self.idp.record_failure("sign-in", exc)
            self.cognito = None
            return False
        finally:
            self.last_loop_hold = self.idp.loop_hold()
        return True

    def answer_challenge(self, challenge: Challenge) -> str | None:
        """Override to answer MFA, NEW_PASSWORD_REQUIRED or custom challenges (default: fail)."""
        return None

    def access_token(self) -> str:
        """A fresh access token (refreshed or signed in anew); ``RescheduleTask`` if none."""
        if self.cognito is not None:
            try:
                return self.cognito.access_token()
            except SRPError:  # refresh refused: recorded as "refresh"; a new sign-in follows
                self.cognito = None
        if not self.cognito_sign_in() or self.cognito is None:
            raise RescheduleTask()
        try:
            return self.cognito.access_token()
        except SRPError as exc:  # recorded; Locust's task loop must only see the reschedule
            self.cognito = None
            raise RescheduleTask() from exc

    def get_user(self) -> dict[str, Any] | None:
        """GetUser with the current access token (reported as GetUser); ``None`` on failure."""
        try:
            token = self.access_token()
            response: dict[str, Any] = self.idp.get_user(AccessToken=token)
        except (SRPError, ClientError):  # recorded by the Recorder
            return None
        return response
