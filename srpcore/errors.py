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
    "VerificationError",
]


class SRPError(Exception):
    """Base class of every error srpcore raises deliberately."""


class InvalidParameterError(SRPError, ValueError):
    """A value is malformed: bad hex or base64, wrong length, empty where content is required."""


class SecurityError(SRPError):
    """A value is well formed but would break SRP's security (B = 0 mod N, u = 0, A = 0 mod N).

    Abort the sign-in: continuing would leak information or accept a forged proof.
    """


class VerificationError(SRPError):
    """A proof, signature, MAC or timestamp did not verify (server side)."""


class ProtocolError(SRPError):
    """The peer answered with something the protocol does not allow at this step."""


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
        where = f" (during {step})" if step else ""
        super().__init__(f"{code}: {message}{where}")
