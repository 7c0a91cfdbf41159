"""Fixtures for the driver tests (defined in :mod:`drivers.stubkit`)."""

from __future__ import annotations

from drivers.stubkit import raw, stubbed

__all__ = ["raw", "stubbed"]
