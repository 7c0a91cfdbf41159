"""The device file: private from birth, atomic, keyed by internal username with aliases."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.device_store import DeviceStore, default_device_file
from srpcore.errors import ConfigurationError
from srpcore.signin import Tokens

POOL = "us-east-1_Store1"
DEVICE = DeviceSecret("us-east-1_aaaa", "-group", "device-password", {})
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _tokens(device: DeviceSecret | None, username: str = "uuid-1") -> Tokens:
    return Tokens("a.b.c", None, None, None, None, username, device)


@posix_only
def test_file_and_directory_are_created_private(tmp_path: Path) -> None:
    old = os.umask(0)  # even with a permissive umask
    try:
        store = DeviceStore(tmp_path / "new" / "devices.json")
        store.save(POOL, "alice", DEVICE)
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert [p.name for p in store.path.parent.iterdir()] == ["devices.json"]  # no temp left


def test_round_trip_through_alias_and_internal_name(tmp_path: Path) -> None:
    store = DeviceStore(tmp_path / "devices.json")
    assert store.load(POOL, "alice@example.com") is None
    store.record(POOL, "alice@example.com", _tokens(DEVICE))
    for name in ("alice@example.com", "uuid-1"):
        loaded = store.load(POOL, name)
        assert loaded is not None
        assert (loaded.device_key, loaded.device_group_key, loaded.device_password) == (
            "us-east-1_aaaa",
            "-group",
            "device-password",
        )
    assert store.load("us-east-1_Other", "alice@example.com") is None
    on_disk = json.loads(store.path.read_text())
    assert on_disk["pools"][POOL] == {
        "devices": {
            "uuid-1": {
                "DeviceKey": "us-east-1_aaaa",
                "DeviceGroupKey": "-group",
                "DevicePassword": "device-password",
            }
        },
        "aliases": {"alice@example.com": "uuid-1"},
    }


def test_a_sign_in_without_a_device_forgets_the_old_one(tmp_path: Path) -> None:
    store = DeviceStore(tmp_path / "devices.json")
    store.record(POOL, "alice@example.com", _tokens(DEVICE))
    store.record(POOL, "alice@example.com", _tokens(None))
    assert store.load(POOL, "alice@example.com") is None
    assert store.load(POOL, "uuid-1") is None
    assert json.loads(store.path.read_text())["pools"][POOL] == {"devices": {}, "aliases": {}}


@posix_only
def test_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    store = DeviceStore(tmp_path / "devices.json")
    store.save(POOL, "alice", DEVICE)
    store.path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        store.load(POOL, "alice")


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"pools": []}'])
def test_a_malformed_file_is_a_configuration_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "devices.json"
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.write_text(content)
    with pytest.raises(ConfigurationError):
        DeviceStore(path).load(POOL, "alice")


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_device_file() == tmp_path / "srpcore" / "devices.json"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_device_file() == tmp_path / "home" / ".config" / "srpcore" / "devices.json"
    assert DeviceStore().path == default_device_file()
