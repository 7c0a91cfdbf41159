"""The device file: private from birth, atomic, keyed by internal username with aliases."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from srpcore.cli.device_store import DeviceStore, default_device_file
from srpcore.cognito.device import DeviceSecret
from srpcore.errors import ConfigurationError
from srpcore.signin import Tokens

POOL = "us-east-1_Store1"
DEVICE = DeviceSecret("us-east-1_aaaa", "-group", "device-password", {})
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _tokens(device: DeviceSecret | None, username: str = "uuid-1") -> Tokens:
    return Tokens("a.b.c", None, None, None, None, username, device)


@posix_only
@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_every_folder_and_the_file_are_created_private(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)  # even with a permissive umask
    try:
        store = DeviceStore(tmp_path / "a" / "b" / "c" / "devices.json")
        store.save(POOL, "alice", DEVICE)
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    for folder in ("a", "a/b", "a/b/c"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder
    assert [p.name for p in store.path.parent.iterdir()] == ["devices.json"]  # no temp left


@posix_only
def test_an_existing_folder_is_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir(mode=0o755)
    (tmp_path / "shared").chmod(0o755)
    store = DeviceStore(tmp_path / "shared" / "mine" / "devices.json")
    store.save(POOL, "alice", DEVICE)
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "shared" / "mine").stat().st_mode) == 0o700


@posix_only
def test_a_folder_others_can_write_to_is_refused(tmp_path: Path) -> None:
    store = DeviceStore(tmp_path / "open" / "devices.json")
    store.save(POOL, "alice", DEVICE)
    store.path.parent.chmod(0o777)
    with pytest.raises(ConfigurationError, match="writable by other users"):
        store.load(POOL, "alice")
    with pytest.raises(ConfigurationError, match="writable by other users"):
        store.save(POOL, "bob", DEVICE)


@posix_only
def test_a_sticky_shared_folder_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "tmp"
    folder.mkdir()
    folder.chmod(0o1777)  # like /tmp: others cannot replace a file they do not own
    store = DeviceStore(folder / "devices.json")
    store.save(POOL, "alice", DEVICE)
    assert store.load(POOL, "alice") is not None


@pytest.mark.parametrize("kind", ["folder", "parent-is-a-file"])
def test_an_unusable_path_is_a_configuration_error_before_any_sign_in(
    tmp_path: Path, kind: str
) -> None:
    if kind == "folder":
        path = tmp_path / "devices.json"
        path.mkdir(mode=0o700)
    else:
        (tmp_path / "file").write_text("x")
        path = tmp_path / "file" / "devices.json"
    with pytest.raises(ConfigurationError, match="cannot"):
        DeviceStore(path).check_usable()


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
    for loose in (0o644, 0o640, 0o604, 0o610):
        store.path.chmod(loose)
        with pytest.raises(ConfigurationError, match=f"mode {loose:o}.*chmod 600"):
            store.load(POOL, "alice")
        with pytest.raises(ConfigurationError, match="chmod 600"):
            store.save(POOL, "bob", DEVICE)  # never rewritten (or tightened) behind your back
        assert stat.S_IMODE(store.path.stat().st_mode) == loose


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


def test_an_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "devices.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write('{"pools": {}, "pad": "' + "x" * (1 << 20) + '"}')
    with pytest.raises(ConfigurationError, match="larger than"):
        DeviceStore(path).load(POOL, "alice")
