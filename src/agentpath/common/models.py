"""What every file import shares: the record of one run, which is also the lock of its kind and center."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One import (roster, KPI …) from start to end. While it is running its row is the lock: at most one
    running import per kind and center (a partial unique index, the same on SQLite and PostgreSQL)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("failed")

    ALL_CENTERS = "*"
    # what each kind of import is called on screen (the kinds are the apps' import_guard kinds: org.importers,
    # org.importers.structure, performance.importers.runs, learning.import_jobs.guard_kind)
    KIND_NAMES = {"roster": _("Roster import"), "org": _("Centers and teams import"), "kpi": _("KPI import"),
                  "training-completions": _("Course completions import"),
                  "training-attendance": _("Attendance import")}

    kind = models.CharField(_("kind"), max_length=30)
    center = models.CharField(_("center"), max_length=30, default=ALL_CENTERS,
                              help_text=_("the center code the import writes to, * for all centers"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    reason = models.TextField(_("reason"), blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    ref = models.CharField(max_length=100, blank=True)  # the kind's own record, e.g. "performance.KpiImport:12"
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Who runs it, to tell a live import from one whose process died.
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    db_pid = models.PositiveIntegerField(null=True, blank=True)  # PostgreSQL backend of the importing process
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        constraints = [models.UniqueConstraint(fields=["kind", "center"], condition=Q(status="running"),
                                               name="one_running_import_per_kind_and_center")]

    def __str__(self):
        return f"{self.kind} {self.center} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def kind_name(self) -> str:
        """The kind as the pages name it (a kind without a name shows its code)."""
        return self.KIND_NAMES.get(self.kind, self.kind)


class TransitionLog(models.Model):
    """Every state move of a workflow (round, review, exam attempt …): which transition, from and to which state,
    by whom, when and why. Written by common.workflow.transition_under_lock."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    transition = models.CharField(_("action"), max_length=50)
    source = models.CharField(_("from"), max_length=50)
    target = models.CharField(_("to"), max_length=50)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.transition}: {self.source} → {self.target}"
