"""PreventUserExistenceErrors and the sign-up side: ResendConfirmationCode, SignUp and an
UNCONFIRMED user's sign-in, each under ENABLED and LEGACY.

Source of every "AWS:" below: AWS developer guide, "Managing user existence error responses".
Where that page says nothing (an enabled user already confirmed, at ResendConfirmationCode; an
UNCONFIRMED user signing in) the test pins the endpoint's answer and says the guide is silent.
"""

from __future__ import annotations

from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.local import LocalCognito

from .conftest import ALL_FLOWS, PASSWORD
from .test_existence_leaks import MASKED_EMAIL, _error

EMAIL = {"email": "carol@example.com"}
SETTINGS = pytest.mark.parametrize("hidden", [True, False], ids=["ENABLED", "LEGACY"])


def _pool(cognito: LocalCognito, hidden: bool) -> tuple[str, str]:
    pool = cognito.create_user_pool(
        "existence-signup",
        first_factors=("PASSWORD", "EMAIL_OTP"),
        auto_verified_attributes=("email",),
    )
    client = cognito.create_client(
        pool.id, explicit_auth_flows=ALL_FLOWS, prevent_user_existence_errors=hidden
    )
    return pool.id, client.client_id


# --- ResendConfirmationCode ------------------------------------------------------------------


@pytest.mark.parametrize("status", ["CONFIRMED", "UNCONFIRMED"])
@SETTINGS
def test_resend_to_a_disabled_user(
    cognito: LocalCognito, idp: Any, hidden: bool, status: str
) -> None:
    """AWS: "Amazon Cognito returns CodeDeliveryDetails for a disabled user or a user that
    doesn't exist"; without the setting a disabled user is answered by its status."""
    pool_id, client_id = _pool(cognito, hidden)
    cognito.create_user(pool_id, "carol", PASSWORD, attributes=EMAIL, status=status, enabled=False)

    def resend(name: str) -> Any:
        return idp.resend_confirmation_code(ClientId=client_id, Username=name)

    if hidden:
        real, fake = resend("carol")["CodeDeliveryDetails"], resend("nobody")["CodeDeliveryDetails"]
        for details in (real, fake):
            assert sorted(details) == ["AttributeName", "DeliveryMedium", "Destination"]
            assert (details["DeliveryMedium"], details["AttributeName"]) == ("EMAIL", "email")
            assert MASKED_EMAIL.fullmatch(details["Destination"])
        assert resend("carol")["CodeDeliveryDetails"] == real  # stable, as an unknown name's
        assert cognito.messages(pool_id, "carol") == []  # nothing is sent
    elif status == "CONFIRMED":
        assert _error(resend, name="carol") == (
            "InvalidParameterException",
            "User is already confirmed.",
        )
    else:
        details = resend("carol")["CodeDeliveryDetails"]
        assert details["Destination"] == "c***@e***.com"
        assert len(cognito.messages(pool_id, "carol")) == 1


@SETTINGS
def test_resend_to_an_unknown_name(cognito: LocalCognito, idp: Any, hidden: bool) -> None:
    """AWS: CodeDeliveryDetails "for ... a user that doesn't exist"; LEGACY says so."""
    _, client_id = _pool(cognito, hidden)
    if hidden:
        details = idp.resend_confirmation_code(ClientId=client_id, Username="nobody")
        assert MASKED_EMAIL.fullmatch(details["CodeDeliveryDetails"]["Destination"])
    else:
        assert _error(idp.resend_confirmation_code, ClientId=client_id, Username="nobody") == (
            "UserNotFoundException",
            "Username/client id combination not found.",
        )


@SETTINGS
def test_resend_to_an_enabled_confirmed_user_says_so(
    cognito: LocalCognito, idp: Any, hidden: bool
) -> None:
    """The guide is silent on an enabled user who is already confirmed: the endpoint keeps
    Cognito's InvalidParameterException under both settings (not derived from AWS's text)."""
    pool_id, client_id = _pool(cognito, hidden)
    cognito.create_user(pool_id, "carol", PASSWORD, attributes=EMAIL)
    assert _error(idp.resend_confirmation_code, ClientId=client_id, Username="carol") == (
        "InvalidParameterException",
        "User is already confirmed.",
    )
    assert cognito.messages(pool_id, "carol") == []


# --- SignUp ----------------------------------------------------------------------------------


@SETTINGS
def test_sign_up_of_a_taken_name_says_so(cognito: LocalCognito, idp: Any, hidden: bool) -> None:
    """AWS: "The SignUp operation returns UsernameExistsException when a user name is already
    taken"; the setting does not change that."""
    pool_id, client_id = _pool(cognito, hidden)
    cognito.create_user(pool_id, "carol", PASSWORD)
    attributes = [{"Name": "email", "Value": "other@example.com"}]
    assert _error(
        idp.sign_up,
        ClientId=client_id,
        Username="carol",
        Password=PASSWORD,
        UserAttributes=attributes,
    ) == ("UsernameExistsException", "User already exists")


# --- an UNCONFIRMED user signing in ----------------------------------------------------------


def _sign_in(idp: Any, pool_id: str, client_id: str, flow: str, password: str) -> Any:
    if flow == "USER_SRP_AUTH":
        params = UserSRP(pool_id=pool_id, username="carol", password=password).auth_parameters()
    elif flow == "USER_PASSWORD_AUTH":
        params = {"USERNAME": "carol", "PASSWORD": password}
    else:
        params = {"USERNAME": "carol", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password}
    return idp.initiate_auth(AuthFlow=flow, ClientId=client_id, AuthParameters=params)


@pytest.mark.parametrize("password", [PASSWORD, "a wrong password"], ids=["right", "wrong"])
@pytest.mark.parametrize("flow", ["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "USER_AUTH"])
@SETTINGS
def test_an_unconfirmed_user_is_told_so(
    cognito: LocalCognito, idp: Any, hidden: bool, flow: str, password: str
) -> None:
    """The guide says nothing of UNCONFIRMED users, and the API reference only that
    UserNotConfirmedException is "thrown when a user isn't confirmed successfully": the
    endpoint keeps refusing at InitiateAuth, before any password check, under both settings
    (as a Cognito maintainer described it, amazon-cognito-identity-js issue #288)."""
    pool_id, client_id = _pool(cognito, hidden)
    cognito.create_user(pool_id, "carol", PASSWORD, attributes=EMAIL, status="UNCONFIRMED")
    assert _error(
        _sign_in, idp=idp, pool_id=pool_id, client_id=client_id, flow=flow, password=password
    ) == ("UserNotConfirmedException", "User is not confirmed.")
