"""Remembered-device credentials in a private JSON file (what ``srpcore login`` uses).

A device password is a long-term credential. Every folder this store creates is made 0700 and
the file 0600, each by the call that creates it (``os.mkdir``/``os.open`` with the mode, so
nothing is ever briefly open to others, whatever the umask); the file is replaced atomically.
An existing file is refused when anyone else could read it or it is not ours, and so is a
folder others may write to (they could swap the file), as ssh refuses a loose private key.
Devices are keyed by pool and the user's *internal* username, with the names the user typed
kept as aliases of it, so signing in as ``alice`` or ``alice@example.com`` finds the same
device.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
from pathlib import Path
from typing import Any

from srpcore.cli.private_file import check_folder, check_private, make_private_folders
from srpcore.cognito.device import DeviceSecret
from srpcore.errors import ConfigurationError
from srpcore.signin.types import Tokens

__all__ = ["DeviceStore", "default_device_file"]

_VERSION = 1
_MAX_BYTES = 1 << 20  # thousands of devices; a bigger file is not one of ours


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
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return {"version": _VERSION, "pools": {}}
        except OSError as exc:
            raise ConfigurationError(
                f"cannot read device file {self.path}: {exc.strerror}"
            ) from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ConfigurationError(f"cannot use {self.path}: not a regular file")
            check_private(self.path, info, holds="device passwords")
            raw = b""
            while len(raw) <= _MAX_BYTES:  # each read makes progress or ends the loop
                chunk = os.read(fd, _MAX_BYTES + 1 - len(raw))
                if not chunk:
                    break
                raw += chunk
            if len(raw) > _MAX_BYTES:
                raise ConfigurationError(f"cannot use {self.path}: larger than {_MAX_BYTES} bytes")
        except OSError as exc:
            raise _unreadable(self.path, exc) from exc
        finally:
            os.close(fd)
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise ConfigurationError(f"{self.path} is not valid JSON") from exc
        if not isinstance(data, dict) or not isinstance(data.get("pools"), dict):
            raise ConfigurationError(f"{self.path} is not a srpcore device file")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        try:
            make_private_folders(self.path.parent)
            check_folder(self.path.parent, holds="the device file")
            temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(8)}.tmp")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise ConfigurationError(f"cannot save devices to {self.path}: {exc}") from exc
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


def _unreadable(path: Path, exc: OSError) -> ConfigurationError:
    return ConfigurationError(f"cannot read device file {path}: {exc.strerror or exc}")
