"""The refresh reader's hostile-response table: each malformed response -> ProtocolError, step."""

from __future__ import annotations

from typing import Any

import pytest

from srpcore.errors import ProtocolError
from srpcore.signin import refresh_tokens

RESULT = {"AccessToken": "acc.ess.tok", "IdToken": "id.tok.en", "RefreshToken": "ref.re.sh"}
REFRESH = "InitiateAuth(REFRESH_TOKEN_AUTH)"


REFRESH_TABLE: dict[str, tuple[Any, str]] = {
    "response-a-list": ([RESULT], "not a JSON object"),
    "result-a-list": ({"AuthenticationResult": [RESULT]}, "AuthenticationResult is not a JSON"),
    "no-result": ({"ChallengeName": "X"}, "no AuthenticationResult"),
    "access-token-a-number": ({"AuthenticationResult": {"AccessToken": 1}}, "not a string"),
    "expires-in-a-string": (
        {"AuthenticationResult": {**RESULT, "ExpiresIn": "3600"}},
        "ExpiresIn is not an integer",
    ),
    "expires-in-overflowing": (
        {"AuthenticationResult": {**RESULT, "ExpiresIn": 10**20}},
        "out of range",
    ),
}


@pytest.mark.parametrize(("response", "message"), REFRESH_TABLE.values(), ids=REFRESH_TABLE.keys())
@pytest.mark.parametrize("step", [REFRESH, "AdminInitiateAuth(REFRESH_TOKEN_AUTH)"])
def test_hostile_refresh_response_is_a_protocol_error(
    response: Any, message: str, step: str
) -> None:
    with pytest.raises(ProtocolError, match=message) as caught:
        refresh_tokens(response, refresh_token="ref.re.sh", username="alice", step=step)
    assert caught.value.step == step
