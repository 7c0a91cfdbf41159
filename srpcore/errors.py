"""One small error hierarchy for everything srpcore raises on purpose.

Every class derives from :class:`SRPError`, so ``except srpcore.SRPError`` catches all of them;
the subclasses say *what kind* of problem it was so callers can react without parsing messages.
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "InvalidParameterError",
    "ProtocolError",
    "SRPError",
    "SecurityError",
    "ServiceError",
    "SignInRequiredError",
    "TransportError",
    "VerificationError",
]


class SRPError(Exception):
    """Base class of every error srpcore raises deliberately.

    ``step`` names the sign-in step in progress (for example
    ``RespondToAuthChallenge(DEVICE_SRP_AUTH)``) when the error arose during one; ``str()``
    then ends with ``(during <step>)``.
    """

    step: str | None = None

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} (during {self.step})" if self.step else text


class InvalidParameterError(SRPError, ValueError):
    """A value is malformed: bad hex or base64, wrong length, empty where content is required."""


class SecurityError(SRPError):
    """A value is well formed but would break SRP's security (B = 0 mod N, u = 0, A = 0 mod N).

    Abort the sign-in: continuing would leak information or accept a forged proof.
    """


class VerificationError(SRPError):
    """A proof, signature, MAC or timestamp did not verify (server side)."""


class ProtocolError(SRPError):
    """The peer answered with something the protocol does not allow at this step.

    That includes a response of the wrong shape (a list where an object belongs, a number
    where a token belongs) and one botocore could not parse at all (kept as ``__cause__``).
    """

    def __init__(self, message: str, *, step: str | None = None) -> None:
        super().__init__(message)
        self.step = step


class TransportError(SRPError):
    """A call to the service did not complete: no connection, a timeout, no credentials.

    The SDK's own exception is kept as ``__cause__``; unlike :class:`ServiceError`, the service
    never answered, so a later retry may succeed.
    """


class ConfigurationError(SRPError):
    """srpcore was asked for something this installation or configuration cannot do."""


class ServiceError(SRPError):
    """The Cognito service (or a compatible endpoint) refused a call.

    ``code`` and ``message`` are the service's own (for example ``NotAuthorizedException`` /
    ``Incorrect username or password.``); ``step`` names the sign-in step that failed.
    """

    def __init__(self, code: str, message: str, *, step: str | None = None) -> None:
        self.code = code
        self.message = message
        self.step = step
        super().__init__(f"{code}: {message}")


class SignInRequiredError(ServiceError):
    """The session is over: only a new sign-in gives tokens again; retrying cannot help.

    Raised when the refresh token was refused for good (reused after rotation, revoked, expired,
    or the user signed out everywhere) and by a token manager after :meth:`sign_out
    <srpcore.TokenManager.sign_out>`. ``code`` and ``message`` are the service's own (for example
    ``RefreshTokenReuseException``), or ``SignedOut`` when the manager was signed out locally and
    made no call. The token managers never retry it.
    """
