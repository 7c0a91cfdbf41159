"""USER_AUTH's new factors through the async drivers (aiobotocore) over real HTTP.

The same proofs as test_user_auth_e2e.py / test_user_auth_passkey_e2e.py, on the other
driver: an EMAIL_OTP code read from the endpoint's outbox, a wrong one refused with the
service's CodeMismatchException, ConfirmSignUp's Session signing in, and a passkey registered
with register_passkey_async (an async authenticator) then used by sign_in_async.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import pytest
from aiobotocore.session import get_session

import srpcore
from srpcore.drivers.aio import respond_async, sign_in_async
from srpcore.errors import ServiceError
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS
from srpcore.signin import Challenge, Tokens
from srpcore.testing import SoftwareAuthenticator

PASSWORD = "correct horse battery staple"
T = TypeVar("T")


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@asynccontextmanager
async def _aio_client(cognito: LocalCognito) -> AsyncIterator[Any]:
    async with get_session().create_client(
        "cognito-idp",
        region_name=cognito.region,
        endpoint_url=cognito.endpoint_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    ) as client:
        yield client


def _run(cognito: LocalCognito, body: Callable[[Any], Awaitable[T]]) -> T:
    async def main() -> T:
        async with _aio_client(cognito) as client:
            return await body(client)

    return asyncio.run(main())


def _pool(cognito: LocalCognito, factors: tuple[str, ...]) -> dict[str, Any]:
    pool = cognito.create_user_pool(
        "async-user-auth", first_factors=factors, auto_verified_attributes=("email",)
    )
    app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=ALL_FLOWS)
    attributes = {"email": "alice@example.com", "email_verified": "true"}
    cognito.create_user(pool.id, "alice", PASSWORD, attributes=attributes)
    return {
        "pool_id": pool.id,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "username": "alice",
        "flow": "USER_AUTH",
    }


def _last_code(cognito: LocalCognito, pool_id: str, username: str = "alice") -> str:
    messages = cognito.messages(pool_id=pool_id, username=username)
    assert messages, "the endpoint sent no code"
    return messages[-1].code


def test_an_email_code_wrong_then_right(cognito: LocalCognito) -> None:
    pool = _pool(cognito, ("PASSWORD", "EMAIL_OTP"))

    async def body(client: Any) -> Tokens | Challenge:
        step = await sign_in_async(client, **pool, preferred_challenge="EMAIL_OTP")
        assert isinstance(step, Challenge) and step.name == "EMAIL_OTP"
        assert step.delivery_medium == "EMAIL"
        code = _last_code(cognito, pool["pool_id"])
        wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)
        with pytest.raises(ServiceError) as caught:
            await respond_async(client, step, wrong)
        assert caught.value.code == "CodeMismatchException"
        return await respond_async(client, step, code)

    tokens = _run(cognito, body)
    assert isinstance(tokens, Tokens) and tokens.username == "alice"


def test_sign_up_then_sign_in_with_the_session(cognito: LocalCognito) -> None:
    pool = _pool(cognito, ("PASSWORD", "EMAIL_OTP"))
    digest = srpcore.secret_hash("bob", pool["client_id"], pool["client_secret"])
    common = {"ClientId": pool["client_id"], "SecretHash": digest, "Username": "bob"}

    async def body(client: Any) -> Tokens | Challenge:
        signed = await client.sign_up(
            **common,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
        )
        confirmed = await client.confirm_sign_up(
            **common,
            ConfirmationCode=_last_code(cognito, pool["pool_id"], "bob"),
            Session=signed["Session"],
        )
        return await sign_in_async(
            client, **{**pool, "username": "bob"}, session=confirmed["Session"]
        )

    tokens = _run(cognito, body)
    assert isinstance(tokens, Tokens) and tokens.username == "bob"


def test_a_passkey_registered_and_used_asynchronously(cognito: LocalCognito) -> None:
    pool = _pool(cognito, ("PASSWORD", "WEB_AUTHN"))
    authenticator = SoftwareAuthenticator()

    async def create(options: dict[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(0)  # a coroutine authenticator, as a browser bridge would be
        return authenticator.create(options)

    async def body(client: Any) -> Tokens | Challenge:
        await client.set_user_pool_mfa_config(
            UserPoolId=pool["pool_id"],
            WebAuthnConfiguration={"RelyingPartyId": "auth.example.com"},
        )
        first = await sign_in_async(client, **{**pool, "flow": "USER_SRP_AUTH"}, password=PASSWORD)
        assert isinstance(first, Tokens)
        await srpcore.register_passkey_async(
            client, access_token=first.access_token, authenticator=create
        )
        listed = await srpcore.list_passkeys_async(client, access_token=first.access_token)
        assert [p.relying_party_id for p in listed] == ["auth.example.com"]
        return await sign_in_async(
            client, **pool, preferred_challenge="WEB_AUTHN", authenticator=authenticator.get
        )

    tokens = _run(cognito, body)
    assert isinstance(tokens, Tokens) and tokens.username == "alice"
    assert authenticator.credentials[0].sign_count == 1
