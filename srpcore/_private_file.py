"""Private files: created 0600 in folders created 0700, refused when others could read them
or swap them.

Every folder made here is made 0700 and every file 0600 by the call that creates it
(``os.mkdir``/``os.open`` with the mode, so nothing is ever briefly open to others, whatever
the umask); a file is replaced atomically. An existing file is refused when anyone else could
read it or it is not ours, and so is a folder others may write to or that another user (not
root) owns (they could swap the file), as ssh refuses a loose private key. One owner for the
CLI's device store and credentials cache and for :mod:`srpcore.testing`'s authenticator file,
so it sits below both layers and imports nothing but :mod:`srpcore.errors`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import sys
from pathlib import Path
from typing import Any

from srpcore.errors import ConfigurationError

__all__ = [
    "check_folder",
    "check_private",
    "make_private_folders",
    "read_json",
    "read_private",
    "replace_private",
    "srpcore_folder",
    "write_json",
]


def srpcore_folder(xdg: str, home: str, windows: str) -> Path:
    """``$<xdg>/srpcore``, ``~/<home>/srpcore`` by default, ``%<windows>%\\srpcore`` on Windows."""
    if sys.platform == "win32" and os.environ.get(windows):
        base = Path(os.environ[windows])
    else:
        base = Path(os.environ.get(xdg) or Path.home() / home)
    return base / "srpcore"


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and every missing parent, each one 0700 from its creation."""
    missing = []
    for _ in range(len(folder.parts)):  # bounded by the path's depth
        if folder.exists():
            break
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile: checked by the caller
            os.mkdir(path, 0o700)  # the umask can only take bits away from 0700


def check_private(path: Path, info: os.stat_result, *, holds: str) -> None:
    """Refuse a file others may read, or that is not ours; ``holds`` says what is at stake."""
    if os.name != "posix":
        return
    mode = stat.S_IMODE(info.st_mode)
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"{path} is open to other users (mode {mode:o}); {holds} must not be accessible to "
            "other users: chmod 600 it"
        )
    if info.st_uid != os.geteuid():
        raise ConfigurationError(f"{path} belongs to another user (uid {info.st_uid}); refused")
    check_folder(path.parent, holds=f"the file holding {holds}")


def check_folder(folder: Path, *, holds: str) -> None:
    """Others who may write to the folder (without the sticky bit) could replace the file, and
    so could the folder's owner (sticky bit or not), unless that is us or root."""
    if os.name != "posix":
        return
    info = folder.stat()
    if info.st_uid not in (os.geteuid(), 0):
        raise ConfigurationError(
            f"{folder} belongs to another user (uid {info.st_uid}), who could replace {holds} "
            "in it: use a folder of your own"
        )
    mode = info.st_mode
    if mode & (stat.S_IWGRP | stat.S_IWOTH) and not mode & stat.S_ISVTX:
        raise ConfigurationError(
            f"{folder} is writable by other users (mode {stat.S_IMODE(mode):o}), who could "
            f"replace {holds} in it: chmod go-w it"
        )


def read_private(path: Path, *, holds: str, max_bytes: int, called: str = "") -> bytes:
    """The bytes of private file ``path``: FileNotFoundError if there is none, else a
    ConfigurationError for anything that is not a private regular file of at most
    ``max_bytes``. ``called`` names the file in a read error before its path."""
    try:  # O_NONBLOCK: a FIFO put in the file's place is refused below instead of hanging here
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ConfigurationError(f"cannot read {called}{path}: {exc.strerror}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigurationError(f"cannot use {path}: not a regular file")
        check_private(path, info, holds=holds)
        raw = b""
        while len(raw) <= max_bytes:  # each read makes progress or ends the loop
            chunk = os.read(fd, max_bytes + 1 - len(raw))
            if not chunk:
                break
            raw += chunk
    except OSError as exc:
        raise ConfigurationError(f"cannot read {called}{path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise ConfigurationError(f"cannot use {path}: larger than {max_bytes} bytes")
    return raw


def read_json(path: Path, *, holds: str, max_bytes: int, called: str = "") -> Any:
    """The JSON in private file ``path`` (see :func:`read_private`), or ``None`` if there is
    none."""
    try:
        raw = read_private(path, holds=holds, max_bytes=max_bytes, called=called)
    except FileNotFoundError:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ConfigurationError(f"{path} is not valid JSON") from exc


def replace_private(path: Path, text: str, *, holds: str) -> None:
    """Write ``text`` to a new 0600 file beside ``path``, fsync it and rename it over ``path``.

    A new file (``O_EXCL``) is 0600 from its creation whatever mode an old file had, a symlink
    at ``path`` is replaced rather than followed, and a crash leaves the old content whole
    instead of a truncated file. ``holds`` says what is saved, in the error.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise ConfigurationError(f"cannot save {holds} to {path}: {exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ConfigurationError(f"cannot save {holds} to {path}: {exc}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any, *, holds: str, folder_holds: str | None = None) -> None:
    """Replace ``path`` atomically with ``data`` (see :func:`replace_private`), 0600 in a 0700
    folder.

    ``holds`` says what is saved; ``folder_holds`` what a loose folder puts at stake (by
    default the same).
    """
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    try:
        make_private_folders(path.parent)
        check_folder(path.parent, holds=folder_holds or holds)
    except OSError as exc:
        raise ConfigurationError(f"cannot save {holds} to {path}: {exc}") from exc
    replace_private(path, text, holds=holds)
