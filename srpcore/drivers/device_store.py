"""Remembered-device credentials in a private JSON file (what ``srpcore login`` uses).

A device password is a long-term credential: the file is created with mode 0600 (through
``os.open``, so it is never briefly world-readable), replaced atomically, and refused when group
or others can read it, as ssh refuses a loose private key. Devices are keyed by pool and the
user's *internal* username, with the names the user typed kept as aliases of it, so signing in
as ``alice`` or ``alice@example.com`` finds the same device.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
from pathlib import Path
from typing import Any

from srpcore.cognito.device import DeviceSecret
from srpcore.errors import ConfigurationError
from srpcore.signin.types import Tokens

__all__ = ["DeviceStore", "default_device_file"]

_VERSION = 1


def default_device_file() -> Path:
    """``$XDG_CONFIG_HOME/srpcore/devices.json`` (``~/.config`` by default; ``%APPDATA%``)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "srpcore" / "devices.json"


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

    # ------------------------------------------------------------------------------- file I/O

    def _read(self) -> dict[str, Any]:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return {"version": _VERSION, "pools": {}}
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise ConfigurationError(
                    f"{self.path} is accessible to other users (mode {stat.S_IMODE(mode):o}); "
                    "it holds device passwords: chmod 600 it"
                )
            raw = handle.read()
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ConfigurationError(f"{self.path} is not valid JSON") from exc
        if not isinstance(data, dict) or not isinstance(data.get("pools"), dict):
            raise ConfigurationError(f"{self.path} is not a srpcore device file")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(8)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=True)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
