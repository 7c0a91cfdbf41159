"""``srpcore serve --data FILE``: everything but sign-ins in progress survives a restart."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
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

PASSWORD = "correct horse battery staple"
SEED = {
    "pools": [
        {
            "name": "kept",
            "clients": [
                {
                    "name": "web",
                    "client_id": "keptclient",
                    "client_secret": "s3cretOfTheApp0123456789abcdef",
                }
            ],
            "users": [{"username": "alice", "password": PASSWORD}],
        }
    ]
}


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


def test_a_restart_keeps_users_clients_keys_and_refresh_tokens(tmp_path: Path) -> None:
    seed, data = tmp_path / "seed.json", tmp_path / "f.sqlite"
    seed.write_text(json.dumps(SEED), encoding="utf-8")
    port = str(_free_port())
    with _serving("--port", port, "--data", str(data), "--seed", str(seed)) as info:
        [pool] = info["pools"]
        tokens = srpcore.sign_in(
            _idp(info["endpoint_url"]),
            pool_id=pool["id"],
            client_id="keptclient",
            client_secret="s3cretOfTheApp0123456789abcdef",
            username="alice",
            password=PASSWORD,
        )
        assert isinstance(tokens, srpcore.Tokens)
    # the same file again, with a seed that would clash if it were applied a second time
    with _serving("--port", port, "--data", str(data), "--seed", str(seed)) as again:
        assert [p["id"] for p in again["pools"]] == [pool["id"]]
        assert again["pools"][0]["users"] == ["alice"]
        renewed = srpcore.refresh(
            _idp(again["endpoint_url"]),
            client_id="keptclient",
            client_secret="s3cretOfTheApp0123456789abcdef",
            refresh_token=tokens.refresh_token or "",
            username=tokens.username,
        )
        issuer = f"{again['endpoint_url']}/{pool['id']}"
        keys = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json")
        for token in (tokens.id_token, renewed.id_token):
            assert token is not None
            claims = jwt.decode(
                token,
                keys.get_signing_key_from_jwt(token).key,
                algorithms=["RS256"],
                audience="keptclient",
                issuer=issuer,
            )
            assert claims["cognito:username"] == "alice"


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
