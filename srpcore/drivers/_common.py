"""What the sync and async drivers share: turning a botocore ClientError into a ServiceError."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from srpcore.errors import ServiceError
from srpcore.signin.types import Request

__all__ = ["ClientError", "error_fields", "service_error"]


def error_fields(exc: ClientError) -> tuple[str, str]:
    """The service's error code and message, as botocore parsed them."""
    error: dict[str, Any] = exc.response.get("Error", {}) if isinstance(exc.response, dict) else {}
    return str(error.get("Code") or "Unknown"), str(error.get("Message") or "")


def service_error(exc: ClientError, request: Request) -> ServiceError:
    """A :class:`ServiceError` keeping the service's code and message and naming the step."""
    code, message = error_fields(exc)
    return ServiceError(code, message, step=request.step)
