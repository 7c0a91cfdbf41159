"""Properties over HTTP: any username and password sign in, and any other password does not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srpcore import UserSRP
from srpcore.local import LocalCognito

# Text Cognito could carry: any code point but surrogates (not UTF-8) and NUL.
TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=40,
)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[LocalCognito, Any, str, str]]:
    with LocalCognito() as cognito:
        pool = cognito.create_user_pool("props", password_min_length=1)
        app = cognito.create_client(pool.id, generate_secret=True)
        assert app.client_secret is not None
        yield cognito, cognito.boto3_client(), pool.id, app.client_id


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(username=TEXT, password=TEXT, other=TEXT)
def test_the_password_and_only_the_password_signs_in(
    endpoint: tuple[LocalCognito, Any, str, str], username: str, password: str, other: str
) -> None:
    cognito, idp, pool_id, client_id = endpoint
    client = cognito.service.context.repo.client(client_id)
    assert client is not None
    secret = client.secret
    if cognito.service.context.repo.user(pool_id, username) is None:
        cognito.create_user(pool_id, username, password)
    else:  # hypothesis may draw a name again
        cognito.set_user_password(pool_id, username, password)

    def attempt(candidate: str) -> bool:
        srp = UserSRP(
            pool_id=pool_id,
            username=username,
            password=candidate,
            client_id=client_id,
            client_secret=secret,
        )
        first = idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH", ClientId=client_id, AuthParameters=srp.auth_parameters()
        )
        assert first["ChallengeParameters"]["USER_ID_FOR_SRP"] == username
        try:
            idp.respond_to_auth_challenge(
                ClientId=client_id,
                ChallengeName="PASSWORD_VERIFIER",
                ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
            )
        except idp.exceptions.NotAuthorizedException:
            return False
        return True

    assert attempt(password)
    assert attempt(other) is (other == password)
