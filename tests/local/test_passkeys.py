"""Passkeys over real HTTP with boto3: registration, WEB_AUTHN sign-in and every refusal.

The error codes are the ones botocore's service model lists for each operation
(CompleteWebAuthnRegistration: WebAuthnOriginNotAllowedException, ...RelyingPartyMismatch...,
...ChallengeNotFound..., ...ClientMismatch..., ...CredentialNotSupported...). The model lists
no WebAuthn code for RespondToAuthChallenge, so a refused assertion is NotAuthorizedException.
The request options travel in ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS and the answer in
ChallengeResponses.CREDENTIAL (the API reference's ChallengeResponseType).
"""

from __future__ import annotations

import base64
import dataclasses
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

import srpcore
from srpcore.local import LocalCognito
from srpcore.testing import SoftwareAuthenticator

from .conftest import PASSWORD, Env, FakeClock

RP_ID = "auth.example.com"


def _configure(env: Env, verification: str = "preferred") -> None:
    env.idp.set_user_pool_mfa_config(
        UserPoolId=env.pool_id,
        WebAuthnConfiguration={"RelyingPartyId": RP_ID, "UserVerification": verification},
    )


PASSKEY_POOL = {"first_factors": ("PASSWORD", "WEB_AUTHN")}  # SignInPolicy allows passkeys


@pytest.fixture
def pk(new_env: Any) -> Env:
    env: Env = new_env(**PASSKEY_POOL)
    _configure(env)
    return env


@pytest.fixture
def strict(new_env: Any) -> Env:
    env: Env = new_env(**PASSKEY_POOL)
    _configure(env, "required")
    return env


def _token(env: Env, username: str = "alice") -> str:
    result = env.idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    return str(result["AuthenticationResult"]["AccessToken"])


def _register(env: Env, authenticator: SoftwareAuthenticator, token: str | None = None) -> str:
    token = token or _token(env)
    options = env.idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential = authenticator.create(options)
    env.idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    return str(credential["id"])


def _start_sign_in(env: Env, username: str = "alice") -> Any:
    return env.idp.initiate_auth(
        AuthFlow="USER_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={"USERNAME": username, "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )


def _answer(env: Env, first: Any, credential: dict[str, Any], username: str = "alice") -> Any:
    return env.idp.respond_to_auth_challenge(
        ClientId=env.app.client_id,
        ChallengeName="WEB_AUTHN",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": username, "CREDENTIAL": json.dumps(credential)},
    )


def _refused(call: Any, code: str) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    assert error["Code"] == code, error
    return str(error["Message"])


def _sign_in(env: Env, authenticator: SoftwareAuthenticator) -> Any:
    first = _start_sign_in(env)
    assert first["ChallengeName"] == "WEB_AUTHN"
    options = first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
    return _answer(env, first, authenticator.get(options))


# --- configuration --------------------------------------------------------------------------


def test_the_pool_setting_round_trips_through_get_user_pool_mfa_config(pk: Env) -> None:
    got = pk.idp.get_user_pool_mfa_config(UserPoolId=pk.pool_id)
    assert got["WebAuthnConfiguration"] == {
        "RelyingPartyId": RP_ID,
        "UserVerification": "preferred",
    }


def test_a_pool_without_a_relying_party_refuses_registration(env: Env) -> None:
    token = _token(env)
    message = _refused(
        lambda: env.idp.start_web_authn_registration(AccessToken=token),
        "WebAuthnConfigurationMissingException",
    )
    assert "RelyingPartyId" in message


# --- registration and sign-in ---------------------------------------------------------------


@pytest.mark.parametrize("attestation", ["none", "packed"])
def test_register_then_sign_in_with_the_passkey(pk: Env, attestation: str) -> None:
    authenticator = SoftwareAuthenticator(attestation=attestation)
    token = _token(pk)
    options = pk.idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["rp"]["id"] == RP_ID
    assert {"type": "public-key", "alg": -7} in options["pubKeyCredParams"]  # ES256
    assert len(base64.urlsafe_b64decode(options["challenge"] + "==")) >= 16  # WebAuthn's minimum
    credential = authenticator.create(options)
    pk.idp.complete_web_authn_registration(AccessToken=token, Credential=credential)

    listed = pk.idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert [c["CredentialId"] for c in listed] == [credential["id"]]
    assert listed[0]["RelyingPartyId"] == RP_ID
    assert listed[0]["AuthenticatorTransports"] == ["internal"]

    first = _start_sign_in(pk)
    request = json.loads(first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    assert request["rpId"] == RP_ID
    assert [c["id"] for c in request["allowCredentials"]] == [credential["id"]]
    result = _answer(pk, first, authenticator.get(request))["AuthenticationResult"]
    user = pk.idp.get_user(AccessToken=result["AccessToken"])
    assert user["Username"] == "alice"


def test_select_challenge_answered_with_web_authn(pk: Env) -> None:
    authenticator = SoftwareAuthenticator()
    _register(pk, authenticator)
    first = pk.idp.initiate_auth(
        AuthFlow="USER_AUTH", ClientId=pk.app.client_id, AuthParameters={"USERNAME": "alice"}
    )
    assert first["ChallengeName"] == "SELECT_CHALLENGE"
    second = pk.idp.respond_to_auth_challenge(
        ClientId=pk.app.client_id,
        ChallengeName="SELECT_CHALLENGE",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "alice", "ANSWER": "WEB_AUTHN"},
    )
    assert second["ChallengeName"] == "WEB_AUTHN"
    options = second["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
    done = _answer(pk, second, authenticator.get(options))
    assert done["AuthenticationResult"]["TokenType"] == "Bearer"


def test_user_verification_preferred_accepts_an_authenticator_without_it(pk: Env) -> None:
    authenticator = SoftwareAuthenticator(user_verified=False)
    _register(pk, authenticator)
    assert "AccessToken" in _sign_in(pk, authenticator)["AuthenticationResult"]


def test_the_passkeys_are_listed_page_by_page_and_deleted(pk: Env) -> None:
    token = _token(pk)
    ids = [_register(pk, SoftwareAuthenticator(), token) for _ in range(3)]
    first = pk.idp.list_web_authn_credentials(AccessToken=token, MaxResults=2)
    second = pk.idp.list_web_authn_credentials(
        AccessToken=token, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [c["CredentialId"] for c in first["Credentials"] + second["Credentials"]] == ids
    assert "NextToken" not in second
    pk.idp.delete_web_authn_credential(AccessToken=token, CredentialId=ids[1])
    left = pk.idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert [c["CredentialId"] for c in left] == [ids[0], ids[2]]
    _refused(
        lambda: pk.idp.delete_web_authn_credential(AccessToken=token, CredentialId=ids[1]),
        "ResourceNotFoundException",
    )


def test_nobody_deletes_or_lists_another_users_passkey(pk: Env) -> None:
    pk.cognito.create_user(pk.pool_id, "bob", PASSWORD)
    alices = _register(pk, SoftwareAuthenticator())
    bob = _token(pk, "bob")
    assert pk.idp.list_web_authn_credentials(AccessToken=bob)["Credentials"] == []
    _refused(
        lambda: pk.idp.delete_web_authn_credential(AccessToken=bob, CredentialId=alices),
        "ResourceNotFoundException",
    )


def test_a_passkey_page_token_is_good_for_its_own_user_only(pk: Env) -> None:
    pk.cognito.create_user(pk.pool_id, "bob", PASSWORD)
    token, bob = _token(pk), _token(pk, "bob")
    for _ in range(2):
        _register(pk, SoftwareAuthenticator(), token)
        _register(pk, SoftwareAuthenticator(), bob)
    alices = pk.idp.list_web_authn_credentials(AccessToken=token, MaxResults=1)["NextToken"]
    _refused(
        lambda: pk.idp.list_web_authn_credentials(AccessToken=bob, NextToken=alices),
        "InvalidParameterException",
    )
    offset = base64.urlsafe_b64encode(b"1").decode()  # what a bare offset token looked like
    _refused(
        lambda: pk.idp.list_web_authn_credentials(AccessToken=bob, NextToken=offset),
        "InvalidParameterException",
    )


def test_the_passkeys_per_user_are_bounded(
    pk: Env, cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = cognito.service.context
    monkeypatch.setattr(ctx, "limits", dataclasses.replace(ctx.limits, passkeys_per_user=2))
    token = _token(pk)
    _register(pk, SoftwareAuthenticator(), token)
    _register(pk, SoftwareAuthenticator(), token)
    _refused(
        lambda: pk.idp.start_web_authn_registration(AccessToken=token), "LimitExceededException"
    )


# --- registration refusals ------------------------------------------------------------------


def _options(env: Env, token: str) -> dict[str, Any]:
    created = env.idp.start_web_authn_registration(AccessToken=token)
    return dict(created["CredentialCreationOptions"])


def test_registration_from_a_foreign_origin_is_refused(pk: Env) -> None:
    token = _token(pk)
    credential = SoftwareAuthenticator().create(_options(pk, token), origin="https://evil.example")
    message = _refused(
        lambda: pk.idp.complete_web_authn_registration(AccessToken=token, Credential=credential),
        "WebAuthnOriginNotAllowedException",
    )
    assert "evil.example" in message


def test_registration_for_another_relying_party_is_refused(pk: Env) -> None:
    token = _token(pk)
    credential = SoftwareAuthenticator().create(
        _options(pk, token), origin=f"https://{RP_ID}", rp_id="evil.example"
    )
    _refused(
        lambda: pk.idp.complete_web_authn_registration(AccessToken=token, Credential=credential),
        "WebAuthnRelyingPartyMismatchException",
    )


def test_registration_without_user_verification_is_refused_where_required(strict: Env) -> None:
    token = _token(strict)
    options = _options(strict, token)
    assert options["authenticatorSelection"]["userVerification"] == "required"
    credential = SoftwareAuthenticator(user_verified=False).create(options)
    message = _refused(
        lambda: strict.idp.complete_web_authn_registration(
            AccessToken=token, Credential=credential
        ),
        "WebAuthnCredentialNotSupportedException",
    )
    assert "user verification" in message


def test_a_registration_challenge_is_used_once(pk: Env) -> None:
    token = _token(pk)
    credential = SoftwareAuthenticator().create(_options(pk, token))
    pk.idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    _refused(
        lambda: pk.idp.complete_web_authn_registration(AccessToken=token, Credential=credential),
        "WebAuthnChallengeNotFoundException",
    )


def test_a_registration_challenge_expires(pk: Env, clock: FakeClock) -> None:
    token = _token(pk)
    credential = SoftwareAuthenticator().create(_options(pk, token))
    clock.advance(301)  # the options' timeout is 300 s
    _refused(
        lambda: pk.idp.complete_web_authn_registration(AccessToken=token, Credential=credential),
        "WebAuthnChallengeNotFoundException",
    )


def test_another_users_registration_challenge_is_not_found(pk: Env) -> None:
    pk.cognito.create_user(pk.pool_id, "bob", PASSWORD)
    credential = SoftwareAuthenticator().create(_options(pk, _token(pk)))
    bob = _token(pk, "bob")
    _refused(
        lambda: pk.idp.complete_web_authn_registration(AccessToken=bob, Credential=credential),
        "WebAuthnChallengeNotFoundException",
    )


def test_completing_through_another_app_client_is_refused(pk: Env) -> None:
    options = _options(pk, _token(pk))
    credential = SoftwareAuthenticator().create(options)
    # A password sign-in, not SRP: the module's clock may sit 300 s from the real time after
    # test_a_registration_challenge_expires, which a TIMESTAMP would then fall outside of.
    secret = pk.secret_app.client_secret or ""
    other = pk.idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=pk.secret_app.client_id,
        AuthParameters={
            "USERNAME": "alice",
            "PASSWORD": PASSWORD,
            "SECRET_HASH": srpcore.secret_hash("alice", pk.secret_app.client_id, secret),
        },
    )["AuthenticationResult"]["AccessToken"]
    _refused(
        lambda: pk.idp.complete_web_authn_registration(AccessToken=other, Credential=credential),
        "WebAuthnClientMismatchException",
    )


# --- sign-in refusals -----------------------------------------------------------------------


@pytest.fixture
def alice(pk: Env) -> SoftwareAuthenticator:
    authenticator = SoftwareAuthenticator()
    _register(pk, authenticator)
    return authenticator


def _request(first: Any) -> dict[str, Any]:
    return dict(json.loads(first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]))


def test_an_assertion_from_a_foreign_origin_is_refused(
    pk: Env, alice: SoftwareAuthenticator
) -> None:
    first = _start_sign_in(pk)
    credential = alice.get(_request(first), origin="https://evil.example")
    message = _refused(lambda: _answer(pk, first, credential), "NotAuthorizedException")
    assert "Origin" in message


def test_an_assertion_for_another_relying_party_is_refused(
    pk: Env, alice: SoftwareAuthenticator
) -> None:
    first = _start_sign_in(pk)
    credential = alice.get(_request(first), origin=f"https://{RP_ID}", rp_id="evil.example")
    message = _refused(lambda: _answer(pk, first, credential), "NotAuthorizedException")
    assert "relying party" in message


def test_a_replayed_assertion_is_refused(pk: Env, alice: SoftwareAuthenticator) -> None:
    first = _start_sign_in(pk)
    credential = alice.get(_request(first))
    _answer(pk, first, credential)  # accepted once
    _refused(lambda: _answer(pk, first, credential), "NotAuthorizedException")  # same session
    again = _start_sign_in(pk)  # a fresh sign-in: a new challenge the old assertion did not sign
    message = _refused(lambda: _answer(pk, again, credential), "NotAuthorizedException")
    assert "challenge" in message


def test_a_tampered_signature_is_refused(pk: Env, alice: SoftwareAuthenticator) -> None:
    first = _start_sign_in(pk)
    credential = alice.get(_request(first))
    raw = bytearray(base64.urlsafe_b64decode(credential["response"]["signature"] + "=="))
    raw[-1] ^= 0x01
    credential["response"]["signature"] = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    message = _refused(lambda: _answer(pk, first, credential), "NotAuthorizedException")
    assert "signature" in message


def test_a_credential_of_another_user_is_refused(pk: Env, alice: SoftwareAuthenticator) -> None:
    pk.cognito.create_user(pk.pool_id, "bob", PASSWORD)
    bobs = SoftwareAuthenticator()
    _register(pk, bobs, _token(pk, "bob"))
    first = _start_sign_in(pk)  # alice's sign-in, answered with bob's (valid) passkey
    request = _request(first)
    del request["allowCredentials"]
    message = _refused(lambda: _answer(pk, first, bobs.get(request)), "NotAuthorizedException")
    assert "not registered to the user" in message


def test_user_verification_missing_where_required_is_refused(strict: Env) -> None:
    authenticator = SoftwareAuthenticator()
    _register(strict, authenticator)
    authenticator.user_verified = False  # e.g. the PIN was skipped this time
    first = _start_sign_in(strict)
    assert _request(first)["userVerification"] == "required"
    message = _refused(
        lambda: _answer(strict, first, authenticator.get(_request(first))),
        "NotAuthorizedException",
    )
    assert "user verification" in message


def test_a_deleted_credential_is_refused(pk: Env, alice: SoftwareAuthenticator) -> None:
    first = _start_sign_in(pk)  # the challenge is issued while the passkey still exists
    credential_id = _request(first)["allowCredentials"][0]["id"]
    pk.idp.delete_web_authn_credential(AccessToken=_token(pk), CredentialId=credential_id)
    message = _refused(
        lambda: _answer(pk, first, alice.get(_request(first))), "NotAuthorizedException"
    )
    assert "deleted" in message


def test_a_cloned_authenticator_whose_counter_went_back_is_refused(
    pk: Env, alice: SoftwareAuthenticator, tmp_path: Path
) -> None:
    alice.save(tmp_path / "passkey.json")
    clone = SoftwareAuthenticator.load(tmp_path / "passkey.json")
    _sign_in(pk, alice)
    _sign_in(pk, alice)  # the server has seen counter 2
    first = _start_sign_in(pk)
    message = _refused(
        lambda: _answer(pk, first, clone.get(_request(first))), "NotAuthorizedException"
    )
    assert "counter" in message


# --- malformed credentials: a refusal, never a server error ---------------------------------

_BAD_UTF8 = base64.urlsafe_b64encode(b"\xff\xfe{").rstrip(b"=").decode()
_BAD_CBOR = base64.urlsafe_b64encode(b"\xa1\x00").rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("clientDataJSON", _BAD_UTF8),
        ("clientDataJSON", "a"),  # base64 that cannot be: one character over a multiple of 4
        ("attestationObject", _BAD_CBOR),
        ("attestationObject", "!!!"),
        ("attestationObject", None),
    ],
)
def test_a_malformed_registration_is_a_client_error(pk: Env, member: str, value: Any) -> None:
    token = _token(pk)
    credential = SoftwareAuthenticator().create(_options(pk, token))
    credential["response"][member] = value
    with pytest.raises(ClientError) as caught:
        pk.idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize(
    "mangle",
    [
        lambda c: json.dumps({**c, "response": {**c["response"], "clientDataJSON": _BAD_UTF8}}),
        lambda c: json.dumps({**c, "response": {**c["response"], "authenticatorData": "AAAA"}}),
        lambda c: json.dumps({**c, "rawId": "not the id"}),
        lambda c: json.dumps({**c, "response": "none"}),
        lambda c: "{not json",
        lambda c: json.dumps([c]),
    ],
)
def test_a_malformed_assertion_is_a_client_error(
    pk: Env, alice: SoftwareAuthenticator, mangle: Any
) -> None:
    first = _start_sign_in(pk)
    text = mangle(alice.get(_request(first)))
    with pytest.raises(ClientError) as caught:
        pk.idp.respond_to_auth_challenge(
            ClientId=pk.app.client_id,
            ChallengeName="WEB_AUTHN",
            Session=first["Session"],
            ChallengeResponses={"USERNAME": "alice", "CREDENTIAL": text},
        )
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_prevent_user_existence_errors_hides_who_has_no_passkey(
    pk: Env, cognito: LocalCognito
) -> None:
    app = cognito.create_client(
        pk.pool_id,
        name="quiet",
        explicit_auth_flows=["ALLOW_USER_AUTH"],
        prevent_user_existence_errors=True,
    )

    def options(username: str) -> dict[str, Any]:
        first = pk.idp.initiate_auth(
            AuthFlow="USER_AUTH",
            ClientId=app.client_id,
            AuthParameters={"USERNAME": username, "PREFERRED_CHALLENGE": "WEB_AUTHN"},
        )
        assert first["ChallengeName"] == "WEB_AUTHN"
        return _request(first)

    ghost, alice = options("nobody-here"), options("alice")  # alice has no passkey either
    assert sorted(ghost) == sorted(alice)
    assert len(ghost["allowCredentials"]) == len(alice["allowCredentials"]) == 1
    assert ghost["allowCredentials"] == options("nobody-here")["allowCredentials"]  # stable
    assert ghost["allowCredentials"] != alice["allowCredentials"]


def test_web_authn_for_a_user_without_a_passkey_is_refused(pk: Env) -> None:
    message = _refused(lambda: _start_sign_in(pk), "InvalidParameterException")
    assert "no passkey" in message


def test_registrations_in_progress_are_bounded_per_user_and_per_pool(
    pk: Env, cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _token(pk)
    oldest = SoftwareAuthenticator().create(_options(pk, token))
    newer = [SoftwareAuthenticator().create(_options(pk, token)) for _ in range(4)]
    # A fifth registration in progress evicts the user's own oldest (nobody else's).
    _refused(
        lambda: pk.idp.complete_web_authn_registration(AccessToken=token, Credential=oldest),
        "WebAuthnChallengeNotFoundException",
    )
    pk.idp.complete_web_authn_registration(AccessToken=token, Credential=newer[-1])
    ctx = cognito.service.context
    monkeypatch.setattr(ctx, "limits", dataclasses.replace(ctx.limits, registrations_per_pool=4))
    pk.cognito.create_user(pk.pool_id, "bob", PASSWORD)
    bob = _token(pk, "bob")
    _options(pk, bob)  # alice's 3 still waiting + this one: the pool's share of 4 is full
    _refused(lambda: _options(pk, bob), "TooManyRequestsException")


def test_the_admin_pair_signs_in_with_a_passkey_too(pk: Env, alice: SoftwareAuthenticator) -> None:
    first = pk.idp.admin_initiate_auth(
        UserPoolId=pk.pool_id,
        ClientId=pk.app.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    answer = {"USERNAME": "alice", "CREDENTIAL": json.dumps(alice.get(_request(first)))}
    # begun through the Admin pair: the public RespondToAuthChallenge may not finish it
    _refused(
        lambda: pk.idp.respond_to_auth_challenge(
            ClientId=pk.app.client_id,
            ChallengeName="WEB_AUTHN",
            Session=first["Session"],
            ChallengeResponses=answer,
        ),
        "NotAuthorizedException",
    )
    again = pk.idp.admin_initiate_auth(
        UserPoolId=pk.pool_id,
        ClientId=pk.app.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    done = pk.idp.admin_respond_to_auth_challenge(
        UserPoolId=pk.pool_id,
        ClientId=pk.app.client_id,
        ChallengeName="WEB_AUTHN",
        Session=again["Session"],
        ChallengeResponses={
            "USERNAME": "alice",
            "CREDENTIAL": json.dumps(alice.get(_request(again))),
        },
    )
    assert "IdToken" in done["AuthenticationResult"]


def test_a_passkey_is_the_whole_proof_no_mfa_follows(pk: Env) -> None:
    """Cognito's SINGLE_FACTOR passkeys (WebAuthnConfiguration.FactorConfiguration's default):
    the password path asks for the user's SMS code, the passkey path does not."""
    pk.cognito.create_user(
        pk.pool_id, "mo", PASSWORD, attributes={"phone_number": "+15555550100"}, mfa=("SMS_MFA",)
    )
    params = {"USERNAME": "mo", "PASSWORD": PASSWORD}
    first = pk.idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH", ClientId=pk.app.client_id, AuthParameters=params
    )
    assert first["ChallengeName"] == "SMS_MFA"
    tokens = pk.idp.respond_to_auth_challenge(
        ClientId=pk.app.client_id,
        ChallengeName="SMS_MFA",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "mo", "SMS_MFA_CODE": "123456"},
    )["AuthenticationResult"]
    authenticator = SoftwareAuthenticator()
    _register(pk, authenticator, tokens["AccessToken"])
    start = _start_sign_in(pk, "mo")
    done = _answer(pk, start, authenticator.get(_request(start)), "mo")
    assert "ChallengeName" not in done and "AccessToken" in done["AuthenticationResult"]


def test_racing_clones_with_one_counter_value_get_one_sign_in(
    pk: Env,
    alice: SoftwareAuthenticator,
    tmp_path: Path,
    cognito: LocalCognito,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The counter is checked and advanced in one repository transaction: of eight copies of
    one authenticator answering at once (all with counter 1), exactly one signs in. Reading a
    passkey is slowed down so that, without the transaction, the answers would interleave."""
    repo = cognito.service.context.repo
    read = repo.passkey

    def slow_read(pool_id: str, credential_id: str) -> Any:
        found = read(pool_id, credential_id)
        time.sleep(0.05)
        return found

    monkeypatch.setattr(repo, "passkey", slow_read)
    alice.save(tmp_path / "a.json")
    clones = [SoftwareAuthenticator.load(tmp_path / "a.json") for _ in range(8)]
    starts = [_start_sign_in(pk) for _ in clones]
    answers = [clone.get(_request(s)) for clone, s in zip(clones, starts, strict=True)]
    clients = [pk.cognito.boto3_client() for _ in clones]
    barrier = threading.Barrier(len(clones))

    def answer(index: int) -> str:
        barrier.wait()
        try:
            clients[index].respond_to_auth_challenge(
                ClientId=pk.app.client_id,
                ChallengeName="WEB_AUTHN",
                Session=starts[index]["Session"],
                ChallengeResponses={"USERNAME": "alice", "CREDENTIAL": json.dumps(answers[index])},
            )
        except ClientError as exc:
            return str(exc.response["Error"]["Code"])
        return "signed in"

    with ThreadPoolExecutor(len(clones)) as pool:
        outcomes = sorted(pool.map(answer, range(len(clones))))
    assert outcomes == ["NotAuthorizedException"] * 7 + ["signed in"]
