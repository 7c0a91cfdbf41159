"""Generic SRP-6a: both sides agree, and every abort check fires."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srpcore.core import srp6a
from srpcore.core.backends import get_backend
from srpcore.core.engine import Engine
from srpcore.core.groups import RFC5054_GROUPS
from srpcore.errors import InvalidParameterError, SecurityError

GROUP = RFC5054_GROUPS[1024]
ENGINE = Engine(get_backend("int"))


@settings(max_examples=40, deadline=None)
@given(
    username=st.binary(max_size=40),
    password=st.binary(max_size=40),
    salt=st.binary(min_size=1, max_size=32),
    a=st.integers(min_value=1, max_value=2**256),
    b=st.integers(min_value=1, max_value=2**256),
)
def test_client_and_server_premaster_agree(
    username: bytes, password: bytes, salt: bytes, a: int, b: int
) -> None:
    k = srp6a.rfc5054_k(GROUP)
    x = srp6a.rfc5054_x(salt, username, password)
    v = srp6a.verifier(GROUP, x, ENGINE)
    a_pub = srp6a.client_public(GROUP, a, ENGINE)
    b_pub = srp6a.server_public(GROUP, k, v, b, ENGINE)
    u = srp6a.rfc5054_u(GROUP, a_pub, b_pub)
    client = srp6a.client_premaster(GROUP, b_pub=b_pub, k=k, x=x, a=a, u=u, engine=ENGINE)
    server = srp6a.server_premaster(GROUP, a_pub=a_pub, v=v, u=u, b=b, engine=ENGINE)
    assert client == server
    key = client.to_bytes(128, "big")
    m1 = srp6a.rfc5054_client_proof(
        GROUP, username=username, salt=salt, a_pub=a_pub, b_pub=b_pub, key=key
    )
    m2 = srp6a.rfc5054_server_proof(a_pub, m1, key)
    assert len(m1) == len(m2) == 20
    assert m1 != m2


@pytest.mark.parametrize("b_pub", [0, GROUP.N, 2 * GROUP.N, -GROUP.N])
def test_client_refuses_b_zero_mod_n(b_pub: int) -> None:
    with pytest.raises(SecurityError, match="B is 0 modulo N"):
        srp6a.client_premaster(GROUP, b_pub=b_pub, k=3, x=5, a=7, u=11, engine=ENGINE)


@pytest.mark.parametrize("a_pub", [0, GROUP.N, 3 * GROUP.N])
def test_server_refuses_a_zero_mod_n(a_pub: int) -> None:
    with pytest.raises(SecurityError, match="A is 0 modulo N"):
        srp6a.server_premaster(GROUP, a_pub=a_pub, v=4, u=11, b=7, engine=ENGINE)


def test_u_zero_is_refused_on_both_sides() -> None:
    with pytest.raises(SecurityError, match="u is 0"):
        srp6a.client_premaster(GROUP, b_pub=5, k=3, x=5, a=7, u=0, engine=ENGINE)
    with pytest.raises(SecurityError, match="u is 0"):
        srp6a.server_premaster(GROUP, a_pub=5, v=4, u=0, b=7, engine=ENGINE)


@pytest.mark.parametrize("secret", [0, -1])
def test_non_positive_ephemerals_are_refused(secret: int) -> None:
    with pytest.raises(InvalidParameterError):
        srp6a.client_public(GROUP, secret, ENGINE)
    with pytest.raises(InvalidParameterError):
        srp6a.server_public(GROUP, 3, 4, secret, ENGINE)
