"""The sign-in progress: one table of moves between explicit stages."""

from __future__ import annotations

import pytest

from srpcore.local.errors import INVALID_SESSION, ApiError
from srpcore.local.progress import CHALLENGES, TRANSITIONS, Event, Stage, next_stage
from srpcore.local.session import Pending


def _pending() -> Pending:
    return Pending(
        pool_id="us-east-1_AbCdEfGhI",
        client_id="c",
        username="alice",
        flow="USER_SRP_AUTH",
        admin=False,
        auth_time=0,
    )


def _reachable(start: Stage) -> set[Stage]:
    seen, todo = {start}, [start]
    while todo:
        stage = todo.pop()
        for (source, _), target in TRANSITIONS.items():
            if source is stage and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_every_stage_is_reachable_and_every_stage_but_tokens_can_be_left() -> None:
    assert _reachable(Stage.PROOF) == set(Stage)
    sources = {source for source, _ in TRANSITIONS}
    assert sources == set(Stage) - {Stage.TOKENS}
    for stage in set(Stage) - {Stage.TOKENS}:
        assert Stage.TOKENS in _reachable(stage), stage


def test_the_password_path_meets_every_stage_in_order() -> None:
    p = _pending()
    p.on(Event.PASSWORD_PROVED)
    visited = [p.stage]
    for event in (Event.PASSED, Event.NOT_NEEDED, Event.PASSED, Event.NOT_NEEDED):
        p.on(event)
        visited.append(p.stage)
    assert visited == [Stage.NEW_PASSWORD, Stage.DEVICE, Stage.MFA, Stage.CUSTOM, Stage.TOKENS]
    assert p.mfa_owed


def test_a_remembered_device_stands_in_for_mfa() -> None:
    assert next_stage(Stage.DEVICE, Event.DEVICE_PROVED) is Stage.CUSTOM


def test_custom_only_skips_the_new_password_and_owes_no_mfa() -> None:
    p = _pending()
    p.on(Event.CUSTOM_ONLY)
    assert p.stage is Stage.DEVICE
    assert not p.mfa_owed


@pytest.mark.parametrize(
    ("stage", "event"),
    [
        (Stage.PROOF, Event.NOT_NEEDED),  # nobody skips proving who they are
        (Stage.PROOF, Event.PASSED),
        (Stage.MFA, Event.DEVICE_PROVED),
        (Stage.NEW_PASSWORD, Event.PASSWORD_PROVED),
        (Stage.TOKENS, Event.NOT_NEEDED),
        (Stage.TOKENS, Event.PASSED),
    ],
)
def test_a_move_not_in_the_table_is_an_invalid_session(stage: Stage, event: Event) -> None:
    with pytest.raises(ApiError) as caught:
        next_stage(stage, event)
    assert (caught.value.code, caught.value.message) == ("NotAuthorizedException", INVALID_SESSION)


def test_a_stage_asks_only_its_own_challenges() -> None:
    p = _pending()
    p.wait_for("PASSWORD_VERIFIER")
    assert p.awaiting == "PASSWORD_VERIFIER"
    with pytest.raises(ApiError):
        p.wait_for("SOFTWARE_TOKEN_MFA")  # an MFA challenge before the password
    assert p.awaiting == "PASSWORD_VERIFIER"
    names = [name for stage in Stage for name in CHALLENGES[stage] if name != "EMAIL_OTP"]
    assert len(names) == len(set(names))  # each challenge belongs to exactly one stage...
    # ...but EMAIL_OTP, Cognito's name for both the email first factor and email MFA
    assert [s for s in Stage if "EMAIL_OTP" in CHALLENGES[s]] == [Stage.PROOF, Stage.MFA]


def test_progress_is_shown_without_its_secrets() -> None:
    p = _pending()
    p.mfa.setup_secret = "JBSWY3DPEHPK3PXPJBSWY3DP"
    text = repr(p)
    assert "stage=PROOF" in text
    assert p.mfa.setup_secret not in text
