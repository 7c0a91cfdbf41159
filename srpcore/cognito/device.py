"""New device secrets for ConfirmDevice (the verifier Cognito stores for a remembered device)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from srpcore.cognito.ephemeral import RandomBytes
from srpcore.cognito.proof import GROUP, compute_x
from srpcore.cognito.salt import SALT_BYTES, Salt
from srpcore.core import srp6a
from srpcore.core.encoding import b64encode, twos_complement_bytes
from srpcore.core.engine import Engine, default_engine

__all__ = ["DeviceSecret", "new_device_secret"]

_PASSWORD_BYTES = 40


@dataclass(frozen=True)
class DeviceSecret:
    """A remembered device's credentials: keep all three fields to sign in with the device later.

    ``verifier_config`` is what ConfirmDevice takes as ``DeviceSecretVerifierConfig``.
    """

    device_key: str
    device_group_key: str
    device_password: str = field(repr=False)
    verifier_config: dict[str, str] = field(repr=False, compare=False)


def new_device_secret(
    *,
    device_group_key: str,
    device_key: str,
    rng: RandomBytes = secrets.token_bytes,
    engine: Engine | None = None,
) -> DeviceSecret:
    """Draw a device password (40 random bytes, base64) and a 16-byte salt; build the verifier.

    ``rng`` is called twice, for the password bytes then the salt bytes, as AWS's SDKs do.
    """
    engine = engine or default_engine()
    device_password = b64encode(rng(_PASSWORD_BYTES))
    salt = Salt.from_bytes(rng(SALT_BYTES))
    x = compute_x(salt, device_group_key, device_key, device_password)
    v = srp6a.verifier(GROUP, x, engine)
    config = {
        "PasswordVerifier": b64encode(twos_complement_bytes(v)),
        "Salt": b64encode(salt.padded()),
    }
    return DeviceSecret(device_key, device_group_key, device_password, config)
