"""Test users for Locust: a CSV or JSON file, a list, or a callable, handed out in turn.

A file is read once per process and bounded (size and rows), so a wrong path fails fast with a
:class:`~srpcore.errors.ConfigurationError` naming the file and row instead of a traceback
mid-run. Virtual users of one process take the rows in turn, starting at the worker's index,
so the workers of a distributed run begin on different users.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srpcore.cognito.device import DeviceSecret
from srpcore.errors import ConfigurationError

__all__ = ["MAX_USERS", "MAX_USERS_FILE_BYTES", "CredentialSource", "Credentials", "load_users"]

MAX_USERS_FILE_BYTES = 64 * 1024 * 1024
MAX_USERS = 1_000_000


@dataclass(frozen=True)
class Credentials:
    """One test user; the password (and device secret) never appear in ``repr``."""

    username: str
    password: str = field(repr=False)
    device: DeviceSecret | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.username, str) or not self.username:
            raise ConfigurationError("a test user needs a non-empty username")
        if not isinstance(self.password, str) or not self.password:
            raise ConfigurationError(f"test user {self.username!r} needs a non-empty password")


def load_users(path: str | Path) -> list[Credentials]:
    """Read test users from a ``.csv`` (``username,password`` header) or ``.json`` file.

    JSON is a list of ``{"username": ..., "password": ...}`` objects (other keys are ignored).
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_USERS_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigurationError(f"cannot read users file {path}: {exc.strerror}") from exc
    if len(raw) > MAX_USERS_FILE_BYTES:
        raise ConfigurationError(f"users file {path} is over {MAX_USERS_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"users file {path} is not UTF-8") from exc
    rows = _json_rows(text, path) if path.suffix.lower() == ".json" else _csv_rows(text, path)
    users = [_credentials(row, path, where) for where, row in rows]
    if not users:
        raise ConfigurationError(f"users file {path} holds no users")
    if len(users) > MAX_USERS:
        raise ConfigurationError(f"users file {path} holds more than {MAX_USERS} test users")
    return users


def _csv_rows(text: str, path: Path) -> Iterator[tuple[str, Mapping[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"username", "password"} - set(reader.fieldnames or [])
    if missing:
        raise ConfigurationError(
            f"users file {path} needs a header row with username,password "
            f"(missing: {', '.join(sorted(missing))})"
        )
    try:
        for row in itertools.islice(reader, MAX_USERS + 1):
            yield f"line {reader.line_num}", row
    except csv.Error as exc:
        raise ConfigurationError(f"users file {path}, line {reader.line_num}: {exc}") from exc


def _json_rows(text: str, path: Path) -> Iterator[tuple[str, Mapping[str, Any]]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigurationError(f"users file {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, list):
        raise ConfigurationError(f"users file {path} must hold a JSON list of users")
    for index, item in enumerate(data[: MAX_USERS + 1]):
        if not isinstance(item, dict):
            raise ConfigurationError(f"users file {path}, item {index}: not an object")
        yield f"item {index}", item


def _credentials(row: Mapping[str, Any], path: Path, where: str) -> Credentials:
    username, password = row.get("username"), row.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise ConfigurationError(f"users file {path}, {where}: username and password are text")
    if not username or not password:
        raise ConfigurationError(f"users file {path}, {where}: empty username or password")
    return Credentials(username, password)


class CredentialSource:
    """Hands out test users in turn (thread- and greenlet-safe); a callable is asked each time."""

    def __init__(
        self,
        users: str | Path | Sequence[Credentials] | Callable[[], Credentials],
        *,
        offset: int = 0,
    ) -> None:
        self._factory: Callable[[], Credentials] | None = None
        self._users: Sequence[Credentials] = ()
        if callable(users):
            self._factory = users
        elif isinstance(users, (str, Path)):
            self._users = load_users(users)
        else:
            self._users = list(users)
            if not 1 <= len(self._users) <= MAX_USERS:
                raise ConfigurationError(f"give between 1 and {MAX_USERS} test users")
            if not all(isinstance(u, Credentials) for u in self._users):
                raise ConfigurationError("test users must be srpcore.locust.Credentials")
        self._next = offset % len(self._users) if self._users else 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._users)

    def next(self) -> Credentials:
        """The next test user (the callable's answer, checked)."""
        if self._factory is not None:
            user = self._factory()
            if not isinstance(user, Credentials):
                raise ConfigurationError(
                    "the users callable must return srpcore.locust.Credentials"
                )
            return user
        with self._lock:
            user = self._users[self._next]
            self._next = (self._next + 1) % len(self._users)
        return user

    def __repr__(self) -> str:
        kind = "callable" if self._factory is not None else f"{len(self._users)} users"
        return f"CredentialSource({kind})"
