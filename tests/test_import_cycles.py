"""No two modules of the project import each other, directly or round a longer loop.

The imports are read from the source with ``ast`` (top-level and function-level
alike, so an import hidden inside a function to dodge a circle still counts).
A cycle means two modules cannot be read, tested or moved apart: the work one
of them calls belongs in a module of its own (e.g. a task calls
``boards.packs.render``; ``boards.services`` only enqueues the task).
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every package the project installs (pyproject.toml), so a new app is checked too.
PACKAGES = tuple(
    pattern.rstrip("*")
    for pattern in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"]["find"]["include"]
)


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = ROOT, packages=PACKAGES) -> dict[str, Path]:
    """Every module of ``packages`` under ``root`` by dotted name, migrations left out."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[_module_name(path, root)] = path
    return modules


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _known(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        if "." not in name:
            return None
        name = name.rsplit(".", 1)[0]
    return name or None


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the project modules it imports anywhere in its source.

    ``from a.b import c`` counts as importing ``a.b.c`` when that is a module,
    else ``a.b``; imports of anything outside the project are left out.
    """
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(name, is_package, node.level, node.module)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                known = _known(target, modules)
                if known and known != name:
                    graph[name].add(known)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_project_has_no_import_cycle():
    modules = project_modules()
    assert "boards.packs.render" in modules and "indicators.report.render" in modules
    assert import_cycles(import_graph(modules)) == []


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    app = tmp_path / "app"
    (app / "packs").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "packs" / "__init__.py").write_text("")
    (app / "services.py").write_text("from .packs import render\n")
    (app / "packs" / "render.py").write_text(
        "def run():\n    from ..services import x\n    return x\n"
    )
    (app / "tasks.py").write_text("import app.services\n")
    graph = import_graph(project_modules(tmp_path, ("app",)))
    assert graph["app.tasks"] == {"app.services"}
    assert import_cycles(graph) == [["app.packs.render", "app.services"]]


def test_indicators_and_actions_modules_have_plain_names():
    """Sub-domains are packages (indicators.returns.views), not suffixed siblings.

    Management commands are named for what one types, so they are left out.
    """
    suffixed = [
        name for name in project_modules(packages=("indicators", "actions"))
        if ".management.commands." not in name
        and name.rsplit(".", 1)[-1].endswith(("_returns", "_import", "_report", "_manage", "_edit"))
        or name.rsplit(".", 1)[-1].startswith("report_")
    ]
    assert suffixed == []
