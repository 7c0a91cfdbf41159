"""What the CLI tests share: one endpoint per module, and a machine whose AWS settings stay out.

The commands read the AWS configuration, the environment and the terminal like the AWS CLI
does, so every test that runs one starts from :func:`isolate` (nothing of the machine running
the tests leaks in) and feeds its stdin with :func:`stdin`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from srpcore.local import LocalCognito

PASSWORD = "correct horse battery staple"

_MACHINE = (
    "AWS_PROFILE",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_DEFAULT_OUTPUT",
    "SRPCORE_ACCESS_TOKEN",
    "SRPCORE_CLIENT_SECRET",
)
"""The settings of the machine (or of an earlier test) a command would otherwise pick up."""


def isolate(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    *,
    password: str | None = PASSWORD,
    aws_config: str = "no-aws-config",
) -> None:
    """AWS config, credentials and device files under ``tmp_path``; SRPCORE_PASSWORD as given.

    ``password=None`` leaves SRPCORE_PASSWORD unset (the command must prompt); ``aws_config``
    names the config file for a test that writes one.
    """
    for name in _MACHINE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / aws_config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    if password is None:
        monkeypatch.delenv("SRPCORE_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("SRPCORE_PASSWORD", password)


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """:func:`isolate` with the test password in SRPCORE_PASSWORD (``usefixtures`` it)."""
    isolate(monkeypatch, tmp_path)


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    """One local endpoint per test module (each test makes its own pool)."""
    with LocalCognito() as endpoint:
        yield endpoint


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The command reads ``text`` from stdin (not a terminal)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
