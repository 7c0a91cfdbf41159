"""``srpcore login --passkey FILE``: answer WEB_AUTHN with srpcore's *software* authenticator.

For tests and scripts only. The software authenticator (``srpcore.testing.SoftwareAuthenticator``)
keeps its private key in a plain file; it is not a platform authenticator or a security key, and
nothing it signs proves a person was present. A real passkey is out of reach from a terminal:
platform authenticators (Touch ID, Windows Hello, Android) and security keys answer only to a
browser's or an operating system's WebAuthn API, bound to a web origin, so ``srpcore login`` can
offer either this file or a pasted AuthenticationResponseJSON produced elsewhere.

``srpcore.testing`` is imported when ``--passkey`` is used, not with the CLI: it needs the
``fido2`` package of the ``testing`` extra, and the CLI keeps working in an installation
without it (its absence is a :class:`~srpcore.errors.ConfigurationError` saying so).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = ["PasskeyAnswer", "load_authenticator"]

PasskeyAnswer = Callable[[dict[str, Any]], Mapping[str, Any]]
"""Request options (PublicKeyCredentialRequestOptionsJSON) -> AuthenticationResponseJSON."""


def load_authenticator(path: str) -> PasskeyAnswer:
    """The ``authenticator=`` callable for ``sign_in``, backed by the file at ``path``.

    The file is what :meth:`SoftwareAuthenticator.save
    <srpcore.testing.SoftwareAuthenticator.save>` wrote. Each assertion is saved back to it
    before it is sent, so the sign counter the service checks keeps rising from one login to
    the next (as a real authenticator's counter moves on whether or not the service accepts).
    """
    try:
        from srpcore.testing import SoftwareAuthenticator  # noqa: PLC0415 - only for --passkey
    except (ImportError, ConfigurationError) as exc:  # no fido2 (ConfigurationError) or no module
        raise ConfigurationError(
            "--passkey needs srpcore.testing.SoftwareAuthenticator, which this installation of "
            "srpcore lacks (pip install 'srpcore[testing]' brings it and its fido2 dependency); "
            "without --passkey, paste an AuthenticationResponseJSON at the prompt instead"
        ) from exc
    if not Path(path).is_file():
        raise ConfigurationError(f"--passkey {path!r}: no such file")
    try:
        authenticator = SoftwareAuthenticator.load(path)
    except InvalidParameterError as exc:
        raise ConfigurationError(
            f"--passkey {path!r} is not a saved software authenticator"
        ) from exc

    def answer_and_save(request_options: dict[str, Any]) -> Mapping[str, Any]:
        response = authenticator.get(request_options)
        try:
            authenticator.save(path)
        except ConfigurationError as exc:  # unsaved, the next login would repeat this counter
            raise ConfigurationError(
                f"--passkey {path!r}: cannot save the advanced sign counter ({exc})"
            ) from exc
        return response

    return answer_and_save
