"""SoftwareAuthenticator's file holds private keys in plain text: it must be 0600 whatever
was there before, never written through a symlink, replaced whole (a crash must not leave a
truncated key file), and a hostile file is one typed error (srpcore.errors), nothing raw."""

from __future__ import annotations

import json
import stat
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
