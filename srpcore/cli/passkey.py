"""``srpcore login --passkey FILE``: answer WEB_AUTHN with srpcore's *software* authenticator.

For tests and scripts only. The software authenticator (``srpcore.testing.SoftwareAuthenticator``)
keeps its private key in a plain file; it is not a platform authenticator or a security key, and
nothing it signs proves a person was present. A real passkey is out of reach from a terminal:
platform authenticators (Touch ID, Windows Hello, Android) and security keys answer only to a
browser's or an operating system's WebAuthn API, bound to a web origin, so ``srpcore login`` can
offer either this file or a pasted AuthenticationResponseJSON produced elsewhere.

The class is imported lazily, when ``--passkey`` is used, so the CLI keeps working in an
installation without it; its absence is a :class:`~srpcore.errors.ConfigurationError` saying so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from srpcore.errors import ConfigurationError

__all__ = ["ANSWER_METHODS", "AUTHENTICATOR", "LOAD_METHODS", "SAVE_METHODS", "load_authenticator"]

AUTHENTICATOR = ("srpcore.testing", "SoftwareAuthenticator")
"""Where the software authenticator lives: (module, class)."""
LOAD_METHODS = ("load", "from_file")
"""The class method reading a saved authenticator from a JSON file (the first one present)."""
ANSWER_METHODS = ("get_assertion", "authenticate", "sign_assertion")
"""The method taking the request-options dict and returning the AuthenticationResponseJSON."""
SAVE_METHODS = ("save", "to_file")
"""The method writing the authenticator (its advanced sign counter) back to its file."""


def _method(owner: object, names: tuple[str, ...], what: str) -> Callable[..., Any]:
    for name in names:
        method: Callable[..., Any] | None = getattr(owner, name, None)
        if callable(method):
            return method
    raise ConfigurationError(
        f"--passkey: {AUTHENTICATOR[1]} has no {what} method (one of {', '.join(names)})"
    )


def load_authenticator(path: str) -> Callable[[dict[str, Any]], Mapping[str, Any]]:
    """The ``authenticator=`` callable for ``sign_in``, backed by the file at ``path``.

    Each answer is saved back to the file, so the sign counter the service checks keeps rising
    from one login to the next.
    """
    module_name, class_name = AUTHENTICATOR
    try:
        module = importlib.import_module(module_name)
        cls = getattr(module, class_name)
    except (ImportError, AttributeError) as exc:
        raise ConfigurationError(
            f"--passkey needs {module_name}.{class_name}, which this installation of srpcore "
            "lacks (it comes with srpcore's passkey support and its fido2 dependency); "
            "without --passkey, paste an AuthenticationResponseJSON at the prompt instead"
        ) from exc
    load = _method(cls, LOAD_METHODS, "load")
    if not Path(path).is_file():
        raise ConfigurationError(f"--passkey {path!r}: no such file")
    try:
        authenticator = load(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigurationError(
            f"--passkey {path!r} is not a saved software authenticator"
        ) from exc
    answer = _method(authenticator, ANSWER_METHODS, "assertion")
    save = _method(authenticator, SAVE_METHODS, "save")

    def answer_and_save(request_options: dict[str, Any]) -> Mapping[str, Any]:
        response: Mapping[str, Any] = answer(request_options)
        save(path)
        return response

    return answer_and_save
