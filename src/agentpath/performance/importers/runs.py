"""The record of each KPI import run (KpiImport): start, progress, outcome. Queuing work and recomputing ranks
afterwards are the callers' business (services, tasks), so this module imports neither."""
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agentpath.common import import_guard
from agentpath.common.models import ImportRun
from agentpath.org.models import Center

from ..models import KpiImport
from .layout import ImportScope, KpiImportReport
from .pipeline import import_kpi_file

KIND = "kpi"  # the import_guard kind of every KPI import
BUSY_POLL_SECONDS = 0.2  # how often a waiting import tries the lock again


def start_import(*, source: str, file_name: str = "", skip_bad_rows: bool = False, user=None) -> KpiImport:
    """Record an import as queued; guarded_import() runs it."""
    return KpiImport.objects.create(source=source, file_name=file_name[:255], skip_bad_rows=skip_bad_rows,
                                    created_by=user, language=translation.get_language() or "",
                                    status=KpiImport.Status.QUEUED)


def finish_import(kpi_import: KpiImport, report: KpiImportReport) -> KpiImport:
    """Record the outcome: done (stored) or rejected (nothing stored, the report says why)."""
    kpi_import.finished_at = timezone.now()
    kpi_import.status = KpiImport.Status.DONE if report.stored else KpiImport.Status.REJECTED
    kpi_import.rows_read, kpi_import.created = report.rows_read, report.created
    kpi_import.updated, kpi_import.unchanged = report.updated, report.unchanged
    kpi_import.skipped, kpi_import.values_changed = report.skipped, report.values_changed
    kpi_import.error_count = report.total_errors
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


def _center_code(scope: ImportScope) -> str | None:
    """The center an import writes to, for the lock: one center's code, or None for several or all."""
    if scope.center_ids is not None and len(scope.center_ids) == 1:
        return Center.objects.get(pk=scope.center_ids[0]).code
    return None


def _begin(kpi_import: KpiImport, scope: ImportScope, wait_seconds: float) -> ImportRun:
    """Take the KPI import lock of the scope's center, waiting up to wait_seconds for a running import."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return import_guard.begin(KIND, center=_center_code(scope), user=kpi_import.created_by,
                                      file_name=kpi_import.file_name, ref=f"performance.KpiImport:{kpi_import.pk}")
        except import_guard.ImportBusy:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            time.sleep(min(BUSY_POLL_SECONDS, left))


def guarded_import(kpi_import: KpiImport, scope: ImportScope, work: Callable[[], KpiImportReport], *,
                   wait_seconds: float = 0) -> KpiImportReport:
    """Run a queued import under the lock of its kind and center (import_guard): it ends done, rejected or
    failed with its reason — never left running. Raises ImportBusy (the import is then failed with that
    reason) when another KPI import for the same center is still running after wait_seconds."""
    close_stale_imports()
    try:
        run = _begin(kpi_import, scope, wait_seconds)
    except import_guard.ImportBusy as busy:
        fail_import(kpi_import, str(busy))
        raise
    kpi_import.status, kpi_import.report = KpiImport.Status.RUNNING, {"run": run.pk}
    kpi_import.save(update_fields=["status", "report"])
    try:
        report = work()
    except BaseException as exc:
        reason = import_guard.failure_reason(exc)
        fail_import(kpi_import, reason)
        import_guard.fail(run, reason)
        raise
    finish_import(kpi_import, report)
    import_guard.finish(run, stored=report.stored, rows_read=report.rows_read, error_count=report.total_errors)
    return report


def close_stale_imports() -> int:
    """Close as failed every KPI import recorded as running whose run is no longer running (its process died:
    import_guard.close_stale), with the run's reason. Returns how many were closed."""
    import_guard.close_stale(kind=KIND)
    running = list(KpiImport.objects.filter(status=KpiImport.Status.RUNNING))
    run_ids = [k.report.get("run") for k in running if k.report.get("run")]
    runs = {pk: (status, reason) for pk, status, reason in
            ImportRun.objects.filter(pk__in=run_ids).values_list("pk", "status", "reason")}
    stale = [k for k in running if runs.get(k.report.get("run"), (None, ""))[0] != ImportRun.Status.RUNNING]
    now = timezone.now()
    for k in stale:
        reason = runs.get(k.report.get("run"), (None, ""))[1]
        k.status, k.finished_at = KpiImport.Status.FAILED, now
        k.report = {**k.report, "failure": reason or _(
            "This import stopped before it finished; nothing of it was stored.")}
    KpiImport.objects.bulk_update(stale, ["status", "finished_at", "report"])
    return len(stale)


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


def scope_of(kpi_import: KpiImport) -> ImportScope:
    """What the person who uploaded the file may import."""
    return ImportScope.for_user(kpi_import.created_by) if kpi_import.created_by_id else ImportScope()


def discard_stored_file(kpi_import: KpiImport) -> None:
    (Path(settings.MEDIA_ROOT) / kpi_import.stored_file).unlink(missing_ok=True)


def import_stored_file(kpi_import: KpiImport) -> KpiImportReport:
    """Run a queued upload, in the language and the scope of the person who uploaded it; the file is removed
    afterwards whatever happens."""
    try:
        with open(Path(settings.MEDIA_ROOT) / kpi_import.stored_file, "rb") as binary, \
                translation.override(kpi_import.language or None):
            return import_kpi_file(binary, kpi_import.file_name, skip_bad_rows=kpi_import.skip_bad_rows,
                                   scope=scope_of(kpi_import), kpi_import=kpi_import,
                                   progress=lambda done, total: write_progress(kpi_import, done, total))
    finally:
        discard_stored_file(kpi_import)
