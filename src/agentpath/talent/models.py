"""Talent (C8). The foundation holds supervisor nominations, which promotion requirements may demand.

Past ~500 lines (519): the decision models (rounds, decisions, reviews, 9-box) share their constraints and state
machines here; the split into talent/models/ (rounds, reviews, competencies) is left for the next change to
this file, since every talent migration and import names this module."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from agentpath.accounts.models import Role
from agentpath.org import scoping


def decides_talent(instance, user) -> bool:
    """The permission of every transition of a review: HR and center managers (org.scoping); the rule of who
    may act on whom is talent.duties, checked by the service under the same lock."""
    return scoping.can_decide_talent(user)


def still_employed(review) -> bool:
    """A review moves only while its person is still with the company (someone who left is not reviewed on)."""
    return review.employee.status != review.employee.Status.EXITED


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


class BottomRankReview(FSMModelMixin, models.Model):
    """A bottom-rank review (末位评估) under Chinese labour law: ranking last is not by itself "unable to do the
    job" (SPC guiding case 18); Labour Contract Law art. 40(2) asks for training or a change of post first. So it
    opens an improvement step (mandatory training and a re-assessment date); only a step recorded as done and
    failed lets a demotion or a change of post be decided (talent.bottom_rank). Its state moves only by the
    transitions below, taken through common.workflow.transition_under_lock."""

    class State(models.TextChoices):
        IMPROVING = "improving", _("Improvement step under way")
        PASSED = "passed", _("Improvement passed")
        FAILED = "failed", _("Improvement failed")
        DECIDED = "decided", _("Decided")

    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="bottom_rank_reviews",
                                 verbose_name=_("employee"))
    center = models.ForeignKey("org.Center", on_delete=models.PROTECT, related_name="+", verbose_name=_("center"))
    quarters = models.CharField(_("quarters ranked"), max_length=40)
    share = models.DecimalField(_("bottom share"), max_digits=4, decimal_places=2)
    ranks_snapshot = models.JSONField(_("ranks as seen"), default=list)
    state = FSMField(_("state"), max_length=20, choices=State.choices, default=State.IMPROVING, protected=True)
    training = models.ForeignKey("learning.Course", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("mandatory training"))
    reassess_on = models.DateField(_("re-assessment date"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    opened_on = models.DateField(_("opened on"))
    result_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name=_("result recorded by"))
    result_recorded_on = models.DateField(_("result recorded on"), null=True, blank=True)
    result_note = models.CharField(_("result note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("bottom-rank review")
        verbose_name_plural = _("bottom-rank reviews")
        constraints = [models.UniqueConstraint(fields=["employee", "quarters"], name="one_review_per_quarters"),
                       # one review under way per person: a later run of quarters does not open a second step
                       models.UniqueConstraint(fields=["employee"], name="one_open_review_per_person",
                                               condition=models.Q(state__in=["improving", "failed"]))]

    def __str__(self):
        return f"{self.employee} {self.quarters}"

    @transition(field=state, source=State.IMPROVING, target=State.PASSED, conditions=[still_employed],
                permission=decides_talent)
    def pass_improvement(self, *, recorded_by, note: str, on):
        self.result_recorded_by, self.result_recorded_on, self.result_note = recorded_by, on, note

    @transition(field=state, source=State.IMPROVING, target=State.FAILED, conditions=[still_employed],
                permission=decides_talent)
    def fail_improvement(self, *, recorded_by, note: str, on):
        self.result_recorded_by, self.result_recorded_on, self.result_note = recorded_by, on, note

    @transition(field=state, source=State.FAILED, target=State.DECIDED, conditions=[still_employed],
                permission=decides_talent)
    def decide(self):
        """The outcome itself is a TalentDecision (one per review, a database constraint)."""


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


class PotentialRating(models.Model):
    """A supervisor's rating of a person's potential (1–5) for a period; the latest counts in a 9-box review.
    Re-rating a period changes the row; its history keeps every earlier value, who gave it and when."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="potential_ratings",
                                 verbose_name=_("employee"))
    period = models.CharField(_("period"), max_length=20)
    rating = models.PositiveSmallIntegerField(_("potential (1–5)"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("rated by"))
    rated_on = models.DateField(_("rated on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-rated_on", "-id"]
        verbose_name = _("potential rating")
        verbose_name_plural = _("potential ratings")
        constraints = [models.UniqueConstraint(fields=["employee", "period"], name="one_potential_rating_per_period"),
                       models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                              name="potential_rating_1_to_5")]

    def __str__(self):
        return f"{self.employee} {self.period}: {self.rating}"


class TalentReview(FSMModelMixin, models.Model):
    """A 9-box review meeting (人才盘点会) of a center: people placed from the facts of the day, moved by a
    manager only with a written reason; freezing it keeps what the meeting agreed whatever changes later. Its state
    moves only by `freeze`, through common.workflow.transition_under_lock."""

    class State(models.TextChoices):
        OPEN = "open", _("In the meeting")
        FROZEN = "frozen", _("Agreed and frozen")

    center = models.ForeignKey("org.Center", on_delete=models.PROTECT, related_name="talent_reviews",
                               verbose_name=_("center"))
    period = models.CharField(_("period"), max_length=20)
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("held by"))
    state = FSMField(_("state"), max_length=20, choices=State.choices, default=State.OPEN, protected=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    cutoffs = models.JSONField(_("cut-offs"), default=dict)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("talent review")
        verbose_name_plural = _("talent reviews")
        constraints = [models.UniqueConstraint(fields=["center", "period"], name="one_talent_review_per_period")]

    def __str__(self):
        return f"{self.center} {self.period}"

    @transition(field=state, source=State.OPEN, target=State.FROZEN, permission=decides_talent)
    def freeze(self):
        self.frozen_at = timezone.now()


class Placement(models.Model):
    """A person in the grid of a review: the facts seen (percentile, rating), the box computed and the box agreed.
    Performance and potential bands: 1 low, 2 medium, 3 high."""

    review = models.ForeignKey(TalentReview, on_delete=models.CASCADE, related_name="placements",
                               verbose_name=_("talent review"))
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="placements",
                                 verbose_name=_("employee"))
    kpi_percentile = models.FloatField(_("KPI percentile in position and tenure band"), null=True)
    potential_rating = models.PositiveSmallIntegerField(_("potential rating"), null=True)
    too_new = models.BooleanField(_("too new to rate"), default=False)
    computed_performance = models.PositiveSmallIntegerField(_("performance band computed"), null=True)
    computed_potential = models.PositiveSmallIntegerField(_("potential band computed"), null=True)
    performance = models.PositiveSmallIntegerField(_("performance band"), null=True)
    potential = models.PositiveSmallIntegerField(_("potential band"), null=True)
    risk_of_loss = models.CharField(_("risk of loss"), max_length=10, blank=True)
    impact_of_loss = models.CharField(_("impact of loss"), max_length=10, blank=True)

    class Meta:
        ordering = ["employee__employee_no"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [models.UniqueConstraint(fields=["review", "employee"], name="one_placement_per_review")]

    def __str__(self):
        return f"{self.employee} ({self.performance}, {self.potential})"


class PlacementMove(models.Model):
    """A manager's move of a person to another box in the meeting, with the written reason (history kept)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="moves",
                                  verbose_name=_("placement"))
    from_performance = models.PositiveSmallIntegerField(_("from performance band"))
    from_potential = models.PositiveSmallIntegerField(_("from potential band"))
    to_performance = models.PositiveSmallIntegerField(_("to performance band"))
    to_potential = models.PositiveSmallIntegerField(_("to potential band"))
    reason = models.CharField(_("reason"), max_length=500)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("moved by"))
    moved_at = models.DateTimeField(_("moved at"), default=timezone.now)

    class Meta:
        ordering = ["moved_at", "id"]
        verbose_name = _("box move")
        verbose_name_plural = _("box moves")

    def __str__(self):
        return f"{self.placement.employee}: {self.reason}"


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
