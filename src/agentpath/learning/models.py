"""Training (C6). The foundation holds courses and their completions (imported for now); programs,
sessions and trainers grow here later."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agentpath.careers.models import BilingualName


class Course(BilingualName):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1, default=1)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=2)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")


class CourseCompletion(models.Model):
    """A person passed a course on a date; credits are copied so later course edits never change the past."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="course_completions",
                                 verbose_name=_("employee"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions",
                               verbose_name=_("course"))
    completed_on = models.DateField(_("completed on"), default=timezone.localdate)
    credits = models.DecimalField(_("credits earned"), max_digits=5, decimal_places=1)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    source = models.CharField(_("source"), max_length=40, default="import")

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [models.UniqueConstraint(fields=["employee", "course", "completed_on"],
                                               name="completion_unique_per_day")]
        indexes = [models.Index(fields=["employee", "completed_on"])]

    def __str__(self):
        return f"{self.employee} · {self.course} · {self.completed_on}"
