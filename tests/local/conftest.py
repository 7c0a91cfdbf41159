"""Shared fixtures: one endpoint per test module, a fresh pool per test where state matters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from srpcore.local import LocalCognito


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def idp(cognito: LocalCognito) -> Any:
    return cognito.boto3_client()
