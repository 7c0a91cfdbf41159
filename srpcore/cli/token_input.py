"""The one reader of the tokens a subcommand is handed: never from an argument (``ps`` shows
every user the command lines), but from a file, the environment or piped stdin.

Where it looks, first hit wins: the file the command names (``-`` for stdin), else the
variable (the bare token), else stdin when it is not a terminal; a file or stdin holds what
``srpcore login`` printed (its JSON) or the token alone. What a failure ends with follows the
table in :mod:`srpcore.cli.main`: no token anywhere (an empty stdin included) is missing
credentials (253, ConfigurationError); a file or stdin that holds no usable token (unreadable,
not text, too long, JSON without the token, anything but one token) is a bad value handed in (252,
InvalidParameterError); a variable that holds no token is bad configuration (253). No message
quotes what was read.
"""

from __future__ import annotations

import json
import os
import re
import sys

from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = ["MAX_INPUT", "read_token"]

MAX_INPUT = 1 << 20
"""Characters read at most: login's JSON is a few kilobytes, never a megabyte."""
TOKEN = re.compile(r"[A-Za-z0-9_=.-]+", re.ASCII)
"""Cognito's TokenModelType: a token is refused here, not sent, when it cannot be one."""


def read_token(
    *, what: str, env: str, key: str, path: str | None = None, option: str = "", ways: str = ""
) -> str:
    """The token, looked for as the module says.

    ``what`` names it in messages ("access token"), ``key`` is its member of login's
    ``AuthenticationResult``, ``path`` is the file given with ``option`` (if any), and ``ways``
    adds the command's other ways to the message for a missing token (", or use --admin").
    """
    if path is not None:
        shown = "standard input" if path == "-" else f"{option} {path}"
        return _parse(_read(path, shown), what=what, key=key, source=shown)
    given = os.environ.get(env, "").strip()
    if given:
        if not TOKEN.fullmatch(given):
            raise ConfigurationError(
                f"${env} holds no token (one is letters, digits, '-', '_', '=' and '.')"
            )
        return given
    piped = "" if sys.stdin is None or sys.stdin.isatty() else _read("-", "standard input")
    if not piped.strip():  # nothing handed in at all (a terminal, /dev/null, a failed login)
        raise ConfigurationError(
            f"no {what}: set ${env} or pipe in what `srpcore login` printed{ways}"
        )
    return _parse(piped, what=what, key=key, source="standard input")


def _read(path: str, shown: str) -> str:
    """At most :data:`MAX_INPUT` characters (and one more, to tell a longer input) of ``path``."""
    try:
        if path == "-":
            return sys.stdin.read(MAX_INPUT + 1)
        with open(path, encoding="utf-8") as handle:
            return handle.read(MAX_INPUT + 1)
    except UnicodeDecodeError as exc:  # bytes that are not text: never a token
        raise InvalidParameterError(f"{shown} is not text") from exc
    except OSError as exc:
        raise InvalidParameterError(f"cannot read {shown}: {exc.strerror or exc}") from exc


def _parse(text: str, *, what: str, key: str, source: str) -> str:
    """The token in ``text``: login's JSON (``AuthenticationResult.<key>``) or one word."""
    if len(text) > MAX_INPUT:
        raise InvalidParameterError(f"{source} is too long for a token or login's JSON")
    text = text.strip()
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidParameterError(f"{source} is not valid JSON") from exc
        result = document.get("AuthenticationResult") if isinstance(document, dict) else None
        token = result.get(key) if isinstance(result, dict) else None
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            raise InvalidParameterError(f"the JSON of {source} has no {key}")
        return token
    if not TOKEN.fullmatch(text):
        raise InvalidParameterError(f"{source} holds neither login's JSON nor one {what}")
    return text
