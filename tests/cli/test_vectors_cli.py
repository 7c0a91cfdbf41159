"""``srpcore vectors verify``: summary lines, and a non-zero exit for every kind of failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from srpcore.cli.main import main
from srpcore.cli.vectors import default_vector_dir


def _first_vectors(count: int) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (default_vector_dir() / "password_verifier.json").read_text(encoding="utf-8")
    )
    document["vectors"] = [v for v in document["vectors"] if "outputs" in v][:count]
    return document


def _write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_passing_file_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "ok.json", _first_vectors(3))
    assert main(["vectors", "verify", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{path}: password_verifier: 3 passed, 0 failed", "3 passed, 0 failed"]


def test_failing_vector_fails_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _first_vectors(2)
    document["vectors"][1]["outputs"]["hkdf_key_hex"] = "00" * 16
    path = _write(tmp_path, "bad.json", document)
    assert main(["vectors", "verify", path]) == 1
    out = capsys.readouterr().out
    assert "1 passed, 1 failed" in out
    assert "hkdf_key_hex" in out


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"kind": "mystery", "vectors": [{"id": "x"}]}, "unknown vector kind"),
        ({"kind": "secret_hash", "vectors": []}, "holds no vectors"),
        ({"kind": "device"}, "holds no vectors"),
        ([1, 2], "cannot read vectors"),
    ],
)
def test_unusable_files_fail_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: object, reason: str
) -> None:
    path = _write(tmp_path, "odd.json", document)
    assert main(["vectors", "verify", path]) == 1
    assert reason in capsys.readouterr().out


def test_not_json_fails_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    assert main(["vectors", "verify", str(path)]) == 1
    assert "0 passed, 1 failed" in capsys.readouterr().out


def test_default_run_checks_every_committed_file() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "srpcore", "vectors", "verify", "--backend", "gmpy2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    summary = out.stdout.splitlines()
    assert len(summary) == 1 + len(list(default_vector_dir().glob("*.json")))
    assert summary[-1].endswith(" passed, 0 failed")
