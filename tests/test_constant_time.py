"""Secrets are compared in one place only, and only in constant time.

Every MAC, proof, code and secret goes through :func:`srpcore.core.compare.constant_time_equal`;
this module checks (statically) that no ``==`` / ``!=`` on a secret-looking value remains
anywhere in the package and that ``compare_digest`` is called nowhere else, and checks the
helper itself. ``tests/local/test_compare_sites.py`` shows each comparison site calls it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import srpcore
from srpcore.core.compare import constant_time_equal

PACKAGE = Path(srpcore.__file__).parent
HELPER = PACKAGE / "core" / "compare.py"
SECRET_WORDS = re.compile(
    r"signature|secret|proof|code|hash|token|block|verifier|password|claim|answer|mac|digest"
    r"|expected|given|candidate",
    re.I,
)
# Leaf names that match a secret word but hold no secret.
NOT_SECRET = {
    "token_use",  # the claim naming a token's kind ("id" / "access"), public
}
# Comparisons outside the attack surface, by (module, source), with the reason.
ALLOWED = {
    (
        "cli/bench.py",
        "theirs['PASSWORD_CLAIM_SIGNATURE'] == mine['PASSWORD_CLAIM_SIGNATURE']",
    ): "self-check of two implementations on fixed public inputs; no attacker's value",
    ("cli/bench.py", "answers != expected"): "same self-check, batched answers",
    ("cli/vectors.py", "expected == actual"): "published test vectors against our outputs",
    (
        "cli/demo.py",
        "cognito.service.completed['DEVICE_PASSWORD_VERIFIER'] != proofs + 1",
    ): "counters of completed steps, not secrets",
    (
        "drivers/tokens.py",
        "state.tokens.access_token == stale",
    ): "the caller's own token against the one it holds; nothing from a peer is checked",
}
CONSTANT_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def _leaves(node: ast.AST) -> list[str]:
    """The names an operand's value is read from: a variable, attribute, key or call."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Constant):
            return [str(node.slice.value)]
        return _leaves(node.value)
    if isinstance(node, ast.Call):
        func, args = node.func, node.args
        if isinstance(func, ast.Attribute) and func.attr == "get" and args:
            key = args[0]
            if isinstance(key, ast.Constant):
                return [str(key.value)]  # mapping.get("SECRET_HASH")
        return _leaves(func) + [leaf for arg in args for leaf in _leaves(arg)]
    return [leaf for child in ast.iter_child_nodes(node) for leaf in _leaves(child)]


def _is_literal(node: ast.AST) -> bool:
    """A constant (None, "", a fixed name, a module CONSTANT) compares no secret."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name | ast.Attribute):
        return bool(CONSTANT_NAME.fullmatch(node.id if isinstance(node, ast.Name) else node.attr))
    return isinstance(node, ast.Tuple | ast.List | ast.Set) and all(map(_is_literal, node.elts))


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _secret_comparisons(tree: ast.AST, module: str = "") -> list[tuple[int, str]]:
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        if not any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
            continue
        operands = [node.left, *node.comparators]
        if any(_is_literal(operand) for operand in operands):
            continue
        if (module, ast.unparse(node)) in ALLOWED:
            continue
        for operand in operands:
            for name in _leaves(operand):
                if SECRET_WORDS.search(name) and name.lower() not in NOT_SECRET:
                    hits.append((node.lineno, name))
    return hits


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_equality_on_secret_looking_values(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits = _secret_comparisons(tree, path.relative_to(PACKAGE).as_posix())
    assert not hits, f"{path.relative_to(PACKAGE)}: use constant_time_equal for {hits}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compare_digest_only_inside_the_helper(path: Path) -> None:
    if path == HELPER:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "compare_digest"
    ]
    imports = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and any(alias.name == "compare_digest" for alias in node.names)
    ]
    assert not calls + imports, f"{path.relative_to(PACKAGE)} lines {calls + imports}"


def test_the_checker_catches_a_plain_comparison() -> None:
    """The static check itself must notice the bug it exists for."""
    bad = ast.parse("if expected != signature:\n    raise E\nok = given == p.block_text\n")
    assert [name for _, name in _secret_comparisons(bad)] == [
        "expected",
        "signature",
        "given",
        "block_text",
    ]
    fine = ast.parse(
        "ok = token is None or kind == SMS_MFA or claims.get('token_use') != claims.get('x')\n"
    )
    assert _secret_comparisons(fine) == []


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("abc", "abc", True),
        ("abc", "abd", False),
        ("abc", b"abc", True),
        (b"\x00\xff", b"\x00\xff", True),
        ("", "", True),
        ("a", "", False),
        ("\ud800", "\ud800", True),
        ("\ud800", "\udc00", False),  # "replace" would map both to "?" and call them equal
        ("\ud800", "?", False),
        ("é", "e\u0301", False),  # no normalisation: different code points differ
    ],
)
def test_constant_time_equal(a: bytes | str, b: bytes | str, equal: bool) -> None:
    assert constant_time_equal(a, b) is equal
    assert constant_time_equal(b, a) is equal
