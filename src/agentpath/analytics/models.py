"""Flight-risk models and their scores, early-warning rules and the alerts they raise (DOMAIN.md C11, issue 21)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import BilingualName


class RiskModel(models.Model):
    """One trained Cox model (analytics.risk): its figures on the hold-out, its hazard ratios and what scoring needs
    (coefficients, the training means they are centred on, the baseline survival at 90 days, the fill values)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    trained_at = models.DateTimeField(_("trained at"), default=timezone.now)
    trained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("trained by"))
    as_of = models.DateField(_("scored on"))
    train_landmark = models.DateField(_("training landmark"))
    holdout_landmark = models.DateField(_("hold-out landmark"))
    n = models.PositiveIntegerField(_("people in training"))
    events = models.PositiveIntegerField(_("exits in training"))
    holdout_n = models.PositiveIntegerField(_("people in hold-out"))
    holdout_events = models.PositiveIntegerField(_("exits in hold-out"))
    c_index = models.FloatField(_("concordance index on the hold-out"))
    calibration = models.JSONField(_("calibration at 90 days"), default=list,
                                   help_text=_("by decile of predicted risk: people, predicted and observed share"))
    hazard_ratios = models.JSONField(_("hazard ratios"), default=list,
                                     help_text=_("covariate, hazard ratio, its 95-percent bounds, p"))
    coefficients = models.JSONField(default=dict)
    means = models.JSONField(default=dict)
    fill_values = models.JSONField(default=dict)
    baseline_survival_90 = models.FloatField()
    covariates = models.JSONField(_("candidate covariates"), default=list, help_text=_(
        "every covariate the model was trained over (those constant in training are left out of its ratios); a new "
        "set is a new version"))

    class Meta:
        ordering = ["-version"]
        verbose_name = _("flight-risk model")
        verbose_name_plural = _("flight-risk models")

    def __str__(self):
        return f"v{self.version} {self.trained_at:%Y-%m-%d}"


class RiskScore(models.Model):
    """A person's predicted chance of leaving within 90 days under one model, and the facts it was computed from."""

    model = models.ForeignKey(RiskModel, on_delete=models.CASCADE, related_name="scores", verbose_name=_("model"))
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("employee"))
    risk_90 = models.FloatField(_("risk of leaving within 90 days"))
    facts = models.JSONField(_("facts"), default=dict)

    class Meta:
        ordering = ["-risk_90"]
        verbose_name = _("flight-risk score")
        verbose_name_plural = _("flight-risk scores")
        constraints = [models.UniqueConstraint(fields=["model", "employee"], name="risk_score_unique")]

    def __str__(self):
        return f"{self.employee_id} {self.risk_90:.3f}"


class AlertRule(BilingualName):
    """An early-warning rule as data (analytics.early_warning evaluates each kind in one query over everyone)."""

    class Kind(models.TextChoices):
        KPI_DROP = "kpi_drop", _("a metric falls week after week")
        KPI_ABOVE = "kpi_above", _("a metric's month-to-date mean above a threshold")
        ABSENCES = "absences", _("absent days in the month")
        NEW_HIRE_LOW = "new_hire_low", _("a new hire under a percentile")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    metric = models.ForeignKey("performance.Metric", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("metric"))
    threshold = models.FloatField(_("threshold"), help_text=_(
        "points of drop per week; the mean above which; the value at or below which a day counts as absent; "
        "the percentile under which"))
    count = models.PositiveSmallIntegerField(_("count"), default=1,
                                             help_text=_("weeks running (drop) or absent days (absences)"))
    days = models.PositiveSmallIntegerField(_("days"), default=0, help_text=_("a new hire's first days"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("early-warning rule")
        verbose_name_plural = _("early-warning rules")


class Alert(models.Model):
    """A rule met by a person in a month (one per person, rule and month), with the data that met it; the team
    leader or manager acknowledges it with a note; the team leader may open an action of the person's IDP from it."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("rule"))
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("employee"))
    period = models.CharField(_("month"), max_length=7)
    raised_on = models.DateField(_("raised on"))
    facts = models.JSONField(_("facts"), default=dict)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("acknowledged by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    idp_action = models.ForeignKey("development.IdpAction", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("development action opened"))

    class Meta:
        ordering = ["-raised_on", "rule", "employee"]
        verbose_name = _("early-warning alert")
        verbose_name_plural = _("early-warning alerts")
        constraints = [models.UniqueConstraint(fields=["rule", "employee", "period"], name="alert_once_per_month")]
        indexes = [models.Index(fields=["period", "acknowledged_at"])]

    def __str__(self):
        return f"{self.rule} · {self.employee_id} · {self.period}"
