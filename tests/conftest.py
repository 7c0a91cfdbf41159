"""Fixtures every test directory may use."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


@pytest.fixture(scope="session")
def aws_cli(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The AWS CLI, a client we did not write: the machine's ``aws`` if it has one, else
    installed here from PyPI into a venv of its own (it pins its own botocore, which would
    clash with the test venv's boto3)."""
    found = shutil.which("aws")
    if found is not None:
        return found
    venv = tmp_path_factory.mktemp("awscli") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "awscli>=1.40"]
    subprocess.run(pip, check=True, timeout=900)
    return str(venv / "bin" / "aws")
