"""PreventUserExistenceErrors=ENABLED, the users whose answers used to differ from an unknown
name's: a disabled one or one with no verified address at ForgotPassword, a RESET_REQUIRED
one, one with a passkey or without a verified email at USER_AUTH, CUSTOM_AUTH without SRP_A,
alias pools. Each test compares the error code and message, or the challenge's shape, of the
two; where AWS itself documents a difference (ConfirmSignUp, SRP in an alias pool) the test
says so and pins AWS's behaviour. Source of every "AWS:" below: AWS developer guide,
"Managing user existence error responses"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from srpcore import UserSRP
from srpcore.local import LocalCognito
from srpcore.local.model import Passkey

from .conftest import ALL_FLOWS, PASSWORD

MASKED_EMAIL = re.compile(r"[^*@]\*\*\*@[^*@]\*\*\*\.[a-z]+")
MASKED_PHONE = re.compile(r"\+\*{7}[0-9]{4}")
VERIFIED_EMAIL = {"email": "alice@example.com", "email_verified": "true"}


def _pool(cognito: LocalCognito, **options: Any) -> tuple[str, str]:
    pool = cognito.create_user_pool("leaks", **options)
    client = cognito.create_client(
        pool.id, explicit_auth_flows=ALL_FLOWS, prevent_user_existence_errors=True
    )
    return pool.id, client.client_id


def _error(call: Callable[..., Any], **kwargs: Any) -> tuple[str, str]:
    """The (code, message) of the refusal ``call(**kwargs)`` must end in."""
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response["Error"]
    return error["Code"], error["Message"]


def _delivery_shape(details: dict[str, str]) -> tuple[Any, ...]:
    """What a caller learns from CodeDeliveryDetails: the members, medium and masked form."""
    pattern = MASKED_EMAIL if details["DeliveryMedium"] == "EMAIL" else MASKED_PHONE
    return (
        sorted(details),
        details["DeliveryMedium"],
        details["AttributeName"],
        bool(pattern.fullmatch(details["Destination"])),
    )


# --- ForgotPassword / ConfirmForgotPassword -------------------------------------------------


@pytest.mark.parametrize("who", ["disabled", "unverified"])
def test_forgot_password_of_a_disabled_or_unreachable_user_is_simulated(
    cognito: LocalCognito, idp: Any, who: str
) -> None:
    """AWS: "When a user isn't found, is deactivated, or doesn't have a verified delivery
    mechanism ... returns CodeDeliveryDetails with a simulated delivery medium"."""
    pool_id, client_id = _pool(cognito)
    if who == "disabled":
        cognito.create_user(pool_id, "hidden", PASSWORD, attributes=VERIFIED_EMAIL, enabled=False)
    else:
        cognito.create_user(pool_id, "hidden", PASSWORD, attributes={"email": "h@example.com"})
    real = idp.forgot_password(ClientId=client_id, Username="hidden")["CodeDeliveryDetails"]
    fake = idp.forgot_password(ClientId=client_id, Username="nobody")["CodeDeliveryDetails"]
    assert _delivery_shape(real) == _delivery_shape(fake) == (
        ["AttributeName", "DeliveryMedium", "Destination"], "EMAIL", "email", True
    )  # fmt: skip
    assert cognito.messages(pool_id, "hidden") == []  # nothing is sent
    # AWS: ConfirmForgotPassword "returns the CodeMismatchException error for users that don't
    # exist or are disabled"
    confirm = [
        _error(
            idp.confirm_forgot_password,
            ClientId=client_id,
            Username=name,
            ConfirmationCode="123456",
            Password=PASSWORD,
        )
        for name in ("hidden", "nobody")
    ]
    assert confirm[0] == confirm[1]
    assert confirm[0][0] == "CodeMismatchException"


def test_a_disabled_users_old_reset_code_no_longer_resets(cognito: LocalCognito, idp: Any) -> None:
    pool_id, client_id = _pool(cognito)
    cognito.create_user(pool_id, "ann", PASSWORD, attributes=VERIFIED_EMAIL)
    idp.forgot_password(ClientId=client_id, Username="ann")
    code = cognito.messages(pool_id, "ann")[-1].code
    idp.admin_disable_user(UserPoolId=pool_id, Username="ann")
    refused = _error(
        idp.confirm_forgot_password,
        ClientId=client_id,
        Username="ann",
        ConfirmationCode=code,
        Password="new " + PASSWORD,
    )
    assert refused[0] == "CodeMismatchException"


def test_a_simulated_reset_goes_where_the_pool_verifies(cognito: LocalCognito, idp: Any) -> None:
    """AWS: "The simulated delivery medium is determined by the input user name format and
    verification settings of the user pool": a pool that verifies phone numbers answers an
    unknown plain name with SMS, as its real users (phone first) are answered."""
    pool_id, client_id = _pool(cognito, auto_verified_attributes=("phone_number",))
    phone = {"phone_number": "+15555550100", "phone_number_verified": "true"}
    cognito.create_user(pool_id, "sam", PASSWORD, attributes=phone)
    real = idp.forgot_password(ClientId=client_id, Username="sam")["CodeDeliveryDetails"]
    fake = idp.forgot_password(ClientId=client_id, Username="nobody")["CodeDeliveryDetails"]
    assert _delivery_shape(real) == _delivery_shape(fake)
    assert fake["DeliveryMedium"] == "SMS"


# --- ConfirmSignUp: AWS's own difference ------------------------------------------------------


def test_confirm_sign_up_of_a_confirmed_user_differs_as_on_aws(
    cognito: LocalCognito, idp: Any
) -> None:
    """AWS documents ConfirmSignUp's answers as "NotAuthorizedException when a user isn't
    authorized" and CodeMismatchException for a wrong code, with no simulated case, and a
    confirmed user's confirmation is its NotAuthorizedException ("User cannot be confirmed.
    Current status is CONFIRMED"): the difference from an unknown name is AWS's, kept."""
    pool_id, client_id = _pool(cognito)
    cognito.create_user(pool_id, "done", PASSWORD)
    answers = [
        _error(idp.confirm_sign_up, ClientId=client_id, Username=name, ConfirmationCode="123456")
        for name in ("done", "nobody")
    ]
    assert answers == [
        ("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"),
        ("CodeMismatchException", "Invalid verification code provided, please try again."),
    ]


# --- USER_AUTH -------------------------------------------------------------------------------

ALL_FACTORS = ("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")


def _user_auth(idp: Any, client_id: str, username: str, **params: str) -> Any:
    return idp.initiate_auth(
        AuthFlow="USER_AUTH", ClientId=client_id, AuthParameters={"USERNAME": username, **params}
    )


def test_the_choice_offered_is_the_same_for_every_name(cognito: LocalCognito, idp: Any) -> None:
    """AWS answers an unknown name "with a random selection from the challenge types that the
    user pool allows"; here every name gets all of them, so a passkey, a verified phone or
    a missing email says nothing, and neither does existence."""
    pool_id, client_id = _pool(cognito, first_factors=ALL_FACTORS)
    cognito.create_user(pool_id, "plain", PASSWORD, attributes=VERIFIED_EMAIL)
    cognito.create_user(pool_id, "noemail", PASSWORD)
    cognito.create_user(pool_id, "keyed", PASSWORD)
    passkey = Passkey("AAAA", "keyed", b"\xa0", 0, "auth.example.com")
    cognito.service.context.repo.put_passkey(pool_id, passkey)
    answers = {
        name: _user_auth(idp, client_id, name) for name in ("plain", "noemail", "keyed", "nobody")
    }
    shapes = {
        (
            a["ChallengeName"],
            tuple(a["AvailableChallenges"]),
            tuple(sorted(a["ChallengeParameters"])),
        )
        for a in answers.values()
    }
    assert shapes == {
        (
            "SELECT_CHALLENGE",
            ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"),
            ("USERNAME",),
        )
    }


def test_a_code_factor_the_user_lacks_is_simulated_like_an_unknown_names(
    cognito: LocalCognito, idp: Any
) -> None:
    pool_id, client_id = _pool(cognito, first_factors=ALL_FACTORS)
    cognito.create_user(pool_id, "noemail", PASSWORD)
    real = _user_auth(idp, client_id, "noemail", PREFERRED_CHALLENGE="EMAIL_OTP")
    fake = _user_auth(idp, client_id, "nobody", PREFERRED_CHALLENGE="EMAIL_OTP")
    assert real["ChallengeName"] == fake["ChallengeName"] == "EMAIL_OTP"
    assert sorted(real["ChallengeParameters"]) == sorted(fake["ChallengeParameters"])
    shown = real["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"]
    assert MASKED_EMAIL.fullmatch(shown)
    assert cognito.messages(pool_id, "noemail") == []
    wrong = [
        _error(
            idp.respond_to_auth_challenge,
            ClientId=client_id,
            ChallengeName="EMAIL_OTP",
            Session=step["Session"],
            ChallengeResponses={"USERNAME": name, "EMAIL_OTP_CODE": "123456"},
        )
        for step, name in ((real, "noemail"), (fake, "nobody"))
    ]
    assert wrong[0] == wrong[1] and wrong[0][0] == "CodeMismatchException"


# --- RESET_REQUIRED --------------------------------------------------------------------------


def _srp_attempt(
    idp: Any, pool_id: str, client_id: str, username: str, password: str
) -> tuple[list[str], tuple[str, str]]:
    srp = UserSRP(pool_id=pool_id, username=username, password=password, client_id=client_id)
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=client_id, AuthParameters=srp.auth_parameters()
    )
    params = first["ChallengeParameters"]
    refusal = _error(
        idp.respond_to_auth_challenge,
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(params),
    )
    return sorted(params), refusal


def _password_refusals(idp: Any, client_id: str, password: str, *names: str) -> list[Any]:
    """USER_PASSWORD_AUTH's refusal (code, message) of each name, with ``password``."""
    return [
        _error(
            idp.initiate_auth,
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=client_id,
            AuthParameters={"USERNAME": name, "PASSWORD": password},
        )
        for name in names
    ]


def test_a_reset_required_user_is_answered_as_an_unknown_name(
    cognito: LocalCognito, idp: Any
) -> None:
    """AWS: for imported (RESET_REQUIRED) users "a generic NotAuthorizedException ... instead
    of returning PasswordResetRequiredException"; an unknown name's comes after the simulated
    PASSWORD_VERIFIER, so this one's does too, even with the right password."""
    pool_id, client_id = _pool(cognito)
    cognito.create_user(pool_id, "imported", PASSWORD, status="RESET_REQUIRED")
    real = _srp_attempt(idp, pool_id, client_id, "imported", PASSWORD)
    fake = _srp_attempt(idp, pool_id, client_id, "nobody", PASSWORD)
    generic = ("NotAuthorizedException", "Incorrect username or password.")
    assert real == fake
    assert real[1] == generic
    plain = _password_refusals(idp, client_id, PASSWORD, "imported", "nobody")
    assert plain == [generic, generic]


def test_without_the_setting_reset_required_is_said(cognito: LocalCognito, idp: Any) -> None:
    pool = cognito.create_user_pool("legacy")
    client_id = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS).client_id
    cognito.create_user(pool.id, "imported", PASSWORD, status="RESET_REQUIRED")
    srp = UserSRP(pool_id=pool.id, username="imported", password=PASSWORD)
    refused = _error(
        idp.initiate_auth,
        AuthFlow="USER_SRP_AUTH",
        ClientId=client_id,
        AuthParameters=srp.auth_parameters(),
    )
    assert refused == ("PasswordResetRequiredException", "Password reset required for the user")


# --- CUSTOM_AUTH without SRP_A ---------------------------------------------------------------


def test_custom_auth_of_an_unknown_name_is_challenged_then_refused(
    cognito: LocalCognito, idp: Any
) -> None:
    """AWS hands an unknown name to the challenge triggers (``userNotFound``) to "simulate
    custom authorization challenges for a user that doesn't exist": it gets the first
    CUSTOM_CHALLENGE as a real user does, and even the right answer is refused."""
    pool_id, client_id = _pool(cognito)
    cognito.create_user(pool_id, "carol", PASSWORD)
    steps = {
        name: idp.initiate_auth(
            AuthFlow="CUSTOM_AUTH", ClientId=client_id, AuthParameters={"USERNAME": name}
        )
        for name in ("carol", "nobody")
    }
    shapes = {
        (
            s["ChallengeName"],
            tuple(sorted(s["ChallengeParameters"])),
            s["ChallengeParameters"]["ROUND"],
        )
        for s in steps.values()
    }
    assert shapes == {("CUSTOM_CHALLENGE", ("ROUND", "USERNAME"), "1")}

    def answer(name: str, text: str) -> tuple[str, str]:
        fresh = idp.initiate_auth(
            AuthFlow="CUSTOM_AUTH", ClientId=client_id, AuthParameters={"USERNAME": name}
        )
        return _error(
            idp.respond_to_auth_challenge,
            ClientId=client_id,
            ChallengeName="CUSTOM_CHALLENGE",
            Session=fresh["Session"],
            ChallengeResponses={"USERNAME": name, "ANSWER": text},
        )

    generic = ("NotAuthorizedException", "Incorrect username or password.")
    assert answer("carol", "wrong") == answer("nobody", "wrong") == generic
    assert answer("nobody", "42") == generic  # the pool's right answer, for nobody


# --- alias pools -------------------------------------------------------------------------------


def test_an_alias_pool_answers_an_unknown_address_as_a_real_ones(
    cognito: LocalCognito, idp: Any
) -> None:
    """ForgotPassword and USER_PASSWORD_AUTH by an email alias. AWS: "You can use
    UsernamePassword to simulate a generic response if you are using verification based
    aliases and the format of immutable user name isn't a UUID": in SRP a real alias is
    answered with its owner's USER_ID_FOR_SRP (a name an unknown alias cannot be given),
    which AWS also shows; the password flow is the one that says nothing."""
    pool_id, client_id = _pool(cognito, alias_attributes=("email",))
    cognito.create_user(pool_id, "alice", PASSWORD, attributes=VERIFIED_EMAIL)
    real = idp.forgot_password(ClientId=client_id, Username="alice@example.com")
    fake = idp.forgot_password(ClientId=client_id, Username="nobody@example.com")
    real_details, fake_details = real["CodeDeliveryDetails"], fake["CodeDeliveryDetails"]
    assert _delivery_shape(real_details) == _delivery_shape(fake_details)
    assert real_details["Destination"] == "a***@e***.com"
    assert fake_details["Destination"] == "n***@e***.com"
    refusals = _password_refusals(
        idp, client_id, "not the password", "alice@example.com", "nobody@example.com"
    )
    assert (
        refusals[0] == refusals[1] == ("NotAuthorizedException", "Incorrect username or password.")
    )


# --- a disabled user at sign-in ----------------------------------------------------------------


def test_a_disabled_users_wrong_password_is_refused_as_an_unknown_names(
    cognito: LocalCognito, idp: Any
) -> None:
    """AWS: "If a user is disabled and the password is incorrect, the error will also
    indicate that either the user name or password is incorrect"; only the right password
    learns "User is disabled." (the refusal comes after the proof)."""
    pool_id, client_id = _pool(cognito, first_factors=("PASSWORD", "EMAIL_OTP"))
    cognito.create_user(pool_id, "dora", PASSWORD, attributes=VERIFIED_EMAIL, enabled=False)
    generic = ("NotAuthorizedException", "Incorrect username or password.")
    wrong = _password_refusals(idp, client_id, "not the password", "dora", "nobody")
    assert wrong == [generic, generic]
    assert _srp_attempt(idp, pool_id, client_id, "dora", "not the password") == _srp_attempt(
        idp, pool_id, client_id, "nobody", "not the password"
    )
    right = _password_refusals(idp, client_id, PASSWORD, "dora")
    assert right == [("NotAuthorizedException", "User is disabled.")]
    custom = [
        idp.initiate_auth(
            AuthFlow="CUSTOM_AUTH", ClientId=client_id, AuthParameters={"USERNAME": name}
        )["ChallengeName"]
        for name in ("dora", "nobody")
    ]
    assert custom == ["CUSTOM_CHALLENGE", "CUSTOM_CHALLENGE"]
    code = _user_auth(idp, client_id, "dora", PREFERRED_CHALLENGE="EMAIL_OTP")
    assert code["ChallengeName"] == "EMAIL_OTP"
    assert cognito.messages(pool_id, "dora") == []  # nothing is sent to a disabled user
