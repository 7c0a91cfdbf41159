"""Rotation settings and revocations survive a restart on an SQLite file (and an older file is
migrated), and the revocation records stay bounded."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from srpcore.local import ClientInfo, LocalCognito
from srpcore.local.memory import MemoryRepository
from srpcore.local.revocation import Revocations
from srpcore.local.sqlite import SCHEMA_VERSION, SQLiteRepository
from srpcore.local.tokens import RefreshGrant

from .conftest import PASSWORD, FakeClock
from .test_persistence import older_file


def _sign_in(idp: Any, app: ClientInfo, username: str = "alice") -> Any:
    return idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=app.client_id,
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]


def _code(call: Any) -> tuple[str, str]:
    try:
        call()
    except ClientError as exc:
        error = exc.response["Error"]
        return error["Code"], error["Message"]
    raise AssertionError("the call was not refused")


def test_rotation_settings_and_revocations_survive_a_restart(tmp_path: Path) -> None:
    # The AWS issuer style: ``iss`` does not name the (new) port, so old access tokens stay ours.
    data, clock = tmp_path / "f.sqlite", FakeClock()
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    with LocalCognito(data=data, clock=clock, issuer_style="aws") as cognito:
        pool = cognito.create_user_pool("kept")
        cognito.create_user(pool.id, "alice", PASSWORD)
        cognito.create_user(pool.id, "bob", PASSWORD)
        idp = cognito.boto3_client()
        created = idp.create_user_pool_client(
            UserPoolId=pool.id,
            ClientName="rotating",
            ExplicitAuthFlows=flows,
            RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 5},
        )["UserPoolClient"]
        app = ClientInfo(created["ClientId"], pool.id, None)
        idp.update_user_pool_client(  # UpdateUserPoolClient is stored too
            UserPoolId=pool.id,
            ClientId=app.client_id,
            ClientName="rotating",
            ExplicitAuthFlows=flows,
            RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 20},
        )
        revoked, kept = _sign_in(idp, app), _sign_in(idp, app)
        rotated = idp.get_tokens_from_refresh_token(
            RefreshToken=kept["RefreshToken"], ClientId=app.client_id
        )["AuthenticationResult"]["RefreshToken"]
        idp.revoke_token(Token=revoked["RefreshToken"], ClientId=app.client_id)
        bob = _sign_in(idp, app, "bob")
        idp.admin_user_global_sign_out(UserPoolId=pool.id, Username="bob")
    clock.advance(30)  # past the grace period of the rotated-out token
    with LocalCognito(data=data, clock=clock, issuer_style="aws") as cognito:
        idp = cognito.boto3_client()
        described = idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=app.client_id)
        assert described["UserPoolClient"]["RefreshTokenRotation"] == {
            "Feature": "ENABLED",
            "RetryGracePeriodSeconds": 20,
        }

        def renew(token: str) -> Any:
            return lambda: idp.get_tokens_from_refresh_token(
                RefreshToken=token, ClientId=app.client_id
            )

        revoked_refresh = ("NotAuthorizedException", "Refresh Token has been revoked")
        revoked_access = ("NotAuthorizedException", "Access Token has been revoked")
        assert _code(renew(revoked["RefreshToken"])) == revoked_refresh
        assert _code(lambda: idp.get_user(AccessToken=revoked["AccessToken"])) == revoked_access
        assert _code(renew(bob["RefreshToken"])) == revoked_refresh
        assert _code(lambda: idp.get_user(AccessToken=bob["AccessToken"])) == revoked_access
        assert _code(renew(kept["RefreshToken"]))[0] == "RefreshTokenReuseException"
        assert "RefreshToken" in renew(rotated)()["AuthenticationResult"]
        assert idp.get_user(AccessToken=kept["AccessToken"])["Username"] == "alice"


def test_a_version_1_file_gains_the_revocations_table(tmp_path: Path) -> None:
    data = tmp_path / "old.sqlite"
    older_file(data, 1)
    repo = SQLiteRepository(data)
    try:
        assert repo.revocation_count() == 0
    finally:
        repo.close()
    db = sqlite3.connect(data)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"revocations", "identities", "identity_pools", "passkeys"} <= tables
    db.close()


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_revocations_are_bounded_per_user_and_expire(tmp_path: Path, kind: str) -> None:
    repo = MemoryRepository() if kind == "memory" else SQLiteRepository(tmp_path / "r.sqlite")
    now = [1_000_000.0]
    revocations = Revocations(repo, clock=lambda: now[0], per_user=3)
    grants = [RefreshGrant("p", "c", "flood", None, f"origin{i}", 999_990) for i in range(10)]
    other = RefreshGrant("p", "c", "other", None, "theirs", 999_990)
    revocations.revoke_sign_in(other, until=now[0] + 3600)
    for grant in grants:
        revocations.revoke_sign_in(grant, until=now[0] + 3600)
    mine = [r for r in repo.revocations() if r.owner.endswith("flood")]
    # Past the bound the flooder's records fold into one sign-out of that user.
    assert len(mine) <= 4 and [r.kind for r in mine].count("user") == 1
    assert all(revocations.refresh_refused(g) for g in grants)
    assert revocations.refresh_refused(other)  # the neighbour's record was not pushed out
    later = RefreshGrant("p", "c", "flood", None, "fresh", int(now[0]) + 5)
    assert not revocations.refresh_refused(later)  # a sign-in after the fold is fine
    now[0] += 3601
    revocations.revoke_sign_in(RefreshGrant("p", "c", "x", None, "y", 0), until=now[0] + 1)
    assert [r.key for r in repo.revocations()] == ["y"]  # expired records are swept
    assert not revocations.refresh_refused(other)
