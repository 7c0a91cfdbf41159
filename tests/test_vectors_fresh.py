"""The committed vector files are exactly what the generator makes from AWS's npm packages."""

from __future__ import annotations

import subprocess

from srpcore.cognito.vectors import default_vector_dir, vector_files


def test_committed_vectors_regenerate_identically() -> None:
    """Runs npm ci (pinned lock file) and the generator, then diffs against every vector file,
    the same set the tests read (a hard-coded list would miss a file added later)."""
    directory = default_vector_dir()
    out = subprocess.run(
        ["bash", str(directory / "check-fresh.sh")],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
    ok = out.stdout.strip().splitlines()[-1]
    checked = ok.split("match a fresh run: ", 1)[1].split()
    assert checked == [p.relative_to(directory).as_posix() for p in vector_files(directory)]
