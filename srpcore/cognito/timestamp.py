"""Cognito's TIMESTAMP text, ``Sat Nov 5 09:03:07 UTC 2026``, formatted and parsed by hand.

``strftime`` is not used on purpose: ``%a``/``%b`` follow the process locale and ``%-d`` does not
exist on every platform, which is how other Python clients came to send timestamps Cognito refuses.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from srpcore.errors import InvalidParameterError

__all__ = ["cognito_timestamp", "parse_cognito_timestamp"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # datetime.weekday() order
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_PATTERN = re.compile(
    r"(?P<wd>[A-Z][a-z]{2}) (?P<mon>[A-Z][a-z]{2}) (?P<day>[1-9]|[12][0-9]|3[01]) "
    r"(?P<h>[01][0-9]|2[0-3]):(?P<m>[0-5][0-9]):(?P<s>[0-5][0-9]) UTC (?P<y>[1-9][0-9]{0,3})"
)


def cognito_timestamp(when: datetime) -> str:
    """Format an aware datetime as Cognito expects: UTC, English names, day not zero-padded.

    Sub-second digits are dropped (truncated, as AWS's SDKs do). A naive datetime is refused
    because its time zone would be a guess.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidParameterError(
            "cognito_timestamp() needs an aware datetime, e.g. datetime.now(timezone.utc)"
        )
    t = when.astimezone(timezone.utc)
    return (
        f"{_WEEKDAYS[t.weekday()]} {_MONTHS[t.month - 1]} {t.day} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} UTC {t.year}"
    )


def parse_cognito_timestamp(text: str) -> datetime:
    """Parse a TIMESTAMP strictly (server side): exact layout, valid date, matching weekday.

    Refuses zero-padded days, two spaces, lower-case names, a weekday that does not match the
    date, and anything else :func:`cognito_timestamp` would never produce.
    """
    match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidParameterError(
            f"TIMESTAMP {text!r} is not in the form 'Sat Nov 5 09:03:07 UTC 2026'"
        )
    if match["mon"] not in _MONTHS or match["wd"] not in _WEEKDAYS:
        raise InvalidParameterError(f"TIMESTAMP {text!r} has an unknown day or month name")
    try:
        when = datetime(
            int(match["y"]),
            _MONTHS.index(match["mon"]) + 1,
            int(match["day"]),
            int(match["h"]),
            int(match["m"]),
            int(match["s"]),
            tzinfo=timezone.utc,
        )
    except ValueError as exc:
        raise InvalidParameterError(f"TIMESTAMP {text!r} is not a real date") from exc
    actual = _WEEKDAYS[when.weekday()]
    if actual != match["wd"]:
        raise InvalidParameterError(f"TIMESTAMP {text!r} names the wrong weekday ({actual})")
    return when
