"""``--output`` and ``--query``, checked against the AWS CLI itself (a formatter we did not write).

The AWS CLI (``aws``, on the machine beside this venv) calls the local endpoint; what it prints
with ``--output text`` for a response must be what our formatter prints for the JSON of the
same response, and ``srpcore login`` must print what ``aws cognito-idp initiate-auth`` prints.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any

import pytest

from srpcore.cli.main import main
from srpcore.cli.output import format_table, format_text
from srpcore.local import LocalCognito

from .conftest import PASSWORD

FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


pytestmark = pytest.mark.usefixtures("isolated")


class Pool:
    def __init__(self, cognito: LocalCognito, **options: Any) -> None:
        pool = cognito.create_user_pool("out", **options)
        self.client_id = cognito.create_client(pool.id, explicit_auth_flows=FLOWS).client_id
        self.id = pool.id
        self.url = cognito.endpoint_url
        cognito.create_user(pool.id, "alice", PASSWORD, attributes={"email": "a@example.com"})

    def login(self, *extra: str) -> int:
        return main(
            ["login", "--user-pool-id", self.id, "--client-id", self.client_id,
             "--endpoint-url", self.url, "--username", "alice", *extra]
        )  # fmt: skip


def _aws(aws: str, *argv: str) -> str:
    """Run the AWS CLI (``aws``: the ``aws_cli`` fixture's, not this venv's) for its stdout."""
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "local",  # admin calls are signed; the endpoint takes any keys
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [aws, *argv], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("command", "query"),
    [
        (["describe-user-pool"], "UserPool.SchemaAttributes"),  # mappings nesting mappings
        (["describe-user-pool"], "UserPool.Policies"),
        (["describe-user-pool"], "UserPool.SchemaAttributes[].Name"),  # a bare list
        (["describe-user-pool"], "UserPool.SchemaAttributes[].[Name, Mutable]"),  # lists
        (["describe-user-pool"], "UserPool.Name"),  # a scalar
        (["describe-user-pool"], "Nothing"),  # no match: None
        (["describe-user-pool"], "UserPool.{N: Name, S: SchemaAttributes[:2], T: `[1, 2]`}"),
        (["admin-get-user", "--username", "alice"], "{A: UserAttributes, U: Username, "
                                                    "E: Enabled, S: UserStatus}"),
    ],
)  # fmt: skip
def test_text_output_is_the_aws_clis(
    cognito: LocalCognito, aws_cli: str, command: list[str], query: str
) -> None:
    pool = Pool(cognito)
    argv = ["cognito-idp", *command, "--user-pool-id", pool.id, "--endpoint-url", pool.url]
    as_json = json.loads(_aws(aws_cli, *argv, "--query", query, "--output", "json"))
    as_text = _aws(aws_cli, *argv, "--query", query, "--output", "text")
    assert as_text  # something to compare
    assert format_text(as_json) == as_text


def _masked(text: str) -> list[list[str]]:
    """Text lines with each token (JWTs, refresh tokens) and device key reduced to its kind."""

    def mask(field: str) -> str:
        if re.fullmatch(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", field):
            return "<jwt>"
        if re.fullmatch(r"us-east-1_[0-9a-f-]{36}", field):
            return "<device key>"
        if re.fullmatch(r"-\w+", field):
            return "<device group key>"
        return "<opaque>" if len(field) > 40 else field

    return [[mask(field) for field in line.split("\t")] for line in text.splitlines()]


def _key_paths(value: object, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        paths = {prefix} if prefix else set()
        for key, member in value.items():
            paths |= _key_paths(member, f"{prefix}.{key}")
        return paths
    return {prefix}


def test_login_prints_what_initiate_auth_prints(
    cognito: LocalCognito, aws_cli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, device_tracking=True)  # so NewDeviceMetadata comes back
    aws = ["cognito-idp", "initiate-auth", "--endpoint-url", pool.url, "--client-id",
           pool.client_id, "--auth-flow", "USER_PASSWORD_AUTH",
           "--auth-parameters", f"USERNAME=alice,PASSWORD={PASSWORD}"]  # fmt: skip
    assert pool.login("--output", "text") == 0
    ours = capsys.readouterr().out
    theirs = _aws(aws_cli, *aws, "--output", "text")
    assert _masked(ours) == _masked(theirs)
    assert _masked(ours)[1][0] == "NEWDEVICEMETADATA"

    assert pool.login("--output", "json") == 0
    ours_json = json.loads(capsys.readouterr().out)
    theirs_json = json.loads(_aws(aws_cli, *aws, "--output", "json"))
    assert _key_paths(ours_json) == _key_paths(theirs_json)
    assert ours_json["ChallengeParameters"] == {} == theirs_json["ChallengeParameters"]


def test_query_picks_one_value_as_in_the_aws_cli(
    cognito: LocalCognito, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito)
    assert pool.login("--query", "AuthenticationResult.IdToken", "--output", "text") == 0
    token = capsys.readouterr().out
    assert re.fullmatch(r"eyJ[\w-]+\.[\w-]+\.[\w-]+\n", token)
    assert pool.login("--query", "AuthenticationResult.[ExpiresIn, TokenType]") == 0
    assert json.loads(capsys.readouterr().out) == [3600, "Bearer"]
    assert pool.login("--query", "AuthenticationResult.Nothing") == 0
    assert capsys.readouterr().out == "null\n"  # what the AWS CLI prints for no match


def test_table_output_shows_each_member_once(
    cognito: LocalCognito, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito)
    assert pool.login("--output", "table") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].strip("| ") == "InitiateAuth"
    widths = {len(line) for line in lines}
    assert len(widths) == 1  # every line of the box is as wide
    cells = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in lines
             if line.count("|") == 3}  # fmt: skip
    assert cells["ExpiresIn"] == "3600" and cells["TokenType"] == "Bearer"
    assert set(cells) == {"AccessToken", "ExpiresIn", "TokenType", "RefreshToken", "IdToken"}


def test_table_lays_a_list_of_mappings_out_in_columns() -> None:
    data = {"Users": [{"Username": "a", "Enabled": True}, {"Username": "bob", "Status": "X"}]}
    assert format_table(data, "ListUsers") == (
        "+-----------------------------+\n"
        "| ListUsers                   |\n"
        "+-----------------------------+\n"
        "| Users                       |\n"
        "+----------+---------+--------+\n"
        "| Username | Enabled | Status |\n"
        "+----------+---------+--------+\n"
        "| a        | true    |        |\n"
        "| bob      |         | X      |\n"
        "+----------+---------+--------+\n"
    )


def test_aws_default_output_is_honoured_and_checked(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito)
    monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "text")
    assert pool.login() == 0
    assert capsys.readouterr().out.startswith("AUTHENTICATIONRESULT\t")
    assert pool.login("--output", "json") == 0  # the option wins over the variable
    assert "AuthenticationResult" in json.loads(capsys.readouterr().out)
    monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "yaml")
    assert pool.login() == 253  # a configuration srpcore cannot follow
    err = capsys.readouterr().err
    assert "$AWS_DEFAULT_OUTPUT='yaml' is not an output format srpcore knows" in err


def test_a_bad_query_or_output_is_252_before_any_prompt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SRPCORE_PASSWORD")
    monkeypatch.setattr("getpass.getpass", pytest.fail)
    argv = ["login", "--user-pool-id", "us-east-1_AbCdEfGhI", "--client-id", "abc",
            "--username", "alice", "--endpoint-url", "http://127.0.0.1:9"]  # fmt: skip
    assert main([*argv, "--query", "AuthenticationResult.["]) == 252
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: --query 'AuthenticationResult.[' is not a JMESPath")
    assert main([*argv, "--output", "yaml"]) == 252
    err = capsys.readouterr().err
    assert err.startswith("usage: srpcore login ")  # the subcommand's own usage
    assert "argument --output: invalid choice: 'yaml'" in err


def test_a_query_type_error_is_252_and_shows_no_token(
    cognito: LocalCognito, capsys: pytest.CaptureFixture[str]
) -> None:
    """jmespath's type errors quote the value they were given (here the tokens)."""
    pool = Pool(cognito)
    assert pool.login("--query", "abs(AuthenticationResult)") == 252
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line == (
        "srpcore: error: --query: in function abs(), a value of type object where number "
        "was expected"
    )
    assert "eyJ" not in captured.err + captured.out
