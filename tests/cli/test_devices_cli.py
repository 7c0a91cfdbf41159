"""``srpcore devices list|forget`` end to end against the local endpoint over HTTP.

The devices come from ``srpcore login --remember-device`` itself, and what the commands did is
checked with boto3 (a client we did not write) and the device file login reads.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from srpcore.cli.device_store import DeviceStore
from srpcore.cli.main import main
from srpcore.local import LocalCognito

from .conftest import PASSWORD, stdin

FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


pytestmark = pytest.mark.usefixtures("isolated")


class Pool:
    def __init__(self, cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch) -> None:
        pool = cognito.create_user_pool("cli-devices", device_tracking=True)
        app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=FLOWS)
        assert app.client_secret is not None
        monkeypatch.setenv("SRPCORE_CLIENT_SECRET", app.client_secret)
        cognito.create_user(pool.id, "alice", PASSWORD)
        self.id, self.client_id = pool.id, app.client_id
        self.url = cognito.endpoint_url
        self.idp = cognito.boto3_client()

    def where(self) -> list[str]:
        return ["--user-pool-id", self.id, "--endpoint-url", self.url]

    def login(self, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
        args = ["login", *self.where(), "--client-id", self.client_id, "--username", "alice"]
        assert main([*args, *extra]) == 0
        output: dict[str, Any] = json.loads(capsys.readouterr().out)
        return output

    def devices(self, token: str) -> list[str]:
        return [d["DeviceKey"] for d in self.idp.list_devices(AccessToken=token)["Devices"]]


def _json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


def test_list_reads_login_output_from_stdin(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    pool.login(capsys, "--remember-device", "--device-name", "cli laptop")
    output = pool.login(capsys, "--remember-device")  # signs in with it: no second device
    token = output["AuthenticationResult"]["AccessToken"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(output)))
    assert main(["devices", "list", *pool.where(), "--access-token-file", "-"]) == 0
    listed = _json(capsys)["Devices"]
    assert [d["DeviceKey"] for d in listed] == pool.devices(token)
    attrs = {a["Name"]: a["Value"] for a in listed[0]["DeviceAttributes"]}
    assert attrs["device_name"] == "cli laptop"
    assert listed[0]["DeviceCreateDate"].endswith("+00:00")  # ISO 8601, as the AWS CLI prints


def test_forget_the_remembered_device_drops_it_from_the_file(
    cognito: LocalCognito,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    pool = Pool(cognito, monkeypatch)
    token = pool.login(capsys, "--remember-device")["AuthenticationResult"]["AccessToken"]
    store = DeviceStore()  # login's default file, under XDG_CONFIG_HOME
    remembered = store.load(pool.id, "alice")
    assert remembered is not None and pool.devices(token) == [remembered.device_key]
    token_file = tmp_path / "token"
    token_file.write_text(token + "\n")
    args = ["devices", "forget", *pool.where(), "--username", "alice"]
    assert main([*args, "--access-token-file", str(token_file)]) == 0
    assert _json(capsys) == {
        "ForgottenDeviceKey": remembered.device_key,
        "RemovedFromDeviceFile": True,
    }
    assert pool.devices(token) == []
    assert store.load(pool.id, "alice") is None
    # The next login starts without it and is handed a new device.
    again = pool.login(capsys, "--remember-device")["AuthenticationResult"]
    assert again["NewDeviceMetadata"]["DeviceKey"] != remembered.device_key  # a new one
    new = store.load(pool.id, "alice")
    assert new is not None and new.device_key != remembered.device_key


def test_admin_list_and_forget_by_key(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    token = pool.login(capsys, "--remember-device")["AuthenticationResult"]["AccessToken"]
    admin = ["--admin", "--username", "alice"]
    assert main(["devices", "list", *pool.where(), *admin]) == 0
    (key,) = [d["DeviceKey"] for d in _json(capsys)["Devices"]]
    # By key, with the token from the environment; without --username the file is left alone.
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", token)
    assert main(["devices", "forget", *pool.where(), key]) == 0
    assert _json(capsys) == {"ForgottenDeviceKey": key, "RemovedFromDeviceFile": False}
    assert main(["devices", "list", *pool.where(), *admin]) == 0
    assert _json(capsys)["Devices"] == []


def test_errors_are_one_line(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    stdin(monkeypatch, "")  # nothing piped in either
    assert main(["devices", "list", *pool.where()]) == 253  # no credentials
    assert "no access token: set $SRPCORE_ACCESS_TOKEN" in capsys.readouterr().err
    assert main(["devices", "forget", *pool.where(), "--username", "alice"]) == 252
    assert "no device key given, and no device remembered for alice" in capsys.readouterr().err
    token = pool.login(capsys)["AuthenticationResult"]["AccessToken"]
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", token)
    missing = "us-east-1_00000000-0000-4000-8000-000000000000"
    assert main(["devices", "forget", *pool.where(), missing]) == 254  # the service's
    err = capsys.readouterr().err
    assert "ResourceNotFoundException: Device does not exist." in err and len(err.splitlines()) == 1


def test_list_prints_through_output_and_query(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    pool.login(capsys, "--remember-device", "--device-name", "cli laptop")
    token = pool.login(capsys, "--remember-device")["AuthenticationResult"]["AccessToken"]
    (key,) = pool.devices(token)
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", token)
    listing = ["devices", "list", *pool.where()]

    assert main([*listing, "--query", "Devices[].DeviceKey", "--output", "text"]) == 0
    assert capsys.readouterr().out == f"{key}\n"

    assert main([*listing, "--output", "text"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # The AWS CLI's text: a row of the scalars (keys sorted), then the nested list's rows.
    fields = lines[0].split("\t")  # DeviceCreateDate, DeviceKey, DeviceLast...: sorted
    assert fields[0] == "DEVICES" and fields[2] == key and len(fields) == 5
    assert "DEVICEATTRIBUTES\tdevice_name\tcli laptop" in lines

    monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "table")  # the default, when --output is not given
    assert main([*listing, "--query", "Devices[0].{Key: DeviceKey}"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("+-") and "ListDevices" in table[1]
    assert any(line.startswith("| Key ") and key in line for line in table)


def test_forget_prints_through_output_and_a_bad_query_forgets_nothing(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    token = pool.login(capsys, "--remember-device")["AuthenticationResult"]["AccessToken"]
    (key,) = pool.devices(token)
    monkeypatch.setenv("SRPCORE_ACCESS_TOKEN", token)
    forget = ["devices", "forget", *pool.where(), "--username", "alice"]

    assert main([*forget, "--query", "Devices[", "--output", "text"]) == 252
    assert "is not a JMESPath expression" in capsys.readouterr().err
    assert pool.devices(token) == [key]  # refused before the call
    assert DeviceStore().load(pool.id, "alice") is not None  # and before the file changed

    assert main([*forget, "--query", "[ForgottenDeviceKey, RemovedFromDeviceFile]"]) == 0
    assert json.loads(capsys.readouterr().out) == [key, True]
    assert pool.devices(token) == []
