"""The ranking modules import one way: models know nothing of ranking (issue 6, "Remove the import cycles")."""
import ast
from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parents[2] / "src" / "agentpath" / "performance"
# The import pipeline (importers, services, tasks) is another slice of the issue; the rest must be acyclic.
MODULES = ["models", "defaults", "aggregation", "closed_periods", "ranking", "selectors", "facts", "views", "api",
           "demo_data", "admin"]


def imports_of(module: str) -> set[str]:
    """Performance modules `module` imports, at the top or inside a function."""
    tree = ast.parse((PERFORMANCE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level == 1 and name:
                found.add(name.split(".")[0])
            elif node.level == 1:
                found |= {a.name for a in node.names}
            elif name.startswith("agentpath.performance."):
                found.add(name.split(".")[2])
    return found & set(MODULES)


def test_models_do_not_import_ranking_or_selectors():
    assert imports_of("models") == set()


def test_no_import_cycles_among_the_ranking_modules():
    graph = {m: imports_of(m) for m in MODULES}
    state: dict[str, str] = {}

    def visit(module, path):
        state[module] = "open"
        for target in graph[module]:
            assert state.get(target) != "open", " → ".join([*path, module, target])
            if target not in state:
                visit(target, [*path, module])
        state[module] = "done"

    for m in MODULES:
        if m not in state:
            visit(m, [])
