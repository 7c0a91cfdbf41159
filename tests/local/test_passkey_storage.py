"""Passkeys and the pool's WebAuthnConfiguration are kept by both repositories, and survive a
restart of an endpoint on an SQLite file (an older, version-1 file is upgraded in place)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from srpcore.local import LocalCognito
from srpcore.local.memory import MemoryRepository
from srpcore.local.model import Passkey, Pool
from srpcore.local.repository import Repository
from srpcore.local.sqlite import SCHEMA_VERSION, SQLiteRepository
from srpcore.testing import SoftwareAuthenticator

PASSWORD = "correct horse battery staple"
POOL = "us-east-1_AbCdEfGhI"
FACTORIES: dict[str, Callable[[Path], Repository]] = {
    "memory": lambda _: MemoryRepository(),
    "sqlite": lambda tmp: SQLiteRepository(tmp / "data.sqlite"),
}
VERSION_1 = """
CREATE TABLE pools (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE clients (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE users (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (pool_id, username)
);
CREATE TABLE devices (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (pool_id, username, key)
);
CREATE TABLE signing_keys (pool_id TEXT PRIMARY KEY, kid TEXT NOT NULL, pem BLOB NOT NULL);
CREATE TABLE grants (digest TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL);
"""
"""The schema srpcore's SQLite files had before passkeys (version 1)."""


@pytest.fixture(params=sorted(FACTORIES))
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    yield FACTORIES[request.param](tmp_path)


def _passkey(credential_id: str, username: str, count: int = 0) -> Passkey:
    return Passkey(
        credential_id=credential_id,
        username=username,
        public_key=b"\xa5\x01\x02",
        sign_count=count,
        rp_id="auth.example.com",
        transports=("internal", "hybrid"),
        attachment="platform",
        created=1.7e9,
    )


def test_passkeys_are_kept_per_user_in_order(repo: Repository) -> None:
    repo.add_pool(Pool(id=POOL, name="p", region="us-east-1"))
    for cid, user in (("c1", "alice"), ("c2", "bob"), ("c3", "alice")):
        repo.put_passkey(POOL, _passkey(cid, user))
    assert [p.credential_id for p in repo.passkeys(POOL, "alice")] == ["c1", "c3"]
    assert (repo.passkey_count(POOL, "alice"), repo.passkey_count(POOL, "carol")) == (2, 0)
    found = repo.passkey(POOL, "c2")
    assert found is not None and found.username == "bob"
    assert found.public_key == b"\xa5\x01\x02" and found.transports == ("internal", "hybrid")
    repo.put_passkey(POOL, dataclasses.replace(_passkey("c1", "alice"), sign_count=9))
    again = repo.passkey(POOL, "c1")
    assert again is not None and again.sign_count == 9
    assert [p.credential_id for p in repo.passkeys(POOL, "alice")] == ["c1", "c3"]
    assert not repo.remove_passkey(POOL, "alice", "c2")  # bob's: not alice's to remove
    assert repo.remove_passkey(POOL, "alice", "c1")
    assert not repo.remove_passkey(POOL, "alice", "c1")
    assert repo.passkey(POOL, "c1") is None and repo.passkey(POOL, "c2") is not None
    assert repo.passkeys("us-east-1_Other", "alice") == []


def test_a_pools_settings_are_replaced(repo: Repository) -> None:
    pool = Pool(id=POOL, name="p", region="us-east-1")
    repo.add_pool(pool)
    repo.put_pool(
        dataclasses.replace(pool, webauthn_rp_id="a.example", webauthn_user_verification="required")
    )
    kept = repo.pool(POOL)
    assert kept is not None
    assert (kept.webauthn_rp_id, kept.webauthn_user_verification) == ("a.example", "required")
    repo.put_pool(Pool(id="us-east-1_Unknown", name="q", region="us-east-1"))
    assert repo.pool("us-east-1_Unknown") is None  # put_pool replaces; it never adds


def test_a_version_1_file_is_upgraded_and_keeps_its_records(tmp_path: Path) -> None:
    data = tmp_path / "old.sqlite"
    with sqlite3.connect(data) as db:
        for statement in VERSION_1.split(";"):
            if statement.strip():
                db.execute(statement)
        pool = {"id": POOL, "name": "old", "region": "us-east-1"}
        db.execute("INSERT INTO pools VALUES (?, ?)", (POOL, json.dumps(pool)))
        db.execute("PRAGMA user_version = 1")
    repo = SQLiteRepository(data)
    try:
        kept = repo.pool(POOL)
        assert kept is not None and kept.name == "old" and kept.webauthn_rp_id == ""
        repo.put_passkey(POOL, _passkey("c1", "alice"))
        assert repo.passkey_count(POOL, "alice") == 1
    finally:
        repo.close()
    with sqlite3.connect(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_passkey_and_its_counter_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    authenticator = SoftwareAuthenticator(attestation="packed")
    with LocalCognito(data=data) as cognito:
        idp = cognito.boto3_client()
        pool = cognito.create_user_pool("kept", first_factors=("PASSWORD", "WEB_AUTHN"))
        app = cognito.create_client(
            pool.id, explicit_auth_flows=["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
        )
        cognito.create_user(pool.id, "alice", PASSWORD)
        idp.set_user_pool_mfa_config(
            UserPoolId=pool.id,
            WebAuthnConfiguration={
                "RelyingPartyId": "auth.example.com",
                "UserVerification": "required",
            },
        )
        token = idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=app.client_id,
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )["AuthenticationResult"]["AccessToken"]
        options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
        idp.complete_web_authn_registration(
            AccessToken=token, Credential=authenticator.create(options)
        )
        authenticator.save(tmp_path / "clone.json")
        _passkey_sign_in(idp, app.client_id, authenticator)  # counter 1 stored
    clone = SoftwareAuthenticator.load(tmp_path / "clone.json")  # still at counter 0
    with LocalCognito(data=data) as again:
        idp = again.boto3_client()
        config = idp.get_user_pool_mfa_config(UserPoolId=pool.id)["WebAuthnConfiguration"]
        assert config == {"RelyingPartyId": "auth.example.com", "UserVerification": "required"}
        result = _passkey_sign_in(idp, app.client_id, authenticator)
        assert "AccessToken" in result["AuthenticationResult"]
        with pytest.raises(idp.exceptions.NotAuthorizedException, match="counter"):
            _passkey_sign_in(idp, app.client_id, clone)


def _passkey_sign_in(idp: Any, client_id: str, authenticator: SoftwareAuthenticator) -> Any:
    first = idp.initiate_auth(
        AuthFlow="USER_AUTH",
        ClientId=client_id,
        AuthParameters={"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    credential = authenticator.get(first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    return idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="WEB_AUTHN",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "alice", "CREDENTIAL": json.dumps(credential)},
    )
