"""One import of a kind and center at a time, and no import left "running" when it did not finish.

    with guarded("roster", user=request.user, file_name=upload.name) as run:
        report = ...                          # the import itself
        finish(run, stored=report.stored, rows_read=report.rows_read, error_count=report.error_count)

- begin() records an ImportRun; the running row is the lock (a partial unique index on running rows, plus a
  check that an all-centers import and a one-center import of the same kind do not overlap). A second import
  gets ImportBusy, which pages and the API answer with 409 "另一个导入正在进行" — never a 500.
- finish() and fail() close a run; guarded() closes it whatever happens (an exception marks it failed with
  its reason). A run whose process died (same host: its pid is gone; PostgreSQL: its database session is
  gone; anywhere: older than MAX_RUN) is closed as failed by the next begin() of its kind or by close_stale().
- Call begin()/guarded() outside any transaction: the running row must be committed for others to see it.
"""
import datetime
import os
import socket
from contextlib import contextmanager

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportRun
from .spreadsheets import UploadRejected

HOST = socket.gethostname()[:255]
# No import runs this long (roster files stop at 200,000 rows); a run still "running" after it is dead.
MAX_RUN = datetime.timedelta(hours=12)
ALL_CENTERS = ImportRun.ALL_CENTERS


def moment_with_zone(moment: datetime.datetime) -> str:
    """A moment in the site's time zone, with the zone: 2026-12-07 21:46 UTC+08:00 (an integration elsewhere
    reads it right)."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


class ImportBusy(Exception):
    """Another import of the same kind and center is running; try again when it has finished (HTTP 409)."""

    def __init__(self, running: ImportRun | None):
        self.running = running
        if running is None:
            message = _("Another import is in progress; try again when it has finished.")
        else:
            message = _("Another import is in progress (%(file)s, started %(since)s); try again when it has "
                        "finished.") % {"file": running.file_name or running.kind,
                                        "since": moment_with_zone(running.started_at)}
        super().__init__(message)


def _backend_pid() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _conflicting(kind: str, center: str):
    running = ImportRun.objects.filter(kind=kind, status=ImportRun.Status.RUNNING)
    return running if center == ALL_CENTERS else running.filter(Q(center=ALL_CENTERS) | Q(center=center))


def begin(kind: str, *, center: str | None = None, user=None, file_name: str = "", ref: str = "") -> ImportRun:
    """Start an import of `kind` for one center (its code) or all (None); ImportBusy if one is running."""
    center = center or ALL_CENTERS
    close_stale(kind=kind)
    run = ImportRun(kind=kind, center=center, started_by=user if user and user.is_authenticated else None,
                    file_name=(file_name or "")[:255], ref=ref[:100], host=HOST, pid=os.getpid(),
                    db_pid=_backend_pid())
    try:
        with transaction.atomic():
            run.save(force_insert=True)
    except IntegrityError:
        raise ImportBusy(_conflicting(kind, center).first()) from None
    except OperationalError as exc:  # SQLite: another writer kept the database past the busy timeout
        if connection.vendor != "sqlite":
            raise
        raise ImportBusy(_conflicting(kind, center).first()) from exc
    # Both rows are committed before either side looks, so two overlapping starts never both go on.
    other = _conflicting(kind, center).exclude(pk=run.pk).order_by("started_at").first()
    if other is not None:
        ImportRun.objects.filter(pk=run.pk).delete()
        raise ImportBusy(other)
    return run


def finish(run: ImportRun, *, stored: bool, rows_read: int = 0, error_count: int = 0) -> None:
    """Close a run that ended: done when stored, rejected when the file was refused (nothing stored)."""
    run.status = ImportRun.Status.DONE if stored else ImportRun.Status.REJECTED
    run.finished_at, run.rows_read, run.error_count = timezone.now(), rows_read, error_count
    ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
        status=run.status, finished_at=run.finished_at, rows_read=rows_read, error_count=error_count)


def fail(run: ImportRun, reason: str) -> None:
    """Close a run that did not finish, with the reason HR reads."""
    run.status, run.finished_at, run.reason = ImportRun.Status.FAILED, timezone.now(), reason[:2000]
    ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
        status=run.status, finished_at=run.finished_at, reason=run.reason)


def failure_reason(exc: BaseException) -> str:
    return _("The import stopped before it finished (%(error)s); nothing of it was stored.") % {
        "error": f"{type(exc).__name__}: {exc}"[:1000]}


@contextmanager
def guarded(kind: str, *, center: str | None = None, user=None, file_name: str = "", ref: str = ""):
    """begin() … finish(); an exception (even MemoryError or an interrupt) marks the run failed and goes on."""
    run = begin(kind, center=center, user=user, file_name=file_name, ref=ref)
    try:
        yield run
    except BaseException as exc:
        fail(run, failure_reason(exc))
        raise
    if run.status == ImportRun.Status.RUNNING:
        finish(run, stored=True)


def import_file(run: ImportRun, user, read_and_import):
    """Within an open run (guarded()): `read_and_import()` reads the file and imports it, giving its report. A file
    refused as unreadable (UploadRejected) closes the run as not stored and is raised again; otherwise the full
    list of errors is kept for download (for `user`) and the run is closed with the report's figures."""
    try:
        report = read_and_import()
    except UploadRejected:
        finish(run, stored=False)
        raise
    report.save_error_file(user)
    finish(run, stored=report.stored, rows_read=report.rows_read, error_count=report.total_errors)
    return report


def _dead(runs: list[ImportRun]) -> list[ImportRun]:
    """The runs whose process is gone: the same host's pid table, PostgreSQL's sessions, or MAX_RUN."""
    now = timezone.now()
    alive_backends: set[tuple[int, datetime.datetime]] = set()
    asked = [r.db_pid for r in runs if r.db_pid and r.host != HOST]
    if asked and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid, backend_start FROM pg_stat_activity WHERE pid = ANY(%s)", [asked])
            alive_backends = set(cursor.fetchall())
    dead = []
    for run in runs:
        if now - run.started_at > MAX_RUN:
            dead.append(run)
        elif run.host == HOST and run.pid:
            if run.pid != os.getpid() and not _pid_alive(run.pid):
                dead.append(run)
        elif run.db_pid and connection.vendor == "postgresql":
            if not any(pid == run.db_pid and start <= run.started_at for pid, start in alive_backends):
                dead.append(run)
    return dead


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def close_stale(kind: str | None = None) -> list[ImportRun]:
    """Mark failed every running import (of `kind`, or any) whose process died; returns them."""
    running = ImportRun.objects.filter(status=ImportRun.Status.RUNNING)
    if kind:
        running = running.filter(kind=kind)
    dead = _dead(list(running))
    for run in dead:
        fail(run, _("The process running this import (%(host)s, process %(pid)s) stopped before the import "
                    "finished; nothing of it was stored.") % {"host": run.host or "?", "pid": run.pid or "?"})
    return dead
