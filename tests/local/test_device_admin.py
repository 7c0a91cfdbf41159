"""ListDevices, GetDevice, ForgetDevice and the Admin forms, through boto3 over HTTP.

Expected shapes are Cognito's DeviceType (botocore's model: DeviceKey, DeviceAttributes,
three dates) and its documented attribute names (device_status "valid", device_name,
dev:device_remembered_status); "Device does not exist." is Cognito's wording for an unknown key.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srpcore import DeviceSecret, DeviceSRP
from srpcore.local import LocalCognito
from srpcore.local.context import Context
from srpcore.local.flow import _new_device
from srpcore.local.service import Service

from .conftest import ALL_FLOWS, PASSWORD, Env, FakeClock


def _remember(env: Env, name: str, username: str = "alice") -> tuple[DeviceSecret, str]:
    """A sign-in, and the device it handed out confirmed as ``name``; (secret, access token)."""
    tokens = env.sign_in(username=username)
    secret, _ = env.confirm_device(tokens, DeviceName=name)
    return secret, tokens["AccessToken"]


def _device_sign_in(env: Env, secret: DeviceSecret) -> Any:
    srp = env.srp(device_key=secret.device_key)
    first = env.initiate(srp)
    second = env.respond(srp.answer_password_verifier(first["ChallengeParameters"]))
    if second.get("ChallengeName") != "DEVICE_SRP_AUTH":
        return second
    device = DeviceSRP(
        device_group_key=secret.device_group_key,
        device_key=secret.device_key,
        device_password=secret.device_password,
    )
    third = env.respond(
        device.answer_device_srp_auth(second["ChallengeParameters"]),
        ChallengeName="DEVICE_SRP_AUTH",
        Session=second["Session"],
    )
    return env.respond(
        device.answer_device_password_verifier(third["ChallengeParameters"]),
        ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=third["Session"],
    )


def _attrs(device: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}


def _all_pages(idp: Any, token: str, limit: int) -> list[list[str]]:
    pages, kwargs = [], {"AccessToken": token, "Limit": limit}
    while True:
        page = idp.list_devices(**kwargs)
        pages.append([d["DeviceKey"] for d in page["Devices"]])
        if "PaginationToken" not in page:
            return pages
        kwargs["PaginationToken"] = page["PaginationToken"]


def test_list_pages_through_confirmed_devices_oldest_first(device_env: Env) -> None:
    secrets_ = [_remember(device_env, f"laptop {i}")[0] for i in range(5)]
    token = device_env.sign_in()["AccessToken"]  # hands out a sixth device, never confirmed
    keys = [s.device_key for s in secrets_]
    assert _all_pages(device_env.idp, token, 2) == [keys[0:2], keys[2:4], keys[4:5]]
    first = device_env.idp.list_devices(AccessToken=token, Limit=5)
    assert "PaginationToken" not in first
    device = first["Devices"][0]
    assert set(device) == {
        "DeviceKey",
        "DeviceAttributes",
        "DeviceCreateDate",
        "DeviceLastModifiedDate",
        "DeviceLastAuthenticatedDate",
    }
    attrs = _attrs(device)
    assert attrs["device_status"] == "valid"
    assert attrs["device_name"] == "laptop 0"
    assert attrs["dev:device_remembered_status"] == "remembered"
    assert isinstance(device["DeviceCreateDate"], datetime)  # botocore parsed a timestamp


def test_forgetting_between_pages_neither_repeats_nor_skips(device_env: Env) -> None:
    keys = []
    for i in range(4):
        secret, token = _remember(device_env, f"phone {i}")
        keys.append(secret.device_key)
    first = device_env.idp.list_devices(AccessToken=token, Limit=2)
    assert [d["DeviceKey"] for d in first["Devices"]] == keys[:2]
    device_env.idp.forget_device(AccessToken=token, DeviceKey=keys[1])  # the page's last one
    rest = device_env.idp.list_devices(
        AccessToken=token, Limit=2, PaginationToken=first["PaginationToken"]
    )
    assert [d["DeviceKey"] for d in rest["Devices"]] == keys[2:]


def test_pagination_token_is_bound_to_its_user_and_tamper_evident(device_env: Env) -> None:
    device_env.cognito.create_user(device_env.pool_id, "bob", PASSWORD)
    for i in range(3):
        _, token = _remember(device_env, f"tab {i}")
    _, bob_token = _remember(device_env, "bob's", username="bob")
    page_token = device_env.idp.list_devices(AccessToken=token, Limit=1)["PaginationToken"]
    assert "tab" not in page_token and device_env.pool_id not in page_token
    for bad, who in (
        (page_token, bob_token),
        (page_token[:-2] + ("AA" if page_token[-2:] != "AA" else "BB"), token),
        ("not-a-token", token),
    ):
        with pytest.raises(device_env.idp.exceptions.InvalidParameterException):
            device_env.idp.list_devices(AccessToken=who, PaginationToken=bad)
    with pytest.raises(device_env.idp.exceptions.InvalidParameterException):
        device_env.idp.list_devices(AccessToken=token, Limit=61)  # QueryLimitType max 60


def test_get_device_and_unknown_or_unconfirmed_keys(device_env: Env) -> None:
    secret, token = _remember(device_env, "desk")
    got = device_env.idp.get_device(AccessToken=token, DeviceKey=secret.device_key)["Device"]
    assert got["DeviceKey"] == secret.device_key and _attrs(got)["device_name"] == "desk"
    unconfirmed = device_env.sign_in()["NewDeviceMetadata"]["DeviceKey"]
    for key in (unconfirmed, "us-east-1_00000000-0000-4000-8000-000000000000"):
        with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException) as info:
            device_env.idp.get_device(AccessToken=token, DeviceKey=key)
        assert info.value.response["Error"]["Message"] == "Device does not exist."


def test_forgotten_device_is_refused_at_device_srp_auth(device_env: Env) -> None:
    secret, token = _remember(device_env, "old phone")
    assert "AuthenticationResult" in _device_sign_in(device_env, secret)  # works before
    device_env.idp.forget_device(AccessToken=token, DeviceKey=secret.device_key)
    with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException) as info:
        _device_sign_in(device_env, secret)
    assert info.value.response["Error"]["Message"] == "Device does not exist."
    with pytest.raises(device_env.idp.exceptions.ResourceNotFoundException):
        device_env.idp.forget_device(AccessToken=token, DeviceKey=secret.device_key)
    assert device_env.idp.list_devices(AccessToken=token)["Devices"] == []


def test_device_dates_follow_changes(device_env: Env, clock: FakeClock) -> None:
    secret, token = _remember(device_env, "watch")
    before = device_env.idp.get_device(AccessToken=token, DeviceKey=secret.device_key)["Device"]
    clock.advance(120)
    device_env.idp.update_device_status(
        AccessToken=token, DeviceKey=secret.device_key, DeviceRememberedStatus="remembered"
    )
    clock.advance(120)
    assert "AuthenticationResult" in _device_sign_in(device_env, secret)
    after = device_env.idp.get_device(AccessToken=token, DeviceKey=secret.device_key)["Device"]
    assert after["DeviceCreateDate"] == before["DeviceCreateDate"]
    modified = after["DeviceLastModifiedDate"] - before["DeviceLastModifiedDate"]
    authenticated = after["DeviceLastAuthenticatedDate"] - before["DeviceLastAuthenticatedDate"]
    # the clock runs on between the calls too: at least the jumps, and not a minute more
    assert 120 <= modified.total_seconds() < 180
    assert 240 <= authenticated.total_seconds() < 300


def test_admin_forms(device_env: Env) -> None:
    idp, pool_id = device_env.idp, device_env.pool_id
    secret, _ = _remember(device_env, "kiosk")
    _remember(device_env, "tablet")
    listed = idp.admin_list_devices(UserPoolId=pool_id, Username="alice", Limit=1)
    assert [d["DeviceKey"] for d in listed["Devices"]] == [secret.device_key]
    rest = idp.admin_list_devices(
        UserPoolId=pool_id, Username="alice", PaginationToken=listed["PaginationToken"]
    )
    assert [_attrs(d)["device_name"] for d in rest["Devices"]] == ["tablet"]
    got = idp.admin_get_device(UserPoolId=pool_id, Username="alice", DeviceKey=secret.device_key)[
        "Device"
    ]
    assert _attrs(got)["dev:device_remembered_status"] == "remembered"
    idp.admin_update_device_status(
        UserPoolId=pool_id,
        Username="alice",
        DeviceKey=secret.device_key,
        DeviceRememberedStatus="not_remembered",
    )
    got = idp.admin_get_device(UserPoolId=pool_id, Username="alice", DeviceKey=secret.device_key)
    assert _attrs(got["Device"])["dev:device_remembered_status"] == "not_remembered"
    # A device that is not remembered is not asked for: the sign-in ends after the password.
    assert "AuthenticationResult" in _device_sign_in(device_env, secret)
    idp.admin_forget_device(UserPoolId=pool_id, Username="alice", DeviceKey=secret.device_key)
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.admin_get_device(UserPoolId=pool_id, Username="alice", DeviceKey=secret.device_key)
    with pytest.raises(idp.exceptions.UserNotFoundException):
        idp.admin_list_devices(UserPoolId=pool_id, Username="nobody")


def test_devices_survive_a_restart_on_sqlite(tmp_path: Path) -> None:
    data = tmp_path / "cognito.sqlite3"
    with LocalCognito(data=data) as cognito:
        pool = cognito.create_user_pool("kept", device_tracking=True)
        app = cognito.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
        cognito.create_user(pool.id, "alice", PASSWORD)
        env = Env(cognito, cognito.boto3_client(), pool.id, app, app)
        kept, _ = _remember(env, "kept")
        gone, _ = _remember(env, "gone")
        env.idp.admin_forget_device(UserPoolId=pool.id, Username="alice", DeviceKey=gone.device_key)
    with LocalCognito(data=data) as cognito:
        idp = cognito.boto3_client()
        listed = idp.admin_list_devices(UserPoolId=pool.id, Username="alice")["Devices"]
        assert [(d["DeviceKey"], _attrs(d)["device_name"]) for d in listed] == [
            (kept.device_key, "kept")
        ]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    count=st.integers(min_value=0, max_value=12),
    page=st.integers(min_value=1, max_value=5),
    forgets=st.lists(st.integers(min_value=0, max_value=11), max_size=8),
)
def test_pages_are_exact_whatever_is_forgotten_between_them(
    count: int, page: int, forgets: list[int]
) -> None:
    """Every device that exists throughout the listing comes exactly once, in creation order,
    and none comes after it was forgotten; all created within one clock tick."""
    service = Service(Context(clock=lambda: datetime(2026, 12, 1, tzinfo=timezone.utc)))
    pool = service.create_pool("paging", device_tracking=True)
    user = service.create_user(pool.id, "alice", PASSWORD)
    repo = service.context.repo
    keys = []
    for _ in range(count):
        device = _new_device(repo, pool, user, service.context.now())
        repo.put_device(pool.id, replace(device, confirmed=True))
        keys.append(device.key)
    pending = [keys[i] for i in forgets if i < count]
    forgotten: set[str] = set()
    seen: list[str] = []
    body: dict[str, Any] = {"UserPoolId": pool.id, "Username": "alice", "Limit": page}
    for _ in range(count + 2):
        answer = service.dispatch("AdminListDevices", body)
        got = [d["DeviceKey"] for d in answer["Devices"]]
        assert not forgotten & set(got)
        seen += got
        if "PaginationToken" not in answer:
            break
        body["PaginationToken"] = answer["PaginationToken"]
        if pending:  # forget one (already listed or not) before the next page
            key = pending.pop(0)
            if key not in forgotten:
                service.dispatch(
                    "AdminForgetDevice",
                    {"UserPoolId": pool.id, "Username": "alice", "DeviceKey": key},
                )
                forgotten.add(key)
    else:
        raise AssertionError("the listing did not end")
    assert len(seen) == len(set(seen))
    assert seen == [k for k in keys if k in seen]  # creation order
    assert {k for k in keys if k not in forgotten} <= set(seen)
