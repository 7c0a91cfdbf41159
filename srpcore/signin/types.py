"""The values the sign-in state machine exchanges with its driver and its caller.

A :class:`Request` is one service call to make; a :class:`Tokens` ends a sign-in; a
:class:`Challenge` is a question only the caller can answer (an MFA code, a new password, ...).
All three are frozen, and none shows a token, secret or password in its ``repr``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.vocabulary import CALLER_CHALLENGES, VERIFY_SOFTWARE_TOKEN
from srpcore.core.keywords import keywords
from srpcore.signin.webauthn import WebAuthnRequest

__all__ = [
    "CALLER_CHALLENGES",
    "VERIFY_SOFTWARE_TOKEN",
    "Answer",
    "Challenge",
    "Exchange",
    "Reply",
    "Request",
    "Tokens",
]

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


@dataclass(frozen=True, eq=False, repr=False)
class Request:
    """One call to make on a ``cognito-idp`` client: ``operation`` with keyword ``params``.

    ``step`` names the sign-in step this call performs, as :class:`~srpcore.errors.ServiceError`
    reports it when the call fails (for example ``RespondToAuthChallenge(PASSWORD_VERIFIER)``).
    """

    operation: str
    params: Mapping[str, Any]
    step: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def method(self) -> str:
        """The boto3 / aiobotocore method name: ``InitiateAuth`` -> ``initiate_auth``.

        A convenience for sans-IO callers without botocore; srpcore's drivers use
        ``botocore.xform_name``, which agrees on every operation the machine makes.
        """
        return _CAMEL.sub("_", self.operation).lower()

    def kwargs(self) -> dict[str, Any]:
        """A private deep copy of ``params`` to pass as ``client.<method>(**kwargs)``."""
        return copy.deepcopy(dict(self.params))

    def __repr__(self) -> str:
        # Parameter values carry SECRET_HASH, signatures and tokens: show only the keys.
        return f"Request({self.operation}, step={self.step!r}, keys={sorted(self.params)})"


@dataclass(frozen=True)
class Tokens:
    """A finished sign-in (or refresh): Cognito's AuthenticationResult, tokens hidden in repr.

    ``username`` is the user's internal username (``USER_ID_FOR_SRP``), which a later
    :func:`~srpcore.refresh` with a client secret needs for SECRET_HASH. ``device`` is the
    device to remember from now on: the one just confirmed (``new_device`` is then true), else
    the one signed in with, or ``None`` (none used, or a stale one was dropped: forget it).
    """

    access_token: str = field(repr=False)
    id_token: str | None = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: int | None
    token_type: str | None
    username: str | None
    device: DeviceSecret | None = None
    new_device: bool = False

    def authentication_result(self) -> dict[str, Any]:
        """The tokens in the service's own AuthenticationResult shape (what the AWS CLI prints)."""
        result: dict[str, Any] = {"AccessToken": self.access_token}
        if self.expires_in is not None:
            result["ExpiresIn"] = self.expires_in
        if self.token_type is not None:
            result["TokenType"] = self.token_type
        if self.refresh_token is not None:
            result["RefreshToken"] = self.refresh_token
        if self.id_token is not None:
            result["IdToken"] = self.id_token
        return result


Answer = str | Mapping[str, Any]
"""What a caller answers a step with: text (a code, a choice, a new password), or for
WEB_AUTHN the authenticator's AuthenticationResponseJSON as a dict (or its JSON text)."""


@dataclass(frozen=True)
class Reply:
    """A caller's answer to a step and what goes with it: the one declaration of the keywords
    that :meth:`Challenge.answer` and :meth:`SignIn.answer <srpcore.signin.SignIn.answer>` take.
    """

    answer: Answer = field(repr=False)
    _: KW_ONLY
    attributes: Mapping[str, str] | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)


class Exchange(Protocol):
    """What a driver and a :class:`Challenge` need of a sign-in: the sans-IO interface.

    :class:`~srpcore.signin.SignIn` is one; a ``Challenge`` holds its exchange through this
    protocol, so this module never imports the machine (no types <-> machine cycle).
    """

    def receive(self, response: Mapping[str, Any]) -> Request | Tokens | Challenge:
        """The service's response to the last request in; what comes next out."""

    def receive_error(self, code: str, message: str) -> Request | Tokens | None:
        """A service error for the last request in; a retry, tokens, or ``None`` (raise it)."""

    def abort(self) -> None:
        """End the exchange after a call failed with nothing to feed."""

    def reply(self, challenge: Challenge, reply: Reply) -> Request:
        """The request answering ``challenge`` with ``reply`` (what :meth:`Challenge.answer` and
        :meth:`SignIn.answer <srpcore.signin.SignIn.answer>` hand on)."""


@dataclass(frozen=True, eq=False, repr=False)
class Challenge:
    """A step only the caller can answer; answer it with :meth:`answer` (sans-IO) or a driver.

    ``name`` is the ChallengeName (or :data:`VERIFY_SOFTWARE_TOKEN`); ``parameters`` the
    ChallengeParameters as received; the other fields are those parameters decoded:

    * ``options``: choices for SELECT_MFA_TYPE (``MFAS_CAN_CHOOSE``) and MFA_SETUP
      (``MFAS_CAN_SETUP``);
    * ``required_attributes`` / ``user_attributes``: for NEW_PASSWORD_REQUIRED, attribute names
      without the ``userAttributes.`` prefix;
    * ``secret_code``: for VERIFY_SOFTWARE_TOKEN, the TOTP key to load into an authenticator;
    * ``delivery_medium`` / ``delivery_destination``: where an SMS or e-mail code was sent
      (SMS_MFA, EMAIL_OTP, SMS_OTP);
    * ``available_challenges``: for SELECT_CHALLENGE, the sign-in methods the service offers;
    * ``webauthn`` / ``request_options``: for WEB_AUTHN, the passkey request options, typed
      and as the plain dict an authenticator takes.
    """

    name: str
    parameters: Mapping[str, str]
    username: str
    machine: Exchange = field(compare=False)
    options: tuple[str, ...] = ()
    required_attributes: tuple[str, ...] = ()
    user_attributes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    secret_code: str | None = None
    webauthn: WebAuthnRequest | None = None

    @property
    def delivery_medium(self) -> str | None:
        return self.parameters.get("CODE_DELIVERY_DELIVERY_MEDIUM")

    @property
    def delivery_destination(self) -> str | None:
        return self.parameters.get("CODE_DELIVERY_DESTINATION")

    @property
    def available_challenges(self) -> tuple[str, ...]:
        """SELECT_CHALLENGE's ``AvailableChallenges`` (empty for any other step)."""
        return self.options if self.name == "SELECT_CHALLENGE" else ()

    @property
    def request_options(self) -> dict[str, Any] | None:
        """WEB_AUTHN's request options as a fresh dict (``None`` for any other step)."""
        return None if self.webauthn is None else self.webauthn.as_dict()

    @keywords(Reply)
    def answer(self, reply: Reply) -> Request:
        """The request that answers this step (takes the keywords of :class:`Reply`; see
        :meth:`SignIn.answer`); ``machine`` is the opaque handle of the exchange that issued it."""
        return self.machine.reply(self, reply)

    def __repr__(self) -> str:
        # CUSTOM_CHALLENGE parameters come from the pool's Lambda and may be sensitive; the
        # TOTP secret code certainly is.
        return (
            f"Challenge(name={self.name!r}, username={self.username!r}, "
            f"options={self.options!r}, required_attributes={self.required_attributes!r}, "
            f"parameters=<{len(self.parameters)} hidden>)"
        )
