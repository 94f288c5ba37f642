"""A center's staffing ratios and its succession benches (DOMAIN.md C4, C8)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StaffingTarget(models.Model):
    """A center's staffing ratios (DOMAIN.md C4): agents per team leader, QA, trainer and scheduler, each as a
    range, and an optional target share of people per level. talent.staffing.DEFAULT_RATIOS gives the defaults
    and their sources for a center without its own."""

    center = models.OneToOneField("org.Center", on_delete=models.CASCADE, related_name="staffing_target",
                                  verbose_name=_("center"))
    agents_per_team_leader_min = models.PositiveSmallIntegerField(_("agents per team leader, from"))
    agents_per_team_leader_max = models.PositiveSmallIntegerField(_("agents per team leader, to"))
    agents_per_qa_min = models.PositiveSmallIntegerField(_("agents per QA, from"))
    agents_per_qa_max = models.PositiveSmallIntegerField(_("agents per QA, to"))
    agents_per_trainer_min = models.PositiveSmallIntegerField(_("agents per trainer, from"))
    agents_per_trainer_max = models.PositiveSmallIntegerField(_("agents per trainer, to"))
    agents_per_scheduler_min = models.PositiveSmallIntegerField(_("agents per scheduler, from"))
    agents_per_scheduler_max = models.PositiveSmallIntegerField(_("agents per scheduler, to"))
    level_distribution = models.JSONField(_("target share per level"), default=dict, blank=True,
                                          help_text=_('e.g. {"mgmt-agent": 0.7, "pro-senior": 0.15}'))

    class Meta:
        verbose_name = _("staffing target")
        verbose_name_plural = _("staffing targets")

    def __str__(self):
        return str(self.center)


class SuccessionCandidate(models.Model):
    """A person on the bench of a key position of a center (继任梯队), with how soon they will be ready."""

    class Readiness(models.TextChoices):
        NOW = "now", _("Ready now")
        MONTHS_6_12 = "6-12", _("Ready in 6–12 months")
        MONTHS_12_24 = "12-24", _("Ready in 12–24 months")

    center = models.ForeignKey("org.Center", on_delete=models.CASCADE, related_name="+", verbose_name=_("center"))
    position = models.ForeignKey("careers.Position", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("key position"))
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="succession_benches",
                                 verbose_name=_("employee"))
    readiness = models.CharField(_("readiness"), max_length=10, choices=Readiness.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_on = models.DateField(_("added on"), default=timezone.localdate)
    history = HistoricalRecords()  # readiness changes and removals, with who made them

    class Meta:
        ordering = ["position__code", "readiness", "employee__employee_no"]
        verbose_name = _("succession candidate")
        verbose_name_plural = _("succession candidates")
        constraints = [models.UniqueConstraint(fields=["center", "position", "employee"],
                                               name="one_bench_place_per_position")]

    def __str__(self):
        return f"{self.position} ← {self.employee} ({self.readiness})"
