"""Build step: ship the known-answer vector files inside the package as ``srpcore/_vectors``.

``vectors/`` stays their only copy in git (the generator writes there); the build copies them so
that an installed srpcore can run ``srpcore vectors verify`` with no arguments. Everything else
about the build is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "vectors"
TARGET = Path("srpcore") / "_vectors"


def vector_files() -> list[Path]:
    """``*.json`` at any depth of vectors/ except the generator's folder: the same rule as
    ``srpcore.cognito.vectors.vector_files`` (which the build cannot import)."""
    return sorted(
        path.relative_to(SOURCE)
        for path in SOURCE.rglob("*.json")
        if "generator" not in path.relative_to(SOURCE).parts
    )


class BuildWithVectors(build_py):
    """build_py that also copies vectors/**.json into the built package."""

    def run(self) -> None:
        super().run()
        files = vector_files()
        if not files:
            raise SystemExit(f"no vector files in {SOURCE}: the package would ship none")
        for relative in files:
            target = Path(self.build_lib) / TARGET / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SOURCE / relative, target)


setup(cmdclass={"build_py": BuildWithVectors})
