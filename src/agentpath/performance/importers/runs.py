"""The record of each KPI import run (KpiImport): start, progress, outcome. Queuing work and recomputing ranks
afterwards are the callers' business (services, tasks), so this module imports neither."""
import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from ..models import KpiImport
from .layout import ImportScope, KpiImportReport
from .pipeline import import_kpi_file


def start_import(*, source: str, file_name: str = "", skip_bad_rows: bool = False, user=None,
                 stored_file: str = "") -> KpiImport:
    return KpiImport.objects.create(source=source, file_name=file_name[:255], skip_bad_rows=skip_bad_rows,
                                    created_by=user, stored_file=stored_file,
                                    language=translation.get_language() or "",
                                    status=KpiImport.Status.QUEUED if stored_file else KpiImport.Status.RUNNING)


def finish_import(kpi_import: KpiImport, report: KpiImportReport) -> KpiImport:
    """Record the outcome: done (stored) or rejected (nothing stored, the report says why)."""
    kpi_import.finished_at = timezone.now()
    kpi_import.status = KpiImport.Status.DONE if report.stored else KpiImport.Status.REJECTED
    kpi_import.rows_read, kpi_import.created = report.rows_read, report.created
    kpi_import.updated, kpi_import.unchanged = report.updated, report.unchanged
    kpi_import.skipped, kpi_import.values_changed = report.skipped, report.values_changed
    kpi_import.error_count = report.error_total
    kpi_import.report = report.as_dict()
    kpi_import.first_date, kpi_import.last_date = report.first_date, report.last_date
    kpi_import.save()
    remove_progress(kpi_import)
    return kpi_import


def fail_import(kpi_import: KpiImport, reason: str) -> KpiImport:
    """An import that did not finish: failed, nothing stored, with its reason (never left "running")."""
    kpi_import.finished_at = timezone.now()
    kpi_import.status = KpiImport.Status.FAILED
    kpi_import.report = {**(kpi_import.report or {}), "failure": reason[:2000]}
    kpi_import.save(update_fields=["finished_at", "status", "report"])
    remove_progress(kpi_import)
    return kpi_import


def import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "kpi-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(kpi_import: KpiImport) -> Path:
    return import_dir() / f"{kpi_import.pk}.progress.json"


def write_progress(kpi_import: KpiImport, done: int, total: int | None) -> None:
    """Progress lives in a small file, not in the database: the import's own transaction would hide it."""
    path = progress_path(kpi_import)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"done": done, "total": total}))
    os.replace(tmp, path)


def remove_progress(kpi_import: KpiImport) -> None:
    try:
        progress_path(kpi_import).unlink()
    except (FileNotFoundError, ValueError):
        pass


def store_upload(kpi_import: KpiImport, uploaded_file) -> None:
    """Keep an upload on disk for the background worker."""
    target = import_dir() / f"{kpi_import.pk}{Path(uploaded_file.name).suffix.lower()}"
    with open(target, "wb") as out:
        for chunk in uploaded_file.chunks():
            out.write(chunk)
    kpi_import.stored_file = str(target.relative_to(settings.MEDIA_ROOT))
    kpi_import.save(update_fields=["stored_file"])


def import_stored_file(kpi_import: KpiImport) -> KpiImportReport:
    """Run a queued upload, in the language and the scope of the person who uploaded it; the file is removed
    afterwards whatever happens."""
    from agentpath.accounts.models import User

    path = Path(settings.MEDIA_ROOT) / kpi_import.stored_file
    user = User.objects.filter(pk=kpi_import.created_by_id).first()
    try:
        scope = ImportScope.for_user(user) if user else ImportScope()
        with open(path, "rb") as binary, translation.override(kpi_import.language or None):
            return import_kpi_file(binary, kpi_import.file_name, skip_bad_rows=kpi_import.skip_bad_rows,
                                   scope=scope, kpi_import=kpi_import,
                                   progress=lambda done, total: write_progress(kpi_import, done, total))
    finally:
        path.unlink(missing_ok=True)
