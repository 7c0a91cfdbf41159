"""The fuzzer of :mod:`test_fuzz`, for the cognito-identity operations (a registry of their own).

Same mutator, same verdict: whatever comes back is a 2xx or a 4xx in the service's
``{"__type", "message"}`` shape, never a 5xx or a traceback; every operation's unmutated seed
succeeds at least once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from srpcore.local import LocalCognito
from srpcore.local.identity import TARGET_PREFIX

from .test_fuzz import PASSWORD, Budget, Wire, fuzz

TOTAL = 3_000
TIME_LIMIT = 20.0
MIN_REQUESTS = 600
SEED = 20_261_212
Body = dict[str, Any]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[LocalCognito]:
    with LocalCognito() as cognito:
        yield cognito


class Seeds:
    """Valid requests against one user pool and identity pool, with a fresh id token at times."""

    def __init__(self, cognito: LocalCognito, idp_wire: Wire) -> None:
        pool = cognito.create_user_pool("fuzz")
        self.app = cognito.create_client(pool.id, explicit_auth_flows=["ALLOW_USER_PASSWORD_AUTH"])
        cognito.create_user(pool.id, "alice", PASSWORD)
        self.pool_id = pool.id
        self.provider = f"cognito-idp.us-east-1.amazonaws.com/{pool.id}"
        self.identity_pool = cognito.create_identity_pool("fuzz", [(pool.id, self.app.client_id)])
        self.idp = idp_wire
        self.token = ""
        self.uses = 0

    def logins(self) -> dict[str, str]:
        if not self.token or self.uses >= 50:
            answer = self.idp.call(
                "InitiateAuth",
                {
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": self.app.client_id,
                    "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD},
                },
            )
            self.token, self.uses = answer["AuthenticationResult"]["IdToken"], 0
        self.uses += 1
        return {self.provider: self.token}

    def identity(self, wire: Wire) -> str:
        body = {"IdentityPoolId": self.identity_pool, "Logins": self.logins()}
        return str(wire.call("GetId", body)["IdentityId"])


def _seeds(s: Seeds, wire: Wire) -> dict[str, Callable[[], Body]]:
    return {
        "CreateIdentityPool": lambda: {
            "IdentityPoolName": "fuzz pool",
            "AllowUnauthenticatedIdentities": False,
            "CognitoIdentityProviders": [{"ProviderName": s.provider, "ClientId": s.app.client_id}],
        },
        "DescribeIdentityPool": lambda: {"IdentityPoolId": s.identity_pool},
        "ListIdentityPools": lambda: {"MaxResults": 5},
        "GetId": lambda: {"IdentityPoolId": s.identity_pool, "Logins": s.logins()},
        "GetCredentialsForIdentity": lambda: {
            "IdentityId": s.identity(wire),
            "Logins": s.logins(),
        },
    }


def test_every_identity_operation_has_a_seed(endpoint: LocalCognito) -> None:
    wire = Wire(endpoint.endpoint_url, TARGET_PREFIX)
    seeds = _seeds(Seeds(endpoint, Wire(endpoint.endpoint_url)), wire)
    assert set(seeds) == set(endpoint.service.identity_handlers)


def test_mutated_identity_requests_never_fail_inside(
    endpoint: LocalCognito, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="srpcore.local")
    wire = Wire(endpoint.endpoint_url, TARGET_PREFIX)
    seeds = _seeds(Seeds(endpoint, Wire(endpoint.endpoint_url)), wire)
    budget = Budget(seed=SEED, total=TOTAL, seconds=TIME_LIMIT, at_least=MIN_REQUESTS)
    fuzz(wire, seeds, budget, unmutated=0.1, capfd=capfd, caplog=caplog)
