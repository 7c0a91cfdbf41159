"""Tools for tests and scripts, never for production sign-ins.

:class:`SoftwareAuthenticator` is a passkey in software (needs ``pip install
'srpcore[testing]'``). It is NOT a real authenticator: its private keys sit in memory or in a
plain JSON file and it verifies no user. Layer: it imports ``srpcore.errors`` and below only.
"""

from __future__ import annotations

from srpcore.testing.authenticator import SoftwareAuthenticator, StoredCredential

__all__ = ["SoftwareAuthenticator", "StoredCredential"]
