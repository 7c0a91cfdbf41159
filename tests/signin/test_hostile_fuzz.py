"""Random JSON at every step of a sign-in: only typed errors come out, never a raw exception.

The table in ``test_hostile_responses`` names each known class; this sweeps the space around
it (any JSON value, with Cognito's keys and challenge names likely) with a bounded budget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signin.test_hostile_responses import (
    at_associate,
    at_confirm,
    at_device,
    at_initiate,
    at_select,
    at_update,
    at_verifier,
    at_verify,
)
from srpcore.errors import SRPError
from srpcore.signin import SignIn, refresh_tokens

KEYS = st.sampled_from(
    [
        "ChallengeName",
        "ChallengeParameters",
        "AuthenticationResult",
        "Session",
        "AvailableChallenges",
        "AccessToken",
        "IdToken",
        "RefreshToken",
        "ExpiresIn",
        "TokenType",
        "NewDeviceMetadata",
        "DeviceKey",
        "DeviceGroupKey",
        "SALT",
        "SRP_B",
        "SECRET_BLOCK",
        "USER_ID_FOR_SRP",
        "USERNAME",
        "MFAS_CAN_SETUP",
        "requiredAttributes",
        "userAttributes",
        "SecretCode",
        "Status",
        "UserConfirmationNecessary",
        "AvailableChallenges",
        "CREDENTIAL_REQUEST_OPTIONS",
    ]
)
WORDS = st.sampled_from(
    [
        "PASSWORD_VERIFIER",
        "DEVICE_SRP_AUTH",
        "DEVICE_PASSWORD_VERIFIER",
        "SELECT_CHALLENGE",
        "NEW_PASSWORD_REQUIRED",
        "MFA_SETUP",
        "SMS_MFA",
        "CUSTOM_CHALLENGE",
        "SUCCESS",
        "PASSWORD_SRP",
        "PASSWORD",
        "WEB_AUTHN",
        "EMAIL_OTP",
        '{"challenge": "AAEC", "allowCredentials": [{"id": 1}]}',
        '["SOFTWARE_TOKEN_MFA"]',
        '{"email": 1}',
        "[[[[",
        "00",
        "02",
        "AA==",
    ]
)
LEAF = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=8)
    | WORDS
)
JSON: st.SearchStrategy[Any] = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=3), inner, max_size=5)
    ),
    max_leaves=20,
)
STATES: list[Callable[[], SignIn]] = [
    at_initiate,
    at_select,
    at_verifier,
    at_device,
    at_confirm,
    at_update,
    at_associate,
    at_verify,
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(STATES), JSON)
def test_any_response_at_any_step_is_answered_or_a_typed_error(
    state: Callable[[], SignIn], response: Any
) -> None:
    machine = state()
    try:
        machine.receive(response)
    except SRPError as exc:
        assert exc.step is not None


@settings(max_examples=150, deadline=None)
@given(JSON)
def test_any_refresh_response_is_tokens_or_a_typed_error(response: Any) -> None:
    try:
        refresh_tokens(response, refresh_token="ref.re.sh")
    except SRPError as exc:
        assert exc.step == "InitiateAuth(REFRESH_TOKEN_AUTH)"
