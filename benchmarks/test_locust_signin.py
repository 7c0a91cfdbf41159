"""The Locust sign-in benchmark, small, in its own process (Locust patches it with gevent).

``python benchmarks/locust_signin.py`` prints the ratios; this keeps it runnable under
``pytest benchmarks``. The script exits non-zero unless srpcore's and pycognito's sign-ins are
accepted and the floor's dummy proof is refused, every time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("locust_signin.py")


def test_locust_signin_benchmark_runs() -> None:
    command = [sys.executable, str(SCRIPT), "--rounds", "1", "--per-round", "3", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.splitlines()[-1])
    assert set(results) == {"srpcore", "pycognito", "floor"}
    for r in results.values():
        assert r["per_core"] > 0 and r["hold_ms_max"] >= r["hold_ms_median"] > 0
