"""With PreventUserExistenceErrors an unknown user is indistinguishable from a real one with a
wrong password: the same challenge shapes, stable salts, the same work, the same refusal
(issue 8, item 7). Work is counted in exponentiations, not timed."""

from __future__ import annotations

import base64
import re
from collections import Counter
from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.core.engine import Engine
from srpcore.local import ClientInfo, LocalCognito

from .conftest import ALL_FLOWS, PASSWORD

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


class CountingEngine:
    """The endpoint's engine, counting every modular exponentiation it is asked for."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def powmod(self, base: int, exp: int, mod: int) -> int:
        self.calls["powmod"] += 1
        return self.inner.powmod(base, exp, mod)

    def pow_g(self, group: Any, exp: int) -> int:
        self.calls["pow_g"] += 1
        return self.inner.pow_g(group, exp)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _setup(cognito: LocalCognito, **pool: Any) -> tuple[str, ClientInfo, str]:
    created = cognito.create_user_pool("hidden", **pool)
    app = cognito.create_client(
        created.id, explicit_auth_flows=ALL_FLOWS, prevent_user_existence_errors=True
    )
    name = "alice@example.com" if pool.get("username_attributes") else "alice"
    cognito.create_user(created.id, name, PASSWORD)
    return created.id, app, name


def _initiate(idp: Any, pool_id: str, app: ClientInfo, username: str) -> tuple[UserSRP, Any]:
    srp = UserSRP(pool_id=pool_id, username=username, password="not the password")
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )
    return srp, first


def _shape(params: dict[str, str]) -> dict[str, Any]:
    """What may be learnt from a challenge without knowing the password."""
    salt, block = params["SALT"], params["SECRET_BLOCK"]
    return {
        "keys": sorted(params),
        "salt": (len(salt), salt == salt.lower(), int(salt, 16).bit_length() > 120),
        "srp_b": (len(params["SRP_B"]) > 760, params["SRP_B"] == params["SRP_B"].lower()),
        "block": (len(block), len(base64.b64decode(block, validate=True))),
        "uuid": bool(UUID.fullmatch(params["USER_ID_FOR_SRP"])),
        "same_name": params["USERNAME"] == params["USER_ID_FOR_SRP"],
    }


@pytest.mark.parametrize("pool", [{}, {"username_attributes": ["email"]}], ids=["plain", "email"])
def test_an_unknown_users_challenge_looks_like_a_real_users(
    cognito: LocalCognito, idp: Any, pool: dict[str, Any]
) -> None:
    pool_id, app, real = _setup(cognito, **pool)
    unknown = "nobody@example.com" if pool else "nobody"
    real_params = _initiate(idp, pool_id, app, real)[1]["ChallengeParameters"]
    fake_params = _initiate(idp, pool_id, app, unknown)[1]["ChallengeParameters"]
    assert _shape(fake_params) == _shape(real_params)
    if pool:  # real users of a username-attribute pool have UUID internal names
        assert UUID.fullmatch(real_params["USER_ID_FOR_SRP"])
    else:  # in a plain pool, the typed name comes back
        assert (real_params["USER_ID_FOR_SRP"], fake_params["USER_ID_FOR_SRP"]) == (real, unknown)
    again = _initiate(idp, pool_id, app, unknown)[1]["ChallengeParameters"]
    assert again["SALT"] == fake_params["SALT"]  # stable, like a stored salt
    assert again["USER_ID_FOR_SRP"] == fake_params["USER_ID_FOR_SRP"]
    assert again["SRP_B"] != fake_params["SRP_B"]  # fresh, like a real challenge
    other = _initiate(idp, pool_id, app, "x" + unknown)[1]["ChallengeParameters"]
    assert other["SALT"] != fake_params["SALT"]


def _attempt(idp: Any, pool_id: str, app: ClientInfo, username: str) -> tuple[str, str]:
    srp, first = _initiate(idp, pool_id, app, username)
    params = first["ChallengeParameters"]
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.respond_to_auth_challenge(
            ClientId=app.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=srp.answer_password_verifier(params),
        )
    error = info.value.response["Error"]
    return error["Code"], error["Message"]


def test_an_unknown_user_costs_the_same_exponentiations(
    cognito: LocalCognito, idp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool_id, app, real = _setup(cognito)
    counting = CountingEngine(cognito.service.context.engine)
    monkeypatch.setattr(cognito.service.context, "engine", counting)
    refusals, work = [], []
    for username in (real, "nobody"):
        counting.calls.clear()
        refusals.append(_attempt(idp, pool_id, app, username))
        work.append(dict(counting.calls))
    assert (
        refusals[0] == refusals[1] == ("NotAuthorizedException", "Incorrect username or password.")
    )
    assert work[0] == work[1]
    assert work[0]["powmod"] >= 2  # the proof check (A * v^u)^b really ran for both


def test_plain_password_sign_in_costs_the_same_for_an_unknown_user(
    cognito: LocalCognito, idp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, app, real = _setup(cognito)
    counting = CountingEngine(cognito.service.context.engine)
    monkeypatch.setattr(cognito.service.context, "engine", counting)
    refusals, work = [], []
    for username in (real, "nobody"):
        counting.calls.clear()
        with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
            idp.initiate_auth(
                AuthFlow="USER_PASSWORD_AUTH",
                ClientId=app.client_id,
                AuthParameters={"USERNAME": username, "PASSWORD": "not the password"},
            )
        refusals.append(info.value.response["Error"]["Message"])
        work.append(dict(counting.calls))
    assert refusals[0] == refusals[1]
    assert work[0] == work[1] and work[0]["pow_g"] >= 1
