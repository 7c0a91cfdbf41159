"""Shared fixtures: one fixed server challenge per session, made by srpcore.cognito.server."""

from __future__ import annotations

import pytest

from srpcore.cli.workloads import Scenario, make_scenario


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return make_scenario()
