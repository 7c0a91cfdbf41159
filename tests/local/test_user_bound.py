"""SignUp lets anyone holding a client id create users, so the users of a pool are bounded
(``Limits.users_per_pool``) in memory and in SQLite: past the bound SignUp and
AdminCreateUser are refused with LimitExceededException (an error botocore's model lists for
both), nothing is stored or sent, and another pool is unaffected. A full code store refuses
SignUp before the user is stored."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from srpcore.local import LocalCognito
from srpcore.local.codes import AccountCodes

from .conftest import ALL_FLOWS, PASSWORD


def _sign_up(idp: Any, client_id: str, username: str) -> Any:
    return idp.sign_up(
        ClientId=client_id,
        Username=username,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )


@pytest.mark.parametrize("storage", ["memory", "sqlite"])
def test_sign_up_stops_at_the_pools_bound(tmp_path: Path, storage: str) -> None:
    data = tmp_path / "state.db" if storage == "sqlite" else None
    with LocalCognito(data=data) as cognito:
        ctx = cognito.service.context
        ctx.limits = dataclasses.replace(ctx.limits, users_per_pool=3)
        idp = cognito.boto3_client()
        full = cognito.create_user_pool("full", auto_verified_attributes=("email",))
        other = cognito.create_user_pool("other", auto_verified_attributes=("email",))
        client = cognito.create_client(full.id, explicit_auth_flows=ALL_FLOWS).client_id
        other_client = cognito.create_client(other.id, explicit_auth_flows=ALL_FLOWS).client_id
        cognito.create_user(full.id, "admin-made", PASSWORD)
        for name in ("u1", "u2"):
            _sign_up(idp, client, name)
        with pytest.raises(idp.exceptions.LimitExceededException):
            _sign_up(idp, client, "u3")
        with pytest.raises(idp.exceptions.LimitExceededException):
            idp.admin_create_user(UserPoolId=full.id, Username="u4")
        for name in ("u3", "u4"):
            with pytest.raises(idp.exceptions.UserNotFoundException):
                idp.admin_get_user(UserPoolId=full.id, Username=name)
        assert cognito.messages(full.id, "u3") == []
        assert _sign_up(idp, other_client, "u3")["UserConfirmed"] is False


def test_a_full_code_store_refuses_sign_up_before_the_user_is_made() -> None:
    """SignUp stores the user, then its confirmation code: when the pool's share of the code
    store is full it must be refused whole (TooManyRequestsException, a SignUp error in
    botocore's model), not leave an UNCONFIRMED user no code was ever sent to."""
    with LocalCognito() as cognito:
        ctx = cognito.service.context
        ctx.account_codes = AccountCodes(ctx.now, max_entries=16)  # 2 sign-up codes a pool
        idp = cognito.boto3_client()
        pool = cognito.create_user_pool("codes", auto_verified_attributes=("email",))
        client = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS).client_id
        for name in ("u1", "u2"):
            _sign_up(idp, client, name)
        with pytest.raises(idp.exceptions.TooManyRequestsException):
            _sign_up(idp, client, "u3")
        with pytest.raises(idp.exceptions.UserNotFoundException):
            idp.admin_get_user(UserPoolId=pool.id, Username="u3")


@pytest.mark.parametrize("storage", ["memory", "sqlite"])
def test_user_pools_and_app_clients_stop_at_their_bounds(tmp_path: Path, storage: str) -> None:
    """CreateUserPool and CreateUserPoolClient are bounded too (see ``Limits``); past the
    bound: LimitExceededException, which the model lists for both, and nothing stored."""
    data = tmp_path / "state.db" if storage == "sqlite" else None
    with LocalCognito(data=data) as cognito:
        ctx = cognito.service.context
        ctx.limits = dataclasses.replace(ctx.limits, user_pools=2, clients_per_pool=2)
        idp = cognito.boto3_client()
        pools = [idp.create_user_pool(PoolName=f"p{i}")["UserPool"]["Id"] for i in range(2)]
        with pytest.raises(idp.exceptions.LimitExceededException):
            idp.create_user_pool(PoolName="one too many")
        assert len(ctx.repo.pool_ids()) == 2  # nothing stored
        for name in ("a", "b"):
            idp.create_user_pool_client(UserPoolId=pools[0], ClientName=name)
        with pytest.raises(idp.exceptions.LimitExceededException):
            idp.create_user_pool_client(UserPoolId=pools[0], ClientName="c")
        assert len(ctx.repo.client_ids(pools[0])) == 2
        assert idp.create_user_pool_client(UserPoolId=pools[1], ClientName="c")  # its own share


def _flooded(max_entries: int) -> tuple[LocalCognito, Any, str, str]:
    """An endpoint whose code store has room for ``max_entries // 8`` sign-up codes a pool."""
    cognito = LocalCognito().start()
    ctx = cognito.service.context
    ctx.account_codes = AccountCodes(ctx.now, max_entries=max_entries)
    pool = cognito.create_user_pool("flood", auto_verified_attributes=("email",))
    client = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS).client_id
    return cognito, cognito.boto3_client(), pool.id, client


def test_a_sign_up_flood_leaves_the_reset_codes_room() -> None:
    """The flood fills the pool's sign-up share (then SignUp is refused, whole), but a user
    already there still gets a reset code, and one who signed up before it a new code."""
    cognito, idp, pool_id, client = _flooded(32)  # 4 sign-up codes, 4 reset codes
    try:
        cognito.create_user(
            pool_id,
            "bob",
            PASSWORD,
            attributes={"email": "bob@example.org", "email_verified": "true"},
        )
        _sign_up(idp, client, "early")
        for i in range(3):
            _sign_up(idp, client, f"flood{i}")
        with pytest.raises(idp.exceptions.TooManyRequestsException):
            _sign_up(idp, client, "flood3")
        assert idp.forgot_password(ClientId=client, Username="bob")["CodeDeliveryDetails"]
        assert cognito.messages(pool_id, "bob")[-1].kind == "FORGOT_PASSWORD"
        idp.resend_confirmation_code(ClientId=client, Username="early")
        code = cognito.messages(pool_id, "early")[-1].code
        idp.confirm_sign_up(ClientId=client, Username="early", ConfirmationCode=code)
    finally:
        cognito.stop()


def test_a_flood_to_one_address_replaces_only_its_own_codes() -> None:
    """Sign-ups that all name one address keep at most five codes for it, so the share stays
    open to every other address; the flood's oldest code is the one replaced."""
    cognito, idp, pool_id, client = _flooded(80)  # 10 sign-up codes a pool

    def sign_up(name: str, email: str) -> None:
        idp.sign_up(
            ClientId=client,
            Username=name,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": email}],
        )

    try:
        for i in range(30):
            sign_up(f"flood{i}", "Victim@example.com" if i % 2 else "victim@example.com")
        sign_up("carol", "carol@example.com")
        code = cognito.messages(pool_id, "carol")[-1].code
        idp.confirm_sign_up(ClientId=client, Username="carol", ConfirmationCode=code)
        oldest = cognito.messages(pool_id, "flood0")[-1].code
        with pytest.raises(idp.exceptions.CodeMismatchException):  # replaced, so no longer kept
            idp.confirm_sign_up(ClientId=client, Username="flood0", ConfirmationCode=oldest)
        newest = cognito.messages(pool_id, "flood29")[-1].code
        idp.confirm_sign_up(ClientId=client, Username="flood29", ConfirmationCode=newest)
    finally:
        cognito.stop()
