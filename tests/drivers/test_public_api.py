"""The top-level names for sign-in resolve lazily, and the sans-IO layer never loads boto3."""

from __future__ import annotations

import subprocess
import sys

import pytest

import srpcore
from srpcore import signin
from srpcore.drivers import aio, credentials, sessions, sync
from srpcore.signin import webauthn

EXPECTED = {
    "sign_in": sync.sign_in,
    "respond": sync.respond,
    "refresh": sync.refresh,
    "sign_in_async": aio.sign_in_async,
    "respond_async": aio.respond_async,
    "refresh_async": aio.refresh_async,
    "Challenge": signin.Challenge,
    "SignIn": signin.SignIn,
    "Tokens": signin.Tokens,
    "WebAuthnRequest": webauthn.WebAuthnRequest,
    "AwsCredentials": credentials.AwsCredentials,
    "IdentityIdCache": credentials.IdentityIdCache,
    "aws_credentials": credentials.aws_credentials,
    "aws_credentials_async": credentials.aws_credentials_async,
    "boto3_session": sessions.boto3_session,
    "aio_session": sessions.aio_session,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_top_level_name(name: str) -> None:
    assert getattr(srpcore, name) is EXPECTED[name]
    assert name in srpcore.__all__


def test_the_state_machine_loads_without_boto3() -> None:
    code = (
        "import sys, srpcore; srpcore.SignIn; srpcore.Tokens; srpcore.Challenge; "
        "import srpcore.signin; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')); "
        "print(loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
