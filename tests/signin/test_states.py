"""The machine's one transition table: unexpected events are ProtocolErrors naming the step."""

from __future__ import annotations

import pytest

from signin.transcripts import (
    RESULT,
    USER,
    initiate,
    machine,
    respond,
    verifier_answer,
    verifier_challenge,
)
from srpcore.errors import ProtocolError
from srpcore.signin import Challenge, Request, Tokens
from srpcore.signin.states import TRANSITIONS, Event, Phase, advance

FIRST = "InitiateAuth(USER_SRP_AUTH)"
SECOND = "RespondToAuthChallenge(PASSWORD_VERIFIER)"


def test_a_second_start_is_refused_naming_the_step() -> None:
    m = machine()
    first = m.start()
    assert (first.operation, first.kwargs()) == (
        "InitiateAuth",
        initiate("USER_SRP_AUTH", {"USERNAME": USER["username"], "SRP_A": USER["srp_a_hex"]}),
    )
    with pytest.raises(ProtocolError, match="already started") as caught:
        m.start()
    assert caught.value.step == FIRST
    assert isinstance(m.receive(verifier_challenge(USER)), Request)  # nothing changed


def test_a_reply_after_the_tokens_is_refused_naming_the_last_step() -> None:
    m = machine()
    m.start()
    answer = m.receive(verifier_challenge(USER))
    assert isinstance(answer, Request)
    assert answer.kwargs() == respond("PASSWORD_VERIFIER", verifier_answer(USER))
    assert isinstance(m.receive({"AuthenticationResult": RESULT}), Tokens)
    with pytest.raises(ProtocolError, match="no request is outstanding") as caught:
        m.receive({"AuthenticationResult": RESULT})
    assert caught.value.step == SECOND


def test_a_reply_while_the_caller_holds_a_challenge_is_refused_and_changes_nothing() -> None:
    m = machine()
    m.start()
    m.receive(verifier_challenge(USER))
    step = m.receive({"ChallengeName": "SMS_MFA", "Session": "s", "ChallengeParameters": {}})
    assert isinstance(step, Challenge)
    with pytest.raises(ProtocolError, match="no request is outstanding") as caught:
        m.receive({"AuthenticationResult": RESULT})
    assert caught.value.step == SECOND
    request = step.answer("123456")
    assert dict(request.kwargs()["ChallengeResponses"]) == {
        "USERNAME": USER["username"],
        "SMS_MFA_CODE": "123456",
    }


def test_every_phase_can_end_and_done_goes_nowhere_else() -> None:
    for phase in Phase:
        assert advance(phase, Event.END, None) is Phase.DONE
    assert {e for (p, e) in TRANSITIONS if p is Phase.DONE} == {Event.END}


@pytest.mark.parametrize(
    ("phase", "event"),
    [(Phase.READY, Event.REPLY), (Phase.SENT, Event.SEND), (Phase.DONE, Event.CHALLENGE)],
)
def test_a_pair_the_table_does_not_list_is_a_protocol_error(phase: Phase, event: Event) -> None:
    with pytest.raises(ProtocolError, match=r"not allowed|no request|already") as caught:
        advance(phase, event, "SomeStep")
    assert caught.value.step == "SomeStep"
