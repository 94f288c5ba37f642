"""The competency dictionary, the competency profile of each position, and assessments against it."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Competency(models.Model):
    """A competency of the dictionary (能力词典) with what each level 1–5 looks like (DOMAIN.md C3)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    levels = models.JSONField(_("level descriptions (1–5)"), default=list)

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        return self.name


class PositionCompetency(models.Model):
    """The level of a competency a position asks for (its competency profile, 岗位能力模型)."""

    position = models.ForeignKey("careers.Position", on_delete=models.CASCADE, related_name="competency_profile",
                                 verbose_name=_("position"))
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("competency"))
    level = models.PositiveSmallIntegerField(_("required level (1–5)"))

    class Meta:
        verbose_name = _("competency profile entry")
        verbose_name_plural = _("competency profile")
        constraints = [models.UniqueConstraint(fields=["position", "competency"], name="one_level_per_competency")]

    def __str__(self):
        return f"{self.position}: {self.competency} {self.level}"


class CompetencyAssessment(models.Model):
    """A self or supervisor assessment of one competency for a period; the supervisor's counts."""

    class By(models.TextChoices):
        SELF = "self", _("Self-assessment")
        SUPERVISOR = "supervisor", _("Supervisor's assessment")

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="competency_assessments",
                                 verbose_name=_("employee"))
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("competency"))
    period = models.CharField(_("period"), max_length=20)
    by = models.CharField(_("assessed as"), max_length=20, choices=By.choices)
    level = models.PositiveSmallIntegerField(_("level (1–5)"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assessed by"))
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        constraints = [models.UniqueConstraint(fields=["employee", "competency", "period", "by"],
                                               name="one_assessment_per_period_and_assessor"),
                       models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5),
                                              name="assessment_level_1_to_5")]

    def __str__(self):
        return f"{self.employee} {self.competency} {self.period}: {self.level}"
