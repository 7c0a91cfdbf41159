"""SoftwareAuthenticator given options no relying party should send: one typed error
(srpcore.errors.InvalidParameterError) and nothing else changes (no credential added, the
signature counter where it was), as every srpcore entry point answers hostile values."""

from __future__ import annotations

from typing import Any

import pytest

from srpcore.errors import InvalidParameterError
from srpcore.testing import SoftwareAuthenticator

CREATION: dict[str, Any] = {
    "rp": {"id": "example.com", "name": "Example"},
    "user": {"id": "dXNlci0x", "name": "alice", "displayName": "Alice"},
    "challenge": "Y2hhbGxlbmdlLWNoYWxsZW5nZS0xMjM0NQ",
    "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
}
REQUEST: dict[str, Any] = {"challenge": "b3RoZXItY2hhbGxlbmdl", "rpId": "example.com"}


@pytest.mark.parametrize(
    "options",
    [
        {**CREATION, "challenge": "a"},  # one base64 character: no byte at all
        {**CREATION, "challenge": "é"},
        {**CREATION, "user": {"id": "a", "name": "alice"}},
        {**CREATION, "excludeCredentials": "x"},
        {**CREATION, "excludeCredentials": [5]},
        {**CREATION, "excludeCredentials": [{"id": 5}]},
        "{not json",
        "[" * 100_000,
    ],
)
def test_hostile_creation_options(options: Any) -> None:
    authenticator = SoftwareAuthenticator()
    with pytest.raises(InvalidParameterError):
        authenticator.create(options)
    assert authenticator.credentials == []


@pytest.mark.parametrize(
    "options",
    [
        {**REQUEST, "challenge": "a"},
        {**REQUEST, "allowCredentials": "x"},
        {**REQUEST, "allowCredentials": [5]},
        {**REQUEST, "allowCredentials": [{"id": "a"}]},
        {**REQUEST, "allowCredentials": [{}]},
    ],
)
def test_hostile_request_options_leave_the_counter(options: Any) -> None:
    authenticator = SoftwareAuthenticator()
    authenticator.create(CREATION)
    with pytest.raises(InvalidParameterError):
        authenticator.get(options)
    assert authenticator.credentials[0].sign_count == 0
