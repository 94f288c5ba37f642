"""Talent (C8). The foundation holds supervisor nominations, which promotion requirements may demand."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Nomination(models.Model):
    """A team leader or manager nominates a person for a transition (推荐)."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="nominations",
                                 verbose_name=_("employee"))
    transition = models.ForeignKey("careers.Transition", on_delete=models.CASCADE, related_name="nominations",
                                   verbose_name=_("transition"))
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("nominated by"))
    nominated_on = models.DateField(_("nominated on"), default=timezone.localdate)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering = ["-nominated_on"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [models.UniqueConstraint(fields=["employee", "transition"], condition=models.Q(withdrawn=False),
                                               name="one_open_nomination_per_transition")]

    def __str__(self):
        return f"{self.employee} → {self.transition.to_level}"
