"""SignUp lets anyone holding a client id create users, so the users of a pool are bounded
(``Limits.users_per_pool``) in memory and in SQLite: past the bound SignUp and
AdminCreateUser are refused with LimitExceededException (an error botocore's model lists for
both), nothing is stored or sent, and another pool is unaffected."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from srpcore.local import LocalCognito

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
