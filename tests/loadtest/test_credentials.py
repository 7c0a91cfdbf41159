"""Test-user files and sources: hostile or mistaken input is a ConfigurationError naming it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import srpcore
from srpcore.errors import ConfigurationError
from srpcore.locust import Credentials, CredentialSource, load_users
from srpcore.locust import credentials as credentials_module

PACKAGE = Path(srpcore.__file__).parent


def test_csv_and_json_files(tmp_path: Path) -> None:
    csv_file = tmp_path / "users.csv"
    csv_file.write_text('username,password,note\nalice,pw one,x\nbob,"pw, two",y\n', "utf-8")
    json_file = tmp_path / "users.json"
    json_file.write_text('[{"username": "carol", "password": "pw three", "extra": 1}]', "utf-8")
    assert load_users(csv_file) == [Credentials("alice", "pw one"), Credentials("bob", "pw, two")]
    assert load_users(json_file) == [Credentials("carol", "pw three")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("u.csv", "user,pass\nalice,pw\n", r"header row with username,password \(missing: pass"),
        ("u.csv", "username,password\nalice,\n", r"u\.csv, line 2: empty username or password"),
        ("u.csv", "username,password\n", "holds no users"),
        ("u.json", '{"username": "a"}', "must hold a JSON list"),
        ("u.json", '[{"username": "a", "password": 7}]', "item 0: username and password are text"),
        ("u.json", "[1]", "item 0: not an object"),
        ("u.json", "[", "not valid JSON"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigurationError, match=message):
        load_users(path)


def test_unreadable_oversized_and_non_utf8_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigurationError, match="cannot read users file"):
        load_users(tmp_path / "missing.csv")
    (tmp_path / "latin.csv").write_bytes(b"username,password\nj\xf6rg,pw\n")
    with pytest.raises(ConfigurationError, match="not UTF-8"):
        load_users(tmp_path / "latin.csv")
    monkeypatch.setattr(credentials_module, "MAX_USERS_FILE_BYTES", 16)
    (tmp_path / "big.csv").write_text("username,password\nalice,pw\n", "utf-8")
    with pytest.raises(ConfigurationError, match="over 16 bytes"):
        load_users(tmp_path / "big.csv")


def test_rows_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials_module, "MAX_USERS", 2)
    path = tmp_path / "u.csv"
    path.write_text("username,password\na,1\nb,2\nc,3\n", "utf-8")
    with pytest.raises(ConfigurationError, match="more than 2 test users"):
        load_users(path)
    with pytest.raises(ConfigurationError, match="between 1 and 2 test users"):
        CredentialSource([Credentials(n, "pw") for n in "abc"])


def test_sources_take_turns_from_the_worker_offset() -> None:
    users = [Credentials(name, "pw") for name in "abc"]
    source = CredentialSource(users, offset=4)
    assert [source.next().username for _ in range(4)] == ["b", "c", "a", "b"]
    assert repr(source) == "CredentialSource(3 users)"


def test_a_callable_is_asked_each_time_and_checked() -> None:
    names = iter(["x", "y"])
    source = CredentialSource(lambda: Credentials(next(names), "pw"))
    assert [source.next().username, source.next().username] == ["x", "y"]
    with pytest.raises(ConfigurationError, match=r"must return srpcore\.locust\.Credentials"):
        CredentialSource(lambda: ("user", "pw")).next()  # type: ignore[arg-type,return-value]
    with pytest.raises(ConfigurationError, match="between 1 and"):
        CredentialSource([])


def test_credentials_hide_the_password() -> None:
    creds = Credentials("alice", "hunter2 secret")
    assert "hunter2" not in repr(creds) and "hunter2" not in str(creds)
    with pytest.raises(ConfigurationError, match="non-empty password"):
        Credentials("alice", "")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_srpcore_locust_sits_on_top_and_nothing_imports_it() -> None:
    mine = sorted((PACKAGE / "locust").glob("*.py"))
    assert len(mine) >= 3
    for path in mine:  # drivers and below, never the local endpoint or the CLI
        for name in _imports(path):
            assert not name.startswith(("srpcore.local", "srpcore.cli")), f"{path.name}: {name}"
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "locust") in path.parents:
            continue
        for name in _imports(path):
            assert not name.startswith("srpcore.locust"), f"{path} imports {name}"
            assert name.split(".")[0] not in {"locust", "gevent"}, f"{path} imports {name}"
