"""Recognition (DOMAIN.md C10, seed 004 "像游戏一样升级", "小徽章"): badges as data HR edits, the awards the
rules (or people) give, and the named levels of experience points."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import BilingualName

# The pictures a badge may wear: SVG files shipped under static/agentpath/badges/<icon>.svg.
ICONS = [
    ("star", _("Star icon")), ("medal", _("Medal")), ("trophy", _("Trophy")), ("book", _("Book")),
    ("calendar", _("Calendar")), ("target", _("Target")), ("shield", _("Shield")), ("heart", _("Heart")),
]


class Badge(BilingualName):
    """A badge and the rule that awards it (`rule` with its `params`), or "by hand" (a nomination with a reason)."""

    class Rule(models.TextChoices):
        BY_HAND = "by_hand", _("By hand (nomination with a reason)")
        COURSE = "course", _("Finished a course")
        PROGRAM = "program", _("Finished a program")
        FULL_ATTENDANCE = "full_attendance", _("Full attendance at the month's sessions")
        MONTHLY_EXAM = "monthly_exam", _("Monthly exam at or above a score")
        KPI_TOP = "kpi_top", _("KPI composite in the top percent of the peer group")
        QA_STREAK = "qa_streak", _("QA score at or above a score for months running")
        TENURE = "tenure", _("Tenure milestone")
        IDP_ON_TIME = "idp_on_time", _("An IDP completed on time")

    # The parameters each rule reads (validated by clean()); the value is the kind of each.
    PARAMS = {
        Rule.BY_HAND: {}, Rule.COURSE: {"course": str}, Rule.PROGRAM: {"program": str},
        Rule.FULL_ATTENDANCE: {"min_sessions": int}, Rule.MONTHLY_EXAM: {"min_score": float},
        Rule.KPI_TOP: {"group": str, "top_percent": float, "period_kind": str},
        Rule.QA_STREAK: {"min_score": float, "months": int}, Rule.TENURE: {"days": int, "years": int},
        Rule.IDP_ON_TIME: {},
    }

    code = models.SlugField(_("code"), max_length=40, unique=True)
    icon = models.CharField(_("picture"), max_length=20, choices=ICONS, default="star")
    rule = models.CharField(_("awarded by"), max_length=20, choices=Rule.choices, default=Rule.BY_HAND)
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    points = models.PositiveSmallIntegerField(_("experience points"), default=10)
    description = models.CharField(_("description"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    @property
    def icon_path(self) -> str:
        return f"agentpath/badges/{self.icon}.svg"

    def clean(self):
        """Each rule names its parameters; a tenure milestone is given in days or in years (one of them)."""
        wanted = self.PARAMS.get(self.rule, {})
        params = self.params or {}
        unknown = sorted(set(params) - set(wanted))
        if unknown:
            raise ValidationError({"params": _("%(rule)s takes %(known)s, not %(unknown)s.") % {
                "rule": self.get_rule_display(), "known": ", ".join(wanted) or "—", "unknown": ", ".join(unknown)}})
        needed = [k for k in wanted if k not in params] if self.rule != self.Rule.TENURE else (
            [] if ("days" in params) != ("years" in params) else ["days | years"])
        if needed:
            raise ValidationError({"params": _("%(rule)s needs %(missing)s.") % {
                "rule": self.get_rule_display(), "missing": ", ".join(needed)}})
        for key, kind in wanted.items():
            if key in params and not isinstance(params[key], (int, float) if kind is not str else str):
                raise ValidationError({"params": _("%(key)s must be a %(kind)s, not %(value)s.") % {
                    "key": key, "kind": _("text") if kind is str else _("number"), "value": params[key]}})
        if self.rule == self.Rule.KPI_TOP and params.get("period_kind") not in ("month", "quarter"):
            raise ValidationError({"params": _("period_kind is month or quarter.")})


class Award(models.Model):
    """A badge given to a person on an occasion: the month a periodic rule was met ("2026-10"), "once" for a
    once-in-a-career rule (a course, a tenure milestone), or the month of a nomination. One award per badge,
    person and occasion (a re-run awards nothing twice). A revocation keeps the row, with who and why: a re-run
    never gives a revoked badge back for the same occasion."""

    # No index of their own on badge and employee: award_once leads with the person (the wall, the points, the
    # leaderboards and a person's deletion read a person's awards by it); each index more costs the award run on
    # every row it writes (measured on PostgreSQL: docs/recognition.md "The award table's indexes").
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards", verbose_name=_("badge"),
                              db_index=False)
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="awards",
                                 verbose_name=_("employee"), db_index=False)
    occasion = models.CharField(_("occasion"), max_length=12)
    earned_on = models.DateField(_("earned on"))
    facts = models.JSONField(_("facts"), default=dict, help_text=_("the facts that gave the award"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("awarded by"), db_index=False)
    run_period = models.CharField(_("award run"), max_length=8, blank=True)
    awarded_at = models.DateTimeField(_("awarded at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("revoked by"), db_index=False)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        ordering = ["-earned_on", "badge__order"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        # Person first: the award run's ON CONFLICT names the three columns in any order, and a person's awards
        # are read by the person (no (employee, earned_on) index beside it).
        constraints = [models.UniqueConstraint(fields=["employee", "badge", "occasion"], name="award_once")]
        # Who gave or revoked: partial, since most awards have neither (a run from the CLI, no revocation); they
        # serve the SET NULL when a user is deleted.
        indexes = [models.Index(fields=["awarded_by"], condition=models.Q(awarded_by__isnull=False),
                                name="award_awarded_by"),
                   models.Index(fields=["revoked_by"], condition=models.Q(revoked_by__isnull=False),
                                name="award_revoked_by")]

    def __str__(self):
        return f"{self.badge} · {self.employee_id} · {self.occasion}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class XpLevel(BilingualName):
    """A named level of experience points (见习 → 铜牌 → 银牌 → 金牌 → 钻石), reached at `min_points`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    min_points = models.PositiveIntegerField(_("points to reach it"), unique=True)

    class Meta:
        ordering = ["min_points"]
        verbose_name = _("experience level")
        verbose_name_plural = _("experience levels")


KPI_GROUP = "business"  # the composite group (seed 002 业务能力) whose percentile earns KPI points


class PointsRule(BilingualName):
    """Experience points from facts other than badges (seed 004 附录1 "像游戏一样升级"), as data HR edits: points per
    credit of a finished course, per month whose monthly exam reached `threshold`, per month whose KPI composite
    (业务能力) percentile reached `threshold`. A badge's own points are on the badge."""

    class Source(models.TextChoices):
        COURSE_CREDIT = "course_credit", _("Per credit of a finished course")
        EXAM = "exam", _("Per month with the monthly exam at or above the threshold")
        KPI = "kpi", _("Per month with the KPI composite percentile at or above the threshold")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    threshold = models.FloatField(_("threshold"), null=True, blank=True,
                                  help_text=_("the exam score or the percentile a month must reach; none for credits"))
    points = models.PositiveSmallIntegerField(_("experience points"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["source", "code"]
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")

    def clean(self):
        if self.source != self.Source.COURSE_CREDIT and self.threshold is None:
            raise ValidationError({"threshold": _("A month counts when it reaches a threshold: give one.")})


class CenterSetting(models.Model):
    """A center's recognition settings. Without a row the defaults hold (names shown)."""

    center = models.OneToOneField("org.Center", on_delete=models.CASCADE, related_name="recognition_setting",
                                  verbose_name=_("center"))
    agents_see_names = models.BooleanField(
        _("agents see colleagues' names on the leaderboard"), default=True,
        help_text=_("off: an agent sees only their own place; leaders and managers always see names"))

    class Meta:
        verbose_name = _("center recognition setting")
        verbose_name_plural = _("center recognition settings")

    def __str__(self):
        return str(self.center)
