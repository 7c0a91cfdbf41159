"""The committed vector files are exactly what the generator makes from AWS's npm packages."""

from __future__ import annotations

import subprocess

from srpcore.cli.vectors import default_vector_dir


def test_committed_vectors_regenerate_identically() -> None:
    """Runs npm ci (pinned lock file) and the generator, then diffs against vectors/*.json."""
    script = default_vector_dir() / "check-fresh.sh"
    out = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, check=False, timeout=1800
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
