"""ruff and mypy --strict are part of the suite, so the README's one test command runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECKS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", "."],
    "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "."],
    "mypy --strict": [sys.executable, "-m", "mypy", "--strict"],
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_linter_is_clean(name: str) -> None:
    out = subprocess.run(CHECKS[name], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, f"{name} failed:\n{out.stdout[-6000:]}{out.stderr[-2000:]}"
