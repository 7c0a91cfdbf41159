"""No import cycle anywhere in ``srpcore``, imports inside functions included.

A lazy import inside a function only hides a cycle from the interpreter, not from a reader: the
two modules still cannot be understood or changed one at a time. So every ``import`` statement
in a module counts, wherever it sits (``TYPE_CHECKING`` blocks too: the type checker follows
them). ``from pkg import name`` imports ``pkg.name`` when that is a module, else ``pkg``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import srpcore

PACKAGE = Path(srpcore.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["srpcore", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(current: str, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` import names (relative levels resolved)."""
    if node.level == 0:
        return node.module or ""
    package = current if MODULES[current].name == "__init__.py" else current.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _owner(name: str) -> str | None:
    """The srpcore module ``name`` is, or lies in (``srpcore.a.b.func`` -> ``srpcore.a.b``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """Every srpcore module ``module`` imports, at any depth of its body."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.append(full if full in MODULES else base)
        for target in targets:
            owner = _owner(target)
            if owner is not None and owner != module:
                found.add(owner)
    return found


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components of one node without a self-loop left out."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
    return found


def test_the_checker_finds_a_cycle_and_only_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_count() -> None:
    # srpcore/cli/serve.py imports the seed loader inside a function, not at the top.
    assert "srpcore.local.seed" in imports_of("srpcore.cli.serve")


def test_from_package_import_module_means_the_module() -> None:
    # ``from srpcore.core import compare`` is an import of srpcore.core.compare.
    assert "srpcore.core.compare" in imports_of("srpcore.local.model")


def test_no_import_cycle_in_srpcore() -> None:
    graph = {module: imports_of(module) for module in MODULES}
    cycles = strongly_connected(graph)
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_no_import_cycle_in_the_local_endpoint() -> None:
    """The endpoint's operations import the context, never the service that registers them."""
    local = {m: imports_of(m) for m in MODULES if m.startswith("srpcore.local")}
    graph = {m: {t for t in targets if t in local} for m, targets in local.items()}
    assert strongly_connected(graph) == []
    operations = ("auth", "challenges", "context", "devices", "flow", "management", "mfa")
    for name in operations:
        assert "srpcore.local.service" not in imports_of(f"srpcore.local.{name}"), name
