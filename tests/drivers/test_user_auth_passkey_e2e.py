"""USER_AUTH's WEB_AUTHN factor end to end: register, sign in, and what a passkey changes.

srpcore's drivers (register_passkey, sign_in with ``authenticator=``, respond with the
AuthenticationResponseJSON) against the local endpoint over real HTTP, with
``srpcore.testing.SoftwareAuthenticator`` (a software passkey for tests, NOT a real
authenticator). Expected behaviour from Cognito's documentation: WEB_AUTHN is offered in
SELECT_CHALLENGE when the pool's AllowedFirstAuthFactors has it and the user has a passkey;
the request options travel as ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS with the pool's
RelyingPartyId as ``rpId``; a used assertion (its sign counter) does not sign in twice.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import srpcore
from srpcore.drivers.sync import respond, sign_in
from srpcore.errors import ServiceError
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS
from srpcore.signin import Challenge, Tokens
from srpcore.testing import SoftwareAuthenticator

PASSWORD = "correct horse battery staple"
RP_ID = "auth.example.com"  # the authenticator's default origin is https://auth.example.com
PASSWORDS = {"PASSWORD", "PASSWORD_SRP"}


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@pytest.fixture
def idp(cognito: LocalCognito) -> Any:
    return cognito.boto3_client()


@dataclass
class Passkeyed:
    """A pool allowing PASSWORD and WEB_AUTHN; alice has a registered software passkey."""

    idp: Any
    pool_id: str
    client_id: str
    client_secret: str | None
    authenticator: SoftwareAuthenticator
    access_token: str

    def options(self, username: str = "alice", **extra: Any) -> dict[str, Any]:
        return {
            "pool_id": self.pool_id,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "username": username,
            "flow": "USER_AUTH",
            **extra,
        }


@pytest.fixture
def pk(cognito: LocalCognito, idp: Any) -> Passkeyed:
    pool = cognito.create_user_pool("passkeys", first_factors=("PASSWORD", "WEB_AUTHN"))
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        WebAuthnConfiguration={"RelyingPartyId": RP_ID, "UserVerification": "preferred"},
    )
    app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=ALL_FLOWS)
    for name in ("alice", "bob"):
        cognito.create_user(pool.id, name, PASSWORD)
    first = sign_in(
        idp,
        pool_id=pool.id,
        client_id=app.client_id,
        client_secret=app.client_secret,
        username="alice",
        password=PASSWORD,
    )
    assert isinstance(first, Tokens)
    authenticator = SoftwareAuthenticator()
    registered = srpcore.register_passkey(
        idp, access_token=first.access_token, authenticator=authenticator.create
    )
    [stored] = authenticator.credentials
    assert registered.credential_id == base64.urlsafe_b64encode(stored.credential_id).decode(
        "ascii"
    ).rstrip("=")  # WebAuthn's JSON ids are unpadded base64url
    return Passkeyed(
        idp, pool.id, app.client_id, app.client_secret, authenticator, first.access_token
    )


def test_the_registered_passkey_is_listed(pk: Passkeyed) -> None:
    [info] = srpcore.list_passkeys(pk.idp, access_token=pk.access_token)
    assert info.relying_party_id == RP_ID
    assert info.attachment == "platform" and "internal" in info.transports
    assert pk.authenticator.credentials[0].rp_id == RP_ID


def test_sign_in_with_the_authenticator_callable(pk: Passkeyed) -> None:
    tokens = sign_in(
        pk.idp, **pk.options(preferred_challenge="WEB_AUTHN"), authenticator=pk.authenticator.get
    )  # no password anywhere
    assert isinstance(tokens, Tokens) and tokens.username == "alice"
    assert pk.idp.get_user(AccessToken=tokens.access_token)["Username"] == "alice"
    assert pk.authenticator.credentials[0].sign_count == 1


def test_sign_in_answered_through_respond(pk: Passkeyed) -> None:
    step = sign_in(pk.idp, **pk.options(preferred_challenge="WEB_AUTHN"))
    assert isinstance(step, Challenge) and step.name == "WEB_AUTHN"
    assert step.webauthn is not None and step.webauthn.rp_id == RP_ID
    assert step.webauthn.user_verification == "preferred"
    options = step.request_options
    assert options is not None and options["rpId"] == RP_ID
    tokens = respond(pk.idp, step, pk.authenticator.get(options))
    assert isinstance(tokens, Tokens) and tokens.username == "alice"


def test_select_challenge_offers_web_authn_to_the_user_with_a_passkey_only(
    pk: Passkeyed,
) -> None:
    step = sign_in(pk.idp, **pk.options(preferred_challenge=None))
    assert isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE"
    assert set(step.available_challenges) == PASSWORDS | {"WEB_AUTHN"}
    other = sign_in(pk.idp, **pk.options("bob", preferred_challenge=None))
    assert isinstance(other, Challenge) and set(other.available_challenges) == PASSWORDS
    webauthn = respond(pk.idp, step, "WEB_AUTHN")
    assert isinstance(webauthn, Challenge) and webauthn.name == "WEB_AUTHN"
    assert webauthn.request_options is not None
    tokens = respond(pk.idp, webauthn, pk.authenticator.get(webauthn.request_options))
    assert isinstance(tokens, Tokens) and tokens.username == "alice"


def test_a_used_assertion_does_not_sign_in_again(pk: Passkeyed) -> None:
    step = sign_in(pk.idp, **pk.options(preferred_challenge="WEB_AUTHN"))
    assert isinstance(step, Challenge) and step.request_options is not None
    assertion = pk.authenticator.get(step.request_options)
    assert isinstance(respond(pk.idp, step, assertion), Tokens)
    again = sign_in(pk.idp, **pk.options(preferred_challenge="WEB_AUTHN"))
    assert isinstance(again, Challenge)
    with pytest.raises(ServiceError) as caught:  # another challenge, and a spent counter
        respond(pk.idp, again, assertion)
    assert caught.value.code == "NotAuthorizedException"


def test_a_deleted_passkey_is_no_longer_offered(pk: Passkeyed) -> None:
    [info] = srpcore.list_passkeys(pk.idp, access_token=pk.access_token)
    srpcore.delete_passkey(pk.idp, access_token=pk.access_token, credential_id=info.credential_id)
    assert srpcore.list_passkeys(pk.idp, access_token=pk.access_token) == []
    step = sign_in(pk.idp, **pk.options(preferred_challenge=None))
    assert isinstance(step, Challenge) and set(step.available_challenges) == PASSWORDS


def test_a_user_without_a_passkey_gets_no_web_authn_sign_in(pk: Passkeyed) -> None:
    """bob has no passkey. AWS documents no answer to PREFERRED_CHALLENGE=WEB_AUTHN for him:
    the endpoint refuses it by name (InvalidParameterException, PreventUserExistenceErrors
    off); Cognito may instead ask him to choose. Either way WEB_AUTHN is not his to take."""
    try:
        step = sign_in(pk.idp, **pk.options("bob", preferred_challenge="WEB_AUTHN"))
    except ServiceError as refused:
        assert refused.code == "InvalidParameterException"
    else:
        assert isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE"
        assert set(step.available_challenges) == PASSWORDS
