"""``import srpcore`` stays light: no boto3, no gmpy2, no libcrypto until a sign-in needs them.

``cryptography`` is counted as heavy too: ``import srpcore`` must not load it, while the first
sign-in does (``srpcore.core.hkdf`` derives the key with it), whatever the backend.

Checked in fresh interpreters by which modules are loaded, never by wall time (``srpcore bench``
reports the times).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from srpcore.core.backends import available_backends

HEAVY = ("boto3", "botocore", "aiobotocore", "gmpy2", "ctypes", "cryptography", "pycognito")

_PROBE = """
import json, sys
{code}
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set(json.loads(sys.argv[1])))
print(json.dumps(loaded))
"""

_SIGN_IN = """
import srpcore
from datetime import datetime, timezone
from srpcore.cognito import server
from srpcore.cognito.salt import Salt
salt = Salt.draw()
verifier = server.make_verifier(pool_name="P", user_id="u", password="pw", salt=salt)
challenge = server.start_challenge(verifier)
client = srpcore.UserSRP(pool_id="r_P", username="u", password="pw")
client.answer_password_verifier(
    {"SRP_B": challenge.srp_b(), "SALT": salt.hex(), "SECRET_BLOCK": "AAAA",
     "USER_ID_FOR_SRP": "u"},
    now=datetime(2026, 1, 1, tzinfo=timezone.utc),
)
"""


def _loaded_after(code: str, backend: str | None = None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "SRPCORE_BACKEND"}
    if backend is not None:
        env["SRPCORE_BACKEND"] = backend
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(code=code), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    loaded: list[str] = json.loads(out.stdout)
    return loaded


def test_import_srpcore_loads_none_of_the_heavy_modules() -> None:
    assert _loaded_after("import srpcore; srpcore.UserSRP, srpcore.new_device_secret") == []


def test_backend_registry_loads_no_backend_until_asked() -> None:
    assert _loaded_after("import srpcore.core.backends, srpcore.core.engine") == []


def test_pure_int_sign_in_loads_only_cryptography_for_its_key() -> None:
    """No boto3, no gmpy2, no ctypes: the one heavy import is the HKDF's, at the first key."""
    assert _loaded_after(_SIGN_IN, "int") == ["cryptography"]


@pytest.mark.skipif("openssl" not in available_backends(), reason="no libcrypto 3 here")
def test_openssl_sign_in_never_imports_gmpy2_or_boto3() -> None:
    assert _loaded_after(_SIGN_IN, "openssl") == ["cryptography", "ctypes"]


def test_gmpy2_is_imported_when_its_backend_signs_in() -> None:
    """The probe can see a lazily imported backend: the same sign-in on gmpy2 loads it."""
    assert _loaded_after(_SIGN_IN, "gmpy2") == ["cryptography", "gmpy2"]
