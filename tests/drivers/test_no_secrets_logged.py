"""srpcore's own loggers never carry a secret, even at DEBUG, through whole sign-ins.

Every ``srpcore*`` logger is set to DEBUG and captured while sign-ins run against the local
endpoint over HTTP: a new password, TOTP setup, device confirmation, device SRP, a TOTP
sign-in, a wrong password, a REFRESH_TOKEN_AUTH refresh (SECRET_HASH) and a TokenManager refresh
by default (GetTokensFromRefreshToken, the raw ClientSecret). Every secret that went over
the wire (read back from botocore's own parameter and response events, not from srpcore) and
every secret the test chose must be absent from each record's message, arguments and formatted
text. botocore's loggers are not checked: they do log bodies at DEBUG (see the README).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from srpcore.drivers.sync import refresh, respond, sign_in
from srpcore.drivers.tokens import TokenManager
from srpcore.errors import ServiceError
from srpcore.local import LocalCognito
from srpcore.local.totp import totp
from srpcore.signin import Challenge, Tokens

TEMPORARY = "Temp-passw0rd!-never-logged"
PASSWORD = "correct horse battery staple, never logged"
NEW_PASSWORD = "N3w passw0rd, never logged either"
FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
SECRET_KEYS = {
    "PASSWORD",
    "NEW_PASSWORD",
    "SECRET_HASH",
    "ClientSecret",
    "PASSWORD_CLAIM_SIGNATURE",
    "Session",
    "AccessToken",
    "IdToken",
    "RefreshToken",
    "REFRESH_TOKEN",
    "SecretCode",
    "UserCode",
    "SOFTWARE_TOKEN_MFA_CODE",
    "PasswordVerifier",
}
"""Parameter and response keys whose values are secrets (or codes, or bearer tokens)."""


class Clock:
    """Shared by the endpoint and the client; moves 31 s per TOTP code so none is reused."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def code(self, secret: str) -> str:
        self.now += timedelta(seconds=31)
        return totp(secret, self.now.timestamp())


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def texts(self) -> Iterator[str]:
        """Everything a record could put in a log: message, raw args, formatted text."""
        for record in self.records:
            yield str(record.msg)
            yield repr(record.args)
            yield record.getMessage()
            yield self.format(record)  # includes a formatted exception, if any


@pytest.fixture
def captured() -> Iterator[Capture]:
    capture = Capture()
    loggers = [logging.getLogger("srpcore")] + [
        logger
        for name, logger in logging.Logger.manager.loggerDict.items()
        if name.startswith("srpcore.") and isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    root = logging.getLogger("srpcore")
    root.addHandler(capture)
    unpropagated = [lg for lg in loggers if not lg.propagate and lg is not root]
    for logger in unpropagated:
        logger.addHandler(capture)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        for logger in unpropagated:
            logger.removeHandler(capture)
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled


class Wire:
    """Every secret-keyed value sent or received, as botocore saw it."""

    def __init__(self, client: Any) -> None:
        self.values: set[str] = set()
        self.challenges: set[str] = set()
        self.operations: set[str] = set()  # with the AuthFlow: InitiateAuth(REFRESH_TOKEN_AUTH)
        client.meta.events.register("provide-client-params", self._params)
        client.meta.events.register("after-call", self._response)

    def _collect(self, value: object, key: str | None = None) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                self._collect(item, str(name).removeprefix("userAttributes."))
        elif isinstance(value, list):
            for item in value:
                self._collect(item, key)
        elif isinstance(value, str) and key in SECRET_KEYS and value:
            self.values.add(value)

    def _params(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self._collect(params)
        flow = params.get("AuthFlow")
        self.operations.add(f"{model.name}({flow})" if isinstance(flow, str) else model.name)
        if isinstance(params.get("ChallengeName"), str):
            self.challenges.add(params["ChallengeName"])

    def _response(self, parsed: dict[str, Any], **_: Any) -> None:
        self._collect(parsed)


def leaks(capture: Capture, secrets: set[str]) -> set[str]:
    """The secrets found in any record; short codes only as whole words."""
    found: set[str] = set()
    for text in capture.texts():
        for secret in secrets:
            hit: bool
            if len(secret) <= 8:
                word = rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])"
                hit = re.search(word, text) is not None
            else:  # a token cut short still leaks: its head, middle or tail is enough
                middle = len(secret) // 2
                parts = {secret[:16], secret[middle - 8 : middle + 8], secret[-16:]}
                hit = any(part in text for part in parts)
            if hit:
                found.add(secret)
    return found


class Tour:
    """One user's sign-ins, answering what the pool asks; remembers every secret involved."""

    def __init__(self, idp: Any, clock: Clock, secrets: set[str]) -> None:
        self.idp = idp
        self.clock = clock
        self.secrets = secrets
        self.totp_secret: str | None = None

    def finish(self, step: Tokens | Challenge) -> Tokens:
        for _ in range(8):
            if isinstance(step, Tokens):
                return step
            step = respond(self.idp, step, self._answer(step))
        raise AssertionError("the sign-in did not finish")

    def _answer(self, step: Challenge) -> str:
        if step.name == "NEW_PASSWORD_REQUIRED":
            return NEW_PASSWORD
        if step.name == "MFA_SETUP":
            return "SOFTWARE_TOKEN_MFA"
        if step.name == "VERIFY_SOFTWARE_TOKEN":
            self.totp_secret = step.secret_code
        assert step.name in ("VERIFY_SOFTWARE_TOKEN", "SOFTWARE_TOKEN_MFA"), step.name
        assert self.totp_secret is not None
        self.secrets.add(self.totp_secret)
        code = self.clock.code(self.totp_secret)
        self.secrets.add(code)
        return code


def run_sign_ins() -> set[str]:
    """The whole tour; returns every secret involved."""
    clock = Clock()
    with LocalCognito(clock=clock) as cognito:
        pool = cognito.create_user_pool("logs", device_tracking=True, mfa_required=True)
        app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=FLOWS)
        assert app.client_secret is not None
        cognito.create_user(pool.id, "alice", TEMPORARY, temporary=True)
        idp = cognito.boto3_client()
        wire = Wire(idp)
        options: dict[str, Any] = {
            "pool_id": pool.id,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "username": "alice",
            "clock": clock,
        }
        tour = Tour(idp, clock, {TEMPORARY, PASSWORD, NEW_PASSWORD, app.client_secret})
        first = tour.finish(sign_in(idp, password=TEMPORARY, **options))
        assert first.new_device and first.device is not None
        tour.secrets.add(first.device.device_password)
        again = tour.finish(sign_in(idp, password=NEW_PASSWORD, device=first.device, **options))
        assert again.device == first.device and not again.new_device  # no MFA: remembered
        tour.finish(sign_in(idp, password=NEW_PASSWORD, remember_device=False, **options))
        with pytest.raises(ServiceError):
            sign_in(idp, password=PASSWORD, **options)  # wrong: the password changed
        assert again.refresh_token is not None
        fresh = refresh(
            idp,
            client_id=app.client_id,
            client_secret=app.client_secret,
            refresh_token=again.refresh_token,
            username=again.username,
            device=again.device,
            rotation=False,
        )
        manager = TokenManager(  # the default: GetTokensFromRefreshToken
            idp, fresh, client_id=app.client_id, client_secret=app.client_secret, clock=clock
        )
        manager.refresh()
    operations = {"MFA_SETUP", "SOFTWARE_TOKEN_MFA", "DEVICE_PASSWORD_VERIFIER"}
    assert operations <= wire.challenges  # the tour really took every path it claims
    assert {"InitiateAuth(REFRESH_TOKEN_AUTH)", "GetTokensFromRefreshToken"} <= wire.operations
    return tour.secrets | wire.values


def test_no_srpcore_log_record_carries_a_secret(captured: Capture) -> None:
    secrets = run_sign_ins()
    assert len(secrets) > 20
    assert leaks(captured, secrets) == set()


def test_the_scan_finds_a_secret_logged_at_debug(captured: Capture) -> None:
    """The capture and the scan are live: a token and a code logged at DEBUG are found."""
    logging.getLogger("srpcore.drivers.sync").debug("got %s", "eyJ.tok.en-0123456789abcdef")
    logging.getLogger("srpcore").debug("code %s ok", "482913")
    found = leaks(captured, {"eyJ.tok.en-0123456789abcdef", "482913", "never-logged-value"})
    assert found == {"eyJ.tok.en-0123456789abcdef", "482913"}
