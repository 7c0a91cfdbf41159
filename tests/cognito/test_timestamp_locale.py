"""TIMESTAMP does not depend on the process locale or time zone (the warrant/pycognito bug)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import locale, time
from datetime import datetime, timezone
for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "ja_JP.UTF-8", "C.UTF-8", "C"):
    try:
        locale.setlocale(locale.LC_ALL, name)
    except locale.Error:
        pass
time.tzset()
from srpcore import cognito_timestamp
print(cognito_timestamp(datetime(2026, 3, 1, 0, 0, 5, tzinfo=timezone.utc)))
"""


def test_timestamp_ignores_locale_and_time_zone() -> None:
    env = {**os.environ, "TZ": "Asia/Tokyo", "LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "Sun Mar 1 00:00:05 UTC 2026"
