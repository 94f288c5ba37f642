"""Registry of file imports for `agentpath import KIND FILE [--skip-bad-rows]`.

Each entry names a function `run(path: pathlib.Path, *, skip_bad_rows: bool, progress=None) -> ImportReport`
(progress, when given, is called with (rows_done, rows_total_or_None)). The function validates every row,
stores nothing when any row is bad unless skip_bad_rows, and is idempotent on re-import.
"""
from importlib import import_module

IMPORTERS = {
    "roster": "agentpath.org.importers.import_roster_path",
    "kpi": "agentpath.performance.services.import_kpi_path",
    "questions": "agentpath.exams.importers.import_questions_path",

    "completions": "agentpath.learning.import_jobs.import_completions_path",
    "attendance": "agentpath.learning.import_jobs.import_attendance_path",
    "org": "agentpath.org.importers.structure.import_org_path",
}


def importer(kind: str):
    module, _, name = IMPORTERS[kind].rpartition(".")
    return getattr(import_module(module), name)
