"""Shared fixtures for driver tests: a Stubber'd boto3 client and the service side of SRP.

Expected request shapes are written out as literal dicts. Values that are random (SRP_A,
signatures, device verifiers) are matched with ``ANY`` and then checked on their own: the
recorded SRP_A and signature must verify with the server-side math of ``srpcore.cognito.server``
against a verifier made from the password, and a wrong password must not.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.stub import ANY, Stubber

from srpcore.cognito.salt import Salt
from srpcore.cognito.server import (
    ServerChallenge,
    make_verifier,
    start_challenge,
    verify_claim,
)

POOL_ID = "us-east-1_TestPool1"
POOL_NAME = "TestPool1"
CLIENT_ID = "4example0client0id0abcdefg"
CLIENT_SECRET = "s3cr3t"
# SECRET_HASH("alice", CLIENT_ID, "s3cr3t") from the wire-protocol reference's known answers.
ALICE_SECRET_HASH = "Q2N0B1HbWugn3GLsB4BpIQ8N621JF+M6QYIiO14mYoo="
PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 28, 16, 30, 5, tzinfo=timezone.utc)
STAMP = "Sat Nov 28 16:30:05 UTC 2026"
SECRET_BLOCK = b"opaque-secret-block-from-the-service"  # what SRPServer sends by default
SESSION_1 = "session-one-0123456789abcdefghij"
SESSION_2 = "session-two-0123456789abcdefghij"
SESSION_3 = "session-three-0123456789abcdefgh"
TOKENS = {
    "AccessToken": "access.token.value",
    "ExpiresIn": 3600,
    "TokenType": "Bearer",
    "RefreshToken": "refresh.token.value",
    "IdToken": "id.token.value",
}


def clock() -> datetime:
    return NOW


def srp_initiate(username: str = "alice", **auth: str) -> dict[str, Any]:
    """The USER_SRP_AUTH InitiateAuth parameters expected (SRP_A random: ``ANY``)."""
    return {
        "AuthFlow": "USER_SRP_AUTH",
        "ClientId": CLIENT_ID,
        "AuthParameters": {"USERNAME": username, "SRP_A": ANY, **auth},
    }


def verifier_answer(username: str, **extra: str) -> dict[str, Any]:
    """The PASSWORD_VERIFIER ChallengeResponses expected against an :class:`SRPServer`.

    The signature is random (``ANY``): the test checks it with :meth:`SRPServer.check`.
    """
    return {
        "USERNAME": username,
        "PASSWORD_CLAIM_SECRET_BLOCK": base64.b64encode(SECRET_BLOCK).decode(),
        "PASSWORD_CLAIM_SIGNATURE": ANY,
        "TIMESTAMP": STAMP,
        **extra,
    }


def srp_respond(username: str = "alice", **extra: str) -> dict[str, Any]:
    """The PASSWORD_VERIFIER RespondToAuthChallenge parameters expected (no Session)."""
    return {
        "ClientId": CLIENT_ID,
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeResponses": verifier_answer(username, **extra),
    }


def caller_answer(name: str, session: str, **responses: str) -> dict[str, Any]:
    """RespondToAuthChallenge's expected parameters for alice's answer, client secret on."""
    return {
        "ClientId": CLIENT_ID,
        "ChallengeName": name,
        "Session": session,
        "ChallengeResponses": {"USERNAME": "alice", **responses, "SECRET_HASH": ALICE_SECRET_HASH},
    }


def hmac_secret_hash(username: str) -> str:
    """SECRET_HASH computed with the standard library, independently of srpcore."""
    digest = hmac.new(
        CLIENT_SECRET.encode(), (username + CLIENT_ID).encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


@dataclass
class SRPServer:
    """The service's side of one (device) password-verifier exchange."""

    pool_name: str
    user_id: str
    verifier: int
    salt: Salt
    secret_block: bytes = SECRET_BLOCK
    challenge: ServerChallenge = field(init=False)

    def __post_init__(self) -> None:
        self.challenge = start_challenge(self.verifier)

    @classmethod
    def for_user(cls, user_id: str, password: str = PASSWORD) -> SRPServer:
        salt = Salt.draw()
        verifier = make_verifier(pool_name=POOL_NAME, user_id=user_id, password=password, salt=salt)
        return cls(POOL_NAME, user_id, verifier, salt)

    @classmethod
    def for_device(cls, group_key: str, device_key: str, config: dict[str, str]) -> SRPServer:
        """From the DeviceSecretVerifierConfig a ConfirmDevice call carried."""
        verifier = int.from_bytes(base64.b64decode(config["PasswordVerifier"]), "big")
        return cls(
            group_key, device_key, verifier, Salt.from_bytes(base64.b64decode(config["Salt"]))
        )

    @property
    def block_b64(self) -> str:
        return base64.b64encode(self.secret_block).decode()

    def parameters(self, *, username: str | None = None) -> dict[str, str]:
        params = {
            "SALT": self.salt.hex(),
            "SRP_B": self.challenge.srp_b(),
            "SECRET_BLOCK": self.block_b64,
            "USERNAME": username or self.user_id,
        }
        if username is None:
            params["USER_ID_FOR_SRP"] = self.user_id
        return params

    def reply(self) -> dict[str, Any]:
        """The service's PASSWORD_VERIFIER challenge (InitiateAuth's answer)."""
        return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": self.parameters()}

    def check(self, srp_a: str, responses: dict[str, str]) -> None:
        """Raise unless the recorded answer proves knowledge of the password."""
        verify_claim(
            self.challenge,
            srp_a=srp_a,
            pool_name=self.pool_name,
            user_id=self.user_id,
            secret_block=self.secret_block,
            timestamp=responses["TIMESTAMP"],
            signature=responses["PASSWORD_CLAIM_SIGNATURE"],
        )


class Recorder:
    """Every call's parameters, as the driver passed them to the client."""

    def __init__(self, client: Any) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        client.meta.events.register("provide-client-params", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, copy.deepcopy(params)))

    def params(self, operation: str, index: int = 0) -> dict[str, Any]:
        return [p for name, p in self.calls if name == operation][index]

    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]


@dataclass
class Stubbed:
    client: Any
    stub: Stubber
    calls: Recorder


@pytest.fixture
def stubbed() -> Iterator[Stubbed]:
    client = boto3.client(
        "cognito-idp",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret-for-signing-only",
    )
    recorder = Recorder(client)
    with Stubber(client) as stub:
        yield Stubbed(client, stub, recorder)
        stub.assert_no_pending_responses()


class AsyncClient:
    """A boto3 client whose methods are coroutines, as aiobotocore's are."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        method = getattr(self._client, name)

        async def call(**kwargs: Any) -> Any:
            return method(**kwargs)

        return call


class _Body:
    """The raw stream botocore reads a response body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data

    def read(self, *_: Any) -> bytes:
        return self._data


@dataclass
class Raw:
    """A boto3 client whose HTTP answers are queued bytes, parsed by botocore as usual.

    Unlike Stubber (which validates responses against the model and skips parsing), this
    reaches botocore's real parser, so junk bodies fail there as they would over the wire.
    """

    client: Any
    answers: list[tuple[int, bytes]] = field(default_factory=list)

    def add(self, body: bytes | dict[str, Any], status: int = 200) -> None:
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        self.answers.append((status, data))

    def _send(self, request: Any, **_: Any) -> AWSResponse:
        status, data = self.answers.pop(0)
        headers = {"content-type": "application/x-amz-json-1.1"}
        return AWSResponse(request.url, status, headers, _Body(data))


@pytest.fixture
def raw() -> Iterator[Raw]:
    client = boto3.client(
        "cognito-idp",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret-for-signing-only",
        config=Config(retries={"max_attempts": 1}),
    )
    fake = Raw(client)
    client.meta.events.register("before-send", fake._send)
    yield fake
    assert fake.answers == []
