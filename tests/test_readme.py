"""The README's set-up commands match .ci/run, and its Python examples run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
assert len(BLOCKS) >= 2, "the README lost its examples"


def test_readme_starts_with_the_two_setup_commands_and_ci_runs_the_second() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)[:2]
    assert commands[0].endswith("srpcore demo")
    assert commands[1].endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci
    # Nothing but the title comes before the first command.
    assert README.index("```sh") < README.index("\n## ")


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int) -> None:
    out = subprocess.run(
        [sys.executable, "-c", BLOCKS[index]], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr[-4000:]
    assert out.stdout.strip()
