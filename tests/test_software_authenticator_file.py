"""SoftwareAuthenticator's file holds private keys in plain text: it must be 0600 whatever
was there before, never written through a symlink, replaced whole (a crash must not leave a
truncated key file), and a hostile file is one typed error (srpcore.errors), nothing raw."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from srpcore.errors import ConfigurationError, InvalidParameterError
from srpcore.testing import SoftwareAuthenticator

CREATION: dict[str, Any] = {
    "rp": {"id": "example.com", "name": "Example"},
    "user": {"id": "dXNlci0x", "name": "alice", "displayName": "Alice"},
    "challenge": "Y2hhbGxlbmdlLWNoYWxsZW5nZS0xMjM0NQ",
    "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
}


def _authenticator() -> SoftwareAuthenticator:
    authenticator = SoftwareAuthenticator()
    authenticator.create(CREATION)
    return authenticator


def test_an_existing_readable_file_becomes_0600(tmp_path: Path) -> None:
    path = tmp_path / "passkey.json"
    path.write_text("{}")
    path.chmod(0o644)
    _authenticator().save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["format"] == "srpcore-software-authenticator/1"


def test_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    victim.chmod(0o644)
    path = tmp_path / "passkey.json"
    path.symlink_to(victim)
    _authenticator().save(path)
    assert victim.read_text() == "someone else's file"
    assert not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_unwritable_place_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot save the software authenticator"):
        _authenticator().save(tmp_path / "no such folder" / "passkey.json")


def test_json_nested_too_deep_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)  # past the interpreter's recursion limit
    with pytest.raises(InvalidParameterError, match="cannot load a software authenticator"):
        SoftwareAuthenticator.load(path)


@pytest.mark.parametrize("count", ["Infinity", "-1", "4294967295"])
def test_a_counter_out_of_range_is_a_typed_error(tmp_path: Path, count: str) -> None:
    """The counter is 4 bytes (WebAuthn Level 3, 6.1): a value that cannot go one up is refused
    when the file is loaded, not later as a raw struct error."""
    path = tmp_path / "passkey.json"
    _authenticator().save(path)
    text = path.read_text()
    assert '"sign_count": 0' in text
    path.write_text(text.replace('"sign_count": 0', f'"sign_count": {count}'))
    with pytest.raises(InvalidParameterError, match="cannot load a software authenticator"):
        SoftwareAuthenticator.load(path)


def test_a_file_others_may_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "passkey.json"
    _authenticator().save(path)
    path.chmod(0o644)  # as a copy, an editor or a checkout may leave it
    with pytest.raises(InvalidParameterError, match=r"open to other users \(mode 644\)"):
        SoftwareAuthenticator.load(path)
    path.chmod(0o600)
    assert len(SoftwareAuthenticator.load(path).credentials) == 1


def test_a_file_in_a_folder_others_may_write_is_refused(tmp_path: Path) -> None:
    """Whoever may write to the folder could swap the keys for theirs: refused, as the CLI's
    private files are."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o700)
    path = folder / "passkey.json"
    _authenticator().save(path)
    folder.chmod(0o777)
    with pytest.raises(InvalidParameterError, match=r"writable by other users \(mode 777\)"):
        SoftwareAuthenticator.load(path)
    folder.chmod(0o700)
    assert len(SoftwareAuthenticator.load(path).credentials) == 1


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "passkey.json"
    os.mkfifo(path, 0o600)
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            SoftwareAuthenticator.load(path)
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    loader.join(timeout=10)
    if loader.is_alive():  # a writer unblocks the thread before the test fails
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        loader.join(timeout=10)
        pytest.fail("SoftwareAuthenticator.load blocked on a FIFO")
    [error] = outcome
    assert isinstance(error, InvalidParameterError) and "not a regular file" in str(error)
