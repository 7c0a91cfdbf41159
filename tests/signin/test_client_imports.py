"""No import cycle among the client layers, counting imports inside functions and TYPE_CHECKING.

The machine issues :class:`~srpcore.signin.Challenge` values; they hold their exchange through
the :class:`~srpcore.signin.types.Exchange` protocol, so types and challenges never import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import srpcore
from srpcore.signin.states import Outstanding

ROOT = Path(srpcore.__file__).parent
LAYERS = ("core", "cognito", "signin", "drivers")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every srpcore module ``path`` imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # ``from pkg import module`` needs the module, not pkg
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in known}


def _graph() -> dict[str, set[str]]:
    paths = [p for layer in LAYERS for p in sorted((ROOT / layer).rglob("*.py"))]
    known = {_module(p) for p in paths}
    graph = {_module(p): _imports(p, known) for p in paths}
    for name, imported in graph.items():
        imported.discard(name)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_the_client_layers() -> None:
    graph = _graph()
    assert graph.get("srpcore.signin.machine")
    assert _cycle(graph) is None


def test_the_values_never_import_the_machine() -> None:
    graph = _graph()
    for module in ("srpcore.signin.types", "srpcore.signin.challenges"):
        assert "srpcore.signin.machine" not in graph[module], module


def test_no_client_module_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for layer in ("signin", "drivers")
        for path in sorted((ROOT / layer).glob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long


def test_each_call_the_machine_makes_has_one_outstanding_kind() -> None:
    for operation in ("InitiateAuth", "AdminInitiateAuth", "RespondToAuthChallenge"):
        assert Outstanding.of(operation) is Outstanding.AUTH
    assert Outstanding.of("ConfirmDevice") is Outstanding.CONFIRM_DEVICE
    assert Outstanding.of("VerifySoftwareToken") is Outstanding.VERIFY_SOFTWARE_TOKEN
    with pytest.raises(ValueError, match="GlobalSignOut"):
        Outstanding.of("GlobalSignOut")
