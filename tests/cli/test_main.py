"""How every ``srpcore`` command ends when something goes wrong: like a Unix tool, no traceback."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from srpcore.cli import vectors
from srpcore.cli.main import main

VECTORS = Path(__file__).resolve().parents[2] / "vectors"


def _read_one_line_then_close(argv: list[str]) -> tuple[int, str]:
    """``srpcore ARGV | head -1``: read one line, close the pipe, let the command carry on."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # each line reaches the pipe as printed
    proc = subprocess.Popen(
        [sys.executable, "-m", "srpcore", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    try:
        err = proc.stderr.read().decode()
        proc.wait(timeout=300)
    finally:
        proc.kill()
    assert first, err
    return proc.returncode, err


def test_vectors_verify_into_a_closed_pipe_exits_quietly() -> None:
    files = sorted(str(p) for p in VECTORS.glob("*.json"))
    assert len(files) >= 2  # one line per file: the later ones meet the closed pipe
    status, err = _read_one_line_then_close(["vectors", "verify", *files])
    assert (status, err) == (141, "")


def test_bench_into_a_closed_pipe_exits_quietly() -> None:
    status, err = _read_one_line_then_close(["bench", "--smoke"])
    assert (status, err) == (141, "")


def _failing(exc: BaseException) -> object:
    def run(args: argparse.Namespace) -> int:
        raise exc

    return run


def test_an_unexpected_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SRPCORE_DEBUG", raising=False)
    # A bug's exception text may quote whatever value it met: a token, here.
    monkeypatch.setattr(vectors, "_verify", _failing(KeyError("eyJtoken\nvalue")))
    assert main(["vectors", "verify"]) == 255  # the AWS CLI's "any other error"
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (
        "srpcore: error: unexpected KeyError (set SRPCORE_DEBUG=1 for the traceback)\n"
    )
    assert "eyJ" not in out.err


def test_srpcore_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SRPCORE_DEBUG", "1")
    monkeypatch.setattr(vectors, "_verify", _failing(RuntimeError("a bug")))
    with pytest.raises(RuntimeError, match="a bug"):
        main(["vectors", "verify"])


def test_an_error_message_over_several_lines_becomes_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(vectors, "_verify", _failing(OSError("disk\nfull")))
    assert main(["vectors", "verify"]) == 255
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: unexpected OSError: disk full")


def test_ctrl_c_exits_130_after_a_newline(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(vectors, "_verify", _failing(KeyboardInterrupt()))
    assert main(["vectors", "verify"]) == 130
    assert capsys.readouterr().err == "\n"


def test_a_subcommand_that_fails_to_import_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SRPCORE_DEBUG", raising=False)
    monkeypatch.setattr(
        "srpcore.cli.main.SUBCOMMAND_MODULES", ("srpcore.cli.vectors", "srpcore.cli.no_such")
    )
    assert main(["vectors", "verify"]) == 255
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: unexpected ModuleNotFoundError: No module named")
