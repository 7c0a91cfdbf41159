"""srpcore.register_passkey / list_passkeys / delete_passkey, sync (boto3) and async
(aiobotocore), over HTTP against the local endpoint; refusals are typed ServiceErrors."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from aiobotocore.session import get_session

import srpcore
from srpcore.errors import InvalidParameterError, ProtocolError, ServiceError
from srpcore.local import LocalCognito
from srpcore.testing import SoftwareAuthenticator

PASSWORD = "correct horse battery staple"
RP_ID = "app.example.net"


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


def _access_token(cognito: LocalCognito) -> tuple[Any, str]:
    """A fresh pool with passkeys on, and alice's access token."""
    idp = cognito.boto3_client()
    pool = cognito.create_user_pool("pk", first_factors=("PASSWORD", "WEB_AUTHN"))
    app = cognito.create_client(pool.id, explicit_auth_flows=["ALLOW_USER_PASSWORD_AUTH"])
    cognito.create_user(pool.id, "alice", PASSWORD)
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        WebAuthnConfiguration={"RelyingPartyId": RP_ID, "UserVerification": "preferred"},
    )
    result = idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=app.client_id,
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    return idp, str(result["AuthenticationResult"]["AccessToken"])


def test_register_list_and_delete(cognito: LocalCognito) -> None:
    idp, token = _access_token(cognito)
    authenticator = SoftwareAuthenticator()
    before = datetime.now(timezone.utc) - timedelta(seconds=5)
    first = srpcore.register_passkey(idp, access_token=token, authenticator=authenticator.create)
    with pytest.raises(InvalidParameterError, match="excluded"):  # WebAuthn's excludeCredentials
        srpcore.register_passkey(idp, access_token=token, authenticator=authenticator.create)
    other = SoftwareAuthenticator()
    second = srpcore.register_passkey(idp, access_token=token, authenticator=other.create)
    assert first.credential_id != second.credential_id
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.credential_id = "x"  # type: ignore[misc]
    listed = srpcore.list_passkeys(idp, access_token=token)
    assert [p.credential_id for p in listed] == [first.credential_id, second.credential_id]
    assert all(p.relying_party_id == RP_ID and p.attachment == "platform" for p in listed)
    assert listed[0].created_at >= before
    srpcore.delete_passkey(idp, access_token=token, credential_id=first.credential_id)
    assert [p.credential_id for p in srpcore.list_passkeys(idp, access_token=token)] == [
        second.credential_id
    ]
    with pytest.raises(ServiceError) as caught:
        srpcore.delete_passkey(idp, access_token=token, credential_id=first.credential_id)
    assert caught.value.code == "ResourceNotFoundException"
    assert caught.value.step == "DeleteWebAuthnCredential"


def test_list_follows_every_page(cognito: LocalCognito) -> None:
    idp, token = _access_token(cognito)
    made = [
        srpcore.register_passkey(
            idp, access_token=token, authenticator=SoftwareAuthenticator().create
        ).credential_id
        for _ in range(3)
    ]
    calls: list[dict[str, Any]] = []

    class Paging:
        """The real client, asked for one passkey per page."""

        def list_web_authn_credentials(self, **kwargs: Any) -> Any:
            calls.append(kwargs)
            return idp.list_web_authn_credentials(**{**kwargs, "MaxResults": 1})

    assert [p.credential_id for p in srpcore.list_passkeys(Paging(), access_token=token)] == made
    assert len(calls) == 3 and "NextToken" not in calls[0] and "NextToken" in calls[2]


def test_a_refused_registration_is_a_service_error_naming_the_step(cognito: LocalCognito) -> None:
    idp, token = _access_token(cognito)
    authenticator = SoftwareAuthenticator()

    def elsewhere(options: dict[str, Any]) -> dict[str, Any]:
        return authenticator.create(options, origin="https://phish.example")

    with pytest.raises(ServiceError) as caught:
        srpcore.register_passkey(idp, access_token=token, authenticator=elsewhere)
    assert caught.value.code == "WebAuthnOriginNotAllowedException"
    assert caught.value.step == "CompleteWebAuthnRegistration"
    assert srpcore.list_passkeys(idp, access_token=token) == []


def test_an_authenticator_that_returns_no_credential_is_refused_before_the_call(
    cognito: LocalCognito,
) -> None:
    idp, token = _access_token(cognito)
    with pytest.raises(InvalidParameterError, match="RegistrationResponseJSON"):
        srpcore.register_passkey(idp, access_token=token, authenticator=lambda options: {})


def test_async_register_list_and_delete(cognito: LocalCognito) -> None:
    _, token = _access_token(cognito)
    authenticator = SoftwareAuthenticator(attestation="packed")

    async def create(options: dict[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(0)
        return authenticator.create(options)

    async def main() -> tuple[list[str], list[str]]:
        async with get_session().create_client(
            "cognito-idp",
            region_name=cognito.region,
            endpoint_url=cognito.endpoint_url,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        ) as client:
            one = await srpcore.register_passkey_async(
                client, access_token=token, authenticator=create
            )
            two = await srpcore.register_passkey_async(
                client, access_token=token, authenticator=SoftwareAuthenticator().create
            )
            listed = await srpcore.list_passkeys_async(client, access_token=token)
            await srpcore.delete_passkey_async(
                client, access_token=token, credential_id=one.credential_id
            )
            left = await srpcore.list_passkeys_async(client, access_token=token)
            made = [one.credential_id, two.credential_id]
            assert [p.credential_id for p in listed] == made
            return made, [p.credential_id for p in left]

    made, left = asyncio.run(main())
    assert left == made[1:]


@pytest.mark.parametrize(
    "name",
    [
        "PasskeyInfo",
        "RegisteredPasskey",
        "delete_passkey",
        "delete_passkey_async",
        "list_passkeys",
        "list_passkeys_async",
        "register_passkey",
        "register_passkey_async",
    ],
)
def test_the_passkey_names_are_public(name: str) -> None:
    from srpcore.drivers import passkeys  # noqa: PLC0415

    assert getattr(srpcore, name) is getattr(passkeys, name)
    assert name in srpcore.__all__


@pytest.mark.parametrize("created", [True, 10**20, "yesterday", None])
def test_a_hostile_created_at_is_a_protocol_error(created: object) -> None:
    """CreatedAt is read as every date of the service is (srpcore.signin.shape.wire_date): a
    bool is not a time, an out-of-range number is not an OverflowError, a missing one is said."""
    item: dict[str, Any] = {"CredentialId": "c1", "CreatedAt": created}
    with pytest.raises(ProtocolError, match="CreatedAt") as caught:
        srpcore.list_passkeys(_Pages({"Credentials": [item]}), access_token="a.b.c")
    assert caught.value.step == "ListWebAuthnCredentials"


class _Pages:
    """A client whose ListWebAuthnCredentials answers the same page every time."""

    def __init__(self, page: dict[str, Any]) -> None:
        self.page, self.calls = page, 0

    def list_web_authn_credentials(self, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        return self.page


def test_a_looping_next_token_is_refused_at_its_first_repeat() -> None:
    client = _Pages({"Credentials": [], "NextToken": "same"})
    with pytest.raises(ProtocolError, match="already sent") as caught:
        srpcore.list_passkeys(client, access_token="a.b.c")
    assert caught.value.step == "ListWebAuthnCredentials" and client.calls == 2


def test_a_listing_that_never_ends_stops_at_the_page_bound() -> None:
    from srpcore.drivers.passkeys import MAX_PAGES  # noqa: PLC0415

    class Endless(_Pages):
        def list_web_authn_credentials(self, **kwargs: Any) -> dict[str, Any]:
            self.calls += 1
            return {"Credentials": [], "NextToken": f"t{self.calls}"}

    client = Endless({})
    with pytest.raises(ProtocolError, match=f"did not end within {MAX_PAGES} pages"):
        asyncio.run(_list_async(client))
    assert client.calls == MAX_PAGES == 100


async def _list_async(client: Any) -> Any:
    class Awaiting:
        async def list_web_authn_credentials(self, **kwargs: Any) -> dict[str, Any]:
            return client.list_web_authn_credentials(**kwargs)  # type: ignore[no-any-return]

    return await srpcore.list_passkeys_async(Awaiting(), access_token="a.b.c")
