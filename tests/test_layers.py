"""The layers import one way only: core -> cognito -> signin -> drivers -> local -> cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import srpcore

PACKAGE = Path(srpcore.__file__).parent
RANK = {
    "errors": 0,
    "core": 1,
    "cognito": 2,
    "signin": 3,
    "_private_file": 3.25,  # srpcore/_private_file.py: errors only; for testing and cli
    "testing": 3.5,  # srpcore.testing (the software authenticator): signin and below, no I/O
    "drivers": 4,
    "local": 5,
    "cli": 6,
}
# Modules below the drivers never touch the network, the file system or AWS SDKs.
NO_IO_BELOW = RANK["drivers"]
IO_MODULES = {"boto3", "botocore", "aiobotocore", "socket", "http", "urllib", "requests", "asyncio"}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "srpcore" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in RANK else None


def _modules() -> list[Path]:
    """Every module that belongs to a layer (the package facade ``__init__`` does not)."""
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0].removesuffix(".py") in RANK
    )


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_every_layer_exists_where_expected() -> None:
    assert (PACKAGE / "core").is_dir() and (PACKAGE / "cognito").is_dir()
    assert len(_modules()) > 10


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    own = relative.parts[0].removesuffix(".py")
    own_rank = RANK[own]
    for name in _imports(path):
        layer = _layer(name)
        if layer is not None:
            assert RANK[layer] <= own_rank, f"{relative} (layer {own}) imports {name}"
        if own_rank < NO_IO_BELOW:
            assert name.split(".")[0] not in IO_MODULES, f"{relative} must stay free of I/O: {name}"
