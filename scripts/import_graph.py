"""Figures of civicgrid's import graph: how tangled the house is.

    .venv/bin/python scripts/import_graph.py            # the figures, as text
    .venv/bin/python scripts/import_graph.py --json     # the same, as JSON

The graph is grimp's (the one import-linter checks), which sees imports inside functions too.
Tests and migrations are left out: they are not part of the floors. Printed:

- modules, lines, modules over 400 lines;
- imports between modules, and how many of them are inside a function (found with ast);
- circles between apps (strongly connected components of the app graph) and between modules;
- imports that run upward against the layers of docs/layers.md (the order in .importlinter).
"""

from __future__ import annotations

import argparse
import ast
import configparser
import json
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "civicgrid"
LONG_MODULE = 400


def _ours(module: str) -> bool:
    parts = module.split(".")
    return "tests" not in parts and "migrations" not in parts


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _strongly_connected(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; components with more than one node, largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return sorted(found, key=len, reverse=True)


def _layers() -> list[list[str]]:
    """The layers contract of .importlinter, top first; each layer a list of siblings."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    for section in config.sections():
        if config[section].get("type", "").endswith("layers"):
            layers = []
            for line in config[section]["layers"].strip().splitlines():
                names = line.replace("(", "").replace(")", "").replace("|", " ").replace(":", " ")
                layers.append([f"{PACKAGE}.{name}" for name in names.split()])
            return layers
    return []


def figures() -> dict:
    graph = grimp.build_graph(PACKAGE, include_external_packages=False, cache_dir=None)
    modules = {m for m in graph.modules if _ours(m)}
    edges: dict[str, set[str]] = defaultdict(set)
    for importer in modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported in modules and imported != importer:
                edges[importer].add(imported)
    lines = {}
    function_level = cross_app_function_level = 0
    for module in modules:
        path = ROOT / Path(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        lines[module] = len(path.read_text(encoding="utf-8").splitlines())
    for module in modules:
        path = ROOT / Path(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                    function_level += 1
                    if inner.module.startswith(PACKAGE + ".") and _app(inner.module) != _app(
                        module
                    ):
                        cross_app_function_level += 1
                elif isinstance(inner, ast.Import | ast.ImportFrom):
                    function_level += 1
    apps = {_app(m) for m in modules if m.count(".") >= 1}
    app_edges: dict[str, set[str]] = defaultdict(set)
    for importer, targets in edges.items():
        for imported in targets:
            if _app(importer) != _app(imported) and imported.count(".") >= 1:
                app_edges[_app(importer)].add(_app(imported))
    app_circles = _strongly_connected(apps, app_edges)
    module_circles = _strongly_connected(modules, edges)
    rank = {}
    for position, layer in enumerate(reversed(_layers())):
        for name in layer:
            rank[name] = position
    upward = sorted(
        f"{importer} -> {imported}"
        for importer, targets in edges.items()
        for imported in targets
        if _app(importer) in rank
        and _app(imported) in rank
        and rank[_app(imported)] > rank[_app(importer)]
    )
    long_modules = sorted(
        (f"{m} ({n})" for m, n in lines.items() if n > LONG_MODULE),
        key=lambda text: -int(text.rsplit("(", 1)[1][:-1]),
    )
    return {
        "modules": len(modules),
        "lines": sum(lines.values()),
        "imports": sum(len(t) for t in edges.values()),
        "imports_between_apps": sum(len(t) for t in app_edges.values()),
        "function_level_imports": function_level,
        "function_level_imports_between_apps": cross_app_function_level,
        "app_circles": app_circles,
        "apps_in_circles": sum(len(c) for c in app_circles),
        "module_circles": module_circles,
        "modules_in_circles": sum(len(c) for c in module_circles),
        "upward_imports": upward,
        "modules_over_400_lines": long_modules,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = figures()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for key, value in result.items():
        if isinstance(value, list):
            print(f"{key}: {len(value)}")
            for item in value:
                print(f"    {' '.join(item) if isinstance(item, list) else item}")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
