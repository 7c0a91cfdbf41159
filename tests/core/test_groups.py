"""Group constants are transcribed; these checks make a transcription error impossible to miss."""

from __future__ import annotations

import gmpy2
import pytest

from srpcore.core.groups import COGNITO_GROUP, RFC5054_GROUPS

# RFC 3526: p = 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) * pi) + k), with k per group.
RFC3526_K = {3072: 1690314, 4096: 240904, 6144: 929484, 8192: 4743158}
RFC5054_GENERATORS = {1024: 2, 1536: 2, 2048: 2, 3072: 5, 4096: 5, 6144: 5, 8192: 19}


@pytest.mark.parametrize("bits", sorted(RFC3526_K))
def test_modp_primes_follow_rfc3526_formula(bits: int) -> None:
    ctx = gmpy2.get_context().copy()
    ctx.precision = bits + 200
    with gmpy2.context(ctx):
        pi_part = int(gmpy2.floor(gmpy2.mul_2exp(gmpy2.const_pi(), bits - 130)))
    expected = 2**bits - 2 ** (bits - 64) - 1 + 2**64 * (pi_part + RFC3526_K[bits])
    assert RFC5054_GROUPS[bits].N == expected


@pytest.mark.parametrize("bits", sorted(RFC5054_GENERATORS))
def test_groups_are_safe_primes_with_rfc_generators(bits: int) -> None:
    group = RFC5054_GROUPS[bits]
    assert group.bits == bits
    assert group.g == RFC5054_GENERATORS[bits]
    assert gmpy2.is_prime(group.N, 25)
    assert gmpy2.is_prime((group.N - 1) // 2, 25)


def test_cognito_group_is_the_3072_bit_prime_with_generator_2() -> None:
    assert COGNITO_GROUP.N == RFC5054_GROUPS[3072].N
    assert COGNITO_GROUP.g == 2
    # 2 is a quadratic residue mod N (N = 7 mod 8): it generates the prime-order subgroup.
    assert pow(2, (COGNITO_GROUP.N - 1) // 2, COGNITO_GROUP.N) == 1
