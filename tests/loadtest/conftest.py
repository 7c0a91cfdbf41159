"""Importing Locust monkey-patches the whole process with gevent unless told not to.

The unit tests here import :mod:`srpcore.locust` in pytest's own process, which also runs the
threaded local endpoint and the rest of the suite, so gevent must leave it alone; the
distributed test starts real Locust processes, which patch as usual (it drops this variable).
"""

from __future__ import annotations

import os

os.environ.setdefault("LOCUST_SKIP_MONKEY_PATCH", "1")
