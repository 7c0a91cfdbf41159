"""Seed files (JSON and TOML) create pools, clients and users with the ids they name."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.errors import ConfigurationError, InvalidParameterError, ServiceError, SRPError
from srpcore.local import LocalCognito, LocalSetupError
from srpcore.local.seed import apply_seed, load_seed

TOML = """
[[pools]]
name = "demo"
id = "us-east-1_Seeded001"
device_tracking = true
alias_attributes = ["email"]
custom_auth_answers = ["42"]

[[pools.clients]]
name = "web"
client_id = "seededwebclient00000000001"
client_secret = "seededSecret0123456789abcdef"
explicit_auth_flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

[[pools.users]]
username = "alice"
password = "correct horse battery staple"
attributes = { email = "alice@example.com" }
"""


def _sign_in(idp: Any, username: str) -> Any:
    srp = UserSRP(
        pool_id="us-east-1_Seeded001",
        username=username,
        password="correct horse battery staple",
        client_id="seededwebclient00000000001",
        client_secret="seededSecret0123456789abcdef",
    )
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH",
        ClientId="seededwebclient00000000001",
        AuthParameters=srp.auth_parameters(),
    )
    return idp.respond_to_auth_challenge(
        ClientId="seededwebclient00000000001",
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
    )["AuthenticationResult"]


def test_toml_seed(tmp_path: Path) -> None:
    path = tmp_path / "seed.toml"
    path.write_text(TOML, encoding="utf-8")
    if sys.version_info < (3, 11):  # no tomllib: refused with a clear message, not a crash
        with pytest.raises(ConfigurationError, match=r"Python 3\.11"):
            load_seed(path)
        return
    with LocalCognito() as cognito:
        [seeded] = apply_seed(cognito, load_seed(path))
        assert seeded.pool.id == "us-east-1_Seeded001"
        assert [c.client_id for c in seeded.clients] == ["seededwebclient00000000001"]
        assert [u.username for u in seeded.users] == ["alice"]
        result = _sign_in(cognito.boto3_client(), "alice@example.com")
        assert "NewDeviceMetadata" in result


def test_json_seed(tmp_path: Path) -> None:
    doc = {
        "pools": [
            {
                "name": "demo",
                "id": "us-east-1_Seeded001",
                "clients": [
                    {
                        "client_id": "seededwebclient00000000001",
                        "client_secret": "seededSecret0123456789abcdef",
                    }
                ],
                "users": [{"username": "alice", "password": "correct horse battery staple"}],
            }
        ]
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with LocalCognito() as cognito:
        apply_seed(cognito, load_seed(path))
        assert "AccessToken" in _sign_in(cognito.boto3_client(), "alice")


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        ({"pools": [{"name": "x", "devices": True}]}, "seed: pools[0]: unknown key(s) devices"),
        (
            {"pools": [{"name": "x", "users": [{"username": "a"}]}]},
            "seed: pools[0].users[0]: needs username and password",
        ),
        ({"pool": []}, "seed: top level: unknown key(s) pool"),
        ({"pools": {"name": "x"}}, "seed: pools: expected a list of tables, got a table"),
        ({"pools": ["x"]}, 'seed: pools[0]: expected a table, got "x"'),
        ({"pools": [{"clients": "web"}]}, 'pools[0].clients: expected a list of tables, got "web"'),
    ],
)
def test_bad_seed_is_refused(doc: dict[str, Any], needle: str) -> None:
    with LocalCognito() as cognito, pytest.raises(InvalidParameterError) as info:
        apply_seed(cognito, doc)
    assert needle in str(info.value)


def test_nothing_is_created_when_a_later_value_is_bad() -> None:
    doc = {"pools": [{"name": "first"}, {"name": "second", "mfa_required": "no"}]}
    with LocalCognito() as cognito:
        with pytest.raises(InvalidParameterError, match=r"pools\[1\]\.mfa_required"):
            apply_seed(cognito, doc)
        assert cognito.service.context.repo.pool_ids() == []


def test_setup_errors_belong_to_the_error_tree() -> None:
    """The endpoint's own setup API raises an SRPError that keeps the service's code."""
    with LocalCognito() as cognito:
        pool = cognito.create_user_pool("p", password_min_length=20)
        with pytest.raises(SRPError) as info:
            cognito.create_user(pool.id, "alice", "short")
    assert isinstance(info.value, LocalSetupError)
    assert isinstance(info.value, ServiceError) and isinstance(info.value, ValueError)
    assert info.value.code == "InvalidPasswordException"
    assert str(info.value) == (
        "InvalidPasswordException: Password does not conform to policy: Password not long enough"
    )


def test_unparsable_seed_file(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidParameterError):
        load_seed(path)
