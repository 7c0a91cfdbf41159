"""SECRET_HASH, required by app clients that have a client secret."""

from __future__ import annotations

import hashlib
import hmac

from srpcore.cognito.text import utf8
from srpcore.core.encoding import b64encode

__all__ = ["add_client_keys", "secret_hash"]


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """base64(HMAC-SHA256(key=client_secret, msg=username + client_id)), UTF-8 throughout.

    After the first call of a sign-in, ``username`` must be the internal username Cognito returns
    (``USER_ID_FOR_SRP`` / challenge ``USERNAME``), not the alias the user typed.
    """
    key = utf8(client_secret, "client_secret")
    msg = utf8(username, "username") + utf8(client_id, "client_id")
    return b64encode(hmac.digest(key, msg, hashlib.sha256))


def add_client_keys(
    params: dict[str, str],
    *,
    client_id: str | None,
    client_secret: str | None,
    device_key: str | None = None,
    username: str | None = None,
) -> dict[str, str]:
    """Add SECRET_HASH (over ``username``, else ``params["USERNAME"]``) and DEVICE_KEY; return it.

    The one place either key is added to AuthParameters or ChallengeResponses: SECRET_HASH only
    with a client secret and unless already present, DEVICE_KEY only with a device. Callers
    decide *whether* a request carries the device; this decides *how*.
    """
    if client_secret is not None and client_id is not None and "SECRET_HASH" not in params:
        over = params["USERNAME"] if username is None else username
        params["SECRET_HASH"] = secret_hash(over, client_id, client_secret)
    if device_key is not None:
        params["DEVICE_KEY"] = device_key
    return params
