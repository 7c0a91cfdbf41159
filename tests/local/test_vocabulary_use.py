"""The endpoint and the CLI speak the one challenge vocabulary (srpcore.cognito.vocabulary)."""

from __future__ import annotations

from srpcore.cli import login
from srpcore.cognito.vocabulary import CHALLENGES, CODE_KEYS
from srpcore.local.challenges import STEPS


def test_every_step_the_endpoint_answers_is_a_named_challenge() -> None:
    assert set(STEPS) <= set(CHALLENGES), sorted(set(STEPS) - set(CHALLENGES))


def test_the_cli_prompts_for_every_code_challenge_with_its_label() -> None:
    for name in CODE_KEYS:
        assert login._CODE_LABELS[name] == CHALLENGES[name].label
