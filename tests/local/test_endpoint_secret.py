"""The endpoint's secret is kept with the data, so a restart does not tell real users from
unknown ones; each use of it gets its own derived key."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from srpcore.core.groups import RFC5054_GROUPS
from srpcore.local.endpoint_keys import EndpointKeys, Purpose
from srpcore.local.memory import MemoryRepository
from srpcore.local.sqlite import SCHEMA_VERSION, SQLiteRepository

from .test_persistence import _free_port, _idp, _serving, older_file

SEED = {
    "pools": [
        {
            "name": "hidden",
            "clients": [
                {
                    "name": "web",
                    "client_id": "hidingclient",
                    "generate_secret": False,
                    "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    "prevent_user_existence_errors": True,
                }
            ],
            "users": [{"username": "alice", "password": "correct horse battery staple"}],
        }
    ]
}
# Any A in [2, N-1] starts USER_SRP_AUTH; the endpoint answers before any proof is checked.
SRP_A = format(pow(2, 0xC0FFEE, RFC5054_GROUPS[3072].N), "x")


def _challenge(url: str, username: str) -> dict[str, Any]:
    answer = _idp(url).initiate_auth(
        ClientId="hidingclient",
        AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": username, "SRP_A": SRP_A},
    )
    assert answer["ChallengeName"] == "PASSWORD_VERIFIER"
    return dict(answer["ChallengeParameters"])


def test_an_unknown_users_challenge_is_the_same_after_a_restart(tmp_path: Path) -> None:
    seed, data = tmp_path / "seed.json", tmp_path / "f.sqlite"
    seed.write_text(json.dumps(SEED), encoding="utf-8")
    args = ("--data", str(data), "--seed", str(seed))
    with _serving("--port", str(_free_port()), *args) as info:
        before = {name: _challenge(info["endpoint_url"], name) for name in ("alice", "nobody")}
    with _serving("--port", str(_free_port()), *args) as info:
        after = {name: _challenge(info["endpoint_url"], name) for name in ("alice", "nobody")}
    for name in ("alice", "nobody"):  # a real user and an unknown one look alike across it
        for kept in ("SALT", "USER_ID_FOR_SRP"):
            assert after[name][kept] == before[name][kept], (name, kept)
        assert after[name]["SRP_B"] != before[name]["SRP_B"]  # fresh per sign-in, as ever
    assert before["nobody"]["USER_ID_FOR_SRP"] == "nobody"
    assert before["nobody"]["SALT"] != before["alice"]["SALT"]


def test_a_version_4_file_gains_a_secret_it_then_keeps(tmp_path: Path) -> None:
    data = tmp_path / "v4.sqlite"
    older_file(data, 4)
    repo = SQLiteRepository(data)
    try:
        secret = repo.endpoint_secret()
        assert len(secret) == 32 and repo.endpoint_secret() == secret
    finally:
        repo.close()
    with sqlite3.connect(data) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert db.execute("SELECT count(*) FROM endpoint_secret").fetchone()[0] == 1
    again = SQLiteRepository(data)
    try:
        assert again.endpoint_secret() == secret
    finally:
        again.close()


def test_two_stores_have_different_secrets_and_each_keeps_its_own(tmp_path: Path) -> None:
    one, two = MemoryRepository(), MemoryRepository()
    assert one.endpoint_secret() == one.endpoint_secret() != two.endpoint_secret()
    a, b = SQLiteRepository(tmp_path / "a.sqlite"), SQLiteRepository(tmp_path / "b.sqlite")
    try:
        assert a.endpoint_secret() != b.endpoint_secret()
    finally:
        a.close()
        b.close()


def test_each_purpose_has_its_own_key_derived_by_hkdf_under_its_name() -> None:
    secret = bytes(range(32))
    keys = EndpointKeys.from_secret(secret)
    derived = {p: keys.key(p) for p in Purpose}
    assert len(set(derived.values())) == len(Purpose) >= 5
    assert secret not in derived.values()
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"srpcore-local/PAGE_TOKEN")
    assert derived[Purpose.PAGE_TOKEN] == hkdf.derive(secret)
    shown = repr(keys) + str(keys)
    assert secret.hex() not in shown and all(k.hex() not in shown for k in derived.values())
    assert all(repr(k)[2:-1] not in shown for k in derived.values())
