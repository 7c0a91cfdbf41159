"""The errors the local endpoint answers with, spelled as Cognito spells them.

An :class:`ApiError` raised anywhere below the HTTP layer becomes a 400 response
``{"__type": code, "message": message}``, which botocore turns into
``client.exceptions.<code>``. The messages are Cognito's own wording where it is known.
"""

from __future__ import annotations

from srpcore.errors import ServiceError

__all__ = [
    "AUTH_METHOD_NOT_SUPPORTED",
    "DEVICE_NOT_FOUND",
    "INCORRECT_CREDENTIALS",
    "INVALID_SESSION",
    "USER_DISABLED",
    "USER_NOT_FOUND",
    "ApiError",
    "flow_not_enabled",
    "invalid_parameter",
    "not_authorized",
    "resource_not_found",
    "secret_hash_missing",
    "secret_hash_wrong",
    "validation_error",
]

INCORRECT_CREDENTIALS = "Incorrect username or password."
USER_NOT_FOUND = "User does not exist."
INVALID_SESSION = "Invalid session for the user."
DEVICE_NOT_FOUND = "Device does not exist."
USER_DISABLED = "User is disabled."
AUTH_METHOD_NOT_SUPPORTED = "Initiate Auth method not supported."


class ApiError(ServiceError):
    """A modeled Cognito error: ``code`` is the ``__type``, ``status`` the HTTP status.

    It is the endpoint's side of :class:`srpcore.ServiceError`, so the one error tree holds
    what the endpoint refuses with, as the client sees it.
    """

    def __init__(self, code: str, message: str, *, status: int = 400) -> None:
        super().__init__(code, message)
        self.status = status


def not_authorized(message: str = INCORRECT_CREDENTIALS) -> ApiError:
    """The answer to every failed proof, bad session or bad secret hash."""
    return ApiError("NotAuthorizedException", message)


def invalid_parameter(message: str) -> ApiError:
    """A malformed, missing or unsupported parameter."""
    return ApiError("InvalidParameterException", message)


def resource_not_found(message: str) -> ApiError:
    """An unknown pool, client or device."""
    return ApiError("ResourceNotFoundException", message)


def flow_not_enabled(flow: str) -> ApiError:
    """The app client's ExplicitAuthFlows do not allow ``flow``."""
    return invalid_parameter(f"{flow} flow not enabled for this client")


def secret_hash_missing(client_id: str) -> ApiError:
    return not_authorized(
        f"Client {client_id} is configured with secret but SECRET_HASH was not received"
    )


def secret_hash_wrong(client_id: str) -> ApiError:
    return not_authorized(f"Unable to verify secret hash for client {client_id}")


def validation_error(member: str, constraint: str, value: object = None) -> ApiError:
    """Cognito's wording for a request that breaks the service model's constraints.

    ``value`` None is shown as ``null`` for a missing member; a sensitive value is omitted.
    """
    shown = "null " if value is None and "null" in constraint else ""
    if value is not None:
        shown = f"'{value}' "
    return invalid_parameter(
        f"1 validation error detected: Value {shown}at '{member}' failed to satisfy "
        f"constraint: {constraint}"
    )
