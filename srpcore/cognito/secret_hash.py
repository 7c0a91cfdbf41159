"""SECRET_HASH, required by app clients that have a client secret."""

from __future__ import annotations

import hashlib
import hmac

from srpcore.cognito.text import utf8
from srpcore.core.encoding import b64encode

__all__ = ["secret_hash"]


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """base64(HMAC-SHA256(key=client_secret, msg=username + client_id)), UTF-8 throughout.

    After the first call of a sign-in, ``username`` must be the internal username Cognito returns
    (``USER_ID_FOR_SRP`` / challenge ``USERNAME``), not the alias the user typed.
    """
    key = utf8(client_secret, "client_secret")
    msg = utf8(username, "username") + utf8(client_id, "client_id")
    return b64encode(hmac.digest(key, msg, hashlib.sha256))
