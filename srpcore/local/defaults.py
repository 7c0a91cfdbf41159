"""Defaults the faces share (``srpcore serve``, the pytest fixture), free of heavy imports.

The pytest plugin is imported by every pytest run and ``srpcore serve`` must run without
pytest installed, so neither may import the other for a constant; both import this.
"""

from __future__ import annotations

__all__ = ["ALL_FLOWS"]

ALL_FLOWS = (
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
)
"""Every ExplicitAuthFlows value: the app clients ``serve`` and the fixture create allow all."""
