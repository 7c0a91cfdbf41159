"""``srpcore vectors verify``: summary lines, and a non-zero exit for every kind of failure."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from srpcore.cli.main import main
from srpcore.cognito.vectors import default_vector_dir, vector_files

ROOT = Path(__file__).resolve().parents[2]


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


def test_deeply_nested_json_fails_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert main(["vectors", "verify", str(path)]) == 1
    assert "cannot read vectors" in capsys.readouterr().out


def test_default_run_checks_every_committed_file() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "srpcore", "vectors", "verify", "--backend", "gmpy2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    summary = out.stdout.splitlines()
    files = vector_files(default_vector_dir())
    assert [line.split(":")[0] for line in summary[:-1]] == [str(path) for path in files]
    assert summary[-1].endswith(" passed, 0 failed")


def test_an_installed_copy_verifies_itself(tmp_path: Path) -> None:
    """A non-editable ``pip install`` ships the vector files; with no argument, verify finds
    and checks them there, away from any source checkout."""
    source = tmp_path / "source"
    source.mkdir()
    for path in ROOT.glob("*"):  # the build files at the top: pyproject.toml, README.md
        if path.is_file():
            shutil.copy(path, source / path.name)
    junk = shutil.ignore_patterns("__pycache__", "node_modules", "*.egg-info")
    # symlinks=True keeps srpcore/_vectors the relative link to vectors/ that it is in git.
    shutil.copytree(ROOT / "srpcore", source / "srpcore", ignore=junk, symlinks=True)
    shutil.copytree(ROOT / "vectors", source / "vectors", ignore=junk)
    site = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile"]
    subprocess.run(
        [*pip, "--target", str(site), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    bundled = site / "srpcore" / "_vectors"
    shipped = [p.relative_to(bundled) for p in vector_files(bundled)]
    expected = [p.relative_to(ROOT / "vectors") for p in vector_files(ROOT / "vectors")]
    assert shipped == expected
    env = {"PYTHONPATH": str(site), "PATH": "", "PYTHONSAFEPATH": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "srpcore", "vectors", "verify"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert len(lines) == 1 + len(expected)
    assert all(line.startswith(f"{bundled}/") for line in lines[:-1])
    assert lines[-1].endswith(" passed, 0 failed")


def test_output_json_and_query_give_the_results_as_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "ok.json", _first_vectors(3))
    document = _first_vectors(2)
    document["vectors"][1]["outputs"]["hkdf_key_hex"] = "00" * 16  # a wrong expected key
    bad = _write(tmp_path, "bad.json", document)
    assert main(["vectors", "verify", good, bad, "--output", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["Passed"], report["Failed"]) == (4, 1)
    assert [(f["File"], f["Passed"], f["Failed"]) for f in report["Files"]] == [
        (good, 3, 0),
        (bad, 1, 1),
    ]
    [failure] = report["Files"][1]["Failures"]
    assert failure["Vector"] == document["vectors"][1]["id"] and failure["Problems"]
    assert main(["vectors", "verify", good, "--query", "Files[].Kind", "--output", "text"]) == 0
    assert capsys.readouterr().out == "password_verifier\n"
