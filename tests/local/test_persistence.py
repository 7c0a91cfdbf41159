"""``srpcore serve --data FILE``: everything but sign-ins in progress survives a restart."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest

import srpcore
from srpcore.errors import ServiceError
from srpcore.local import LocalCognito
from srpcore.local.service import Limits
from srpcore.local.sqlite import SCHEMA_VERSION, SQLiteRepository, StorageError
from srpcore.local.totp import totp

PASSWORD = "correct horse battery staple"
CLIENT_SECRET = "s3cretOfTheApp0123456789abcdef"
SEED = {
    "pools": [
        {
            "name": "kept",
            "device_tracking": "always",
            "clients": [{"name": "web", "client_id": "keptclient", "client_secret": CLIENT_SECRET}],
            "users": [
                {"username": "alice", "password": PASSWORD},
                {"username": "tom", "password": PASSWORD},
            ],
        }
    ]
}


# The tables each schema version added: a file of an older version is today's without them.
ADDED_AT = {
    2: ("revocations",),
    3: ("identities", "identity_pools"),
    4: ("passkeys",),
    5: ("endpoint_secret",),
}


def older_file(data: Path, version: int) -> None:
    """At ``data``, a data file as srpcore wrote it at schema ``version``."""
    SQLiteRepository(data).close()
    with closing(sqlite3.connect(data)) as db, db:
        for added, tables in ADDED_AT.items():
            for table in tables if added > version else ():
                db.execute(f"DROP TABLE {table}")
        db.execute(f"PRAGMA user_version = {int(version)}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "srpcore", "serve", "--json", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def _serving(*args: str) -> Iterator[dict[str, Any]]:
    proc = _serve(*args)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, proc.communicate(timeout=30)[1]
        yield json.loads(line)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0


def _idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def _signed_in(idp: Any, pool_id: str, username: str, **options: Any) -> Any:
    """A USER_SRP_AUTH sign-in through the secret client: its Tokens, or the Challenge."""
    return srpcore.sign_in(
        idp,
        pool_id=pool_id,
        client_id="keptclient",
        client_secret=CLIENT_SECRET,
        username=username,
        password=PASSWORD,
        **options,
    )


def _enrol_totp(idp: Any, access_token: str) -> str:
    """TOTP MFA set up over the wire (AssociateSoftwareToken, then VerifySoftwareToken);
    the TOTP secret, which only the endpoint and this authenticator now hold."""
    secret = str(idp.associate_software_token(AccessToken=access_token)["SecretCode"])
    done = idp.verify_software_token(AccessToken=access_token, UserCode=totp(secret, time.time()))
    assert done["Status"] == "SUCCESS"  # the endpoint turns TOTP MFA on with it
    return secret


def _verified(
    token: str | None, keys: jwt.PyJWKClient, issuer: str, audience: str | None = None
) -> dict[str, Any]:
    """The claims of ``token``, checked with PyJWT against the keys the JWKS serves now (an
    access token has no ``aud``: its client is the ``client_id`` claim)."""
    assert token is not None
    claims: dict[str, Any] = jwt.decode(
        token,
        keys.get_signing_key_from_jwt(token).key,
        algorithms=["RS256"],
        issuer=issuer,
        audience=audience,
        options={"verify_aud": audience is not None, "require": ["exp", "iat", "token_use"]},
    )
    return claims


def test_a_restart_keeps_users_clients_devices_mfa_secrets_keys_and_refresh_tokens(
    tmp_path: Path,
) -> None:
    """One real ``serve`` stopped and started again on its file between sign-in and use."""
    seed, data = tmp_path / "seed.json", tmp_path / "f.sqlite"
    seed.write_text(json.dumps(SEED), encoding="utf-8")
    # Cognito's own issuer: a token names no port, so the restart may listen on another one
    # (the old port may still be held by closing connections)
    args = ("--issuer-style", "aws", "--data", str(data), "--seed", str(seed))
    with _serving("--port", str(_free_port()), *args) as info:
        [pool] = info["pools"]
        idp = _idp(info["endpoint_url"])
        tokens = _signed_in(idp, pool["id"], "alice")
        assert isinstance(tokens, srpcore.Tokens) and tokens.device is not None
        tom = _signed_in(idp, pool["id"], "tom")
        assert isinstance(tom, srpcore.Tokens)
        secret = _enrol_totp(idp, tom.access_token)
    # the same file again, with a seed that would clash if it were applied a second time
    with _serving("--port", str(_free_port()), *args) as again:
        assert [p["id"] for p in again["pools"]] == [pool["id"]]
        assert again["pools"][0]["users"] == ["alice", "tom"]
        idp = _idp(again["endpoint_url"])
        issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{pool['id']}"
        keys = jwt.PyJWKClient(f"{again['endpoint_url']}/{pool['id']}/.well-known/jwks.json")
        # the tokens issued before the restart verify against the JWKS served after it
        old_id = _verified(tokens.id_token, keys, issuer, audience="keptclient")
        assert (old_id["token_use"], old_id["cognito:username"]) == ("id", "alice")
        old_access = _verified(tokens.access_token, keys, issuer)
        assert (old_access["token_use"], old_access["client_id"]) == ("access", "keptclient")
        # the refresh token refreshes (SECRET_HASH under the kept client secret, kept device)
        renewed = srpcore.refresh(
            idp,
            client_id="keptclient",
            client_secret=CLIENT_SECRET,
            refresh_token=tokens.refresh_token or "",
            username=tokens.username,
            device=tokens.device,
        )
        assert _verified(renewed.id_token, keys, issuer)["cognito:username"] == "alice"
        # the remembered device signs in again (DEVICE_SRP_AUTH): no new device is handed out
        with_device = _signed_in(idp, pool["id"], "alice", device=tokens.device)
        assert isinstance(with_device, srpcore.Tokens) and with_device.device is not None
        assert with_device.device.device_key == tokens.device.device_key
        listed = idp.list_devices(AccessToken=with_device.access_token)["Devices"]
        assert [d["DeviceKey"] for d in listed] == [tokens.device.device_key]
        # the TOTP secret was kept: tom is asked for a code, and the code from it is accepted
        step = _signed_in(idp, pool["id"], "tom")
        assert isinstance(step, srpcore.Challenge) and step.name == "SOFTWARE_TOKEN_MFA"
        done = srpcore.respond(idp, step, answer=totp(secret, time.time() + 30))
        assert isinstance(done, srpcore.Tokens)
        assert _verified(done.id_token, keys, issuer)["cognito:username"] == "tom"
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("f.sqlite"))
    assert b"alice" in raw and b"tom" in raw  # the users are in the file (or its log) ...
    assert PASSWORD.encode() not in raw  # ... their password is not


def test_no_password_or_refresh_token_is_written_to_the_file(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    with LocalCognito(data=data) as cognito:
        pool = cognito.create_user_pool("p")
        app = cognito.create_client(pool.id)
        cognito.create_user(pool.id, "bob", PASSWORD)
        tokens = srpcore.sign_in(
            cognito.boto3_client(),
            pool_id=pool.id,
            client_id=app.client_id,
            username="bob",
            password=PASSWORD,
        )
        assert isinstance(tokens, srpcore.Tokens) and tokens.refresh_token
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("f.sqlite"))
    assert b"bob" in raw  # the user was written (to the file or its write-ahead log) ...
    assert PASSWORD.encode() not in raw  # ... but neither the password nor the refresh token
    assert tokens.refresh_token.encode() not in raw


def _error_of(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "srpcore", "serve", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_damaged_file_is_one_line_of_error(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    data.write_bytes(b"this is not a database, just some bytes " * 200)
    done = _error_of("--data", str(data))
    assert done.returncode != 0
    assert done.stderr.startswith("srpcore: error: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    with pytest.raises(StorageError):
        SQLiteRepository(data)


def test_a_newer_schema_is_refused_with_one_line(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    SQLiteRepository(data).close()
    with sqlite3.connect(data) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    done = _error_of("--data", str(data))
    assert done.returncode != 0
    assert done.stderr.startswith("srpcore: error: ") and done.stderr.count("\n") == 1
    assert "newer srpcore" in done.stderr
    with pytest.raises(StorageError, match="newer"):
        SQLiteRepository(data)


def test_another_programs_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    with sqlite3.connect(data) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StorageError, match="not srpcore"):
        SQLiteRepository(data)


def _sign_in(cognito: LocalCognito, pool_id: str, client_id: str, username: str) -> srpcore.Tokens:
    tokens = srpcore.sign_in(
        cognito.boto3_client(),
        pool_id=pool_id,
        client_id=client_id,
        username=username,
        password=PASSWORD,
    )
    assert isinstance(tokens, srpcore.Tokens)
    return tokens


def test_an_evicted_refresh_token_stays_dead_after_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    with LocalCognito(data=data) as cognito:
        cognito.service.context.limits = Limits(refresh_per_user=1)
        pool = cognito.create_user_pool("p")
        app = cognito.create_client(pool.id)
        cognito.create_user(pool.id, "carol", PASSWORD)
        old = _sign_in(cognito, pool.id, app.client_id, "carol")
        new = _sign_in(cognito, pool.id, app.client_id, "carol")  # evicts the old grant
    with LocalCognito(data=data) as cognito:
        idp = cognito.boto3_client()
        with pytest.raises(ServiceError, match="Invalid Refresh Token"):
            srpcore.refresh(idp, client_id=app.client_id, refresh_token=old.refresh_token or "")
        renewed = srpcore.refresh(
            idp, client_id=app.client_id, refresh_token=new.refresh_token or ""
        )
        assert renewed.access_token


def test_concurrent_requests_through_one_process_share_the_file_safely(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    with LocalCognito(data=data) as cognito:
        pool = cognito.create_user_pool("p", device_tracking=True)
        app = cognito.create_client(pool.id)
        names = [f"user{i}" for i in range(8)]
        for name in names:
            cognito.create_user(pool.id, name, PASSWORD)
        admin = cognito.boto3_client()

        def work(i: int) -> str:
            admin.admin_create_user(
                UserPoolId=pool.id, Username=f"new{i}", TemporaryPassword=PASSWORD
            )
            device = _sign_in(cognito, pool.id, app.client_id, names[i]).device
            assert device is not None
            return device.device_key

        with ThreadPoolExecutor(max_workers=8) as pool_of_threads:
            device_keys = list(pool_of_threads.map(work, range(8)))
        assert len(set(device_keys)) == 8
    reopened = SQLiteRepository(data)
    assert reopened.user_count(pool.id) == 16
    assert all(len(reopened.devices(pool.id, name)) == 1 for name in names)
    reopened.close()


def test_a_damaged_record_is_a_storage_error_not_a_crash(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    repo = SQLiteRepository(data)
    repo.close()
    with sqlite3.connect(data) as db:
        db.execute("INSERT INTO pools VALUES ('us-east-1_Broken1', '{not json')")
    repo = SQLiteRepository(data)
    with pytest.raises(StorageError, match="damaged"):
        repo.pool("us-east-1_Broken1")
    repo.close()


SECRET = "s3cr3t-verifier-text"


@pytest.mark.parametrize(
    ("sql", "read", "place"),
    [
        (
            f"""INSERT INTO grants VALUES ('d', '["p", "c", "u", null, "j", 1]', '{SECRET}')""",
            lambda repo: repo.grants(),
            "row 1 of table grants (column data or expires)",
        ),
        (
            f"""INSERT INTO identity_pools VALUES ('us-east-1:x', '{{"name": "n",
            "allow_unauthenticated": false, "providers": [], "key": "00",
            "created": "{SECRET}"}}')""",
            lambda repo: repo.identity_pool("us-east-1:x"),
            "row 1 of table identity_pools (column data)",
        ),
        (
            f"INSERT INTO pools VALUES ('us-east-1_Broken1', '{{{SECRET}')",
            lambda repo: repo.pool("us-east-1_Broken1"),
            "row 1 of table pools (column data)",
        ),
    ],
    ids=["grant", "identity-pool", "record"],
)
def test_a_damaged_row_is_named_by_place_never_by_its_text(
    tmp_path: Path, sql: str, read: Any, place: str
) -> None:
    """The parser's own message quotes what it could not read (float('s3cr3t…') does), and
    a stored row can hold a secret: the error names the table, column and row id only."""
    data = tmp_path / "f.sqlite"
    SQLiteRepository(data).close()
    with sqlite3.connect(data) as db:
        db.execute(sql)
    repo = SQLiteRepository(data)
    with pytest.raises(StorageError) as info:
        read(repo)
    repo.close()
    assert str(info.value) == f"{place} is damaged; restore the file or use another"
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_data_file_is_private_to_its_owner(tmp_path: Path) -> None:
    data = tmp_path / "f.sqlite"
    SQLiteRepository(data).close()
    assert data.stat().st_mode & 0o077 == 0


def test_a_data_file_in_a_missing_directory_is_one_line_of_error(tmp_path: Path) -> None:
    done = _error_of("--data", str(tmp_path / "no" / "such" / "f.sqlite"))
    assert done.returncode != 0
    assert done.stderr.startswith("srpcore: error: cannot create the data file")
    assert done.stderr.count("\n") == 1
