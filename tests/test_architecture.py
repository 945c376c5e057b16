"""The package's folders are its layers (docs/architecture.md): data flows one way and no import goes up.

Every ``import`` of a ``kg`` module is counted, also those inside functions (a lazy import is still a
dependency), so a cycle cannot hide behind one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kg

PACKAGE = Path(kg.__file__).resolve().parent

#: Folder (first part below ``kg``) → layer; a module may import its own layer and the ones below.
LAYERS = {
    "core": 1,
    "framework": 2,
    "shacl": 2,
    "store": 3,
    "suggest": 3,
    "submissions": 4,
    "queries": 4,
    "loading": 5,
    "publish": 6,
    "web": 6,
    "cli": 7,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The ``kg`` modules a file imports (``from kg.x import y`` counts ``kg.x.y`` when that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name.startswith("kg.") or name == "kg":
                found.add(name)
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_every_folder_of_the_package_has_a_layer():
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert folders <= set(LAYERS), f"folders without a layer: {sorted(folders - set(LAYERS))}"


def test_no_module_imports_a_higher_layer():
    modules = _modules()
    upward = []
    for name, path in modules.items():
        own = _layer(name)
        if own is None:
            continue
        for imported in _imports(path, modules):
            other = _layer(imported)
            if other is not None and other > own:
                upward.append(f"{name} (layer {own}) imports {imported} (layer {other})")
    assert not upward, "\n".join(upward)


def test_the_import_graph_has_no_cycle():
    modules = _modules()
    graph = {name: {m for m in _imports(path, modules) if m != name and m != "kg"} for name, path in modules.items()}
    # packages' __init__ re-export lazily (strings), so an edge into a package is an edge into its __init__ only
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)
