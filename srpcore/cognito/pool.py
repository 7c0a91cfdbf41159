"""User pool ids and the "pool name" SRP hashes."""

from __future__ import annotations

import re

from srpcore.errors import InvalidParameterError

__all__ = ["pool_name"]

_POOL_ID = re.compile(r"[\w-]+_[0-9a-zA-Z]+")


def pool_name(pool_id: str) -> str:
    """The part of ``us-east-1_AbCdEfGhI`` that SRP hashes: ``AbCdEfGhI``.

    The id is checked against the service's pattern and 55-character limit first, so a typo
    (a client id, an ARN) is reported here rather than as a baffling signature mismatch.
    """
    if not isinstance(pool_id, str) or len(pool_id) > 55 or not _POOL_ID.fullmatch(pool_id):
        raise InvalidParameterError(
            f"{pool_id!r} is not a user pool id; expected the form 'us-east-1_AbCdEfGhI'"
        )
    return pool_id.split("_")[1]
