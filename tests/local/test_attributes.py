"""Users write only writable schema attributes; no path lets anyone plant a computed claim.

NEW_PASSWORD_REQUIRED's ``userAttributes.*`` and AdminCreateUser's UserAttributes are checked
against the pool's schema before anything is stored (issue 8, item 9).
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import jwt
import pytest

from srpcore.local.repository import find_user

from .conftest import Env

COMPUTED = [
    "sub",
    "email_verified",
    "phone_number_verified",
    "cognito:groups",
    "cognito:username",
    "cognito:roles",
    "iss",
    "aud",
    "exp",
    "iat",
    "nbf",
    "auth_time",
    "token_use",
    "event_id",
    "origin_jti",
    "jti",
]
NOT_IN_SCHEMA = ["custom:undeclared", "favourite_colour", "USERNAME", ""]
_names = itertools.count()


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def _new_password_step(env: Env) -> tuple[str, Any]:
    username = f"temp{next(_names)}"
    env.cognito.create_user(env.pool_id, username, "temporary-1", temporary=True)
    srp = env.srp(username=username, password="temporary-1")
    second = env.respond(srp.answer_password_verifier(env.initiate(srp)["ChallengeParameters"]))
    assert second["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    return username, second


def _answer(env: Env, username: str, step: Any, **attributes: str) -> Any:
    responses = {"USERNAME": username, "NEW_PASSWORD": "brand-new-password"}
    responses.update({f"userAttributes.{k}": v for k, v in attributes.items()})
    return env.respond(responses, ChallengeName="NEW_PASSWORD_REQUIRED", Session=step["Session"])


@pytest.mark.parametrize("name", COMPUTED + NOT_IN_SCHEMA)
def test_new_password_required_refuses_what_a_user_may_not_write(new_env: Any, name: str) -> None:
    env = new_env(required_attributes=["name"])
    username, step = _new_password_step(env)
    user = env.cognito.service.context.repo.user(env.pool_id, username)
    before = dict(user.attributes)
    with pytest.raises(env.idp.exceptions.InvalidParameterException) as info:
        _answer(env, username, step, name="Tom", **{name: "true"})
    assert "schema" in str(info.value) or "sub" in str(info.value)
    after = env.cognito.service.context.repo.user(env.pool_id, username)
    assert after.attributes == before and after.status == "FORCE_CHANGE_PASSWORD"  # unchanged
    username, step = _new_password_step(env)
    done = _answer(env, username, step, name="Tom")["AuthenticationResult"]
    claims = _claims(done["IdToken"])
    assert claims["name"] == "Tom"
    if name in claims:  # a claim Cognito computes: ours, never the user's "true"
        assert claims[name] != "true"
    assert "email_verified" not in claims and "cognito:groups" not in claims


def test_a_legitimate_required_attribute_and_a_declared_custom_one_are_accepted(
    env: Env,
) -> None:
    pool = env.idp.create_user_pool(
        PoolName="schema",
        Schema=[
            {"Name": "name", "AttributeDataType": "String", "Required": True},
            {"Name": "team", "AttributeDataType": "String"},
        ],
    )["UserPool"]
    app = env.cognito.create_client(pool["Id"], explicit_auth_flows=["ALLOW_USER_SRP_AUTH"])
    other = Env(env.cognito, env.idp, pool["Id"], app, app)
    username, step = _new_password_step(other)
    done = _answer(other, username, step, name="Tom", **{"custom:team": "blue"})
    claims = _claims(done["AuthenticationResult"]["IdToken"])
    assert claims["name"] == "Tom" and claims["custom:team"] == "blue"


def test_a_user_cannot_take_another_users_sign_in_alias(new_env: Any) -> None:
    env = new_env(alias_attributes=["email"])
    username, step = _new_password_step(env)
    with pytest.raises(env.idp.exceptions.AliasExistsException):
        _answer(env, username, step, email="alice@example.com")
    context = env.cognito.service.context
    holder = find_user(context.repo, context.pool(env.pool_id), "alice@example.com")
    assert holder is not None and holder.username == "alice"


def _admin_create(env: Env, username: str, attributes: dict[str, str]) -> Any:
    return env.idp.admin_create_user(
        UserPoolId=env.pool_id,
        Username=username,
        TemporaryPassword="temporary-1",
        UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()],
    )


@pytest.mark.parametrize("name", ["sub", "cognito:groups", "nbf", "iss", "custom:undeclared"])
def test_admin_create_user_refuses_computed_claims(env: Env, name: str) -> None:
    with pytest.raises(env.idp.exceptions.InvalidParameterException):
        _admin_create(env, f"adm{next(_names)}", {"email": "x@example.com", name: "x"})
    assert env.cognito.service.context.repo.user_count(env.pool_id) == 1  # only alice


def test_an_admin_may_set_the_verified_flags(env: Env) -> None:
    username = f"adm{next(_names)}"
    _admin_create(env, username, {"email": "v@example.com", "email_verified": "true"})
    env.cognito.set_user_password(env.pool_id, username, "permanent-password-1")
    claims = _claims(env.sign_in(username=username, password="permanent-password-1")["IdToken"])
    assert claims["email_verified"] is True


def test_stored_non_attributes_never_reach_the_id_token(env: Env) -> None:
    """Defence in depth: even a record holding a claim-like key does not leak it."""
    repo = env.cognito.service.context.repo
    user = repo.user(env.pool_id, "alice")
    assert user is not None
    planted = {**user.attributes, "cognito:groups": "admins", "nbf": "0"}
    repo.put_user(env.pool_id, dataclasses.replace(user, attributes=planted))
    claims = _claims(env.sign_in()["IdToken"])
    assert "cognito:groups" not in claims and "nbf" not in claims
