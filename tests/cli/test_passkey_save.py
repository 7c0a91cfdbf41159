"""``--passkey FILE`` saves the advanced sign counter before the assertion is sent; a file that
cannot be saved stops the sign-in with a message that says what is at stake."""

from __future__ import annotations

from pathlib import Path

import pytest

from srpcore.cli.passkey import load_authenticator
from srpcore.errors import ConfigurationError
from srpcore.testing import SoftwareAuthenticator

RP_ID = "example.com"
CREATION = {
    "rp": {"id": RP_ID, "name": "Example"},
    "user": {"id": "dXNlci0x", "name": "alice", "displayName": "Alice"},
    "challenge": "Y2hhbGxlbmdlLWNoYWxsZW5nZS0xMjM0NQ",
}
REQUEST = {"challenge": "YW5vdGhlci1jaGFsbGVuZ2UtNjc4OTA", "rpId": RP_ID}


def test_an_unsaved_counter_stops_the_sign_in(tmp_path: Path) -> None:
    path = tmp_path / "passkey.json"
    authenticator = SoftwareAuthenticator()
    authenticator.create(CREATION)
    authenticator.save(path)
    answer = load_authenticator(str(path))
    path.unlink()
    (path / "in the way").mkdir(parents=True)  # the rename over the file now fails, even as root
    with pytest.raises(ConfigurationError, match="cannot save the advanced sign counter"):
        answer(REQUEST)
