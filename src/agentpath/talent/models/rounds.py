"""Promotion rounds (晋升评审): nominations, rounds with their quotas and candidates, and the talent decisions
(on a round's candidate or on a bottom-rank review), which are never deleted."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from agentpath.accounts.models import Role

from .reviews import BottomRankReview


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


def _decides_rounds(instance, user) -> bool:
    """The permission of every round transition: HR and center managers (the scope of the round is checked before)."""
    return user.is_superuser or user.role in (Role.CENTER_MANAGER, Role.HR_ADMIN)


class PromotionRound(FSMModelMixin, models.Model):
    """A promotion round (晋升评审) for one center and period (DOMAIN.md C8). Its state is a django-fsm state machine:
    it moves only by the transitions below, each taken under a row lock by talent.rounds.apply_round_action
    (common.workflow.transition_under_lock), with its guard as a condition."""

    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("Promotion round")
        ANNUAL_REVIEW = "annual_review", _("Annual review (grade steps)")

    class State(models.TextChoices):
        OPEN = "open", _("Open for nominations")
        DECIDING = "deciding", _("Deciding")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    center = models.ForeignKey("org.Center", on_delete=models.PROTECT, related_name="promotion_rounds",
                               verbose_name=_("center"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROMOTION)
    period = models.CharField(_("period"), max_length=20, help_text=_("e.g. 2026Q4"))
    effective_date = models.DateField(_("effective date of the moves"))
    state = FSMField(_("state"), max_length=20, choices=State.choices, default=State.OPEN, protected=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("promotion round")
        verbose_name_plural = _("promotion rounds")
        constraints = [models.UniqueConstraint(fields=["center", "kind", "period"],
                                               name="one_round_per_center_kind_period")]

    def __str__(self):
        return f"{self.center} {self.period}"

    def has_no_standing_approval(self) -> bool:
        """A round with approvals standing cannot be cancelled: reverse them first."""
        return not TalentDecision.objects.filter(candidate__round=self, reversed_by__isnull=True,
                                                 outcome=TalentDecision.Outcome.APPROVE).exists()

    @transition(field=state, source=State.OPEN, target=State.DECIDING, permission=_decides_rounds)
    def start_deciding(self):
        """Nominations close; decisions open (talent.rounds gathers the candidates again in the same transaction)."""

    @transition(field=state, source=State.DECIDING, target=State.OPEN, permission=_decides_rounds)
    def reopen(self):
        """Back to nominations."""

    @transition(field=state, source=State.DECIDING, target=State.CLOSED, permission=_decides_rounds)
    def close(self):
        """The round's decisions are final."""

    @transition(field=state, source=[State.OPEN, State.DECIDING], target=State.CANCELLED,
                conditions=[has_no_standing_approval], permission=_decides_rounds)
    def cancel(self):
        """The round is called off; only without approvals standing."""


class RoundQuota(models.Model):
    """How many people a round may move into a level (its slots; none: no limit, with the reason why). Where the
    center has a staffing ratio for the level the slots come from its gap, otherwise the manager sets them."""

    class Source(models.TextChoices):
        STAFFING = "staffing", _("Staffing ratio")
        MANUAL = "manual", _("Set by hand")
        NO_LIMIT = "no_limit", _("No limit")

    round = models.ForeignKey(PromotionRound, on_delete=models.CASCADE, related_name="quotas",
                              verbose_name=_("promotion round"))
    level = models.ForeignKey("careers.Level", on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    slots = models.PositiveSmallIntegerField(_("slots"), null=True, blank=True, help_text=_("empty: no limit"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["round", "level"], name="one_quota_per_round_level")]

    def __str__(self):
        return f"{self.level}: {self.slots if self.slots is not None else '∞'}"


class QuotaChange(models.Model):
    """A quota set or changed in a round, with who, when and why (the quota's history; never edited)."""

    round = models.ForeignKey(PromotionRound, on_delete=models.CASCADE, related_name="quota_changes",
                              verbose_name=_("promotion round"))
    level = models.ForeignKey("careers.Level", on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    from_slots = models.PositiveSmallIntegerField(_("slots before"), null=True, blank=True)
    to_slots = models.PositiveSmallIntegerField(_("slots after"), null=True, blank=True)
    had_quota = models.BooleanField(_("had a quota before"))
    source = models.CharField(_("source"), max_length=20, choices=RoundQuota.Source.choices)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("quota change")
        verbose_name_plural = _("quota changes")

    def __str__(self):
        return f"{self.level}: {self.from_slots} → {self.to_slots}"


class Recommendation(models.TextChoices):
    SUPPORT = "support", _("Recommend")
    OPPOSE = "oppose", _("Do not recommend")


class RoundCandidate(models.Model):
    """A person considered in a round for one transition: eligible by the engine, or nominated with a reason."""

    class Source(models.TextChoices):
        ELIGIBLE = "eligible", _("Eligible")
        NOMINATED = "nominated", _("Nominated")

    round = models.ForeignKey(PromotionRound, on_delete=models.CASCADE, related_name="candidates",
                              verbose_name=_("promotion round"))
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="round_candidacies",
                                 verbose_name=_("employee"))
    transition = models.ForeignKey("careers.Transition", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("transition"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("nomination"))
    tl_recommendation = models.CharField(_("team leader's recommendation"), max_length=20,
                                         choices=Recommendation.choices, blank=True)
    tl_note = models.CharField(_("team leader's note"), max_length=300, blank=True)
    manager_recommendation = models.CharField(_("manager's recommendation"), max_length=20,
                                              choices=Recommendation.choices, blank=True)
    manager_note = models.CharField(_("manager's note"), max_length=300, blank=True)

    class Meta:
        ordering = ["employee__employee_no"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [models.UniqueConstraint(fields=["round", "employee", "transition"],
                                               name="one_candidacy_per_round_transition")]

    def __str__(self):
        return f"{self.employee} → {self.transition.to_level}"


class DecisionQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("Talent decisions are never deleted; record a later decision that reverses one.")


class TalentDecision(models.Model):
    """A decision on a candidate, with the facts it saw (the explained requirements and the framework version),
    who decided and when. Never deleted: a later decision reverses an earlier one (DOMAIN.md C8)."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        DEFER = "defer", _("Defer")
        DEMOTE = "demotion", _("Demotion")
        CHANGE_POST = "change_of_post", _("Change of post")
        KEEP = "keep", _("Keep in post")
        NOT_DECIDED = "not_decided", _("Not decided (round closed)")

    candidate = models.ForeignKey(RoundCandidate, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="decisions", verbose_name=_("candidate"))
    review = models.ForeignKey(BottomRankReview, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="decisions", verbose_name=_("bottom-rank review"))
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=500)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    facts_as_of = models.DateField(_("facts as of"))
    requirements_snapshot = models.JSONField(_("requirements as seen"), default=list)
    eligible_when_decided = models.BooleanField(_("eligible when decided"))
    # 破格: an approval despite unmet requirements, only with an explicit override and its written reason
    override = models.BooleanField(_("override (破格)"), default=False)
    override_reason = models.CharField(_("reason for the override"), max_length=500, blank=True)
    framework_code = models.CharField(_("framework"), max_length=40)
    framework_version = models.PositiveIntegerField(_("framework version"))
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reversed_by", verbose_name=_("reverses"))
    event = models.ForeignKey("org.EmploymentEvent", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("move recorded"))

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("talent decision")
        verbose_name_plural = _("talent decisions")
        # One standing decision per candidate: only the first decision on a candidate reverses nothing, and each
        # decision is reversed at most once (`reverses` is one-to-one), so the decisions form one chain.
        constraints = [models.CheckConstraint(condition=models.Q(candidate__isnull=True) ^ models.Q(review__isnull=True),
                                              name="decision_on_a_candidate_or_a_review"),
                       models.UniqueConstraint(fields=["candidate"], name="one_first_decision_per_candidate",
                                               condition=models.Q(candidate__isnull=False, reverses__isnull=True)),
                       # one outcome per bottom-rank review: a later one can only reverse it (its own row, unique)
                       models.UniqueConstraint(fields=["review"], name="one_outcome_per_review",
                                               condition=models.Q(review__isnull=False, reverses__isnull=True)),
                       # 破格 always carries its written reason
                       models.CheckConstraint(condition=models.Q(override=False) | ~models.Q(override_reason=""),
                                              name="override_has_a_reason")]

    def __str__(self):
        return f"{self.candidate or self.review}: {self.get_outcome_display()}"

    @property
    def ref(self) -> str:
        return f"talent-decision:{self.pk}"

    def delete(self, *args, **kwargs):
        raise PermissionError("Talent decisions are never deleted; record a later decision that reverses one.")
