"""SECRET_HASH and DEVICE_KEY have one owner: srpcore.cognito.secret_hash.add_client_keys."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

import srpcore
from srpcore.cognito.secret_hash import add_client_keys

CLIENT_LAYERS = ("cognito", "signin", "drivers")
OWNER = Path(srpcore.__file__).parent / "cognito" / "secret_hash.py"
KEYS = {"SECRET_HASH", "DEVICE_KEY"}
VECTORS = Path(__file__).resolve().parents[2] / "vectors"


def _writes(path: Path) -> list[int]:
    """Lines of ``path`` that put SECRET_HASH or DEVICE_KEY into a dict (literal or item set)."""
    lines: list[int] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if keys & KEYS:
                lines.append(node.lineno)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.slice, ast.Constant)
                    and target.slice.value in KEYS
                ):
                    lines.append(node.lineno)
    return lines


def test_only_the_owner_writes_secret_hash_or_device_key() -> None:
    root = Path(srpcore.__file__).parent
    offenders = {
        f"{path.relative_to(root)}:{line}"
        for layer in CLIENT_LAYERS
        for path in sorted((root / layer).glob("*.py"))
        if path != OWNER
        for line in _writes(path)
    }
    assert not offenders
    assert _writes(OWNER)  # the check can see a write where there is one


def _vector() -> dict[str, Any]:
    document = json.loads((VECTORS / "secret_hash.json").read_text(encoding="utf-8"))
    vector: dict[str, Any] = document["vectors"][0]  # computed by node:crypto
    return vector


def test_secret_hash_over_the_params_username() -> None:
    vector = _vector()
    inputs = vector["inputs"]
    params = add_client_keys(
        {"USERNAME": inputs["username"]},
        client_id=inputs["client_id"],
        client_secret=inputs["client_secret"],
    )
    assert params["SECRET_HASH"] == vector["outputs"]["secret_hash"]


def test_secret_hash_over_the_username_given_when_the_params_have_none() -> None:
    vector = _vector()
    inputs = vector["inputs"]
    refresh = add_client_keys(
        {"REFRESH_TOKEN": "r"},
        client_id=inputs["client_id"],
        client_secret=inputs["client_secret"],
        username=inputs["username"],
    )
    assert refresh == {"REFRESH_TOKEN": "r", "SECRET_HASH": vector["outputs"]["secret_hash"]}


@pytest.mark.parametrize(
    ("secret", "device", "expected"),
    [(None, None, set()), (None, "d", {"DEVICE_KEY"}), ("s", None, {"SECRET_HASH"})],
)
def test_each_key_only_when_it_applies(
    secret: str | None, device: str | None, expected: set[str]
) -> None:
    params = add_client_keys(
        {"USERNAME": "u"}, client_id="c", client_secret=secret, device_key=device
    )
    assert set(params) - {"USERNAME"} == expected
    if device is not None:
        assert params["DEVICE_KEY"] == device


def test_a_given_secret_hash_is_kept() -> None:
    params = add_client_keys(
        {"USERNAME": "u", "SECRET_HASH": "given"}, client_id="c", client_secret="s"
    )
    assert params["SECRET_HASH"] == "given"
