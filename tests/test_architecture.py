"""The layout's rules, checked on the source: no import circles, packages entered by their doors."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "rashomon"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, list[str]]]:
    """(imported module, names) for every import in the file, lazy ones included, TYPE_CHECKING ones not."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join(anchor[: len(anchor) - node.level + 1] + ([node.module] if node.module else []))
            names = [alias.name for alias in node.names]
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in known]
            yield from ((sub, []) for sub in submodules)
            yield base, [n for n in names if f"{base}.{n}" not in known]
        elif isinstance(node, ast.Import):
            yield from ((alias.name, []) for alias in node.names)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for target, _names in _imports(module, path, known):
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module and not module.startswith(target + "."):
                targets.add(target)
        graph[module] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_imports_itself_in_a_circle() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_circle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_model_imports_nothing_above_it() -> None:
    graph = _graph()
    allowed = ("rashomon.model", "rashomon.errors", "rashomon._lazy")
    for module, targets in graph.items():
        if module.startswith("rashomon.model"):
            above = [t for t in targets if t.startswith("rashomon") and not t.startswith(allowed)]
            assert not above, f"{module} imports {above}"


@pytest.mark.parametrize(
    "lower, higher",
    [
        ("rashomon.store", "rashomon.render"),
        ("rashomon.store", "rashomon.comparison"),
        ("rashomon.sources", "rashomon.store"),
        ("rashomon.comparison", "rashomon.analysis.components"),
        ("rashomon.analysis", "rashomon.comparison"),
        ("rashomon.clean", "rashomon.analysis"),
    ],
)
def test_a_stage_never_imports_a_later_one(lower: str, higher: str) -> None:
    graph = _graph()
    bad = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        if module.startswith(lower)
        for target in targets
        if target.startswith(higher)
    )
    assert not bad, bad


def test_no_module_imports_a_private_name_of_another_package() -> None:
    modules = _modules()
    known = set(modules)
    bad = []
    for module, path in modules.items():
        package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
        for target, names in _imports(module, path, known):
            if not target.startswith(PACKAGE):
                continue
            target_package = (
                target if target in known and modules[target].name == "__init__.py" else target.rpartition(".")[0]
            )
            if target_package.startswith(package) or package.startswith(target_package):
                continue
            bad.extend(f"{module}: {target}.{n}" for n in names if n.startswith("_") and not n.startswith("__"))
    assert not bad, bad


def test_the_models_one_upward_call_is_the_report_serializer() -> None:
    """`Comparison.to_dict` reaches `rashomon.render.json` by name at run time; no other module name may appear."""
    allowed = ("rashomon.model", "rashomon.errors", "rashomon._lazy")
    named = set()
    for module, path in _modules().items():
        if module.startswith("rashomon.model"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if node.value.startswith("rashomon.") and node.value.replace(".", "").replace("_", "").isalnum():
                        named.add(node.value)
    assert {name for name in named if not name.startswith(allowed)} == {"rashomon.render.json"}
