"""Every known-answer vector in vectors/ (produced by AWS's JavaScript SDKs) replays exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srpcore.cli.vectors import check_vector, default_vector_dir, iter_vectors

VECTOR_DIR = default_vector_dir()

# The coverage issue 2 asks for; a regenerated set that shrank below it is a failure.
MINIMUM_COUNTS = {
    ("password_verifier.json", "vectors"): 300,
    ("device.json", "confirm_device"): 100,
    ("device.json", "device_password_verifier"): 100,
    ("secret_hash.json", "vectors"): 1,
    ("timestamp.json", "vectors"): 1,
    ("rfc5054.json", "vectors"): 1,
}


def _load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((VECTOR_DIR / name).read_text(encoding="utf-8"))
    return document


def _all_vectors() -> list[Any]:
    params = []
    for path in sorted(VECTOR_DIR.glob("*.json")):
        document = _load(path.name)
        for list_name, vector in iter_vectors(document):
            params.append(
                pytest.param(document["kind"], list_name, vector, id=f"{path.stem}:{vector['id']}")
            )
    return params


@pytest.mark.parametrize(("name", "list_name"), sorted(MINIMUM_COUNTS))
def test_vector_files_hold_the_required_coverage(name: str, list_name: str) -> None:
    document = _load(name)
    assert len(document[list_name]) >= MINIMUM_COUNTS[(name, list_name)]


@pytest.mark.parametrize(("kind", "list_name", "vector"), _all_vectors())
def test_vector(kind: str, list_name: str, vector: dict[str, Any]) -> None:
    assert check_vector(kind, list_name, vector) == []


def test_error_vectors_exist_and_are_refused() -> None:
    """The files must contain refusals (B = 0 mod N at least), each refused by srpcore."""
    document = _load("password_verifier.json")
    errors = [v for v in document["vectors"] if "error" in v]
    assert errors, "expected error vectors such as B = 0 mod N"
    for vector in errors:
        assert check_vector("password_verifier", "vectors", vector) == []


def test_a_tampered_vector_is_reported(tmp_path: Path) -> None:
    """The checker itself can fail: flip one output and it must say so."""
    document = _load("password_verifier.json")
    vector = next(v for v in document["vectors"] if "outputs" in v)
    tampered = {**vector, "outputs": {**vector["outputs"], "signature_b64": "A" * 43 + "="}}
    problems = check_vector("password_verifier", "vectors", tampered)
    assert any("signature_b64" in p for p in problems)
