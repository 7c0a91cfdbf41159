"""The npm packages the JS interop tests run, installed once per test session."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def node() -> str:
    """``npm ci`` (package-lock.json) once per test session; the path of ``node``.

    Without node and npm the tests fail rather than skip. (test_identity_js.py has its own copy
    of this fixture, which shadows this one there.)
    """
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node and npm must be on PATH: the JS interop tests cannot run without them")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
        cwd=HERE,
        check=True,
        timeout=600,
    )
    return node
