"""srpcore._private_file against what someone else could leave where a private file goes:
the answer is a ConfigurationError naming the path, at once (never a hang, never a read of a
file that is not ours to trust)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from srpcore._private_file import read_json, write_json
from srpcore.errors import ConfigurationError


def test_a_fifo_in_place_of_the_file_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "tokens.json"
    os.mkfifo(path, 0o600)
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(read_json(path, holds="tokens", max_bytes=1024))
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the thread (a writer opens the FIFO) before failing
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
        pytest.fail("read_json blocked on a FIFO")
    assert len(outcome) == 1 and isinstance(outcome[0], ConfigurationError)
    assert "not a regular file" in str(outcome[0])


def test_a_folder_of_another_user_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sticky world-writable folder still lets its owner rename our files (``--cache-dir
    /tmp/x`` made by someone else): the folder must be ours or root's."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    if os.geteuid() == 0:  # root's folders are trusted: hand this one to somebody else
        os.chown(folder, 4242, 4242)
    owner = folder.stat().st_uid
    assert owner != 0
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # we are not its owner
    with pytest.raises(ConfigurationError, match=f"belongs to another user \\(uid {owner}\\)"):
        write_json(folder / "tokens.json", {"x": 1}, holds="tokens")
    assert list(folder.iterdir()) == []


def test_a_folder_in_place_of_the_file_is_a_typed_error_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    """The rename over ``tokens.json`` fails (a folder is there): the caller gets the typed
    error, not the raw OSError, and the temporary file is gone."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    (folder / "tokens.json" / "inside").mkdir(parents=True)
    with pytest.raises(ConfigurationError, match="cannot save tokens to"):
        write_json(folder / "tokens.json", {"x": 1}, holds="tokens")
    assert [p.name for p in folder.iterdir()] == ["tokens.json"]
