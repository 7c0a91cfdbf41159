"""The endpoint's TOTP against RFC 6238's published values (Appendix B, SHA-1 key).

RFC 6238 lists 8-digit codes; the 6-digit codes authenticator apps show are their last six digits
(the same dynamic truncation, reduced mod 10^6).
"""

from __future__ import annotations

import pytest

from srpcore.local.totp import totp, totp_matches

# base32 of the RFC's SHA-1 seed, the ASCII bytes "12345678901234567890"
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("when", "rfc_code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_sha1_values(when: int, rfc_code: str) -> None:
    assert totp(RFC_SECRET, when) == rfc_code[-6:]


def test_one_step_of_drift_either_way_and_no_more() -> None:
    code = totp(RFC_SECRET, 1234567890)
    assert totp_matches(RFC_SECRET, code, 1234567890 + 30)
    assert totp_matches(RFC_SECRET, code, 1234567890 - 30)
    assert not totp_matches(RFC_SECRET, code, 1234567890 + 90)
