"""When tokens stop being usable, read from their ``exp`` claims (what the managers refresh by).

Split from :mod:`srpcore.drivers.tokens` (which re-exports :func:`token_expiry`), so that the
managers' module holds only the managers.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt

from srpcore.signin import Tokens

__all__ = ["token_expiry"]


def _jwt_exp(token: str | None) -> datetime | None:
    """The ``exp`` claim of a JWT, unverified; ``None`` if ``token`` is not a readable JWT.

    PyJWT decodes without checking the signature or any claim: this only decides *when* to
    refresh, never whether a token is genuine (that is for the service receiving it).
    """
    if not token:
        return None
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.InvalidTokenError, ValueError, TypeError, RecursionError):
        return None
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(exp, timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def token_expiry(tokens: Tokens, *, received_at: datetime) -> datetime | None:
    """When ``tokens`` stop being usable: the earlier ``exp`` of the access and id tokens.

    An access token that is not a readable JWT counts from ``received_at`` plus ``ExpiresIn``;
    with neither, the expiry is unknown (``None``) and only an explicit refresh renews.
    """
    access = _jwt_exp(tokens.access_token)
    if access is None and tokens.expires_in is not None:
        access = received_at + timedelta(seconds=tokens.expires_in)
    known = [t for t in (access, _jwt_exp(tokens.id_token)) if t is not None]
    return min(known) if known else None
