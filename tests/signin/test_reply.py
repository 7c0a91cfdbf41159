"""The answer's keywords as callers and IDEs see them (keyword faces over :class:`Reply`)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from srpcore.signin import Challenge, Reply, SignIn


@pytest.mark.parametrize(
    ("method", "heads"), [(SignIn.answer, ["self", "challenge"]), (Challenge.answer, ["self"])]
)
def test_an_answer_takes_the_text_then_attributes_and_password_by_keyword(
    method: Callable[..., Any], heads: list[str]
) -> None:
    parameters = list(inspect.signature(method).parameters.values())
    assert [p.name for p in parameters] == [*heads, "answer", "attributes", "password"]
    assert [p.kind.name for p in parameters[len(heads) :]] == [
        "POSITIONAL_OR_KEYWORD",
        "KEYWORD_ONLY",
        "KEYWORD_ONLY",
    ]


def test_a_reply_keeps_the_answer_and_password_out_of_repr() -> None:
    text = repr(Reply("123456", attributes={"EMAIL": "a@example.com"}, password="hunter2-pw"))
    assert "123456" not in text and "hunter2-pw" not in text and "a@example.com" not in text
