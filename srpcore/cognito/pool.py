"""User pool ids and the "pool name" SRP hashes: the one place the pool-id rule is written.

The service's pattern for ``UserPoolId`` is ``[\\w-]+_[0-9a-zA-Z]+``, at most 55 characters.
Anything that accepts or routes on a pool id (the client, the local endpoint's validator, its
JWKS paths) should use :data:`POOL_ID_PATTERN` / :func:`is_pool_id` from here.
"""

from __future__ import annotations

import re

from srpcore.errors import InvalidParameterError

__all__ = [
    "MAX_POOL_ID_LENGTH",
    "POOL_ID_PATTERN",
    "POOL_ID_RE",
    "is_pool_id",
    "pool_name",
    "pool_region",
]

POOL_ID_PATTERN = r"[\w-]+_[0-9a-zA-Z]+"
"""The service's UserPoolId pattern, unanchored, to embed in a larger pattern (a URL path)."""
POOL_ID_RE = re.compile(POOL_ID_PATTERN)
MAX_POOL_ID_LENGTH = 55


def is_pool_id(value: object) -> bool:
    """Whether ``value`` is a string of the service's UserPoolId form and length."""
    return (
        isinstance(value, str)
        and len(value) <= MAX_POOL_ID_LENGTH
        and POOL_ID_RE.fullmatch(value) is not None
    )


def _checked(pool_id: str) -> list[str]:
    if not is_pool_id(pool_id):
        raise InvalidParameterError(
            f"{pool_id!r} is not a user pool id; expected the form 'us-east-1_AbCdEfGhI'"
        )
    return pool_id.split("_")


def pool_name(pool_id: str) -> str:
    """The part of ``us-east-1_AbCdEfGhI`` that SRP hashes: ``AbCdEfGhI``.

    The id is checked against the service's pattern and 55-character limit first, so a typo
    (a client id, an ARN) is reported here rather than as a baffling signature mismatch.
    """
    return _checked(pool_id)[1]


def pool_region(pool_id: str) -> str:
    """The region the pool lives in, its id's prefix: ``us-east-1`` of ``us-east-1_AbCdEfGhI``.

    What a client calls and a provider name or issuer names when no region is given; the id is
    checked as :func:`pool_name` checks it.
    """
    return _checked(pool_id)[0]
