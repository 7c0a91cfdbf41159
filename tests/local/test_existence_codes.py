"""PreventUserExistenceErrors on the code operations: ForgotPassword and
ResendConfirmationCode answer an unknown name as they answer a real user, "a code was sent to
a simulated destination" (AWS API reference, UserPoolClientType.PreventUserExistenceErrors):
the same CodeDeliveryDetails members, a masked destination of the same form, stable per name,
and nothing in the outbox."""

from __future__ import annotations

import re
from typing import Any

from srpcore.local import LocalCognito

from .conftest import ALL_FLOWS, PASSWORD

MASKED_EMAIL = re.compile(r"[^*@]\*\*\*@[^*@]\*\*\*\.[a-z]+")
MASKED_PHONE = re.compile(r"\+\*{7}[0-9]{4}")


def _hidden_client(cognito: LocalCognito, **pool: Any) -> tuple[str, str]:
    info = cognito.create_user_pool("hidden-codes", **pool)
    client = cognito.create_client(
        info.id, explicit_auth_flows=ALL_FLOWS, prevent_user_existence_errors=True
    )
    return info.id, client.client_id


def test_forgot_password_of_an_unknown_name_looks_like_a_real_one(
    cognito: LocalCognito, idp: Any
) -> None:
    pool_id, client_id = _hidden_client(cognito)
    verified = {"email": "oracle@example.com", "email_verified": "true"}
    cognito.create_user(pool_id, "oracle", PASSWORD, attributes=verified)
    real = idp.forgot_password(ClientId=client_id, Username="oracle")["CodeDeliveryDetails"]
    fake = idp.forgot_password(ClientId=client_id, Username="nobody")["CodeDeliveryDetails"]
    assert real == {
        "Destination": "o***@e***.com",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    assert set(fake) == set(real)
    assert MASKED_EMAIL.fullmatch(fake["Destination"])
    assert (fake["DeliveryMedium"], fake["AttributeName"]) == ("EMAIL", "email")
    again = idp.forgot_password(ClientId=client_id, Username="nobody")["CodeDeliveryDetails"]
    assert again == fake  # a changing answer would give the simulation away
    assert cognito.messages(pool_id, "nobody") == []


def test_an_unknown_email_username_is_masked_as_itself(cognito: LocalCognito, idp: Any) -> None:
    _, client_id = _hidden_client(cognito, username_attributes=("email",))
    fake = idp.forgot_password(ClientId=client_id, Username="ghost@example.org")
    assert fake["CodeDeliveryDetails"]["Destination"] == "g***@e***.org"


def test_resend_confirmation_code_of_an_unknown_name(cognito: LocalCognito, idp: Any) -> None:
    pool_id, client_id = _hidden_client(cognito, auto_verified_attributes=("phone_number",))
    idp.sign_up(
        ClientId=client_id,
        Username="trinity",
        Password=PASSWORD,
        UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}],
    )
    real = idp.resend_confirmation_code(ClientId=client_id, Username="trinity")
    fake = idp.resend_confirmation_code(ClientId=client_id, Username="nobody")
    real_details, fake_details = real["CodeDeliveryDetails"], fake["CodeDeliveryDetails"]
    assert real_details["Destination"] == "+*******0100"
    assert set(fake_details) == set(real_details)
    assert MASKED_PHONE.fullmatch(fake_details["Destination"])
    assert fake_details["DeliveryMedium"] == real_details["DeliveryMedium"] == "SMS"
    assert fake_details["AttributeName"] == "phone_number"
    assert cognito.messages(pool_id, "nobody") == []
