"""The KPI importer's shape (issue 6): no import cycles through it, and header text never becomes SQL."""
import ast
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from agentpath.performance.models import KpiDay, Metric

SRC = Path(__file__).resolve().parents[2] / "src"
IMPORT_MODULES = ("agentpath.performance.importers", "agentpath.performance.services",
                  "agentpath.performance.tasks")


def module_imports() -> dict[str, set[str]]:
    """Every module of src/agentpath and the agentpath modules it imports, at the top or inside a function."""
    modules = {}
    for path in (SRC / "agentpath").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        modules[".".join(parts)] = (path, is_package)
    graph = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(max(node.level - 1, 0)):
                    base = base.rpartition(".")[0]
                base = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
                # `from package import module` imports the module; other names come from the package itself.
                for a in node.names:
                    targets.add(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def reaches(graph, start, goal) -> bool:
    seen, todo = set(), list(graph[start])
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False


def test_no_import_cycle_runs_through_the_kpi_import_services_or_tasks():
    graph = module_imports()
    ours = [m for m in graph if m.startswith(IMPORT_MODULES)]
    assert len(ours) >= 5  # the importer is a package of small modules
    cycles = sorted(m for m in ours if reaches(graph, m, m))
    assert cycles == []


def test_every_kpi_import_module_is_readable_in_one_sitting():
    package = SRC / "agentpath" / "performance" / "importers"
    assert not (SRC / "agentpath" / "performance" / "importers.py").exists()
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in package.glob("*.py")}
    assert max(lengths.values()) <= 320, lengths


HOSTILE = "AHT'); DROP TABLE performance_kpiday; --\"x"


@pytest.mark.django_db
def test_a_hostile_header_reaches_no_sql_and_is_reported_as_written(kpi, import_csv):
    """A metric renamed by HR to text full of quotes and semicolons, used as a file header: the import still
    names the column as written, and the KPI table is still there."""
    a, b = kpi.agents["sz-a"][:2]
    Metric.objects.filter(code="aht").update(name_en=HOSTILE)
    header = '"' + HOSTILE.replace('"', '""') + '"'
    with translation.override("en"):
        report = import_csv(f"employee_no,date,{header},fcr\n{a.employee_no},2026-07-01,300,80\n"
                            f"{b.employee_no},2026-07-01,-5,80\n")
    assert not report.stored
    assert [(e.line, e.column, e.value) for e in report.errors] == [(3, HOSTILE, "-5")]
    with translation.override("en"):
        report = import_csv(f"employee_no,date,{header},fcr\n{a.employee_no},2026-07-01,x,80\n"
                            f"{b.employee_no},2026-07-01,300,80\n", skip_bad_rows=True)
    assert [(e.line, e.column, e.value) for e in report.errors] == [(2, HOSTILE, "x")]
    assert report.stored and report.created == 1
    unknown = "speed'; DROP TABLE performance_kpiday; --"
    report = import_csv(f"employee_no,date,aht,{unknown}\n{a.employee_no},2026-07-02,300,1\n")
    assert [(e.line, e.column) for e in report.errors] == [(1, unknown)]
    assert KpiDay.objects.count() == 1
    assert KpiDay._meta.db_table in connection.introspection.table_names()
