"""Mutated valid requests, for every operation the endpoint implements, over real HTTP.

A seeded mutator starts from a valid request and breaks it (wrong types, missing and extra
members, huge / empty / non-ASCII / lone-surrogate strings, huge integers, nested objects,
lists for objects, null, junk bodies), then sends it on one keep-alive connection to the
endpoint's URL. Whatever comes back must be a 2xx or a 4xx in Cognito's
``{"__type", "message"}`` shape: never a 5xx, never a traceback (issue 8, item 8). A small
hypothesis-driven test adds arbitrary JSON bodies for every operation.

Bounded by count (TOTAL requests) and by time (TIME_LIMIT); a run cut short by time must
still have done MIN_REQUESTS, so a slow machine cannot make the test vacuous.
"""

from __future__ import annotations

import functools
import http.client
import json
import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srpcore import UserSRP, new_device_secret
from srpcore.cognito.secret_hash import secret_hash
from srpcore.local import ClientInfo, LocalCognito
from srpcore.local.totp import totp
from srpcore.testing import SoftwareAuthenticator

from .conftest import ALL_FLOWS

TOTAL = 20_000
TIME_LIMIT = 55.0  # seconds of requests; ~21 s for all 20,000 on an idle 2-core machine
MIN_REQUESTS = 4_000
SEED = 20_261_202
PASSWORD = "fuzz-password-1"
TARGET = "AWSCognitoIdentityProviderService."
HUGE_INT = "\x00huge-int\x00"  # replaced by a 5,000-digit literal in the JSON text
Body = dict[str, Any]


class Wire:
    """Raw HTTP/1.1 on one keep-alive connection (reopened when the server closes it)."""

    def __init__(self, url: str, target: str = TARGET) -> None:
        self.target = target  # the service's X-Amz-Target prefix
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.reconnects = 0

    def send(self, operation: str, raw: bytes) -> tuple[int, bytes]:
        headers = {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": self.target + operation,
        }
        for attempt in (1, 2):
            try:
                self.conn.request("POST", "/", body=raw, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.conn.close()
                return response.status, data
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.reconnects += 1
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def code(self, pool_id: str, username: str) -> str:
        """The newest code sent to ``username``, read over HTTP (GET /_srpcore/messages)."""
        self.conn.request("GET", f"/_srpcore/messages?pool_id={pool_id}&username={username}")
        response = self.conn.getresponse()
        data = response.read()
        if response.will_close:
            self.conn.close()
        assert response.status == 200, data[:300]
        code: str = json.loads(data)["messages"][-1]["code"]
        return code

    def call(self, operation: str, body: Body) -> Body:
        """A valid request that must succeed (seeding the fuzzer)."""
        status, data = self.send(operation, json.dumps(body).encode())
        assert status == 200, (operation, status, data[:300])
        answer: Body = json.loads(data)
        return answer


@dataclass
class World:
    """The pool, clients and users the seeds refer to, and state refreshed as it is used up."""

    wire: Wire
    pool_id: str
    app: ClientInfo
    secret_app: ClientInfo
    tokens: Body = field(default_factory=dict)
    carol: str = ""
    spare_client: str = ""
    frank: tuple[str, str] = ("", "")  # an access token and a confirmed device, never forgotten
    passkey_tokens: dict[str, str] = field(default_factory=dict)  # heidi's and ivan's
    updated_pool: str = ""  # UpdateUserPool resets what it is not sent: a pool of its own
    uses: int = 0
    counter: Iterator[int] = field(default_factory=lambda: iter(range(10**9)))

    def sign_in(self) -> Body:
        """Fresh tokens (and a fresh unconfirmed device) for alice every 20 uses."""
        if not self.tokens or self.uses >= 20:
            result = self.wire.call(
                "InitiateAuth",
                {
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": self.app.client_id,
                    "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD},
                },
            )
            self.tokens, self.uses = result["AuthenticationResult"], 0
        self.uses += 1
        return self.tokens

    def srp(self, app: ClientInfo) -> UserSRP:
        return UserSRP(
            pool_id=self.pool_id,
            username="alice",
            password=PASSWORD,
            client_id=app.client_id,
            client_secret=app.client_secret,
        )


def _initiate(w: World) -> Body:
    flow = next(w.counter) % 6
    app = w.secret_app if flow == 5 else w.app
    params: dict[str, str] = {"USERNAME": "alice"}
    if flow == 0:
        auth = "USER_SRP_AUTH"
        params["SRP_A"] = w.srp(app).srp_a()
    elif flow == 1:
        auth, params["PASSWORD"] = "USER_PASSWORD_AUTH", PASSWORD
    elif flow == 2:
        auth, params = "REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": w.sign_in()["RefreshToken"]}
    elif flow == 3:
        auth = "USER_AUTH"
        params.update(PREFERRED_CHALLENGE="PASSWORD_SRP", SRP_A=w.srp(app).srp_a())
    elif flow == 4:
        auth = "CUSTOM_AUTH"
        params.update(CHALLENGE_NAME="SRP_A", SRP_A=w.srp(app).srp_a())
    else:
        auth = "USER_SRP_AUTH"
        assert app.client_secret is not None
        params["SRP_A"] = w.srp(app).srp_a()
        params["SECRET_HASH"] = secret_hash("alice", app.client_id, app.client_secret)
    return {"AuthFlow": auth, "ClientId": app.client_id, "AuthParameters": params}


def _admin_initiate(w: World) -> Body:
    return {
        "UserPoolId": w.pool_id,
        "ClientId": w.app.client_id,
        "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD},
        "ClientMetadata": {"k": "v"},
    }


def _respond(w: World, admin: bool = False) -> Body:
    app = w.secret_app if next(w.counter) % 2 else w.app
    srp = w.srp(app)
    start: Body = {"ClientId": app.client_id, "AuthParameters": srp.auth_parameters()}
    if admin:
        start["UserPoolId"] = w.pool_id
    start["AuthFlow"] = "USER_SRP_AUTH"
    first = w.wire.call("AdminInitiateAuth" if admin else "InitiateAuth", start)
    body: Body = {
        "ClientId": app.client_id,
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeResponses": srp.answer_password_verifier(first["ChallengeParameters"]),
    }
    if admin:
        body["UserPoolId"] = w.pool_id
    return body


def _device(w: World) -> Body:
    tokens = w.sign_in()
    meta = tokens["NewDeviceMetadata"]
    secret = new_device_secret(
        device_group_key=meta["DeviceGroupKey"], device_key=meta["DeviceKey"]
    )
    return {
        "AccessToken": tokens["AccessToken"],
        "DeviceKey": meta["DeviceKey"],
        "DeviceSecretVerifierConfig": secret.verifier_config,
        "DeviceName": "fuzz device",
    }


def _verify_software_token(w: World) -> Body:
    """Carol's (not alice's) authenticator: once verified, her sign-ins would need MFA."""
    if not w.carol:
        w.carol = w.wire.call(
            "InitiateAuth",
            {
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": w.app.client_id,
                "AuthParameters": {"USERNAME": "carol", "PASSWORD": PASSWORD},
            },
        )["AuthenticationResult"]["AccessToken"]
    secret = w.wire.call("AssociateSoftwareToken", {"AccessToken": w.carol})["SecretCode"]
    return {
        "AccessToken": w.carol,
        "UserCode": totp(secret, time.time()),
        "FriendlyDeviceName": "phone",
    }


def _signed_up(w: World) -> tuple[str, Body]:
    """A fresh UNCONFIRMED user (its confirmation code is in the outbox) and SignUp's answer."""
    name = f"signup{next(w.counter)}"
    body = {
        "ClientId": w.app.client_id,
        "Username": name,
        "Password": PASSWORD,
        "UserAttributes": [{"Name": "email", "Value": f"{name}@example.com"}],
    }
    return name, w.wire.call("SignUp", body)


def _confirm_sign_up(w: World) -> Body:
    name, answer = _signed_up(w)
    return {
        "ClientId": w.app.client_id,
        "Username": name,
        "ConfirmationCode": w.wire.code(w.pool_id, name),
        "Session": answer["Session"],
        "ForceAliasCreation": False,
    }


def _resettable(w: World) -> str:
    """A fresh user with a verified email, so each reset seed has its own send quota."""
    name = f"reset{next(w.counter)}"
    attributes = [
        {"Name": "email", "Value": f"{name}@example.com"},
        {"Name": "email_verified", "Value": "true"},
    ]
    w.wire.call(
        "AdminCreateUser",
        {"UserPoolId": w.pool_id, "Username": name, "TemporaryPassword": "Temporary-1",
         "UserAttributes": attributes},
    )  # fmt: skip
    return name


def _confirm_forgot_password(w: World) -> Body:
    name = _resettable(w)
    w.wire.call("ForgotPassword", {"ClientId": w.app.client_id, "Username": name})
    return {
        "ClientId": w.app.client_id,
        "Username": name,
        "ConfirmationCode": w.wire.code(w.pool_id, name),
        "Password": "a new fuzz password",
    }


def _fresh(w: World, username: str) -> Body:
    """A sign-in of its own, for operations that spend or revoke what they are given."""
    result: Body = w.wire.call(
        "InitiateAuth",
        {
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": w.app.client_id,
            "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD},
        },
    )["AuthenticationResult"]
    return result


def _refresh(w: World) -> Body:
    tokens = w.sign_in()
    return {
        "RefreshToken": tokens["RefreshToken"],
        "ClientId": w.app.client_id,
        "DeviceKey": tokens["NewDeviceMetadata"]["DeviceKey"],
        "ClientMetadata": {"k": "v"},
    }


def _update_client(w: World) -> Body:
    """A client of its own: an update resets what it does not name."""
    if not w.spare_client:
        created = w.wire.call(
            "CreateUserPoolClient", {"UserPoolId": w.pool_id, "ClientName": "spare"}
        )
        w.spare_client = created["UserPoolClient"]["ClientId"]
    return {
        "UserPoolId": w.pool_id,
        "ClientId": w.spare_client,
        "ClientName": "spare",
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"],
        "EnableTokenRevocation": True,
        "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
    }


def _confirmed_device(w: World, username: str) -> tuple[str, str]:
    """A fresh sign-in of ``username`` and the device it handed out, confirmed."""
    tokens = w.wire.call(
        "InitiateAuth",
        {
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": w.app.client_id,
            "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD},
        },
    )["AuthenticationResult"]
    meta = tokens["NewDeviceMetadata"]
    secret = new_device_secret(
        device_group_key=meta["DeviceGroupKey"], device_key=meta["DeviceKey"]
    )
    w.wire.call(
        "ConfirmDevice",
        {
            "AccessToken": tokens["AccessToken"],
            "DeviceKey": meta["DeviceKey"],
            "DeviceSecretVerifierConfig": secret.verifier_config,
        },
    )
    return tokens["AccessToken"], meta["DeviceKey"]


def _frank(w: World) -> tuple[str, str]:
    """Frank's device, for the seeds that only read it or change its status."""
    if not w.frank[0]:
        w.frank = _confirmed_device(w, "frank")
    return w.frank


def _forget_device(w: World) -> Body:
    """Grace forgets a device of her own, created for this request."""
    token, key = _confirmed_device(w, "grace")
    return {"AccessToken": token, "DeviceKey": key}


def _admin_device(w: World, username: str, key: str) -> Body:
    return {"UserPoolId": w.pool_id, "Username": username, "DeviceKey": key}


def _passkey_token(w: World, name: str) -> str:
    """An access token of heidi (who registers passkeys) or ivan (who deletes them)."""
    if name not in w.passkey_tokens:
        w.passkey_tokens[name] = w.wire.call(
            "InitiateAuth",
            {
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": w.app.client_id,
                "AuthParameters": {"USERNAME": name, "PASSWORD": PASSWORD},
            },
        )["AuthenticationResult"]["AccessToken"]
    return w.passkey_tokens[name]


def _new_passkey(w: World, token: str) -> Body:
    """A valid CompleteWebAuthnRegistration body (a fresh challenge, a fresh credential)."""
    options = w.wire.call("StartWebAuthnRegistration", {"AccessToken": token})
    credential = SoftwareAuthenticator().create(options["CredentialCreationOptions"])
    return {"AccessToken": token, "Credential": credential}


def _complete_registration(w: World) -> Body:
    """Heidi's passkeys are pruned well before the per-user bound."""
    token = _passkey_token(w, "heidi")
    kept = w.wire.call("ListWebAuthnCredentials", {"AccessToken": token})["Credentials"]
    if len(kept) >= 10:
        for item in kept:
            body = {"AccessToken": token, "CredentialId": item["CredentialId"]}
            w.wire.call("DeleteWebAuthnCredential", body)
    return _new_passkey(w, token)


def _delete_passkey(w: World) -> Body:
    """Ivan's one passkey (registered when he has none), so deletion can always succeed."""
    token = _passkey_token(w, "ivan")
    kept = w.wire.call("ListWebAuthnCredentials", {"AccessToken": token})["Credentials"]
    if not kept:
        w.wire.call("CompleteWebAuthnRegistration", _new_passkey(w, token))
        kept = w.wire.call("ListWebAuthnCredentials", {"AccessToken": token})["Credentials"]
    return {"AccessToken": token, "CredentialId": kept[0]["CredentialId"]}


def _update_pool(w: World) -> Body:
    """A pool nobody else uses: UpdateUserPool puts every setting it is not sent to default."""
    if not w.updated_pool:
        created = w.wire.call("CreateUserPool", {"PoolName": "fuzz-updated"})
        w.updated_pool = created["UserPool"]["Id"]
    return {
        "UserPoolId": w.updated_pool,
        "Policies": {
            "PasswordPolicy": {"MinimumLength": 10},
            "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]},
        },
        "AutoVerifiedAttributes": ["email"],
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": True},
        "MfaConfiguration": "OPTIONAL",
    }


def _pool_user(w: World) -> Body:
    return {"UserPoolId": w.pool_id, "Username": "bob"}


SEEDS: dict[str, Callable[[World], Body]] = {
    "CreateUserPool": lambda w: {
        "PoolName": "fuzz",
        "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
        "Schema": [{"Name": "name", "AttributeDataType": "String", "Required": True}],
        "AliasAttributes": ["email"],
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": False},
        "MfaConfiguration": "OFF",
    },
    "CreateUserPoolClient": lambda w: {
        "UserPoolId": w.pool_id,
        "ClientName": "fuzz",
        "GenerateSecret": True,
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "PreventUserExistenceErrors": "ENABLED",
        "AuthSessionValidity": 5,
    },
    "AdminCreateUser": lambda w: {
        "UserPoolId": w.pool_id,
        "Username": f"user{next(w.counter)}",
        "TemporaryPassword": "Temporary-1",
        "UserAttributes": [{"Name": "email", "Value": "new@example.com"}],
    },
    "AdminSetUserPassword": lambda w: {**_pool_user(w), "Password": PASSWORD, "Permanent": True},
    "AdminGetUser": _pool_user,
    "AdminDisableUser": _pool_user,
    "AdminEnableUser": _pool_user,
    "AdminResetUserPassword": _pool_user,
    "DescribeUserPool": lambda w: {"UserPoolId": w.pool_id},
    "InitiateAuth": _initiate,
    "AdminInitiateAuth": _admin_initiate,
    "RespondToAuthChallenge": _respond,
    "AdminRespondToAuthChallenge": lambda w: _respond(w, admin=True),
    "ConfirmDevice": _device,
    "UpdateDeviceStatus": lambda w: {
        "AccessToken": w.sign_in()["AccessToken"],
        "DeviceKey": w.sign_in()["NewDeviceMetadata"]["DeviceKey"],
        "DeviceRememberedStatus": "not_remembered",
    },
    "GetUser": lambda w: {"AccessToken": w.sign_in()["AccessToken"]},
    "AssociateSoftwareToken": lambda w: {"AccessToken": w.sign_in()["AccessToken"]},
    "VerifySoftwareToken": _verify_software_token,
    "SignUp": lambda w: {
        "ClientId": w.app.client_id,
        "Username": f"new{next(w.counter)}",
        "Password": PASSWORD,
        "UserAttributes": [{"Name": "email", "Value": "new@example.com"}],
        "ValidationData": [{"Name": "k", "Value": "v"}],
        "ClientMetadata": {"k": "v"},
    },
    "ConfirmSignUp": _confirm_sign_up,
    "ResendConfirmationCode": lambda w: {"ClientId": w.app.client_id, "Username": _signed_up(w)[0]},
    "ForgotPassword": lambda w: {"ClientId": w.app.client_id, "Username": _resettable(w)},
    "ConfirmForgotPassword": _confirm_forgot_password,
    "DescribeUserPoolClient": lambda w: {"UserPoolId": w.pool_id, "ClientId": w.app.client_id},
    "UpdateUserPoolClient": _update_client,
    "GetTokensFromRefreshToken": _refresh,
    "RevokeToken": lambda w: {
        "Token": _fresh(w, "dave")["RefreshToken"],
        "ClientId": w.app.client_id,
    },
    # erin signs in for every global sign-out: nobody else's tokens are taken back
    "GlobalSignOut": lambda w: {"AccessToken": _fresh(w, "erin")["AccessToken"]},
    "AdminUserGlobalSignOut": lambda w: {"UserPoolId": w.pool_id, "Username": "erin"},
    "ListDevices": lambda w: {"AccessToken": _frank(w)[0], "Limit": 2},
    "GetDevice": lambda w: {"AccessToken": _frank(w)[0], "DeviceKey": _frank(w)[1]},
    "ForgetDevice": _forget_device,
    "AdminListDevices": lambda w: {"UserPoolId": w.pool_id, "Username": "frank", "Limit": 5},
    "AdminGetDevice": lambda w: _admin_device(w, "frank", _frank(w)[1]),
    "AdminForgetDevice": lambda w: _admin_device(w, "grace", _forget_device(w)["DeviceKey"]),
    "AdminUpdateDeviceStatus": lambda w: {
        **_admin_device(w, "frank", _frank(w)[1]),
        "DeviceRememberedStatus": "remembered",
    },
    "SetUserPoolMfaConfig": lambda w: {
        "UserPoolId": w.pool_id,
        "WebAuthnConfiguration": {
            "RelyingPartyId": "fuzz.example",
            "UserVerification": "preferred",
        },
    },
    "GetUserPoolMfaConfig": lambda w: {"UserPoolId": w.pool_id},
    "UpdateUserPool": _update_pool,
    "StartWebAuthnRegistration": lambda w: {"AccessToken": _passkey_token(w, "heidi")},
    "CompleteWebAuthnRegistration": _complete_registration,
    "ListWebAuthnCredentials": lambda w: {
        "AccessToken": _passkey_token(w, "heidi"),
        "MaxResults": 5,
    },
    "DeleteWebAuthnCredential": _delete_passkey,
}


# --- the mutator --------------------------------------------------------------------------


def _nested(rng: random.Random, depth: int) -> Any:
    value: Any = rng.choice([1, "x", None])
    for _ in range(depth):
        value = {"a": value} if rng.random() < 0.5 else [value]
    return value


def _value(rng: random.Random) -> Any:
    """A hostile replacement value."""
    choice = rng.randrange(22)
    return [
        None,
        True,
        0,
        -1,
        2**63,
        -(2**64),
        1.5,
        1e308,
        "",
        " ",
        "x" * rng.choice([2, 129, 257, 2049, 5000, 140_000]),
        "ünïcødé ☃ 🎉 مرحبا",
        "\ud800",
        "a\udc00b\ud83d",
        "\x00\x01\x7f\n\t",
        "'\"\\<>{}%s%n",
        [],
        [1, "a", None, {}],
        {},
        {"Name": "email", "Value": "\ud800"},
        HUGE_INT,
        _nested(rng, rng.choice([5, 60, 300])),
    ][choice]


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in a JSON value, the top level's members included."""
    found: list[tuple[Any, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in list(pairs):
            found.append((item, key))
            if isinstance(child, dict | list):
                stack.append(child)
    return found


def _tweak(rng: random.Random, text: str) -> str:
    return rng.choice(
        [
            text[: len(text) // 2],
            text + rng.choice(["\ud800", "é", " ", "=", "\x00", "_"]),
            text.upper(),
            text[::-1],
            text * 3,
            text.replace("_", "-"),
        ]
    )


def mutate(rng: random.Random, body: Body) -> bytes:
    """One to three mutations of ``body``, serialised (sometimes badly) as the JSON text."""
    kind = rng.random()
    if kind < 0.03:
        return rng.choice(
            [b"", b"{", b"[]", b"null", b'"s"', b"\xff\xfe{}", b'{"a":1,}', b"{}" * 2, b"1e999"]
        )
    if kind < 0.05:  # nesting deeper than any JSON parser recurses
        depth = rng.choice([100, 2000, 20_000])
        opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
        return (opener * depth + "1" + closer * depth).encode()
    for _ in range(rng.randint(1, 3)):
        slots = _slots(body)
        action = rng.random()
        if not slots or action < 0.15:
            target: Any = body
            if slots and rng.random() < 0.5:
                container, key = rng.choice(slots)
                target = container[key] if isinstance(container[key], dict) else body
            target[rng.choice(["Extra", "AuthFlow", "Session", "Username", "x" * 300, ""])] = (
                _value(rng)
            )
            continue
        container, key = rng.choice(slots)
        if action < 0.35:
            del container[key]
        elif action < 0.6 and isinstance(container[key], str):
            container[key] = _tweak(rng, container[key])
        else:
            container[key] = _value(rng)
    text = json.dumps(body)
    return text.replace(json.dumps(HUGE_INT), "9" * 5000).encode()


# --- the checks ---------------------------------------------------------------------------


def _check(operation: str, status: int, data: bytes) -> str | None:
    """Why this response is wrong, or None."""
    if status >= 500:
        return f"{operation}: {status} {data[:300]!r}"
    try:
        payload = json.loads(data)
    except ValueError:
        return f"{operation}: {status} body is not JSON: {data[:300]!r}"
    if status >= 400:
        if not (
            isinstance(payload, dict)
            and isinstance(payload.get("__type"), str)
            and isinstance(payload.get("message"), str)
        ):
            return f"{operation}: {status} body is not Cognito's error shape: {data[:300]!r}"
    elif not isinstance(payload, dict):
        return f"{operation}: {status} body is not an object"
    return None


@pytest.fixture(scope="module")
def endpoint() -> Iterator[LocalCognito]:
    with LocalCognito() as cognito:
        yield cognito


def _world(cognito: LocalCognito, wire: Wire) -> World:
    pool = cognito.create_user_pool(
        "fuzz", device_tracking=True, auto_verified_attributes=("email",)
    )
    app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
    secret_app = cognito.create_client(
        pool.id, name="secret", generate_secret=True, explicit_auth_flows=ALL_FLOWS
    )
    cognito.create_user(pool.id, "alice", PASSWORD)
    cognito.create_user(pool.id, "bob", PASSWORD)
    cognito.create_user(pool.id, "carol", PASSWORD)
    cognito.create_user(pool.id, "dave", PASSWORD)
    cognito.create_user(pool.id, "erin", PASSWORD)
    cognito.create_user(pool.id, "frank", PASSWORD)
    cognito.create_user(pool.id, "grace", PASSWORD)
    cognito.create_user(pool.id, "heidi", PASSWORD)
    cognito.create_user(pool.id, "ivan", PASSWORD)
    wire.call(
        "SetUserPoolMfaConfig",
        {"UserPoolId": pool.id, "WebAuthnConfiguration": {"RelyingPartyId": "fuzz.example"}},
    )
    return World(wire, pool.id, app, secret_app)


def test_every_operation_has_a_seed(endpoint: LocalCognito) -> None:
    assert set(SEEDS) == set(endpoint.service.handlers)


def test_mutated_requests_never_fail_inside(
    endpoint: LocalCognito, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="srpcore.local")
    wire = Wire(endpoint.endpoint_url)
    world = _world(endpoint, wire)
    seeds = {operation: functools.partial(make, world) for operation, make in SEEDS.items()}
    limits = Budget(seed=SEED, total=TOTAL, seconds=TIME_LIMIT, at_least=MIN_REQUESTS)
    fuzz(wire, seeds, limits, unmutated=0.08, capfd=capfd, caplog=caplog)


@dataclass(frozen=True)
class Budget:
    """How many mutated requests one fuzz run sends (``total``, or ``at_least`` when the
    ``seconds`` run out on a busy machine), from which random seed."""

    seed: int
    total: int
    seconds: float
    at_least: int


def fuzz(
    wire: Wire,
    seeds: Mapping[str, Callable[[], dict[str, Any]]],
    budget: Budget,
    *,
    unmutated: float,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Send the seeds' requests, mutated but for ``unmutated`` of them; nothing may fail inside
    the endpoint (no 5xx, no logged error, no traceback) and every operation must succeed at
    least once unmutated. Shared by the cognito-idp and cognito-identity fuzz tests."""
    rng = random.Random(budget.seed)
    operations = sorted(seeds)
    sent: Counter[str] = Counter()
    succeeded: Counter[str] = Counter()
    failures: list[str] = []
    deadline = time.monotonic() + budget.seconds
    while sum(sent.values()) < budget.total and time.monotonic() < deadline and len(failures) < 20:
        operation = rng.choice(operations)
        body = seeds[operation]()
        raw = json.dumps(body).encode() if rng.random() < unmutated else mutate(rng, body)
        status, data = wire.send(operation, raw)
        sent[operation] += 1
        if status == 200:
            succeeded[operation] += 1
        problem = _check(operation, status, data)
        if problem is not None:
            failures.append(problem)
    total = sum(sent.values())
    print(f"fuzz: {total} requests, {wire.reconnects} reconnects, 2xx per operation {succeeded}")
    assert not failures, "\n".join(failures)
    assert total >= (budget.total if time.monotonic() < deadline else budget.at_least), total
    assert set(sent) == set(operations)
    # Some unmutated requests of every operation went all the way through.
    assert all(succeeded[op] for op in operations), sorted(set(operations) - set(succeeded))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors[:3]
    err = capfd.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]


_WIRES: dict[str, Wire] = {}  # one keep-alive connection per endpoint for all examples
MEMBERS = [
    "AccessToken",
    "AuthFlow",
    "AuthParameters",
    "ChallengeName",
    "ChallengeResponses",
    "ClientId",
    "DeviceKey",
    "DeviceRememberedStatus",
    "DeviceSecretVerifierConfig",
    "Limit",
    "PaginationToken",
    "Password",
    "PoolName",
    "Session",
    "UserAttributes",
    "UserPoolId",
    "Username",
]
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    operation=st.sampled_from(sorted(SEEDS)),
    body=st.dictionaries(
        st.sampled_from(MEMBERS) | st.text(max_size=10),
        _JSON,
        max_size=6,
    ),
)
def test_arbitrary_json_bodies_never_fail_inside(
    endpoint: LocalCognito, operation: str, body: Body
) -> None:
    wire = _WIRES.setdefault(endpoint.endpoint_url, Wire(endpoint.endpoint_url))
    status, data = wire.send(operation, json.dumps(body).encode())
    assert _check(operation, status, data) is None
