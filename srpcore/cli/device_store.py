"""Remembered-device credentials in a private JSON file (what ``srpcore login`` uses).

A device password is a long-term credential, so the file is one of
:mod:`srpcore._private_file`'s: created 0600 in folders created 0700, replaced atomically,
refused when others could read it or swap it.
Devices are keyed by pool and the user's *internal* username, with the names the user typed
kept as aliases of it, so signing in as ``alice`` or ``alice@example.com`` finds the same
device.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from srpcore._private_file import read_json, srpcore_folder, write_json
from srpcore.cognito.device import DeviceSecret
from srpcore.errors import ConfigurationError
from srpcore.signin.types import Tokens

__all__ = ["DeviceStore", "default_device_file"]

_VERSION = 1
_MAX_BYTES = 1 << 20  # thousands of devices; a bigger file is not one of ours


def default_device_file() -> Path:
    """``$XDG_CONFIG_HOME/srpcore/devices.json`` (``~/.config`` by default; ``%APPDATA%``)."""
    return srpcore_folder("XDG_CONFIG_HOME", ".config", "APPDATA") / "devices.json"


class DeviceStore:
    """Load, save and forget device credentials per (pool id, username)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_device_file()

    def __repr__(self) -> str:
        return f"DeviceStore({str(self.path)!r})"

    def load(self, pool_id: str, username: str) -> DeviceSecret | None:
        """The device remembered for ``username`` (as typed, or internal) in ``pool_id``."""
        pool = self._read()["pools"].get(pool_id, {})
        internal = pool.get("aliases", {}).get(username, username)
        entry = pool.get("devices", {}).get(internal)
        if entry is None:
            return None
        try:
            return DeviceSecret(
                entry["DeviceKey"], entry["DeviceGroupKey"], entry["DevicePassword"], {}
            )
        except (KeyError, TypeError) as exc:
            raise ConfigurationError(f"{self.path}: malformed device entry") from exc

    def save(
        self, pool_id: str, username: str, device: DeviceSecret, *, internal: str | None = None
    ) -> None:
        """Remember ``device`` for ``username`` (and its ``internal`` username, if known)."""
        data = self._read()
        pool = data["pools"].setdefault(pool_id, {"devices": {}, "aliases": {}})
        key = internal or username
        pool["devices"][key] = {
            "DeviceKey": device.device_key,
            "DeviceGroupKey": device.device_group_key,
            "DevicePassword": device.device_password,
        }
        if key != username:
            pool["aliases"][username] = key
        self._write(data)

    def forget(self, pool_id: str, username: str) -> None:
        """Drop the device remembered for ``username`` and every alias pointing at it."""
        data = self._read()
        pool = data["pools"].get(pool_id)
        if pool is None:
            return
        internal = pool["aliases"].get(username, username)
        pool["devices"].pop(internal, None)
        pool["aliases"] = {a: u for a, u in pool["aliases"].items() if u != internal}
        self._write(data)

    def record(self, pool_id: str, username: str, tokens: Tokens) -> None:
        """After a sign-in: keep ``tokens.device``, or forget the device if none survived."""
        if tokens.device is not None:
            self.save(pool_id, username, tokens.device, internal=tokens.username)
        else:
            self.forget(pool_id, username)

    def check_usable(self) -> None:
        """Fail now, before any password is asked for, if the file cannot be read or saved.

        A device confirmed with the service but never saved is lost for good, so a sign-in
        that remembers devices must know up front that the file can be written.
        """
        self._read()
        folder = self.path.parent
        for _ in range(len(folder.parts)):  # bounded by the path's depth
            if folder.exists():
                break
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            raise ConfigurationError(f"cannot save devices under {folder}: not a writable folder")

    # ------------------------------------------------------------------------------- file I/O

    def _read(self) -> dict[str, Any]:
        data = read_json(
            self.path, holds="device passwords", max_bytes=_MAX_BYTES, called="device file "
        )
        if data is None:
            return {"version": _VERSION, "pools": {}}
        if not isinstance(data, dict) or not isinstance(data.get("pools"), dict):
            raise ConfigurationError(f"{self.path} is not a srpcore device file")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        write_json(self.path, data, holds="devices", folder_holds="the device file")
