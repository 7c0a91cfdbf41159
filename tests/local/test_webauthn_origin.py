"""Which origins may use a relying party ID (WebAuthn Level 3, 5.1.3 and 5.4.2: the RP ID must
equal the origin's effective domain or be a registrable suffix of it; the origin is the
RFC 6454 serialisation ``scheme://host[:port]``; only secure contexts, so http on loopback)."""

from __future__ import annotations

import pytest

from srpcore.local.webauthn_checks import origin_allowed


@pytest.mark.parametrize(
    ("origin", "rp_id", "allowed"),
    [
        ("https://auth.example.com", "auth.example.com", True),
        ("https://login.auth.example.com", "auth.example.com", True),  # a subdomain
        ("https://auth.example.com:8443", "auth.example.com", True),  # any port
        ("https://example.com", "auth.example.com", False),  # a parent is not the RP
        ("https://evilauth.example.com", "auth.example.com", False),  # a suffix, not a label
        ("https://auth.example.com.evil.net", "auth.example.com", False),
        ("http://auth.example.com", "auth.example.com", False),  # not a secure context
        ("http://localhost:5173", "localhost", True),  # loopback counts as secure
        ("http://127.0.0.1:8080", "127.0.0.1", True),
        ("https://auth.example.com/", "auth.example.com", False),  # not an origin: a path
        ("https://user@auth.example.com", "auth.example.com", False),
        ("https://auth.example.com:99999", "auth.example.com", False),  # no such port
        ("auth.example.com", "auth.example.com", False),
        ("", "auth.example.com", False),
    ],
)
def test_origin_allowed(origin: str, rp_id: str, allowed: bool) -> None:
    assert origin_allowed(origin, rp_id) is allowed
