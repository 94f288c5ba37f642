"""Running a completions or attendance import (learning.importers) from the CLI, the page and the API.

- One import of each kind at a time (common.import_guard: the second gets ImportBusy, answered 409); every run
  is recorded; every error is written for download (ImportReport.save_error_file).
- A small upload runs at once; a large one (over INLINE_MAX_BYTES, or when asked) is kept on disk and run by
  the background worker (learning.tasks.run_training_import) as a TrainingImport, whose progress and report
  the API and the page read. A worker that died leaves its import failed with the reason, never "running".
"""
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from agentpath.common import import_guard
from agentpath.common.models import ImportRun
from agentpath.common.spreadsheets import ImportReport, UploadRejected, check_upload, read_table

from .importers import IMPORTS
from .models import TrainingImport
from .tasks import run_training_import

INLINE_MAX_BYTES = 256 * 1024  # larger uploads run in the background (a few thousand rows run at once)
BUSY_WAIT_SECONDS = 15 * 60  # a queued import waits this long for a running one of its kind, then fails as busy
PROGRESS_STEP = 0.02  # the stored progress moves in steps of 2 % (a write per step, not per row)


def guard_kind(kind: str) -> str:
    return f"training-{kind}"


def _run(kind: str, binary, name: str, *, user, skip_bad_rows: bool, progress, run: ImportRun) -> ImportReport:
    return import_guard.import_file(run, user, lambda: IMPORTS[kind](
        *read_table(binary, name, max_rows=settings.TRAINING_IMPORT_MAX_ROWS), skip_bad_rows=skip_bad_rows, progress=progress, user=user))


def import_now(kind: str, binary, name: str, *, user=None, skip_bad_rows: bool = False, progress=None
               ) -> ImportReport:
    """Import a file at once under the lock of its kind; ImportBusy while another import of the kind runs."""
    with import_guard.guarded(guard_kind(kind), user=user, file_name=name) as run:
        return _run(kind, binary, name, user=user, skip_bad_rows=skip_bad_rows, progress=progress, run=run)


def import_upload(kind: str, upload, *, user=None, skip_bad_rows: bool = False) -> ImportReport:
    """The page and the API, small files: refused by type or size before it is parsed."""
    check_upload(upload.name, upload.size)
    upload.seek(0)
    return import_now(kind, upload, upload.name, user=user, skip_bad_rows=skip_bad_rows)


def runs_in_background(upload, asked: bool = False) -> bool:
    return asked or (upload.size or 0) > INLINE_MAX_BYTES


def _path_importer(kind: str):
    def run(path, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
        """`agentpath import completions|attendance FILE [--skip-bad-rows]`."""
        path = Path(path)
        check_upload(path.name, path.stat().st_size)
        with path.open("rb") as binary:
            return import_now(kind, binary, path.name, skip_bad_rows=skip_bad_rows, progress=progress)
    return run


import_completions_path = _path_importer("completions")
import_attendance_path = _path_importer("attendance")


# ------------------------------------------------------------------------------------------- background

def import_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "training-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def queue_upload(kind: str, upload, *, user, skip_bad_rows: bool = False) -> TrainingImport:
    """Keep the upload on disk and hand it to the background worker; the TrainingImport tells its progress."""
    check_upload(upload.name, upload.size)
    job = TrainingImport.objects.create(kind=kind, file_name=(upload.name or "")[:255], skip_bad_rows=skip_bad_rows,
                                        created_by=user if user is not None and user.is_authenticated else None,
                                        language=translation.get_language() or "")
    target = import_dir() / f"{job.pk}{Path(upload.name).suffix.lower()}"
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job.stored_file = str(target.relative_to(settings.MEDIA_ROOT))
    job.save(update_fields=["stored_file"])
    transaction.on_commit(lambda: run_training_import.enqueue(job.pk))
    return job


def _begin(job: TrainingImport) -> ImportRun:
    deadline = time.monotonic() + BUSY_WAIT_SECONDS
    while True:
        try:
            return import_guard.begin(guard_kind(job.kind), user=job.created_by, file_name=job.file_name,
                                      ref=f"learning.TrainingImport:{job.pk}")
        except import_guard.ImportBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(1)


def _progress_writer(job: TrainingImport):
    last = {"share": -1.0}

    def write(done: int, total: int | None) -> None:
        share = done / total if total else 0.0
        if total and share - last["share"] < PROGRESS_STEP and done < total:
            return
        last["share"] = share
        TrainingImport.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    return write


def run_queued(job: TrainingImport) -> TrainingImport:
    """Run a queued import in the language of the one who uploaded it; the stored file is removed afterwards
    whatever happens, and the import ends done, rejected or failed with its reason."""
    path = Path(settings.MEDIA_ROOT) / job.stored_file
    try:
        with translation.override(job.language or None):
            try:
                run = _begin(job)
            except import_guard.ImportBusy as busy:
                return _fail(job, str(busy))
            job.status, job.run = TrainingImport.Status.RUNNING, run
            job.save(update_fields=["status", "run"])
            try:
                with path.open("rb") as binary:
                    report = _run(job.kind, binary, job.file_name, user=job.created_by,
                                  skip_bad_rows=job.skip_bad_rows, progress=_progress_writer(job), run=run)
            except UploadRejected as exc:
                return _fail(job, str(exc), status=TrainingImport.Status.REJECTED)
            except BaseException as exc:
                reason = import_guard.failure_reason(exc)
                import_guard.fail(run, reason)
                _fail(job, reason)
                raise
    finally:
        path.unlink(missing_ok=True)
    job.status = TrainingImport.Status.DONE if report.stored else TrainingImport.Status.REJECTED
    job.finished_at, job.report = timezone.now(), report.as_dict()
    job.rows_done = job.rows_total = report.rows_read
    job.save(update_fields=["status", "finished_at", "report", "rows_done", "rows_total"])
    return job


def _fail(job: TrainingImport, reason: str, status=TrainingImport.Status.FAILED) -> TrainingImport:
    job.status, job.failure, job.finished_at = status, reason[:2000], timezone.now()
    job.save(update_fields=["status", "failure", "finished_at"])
    return job


def close_if_dead(job: TrainingImport) -> TrainingImport:
    """A running import whose process died is failed with the reason its run was closed with (import_guard)."""
    if job.status != TrainingImport.Status.RUNNING:
        return job
    import_guard.close_stale(kind=guard_kind(job.kind))
    run = ImportRun.objects.filter(pk=job.run_id).first()
    if run is None or run.status != ImportRun.Status.RUNNING:
        _fail(job, run.reason if run is not None and run.reason else
              import_guard.failure_reason(RuntimeError("the background worker stopped")))
    return job


def percent(job: TrainingImport) -> int:
    if job.status not in (TrainingImport.Status.QUEUED, TrainingImport.Status.RUNNING):
        return 100
    return min(99, int(100 * job.rows_done / job.rows_total)) if job.rows_total else 0
