"""The one token reader: every command that takes a token finds it, and refuses a bad one, alike.

``logout --global`` and ``devices list`` both want the access token; for each way of handing it
in wrongly they must end with the same status (the table in srpcore.cli.main) and one line that
never quotes what was read. Everything here is refused before any call is made.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from srpcore.cli.main import main
from srpcore.cli.token_input import MAX_INPUT, read_token
from srpcore.errors import ConfigurationError, InvalidParameterError

from .conftest import stdin

POOL_ID = "eu-west-1_TokenIn1"
COMMANDS = {
    "logout": ["logout", "--user-pool-id", POOL_ID, "--global"],
    "devices": ["devices", "list", "--user-pool-id", POOL_ID],
}
SECRETISH = "eyJ-looks-like-a-token"

pytestmark = pytest.mark.usefixtures("isolated")


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("srpcore: error: ")
    assert SECRETISH not in line
    return line


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("text", "status", "message"),
    [
        ("", 253, "no access token: set $SRPCORE_ACCESS_TOKEN or pipe in"),
        (" \n\t\n", 253, "no access token: set $SRPCORE_ACCESS_TOKEN or pipe in"),
        ("{" + SECRETISH, 252, "standard input is not valid JSON"),
        ('{"AuthenticationResult": {"IdToken": "' + SECRETISH + '"}}', 252, "has no AccessToken"),
        ('{"AuthenticationResult": {"AccessToken": "a b"}}', 252, "has no AccessToken"),
        ('["' + SECRETISH + '"]', 252, "neither login's JSON nor one access token"),
        (f"{SECRETISH} {SECRETISH}", 252, "neither login's JSON nor one access token"),
        ("[" * 100_000, 252, "neither login's JSON"),  # not even sent: no token has a '['
        ("tok\u00e9n", 252, "neither login's JSON"),
        ("{" * 100_000, 252, "not valid JSON"),  # past the parser's recursion limit
        ("x" * (MAX_INPUT + 1), 252, "standard input is too long"),
    ],
)
def test_the_same_bad_stdin_ends_every_command_alike(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    text: str,
    status: int,
    message: str,
) -> None:
    stdin(monkeypatch, text)
    assert main(COMMANDS[command]) == status
    assert message in _one_line(capsys)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_stdin_that_is_not_text_is_a_bad_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    binary = io.TextIOWrapper(io.BytesIO(b"\xff\xfe\x00token"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", binary)
    assert main(COMMANDS[command]) == 252
    assert _one_line(capsys) == "srpcore: error: standard input is not text"


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("value", [f"{SECRETISH} {SECRETISH}", f"{SECRETISH}/+", f'"{SECRETISH}"'])
def test_a_variable_that_holds_no_token_is_bad_configuration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str, value: str
) -> None:
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", value)
    stdin(monkeypatch, "")
    assert main(COMMANDS[command]) == 253
    assert "$SRPCORE_ACCESS_TOKEN holds no token" in _one_line(capsys)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read --access-token-file "),
        (b"", "neither login's JSON nor one access token"),
        (b"\xff\xfe" + SECRETISH.encode(), "is not text"),
        (b'{"AuthenticationResult": null}', "has no AccessToken"),
    ],
)
def test_a_token_file_that_holds_no_token_is_a_bad_value(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / "token"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", SECRETISH)  # named: the file is what counts
    assert main([*COMMANDS["devices"], "--access-token-file", str(path)]) == 252
    line = _one_line(capsys)
    assert message in line and str(path) in line


def test_an_explicit_dash_reads_stdin_and_an_empty_one_is_a_bad_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Asked for by name, an empty stdin is a bad value; only an implicit one means 'none'."""
    stdin(monkeypatch, "")
    assert main([*COMMANDS["devices"], "--access-token-file", "-"]) == 252
    assert "standard input holds neither" in _one_line(capsys)


def _read(path: str | None = None) -> str:
    return read_token(
        what="access token",
        env="SRPCORE_ACCESS_TOKEN",
        key="AccessToken",
        path=path,
        option="--access-token-file",
    )


def test_a_named_file_beats_the_variable_which_beats_stdin(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    login = {"AuthenticationResult": {"AccessToken": "from.the.file", "IdToken": "id.token"}}
    path = tmp_path / "login.json"
    path.write_text(json.dumps(login, indent=4) + "\n", encoding="utf-8")
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", "  from.the.environment\n")
    stdin(monkeypatch, "from.stdin\n")
    assert _read(str(path)) == "from.the.file"
    assert _read() == "from.the.environment"
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", " ")  # blank: as if unset
    assert _read() == "from.stdin"


def test_a_terminal_is_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("typed.at.the.terminal\n"))
    with pytest.raises(ConfigurationError, match="no access token"):
        _read()
    monkeypatch.setattr(sys, "stdin", None)  # pythonw, or a closed descriptor 0
    with pytest.raises(ConfigurationError, match="no access token"):
        _read()


def test_at_most_max_input_characters_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bound is on what is read, not only on what is kept: a huge stdin is not swallowed."""
    endless = io.StringIO("x" * (3 * MAX_INPUT))
    monkeypatch.setattr(sys, "stdin", endless)
    with pytest.raises(InvalidParameterError, match="too long"):
        _read()
    assert endless.tell() == MAX_INPUT + 1
