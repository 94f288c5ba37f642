"""Reviews of people: bottom-rank reviews (末位评估), potential ratings and 9-box review meetings (人才盘点)
with their placements and moves. The review state machines move only through common.workflow.transition_under_lock."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from agentpath.org import scoping


def decides_talent(instance, user) -> bool:
    """The permission of every transition of a review: HR and center managers (org.scoping); the rule of who
    may act on whom is talent.duties, checked by the service under the same lock."""
    return scoping.can_decide_talent(user)


def still_employed(review) -> bool:
    """A review moves only while its person is still with the company (someone who left is not reviewed on)."""
    return review.employee.status != review.employee.Status.EXITED


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
    goal = models.CharField(_("goal of the improvement step"), max_length=300, blank=True)
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
