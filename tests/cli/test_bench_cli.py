"""``srpcore bench`` runs end to end and reports ratios (numbers are reported, never asserted)."""

from __future__ import annotations

import subprocess
import sys


def test_bench_quick_reports_every_section() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "srpcore", "bench", "--quick", "--no-batch", "--no-cold"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    for heading in ("automatic backend:", "client sign-in math", "floor:", "vs pycognito"):
        assert heading in text
    assert "same a and clock give the same signature: yes" in text
