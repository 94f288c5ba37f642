"""The employee's own planning workspace (DOMAIN.md C9; seeds 000, 002, 003, 004).

Career anchors (AnchorTake, retakes kept), the four-step career plan with want/fit/can (CareerPlan), the IDP
(Idp, versioned, agreed between employee and team leader; an agreed version is never edited), its goals,
actions and quarterly reviews, conversations recorded by the team leader, and the 90-day onboarding skills
plan of a new hire (seed 003). An IDP is a development plan, never an improvement plan.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class AnchorTake(models.Model):
    """One completed inventory; scores are kept as computed (anchors.score_answers) so a profile reads fast."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="anchor_takes",
                                 verbose_name=_("employee"))
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    scores = models.JSONField(_("anchor scores"))

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("career-anchor inventory")
        verbose_name_plural = _("career-anchor inventories")

    def __str__(self):
        return f"{self.employee} · {self.taken_at:%Y-%m-%d}"


class AnchorAnswer(models.Model):
    take = models.ForeignKey(AnchorTake, on_delete=models.CASCADE, related_name="answers",
                             verbose_name=_("career-anchor inventory"))
    item = models.PositiveSmallIntegerField(_("item"))
    rating = models.PositiveSmallIntegerField(_("rating"))
    most_true = models.BooleanField(_("most true"), default=False)

    class Meta:
        ordering = ["take", "item"]
        verbose_name = _("anchor answer")
        verbose_name_plural = _("anchor answers")
        constraints = [models.UniqueConstraint(fields=["take", "item"], name="anchor_answer_once_per_item"),
                       models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=6),
                                              name="anchor_rating_1_to_6")]

    def __str__(self):
        return f"{self.take_id} · {self.item}: {self.rating}"


class CareerPlan(models.Model):
    """The four steps of seed 000 and the want/fit/can analysis: one living plan per employee."""

    class Stage(models.TextChoices):
        EXPLORATION = "exploration", _("Exploration (new in the job)")
        ESTABLISHMENT = "establishment", _("Establishment (growing in the role)")
        ADVANCEMENT = "advancement", _("Advancement (preparing the next step)")
        MAINTENANCE = "maintenance", _("Maintenance (deepening and passing on)")

    employee = models.OneToOneField("org.Employee", on_delete=models.CASCADE, related_name="career_plan",
                                    verbose_name=_("employee"))
    # step 1 自我分析 / 环境分析 / 关键成就因素 / 关键问题分析
    self_analysis = models.TextField(_("self analysis"), blank=True)
    environment_analysis = models.TextField(_("environment analysis"), blank=True)
    key_success_factors = models.TextField(_("key success factors"), blank=True)
    key_problems = models.TextField(_("key problems"), blank=True)
    # step 2 职业发展周期 / 目标 / 成功标准
    stage = models.CharField(_("development stage"), max_length=20, choices=Stage.choices, blank=True)
    goals_short = models.TextField(_("short-term goals (within 1 year)"), blank=True)
    goals_middle = models.TextField(_("middle-term goals (1-3 years)"), blank=True)
    goals_long = models.TextField(_("long-term goals (3-5 years)"), blank=True)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    # step 3 发展途径 / 角色转换 / 能力转换
    target_transition = models.ForeignKey("careers.Transition", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+", verbose_name=_("target move"))
    target_position = models.ForeignKey("careers.Position", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("target position"))
    role_transition = models.TextField(_("role transition"), blank=True)
    competency_transition = models.TextField(_("competency transition"), blank=True)
    # step 4 方案 / 文件
    plan_summary = models.TextField(_("the plan"), blank=True)
    # 想 / 适合 / 可以 (seed 000): answers by question key, and the summary the employee edits
    want_fit_can = models.JSONField(_("want / fit / can answers"), default=dict, blank=True)
    want_fit_can_summary = models.TextField(_("want / fit / can summary"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("career plan")
        verbose_name_plural = _("career plans")

    def __str__(self):
        return f"{self.employee}"


class Idp(models.Model):
    """One version of an individual development plan. States move only by the named transitions below; an
    agreed version stays as agreed, and a change starts the next version (services.revise_idp)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        AGREED = "agreed", _("Agreed")

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="idps",
                                 verbose_name=_("employee"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    target_position = models.ForeignKey("careers.Position", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("target position"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    leader_comment = models.TextField(_("team leader's comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["employee", "-version"]
        verbose_name = _("individual development plan")
        verbose_name_plural = _("individual development plans")
        constraints = [models.UniqueConstraint(fields=["employee", "version"], name="idp_version_unique")]

    def __str__(self):
        return f"{self.employee} · v{self.version} ({self.get_state_display()})"

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @transition(field=state, source=[State.DRAFT, State.RETURNED], target=State.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.RETURNED)
    def return_to_employee(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.AGREED)
    def agree(self):
        pass


class IdpGoal(models.Model):
    idp = models.ForeignKey(Idp, on_delete=models.CASCADE, related_name="goals",
                            verbose_name=_("individual development plan"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("development goal"), max_length=300)

    class Meta:
        ordering = ["idp", "order"]
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")

    def __str__(self):
        return self.text


class IdpAction(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        STRETCH = "stretch", _("Stretch assignment")
        ROTATION = "rotation", _("Rotation")
        MENTOR = "mentor", _("Mentor or buddy")
        TRIAL = "trial", _("Trial period in the new role")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ENROLLED = "enrolled", _("Enrolled / under way")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    idp = models.ForeignKey(Idp, on_delete=models.CASCADE, related_name="actions",
                            verbose_name=_("individual development plan"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("action"), max_length=200)
    course = models.ForeignKey("learning.Course", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("course"))
    source_requirement = models.ForeignKey("careers.Requirement", on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("unmet requirement"))
    owner = models.CharField(_("owner"), max_length=60)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    evidence = models.TextField(_("evidence"), blank=True)
    # The day the action was marked done (recognition reads "an IDP completed on time" as of a date); NULL otherwise.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["idp", "due_date", "id"]
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")

    def __str__(self):
        return self.title


class IdpReview(models.Model):
    """The team leader's quarterly review of an IDP, with its outcome."""

    class Outcome(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        BEHIND = "behind", _("Behind plan")
        REVISE = "revise", _("Plan needs revising")
        ACHIEVED = "achieved", _("Goals achieved")

    idp = models.ForeignKey(Idp, on_delete=models.CASCADE, related_name="reviews",
                            verbose_name=_("individual development plan"))
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reviewed by"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("IDP review")
        verbose_name_plural = _("IDP reviews")

    def __str__(self):
        return f"{self.idp} · {self.reviewed_on}"


class Conversation(models.Model):
    """A conversation the team leader held and recorded: about the anchor profile, or the six-month career
    direction of seed 003."""

    class Kind(models.TextChoices):
        ANCHOR = "anchor", _("Career-anchor conversation")
        DIRECTION = "direction", _("Career-direction conversation")

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="development_conversations",
                                 verbose_name=_("employee"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("held by"))
    conclusion = models.TextField(_("conclusion"))

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("development conversation")
        verbose_name_plural = _("development conversations")

    def __str__(self):
        return f"{self.employee} · {self.get_kind_display()} · {self.held_on}"


class OnboardingTask(models.Model):
    """One skill of a new hire's 90-day plan (seed 003: 电话沟通、客服技巧、投诉处理、压力缓解及业务知识)."""

    class Skill(models.TextChoices):
        PHONE = "phone", _("Phone communication")
        SERVICE = "service", _("Service skills")
        COMPLAINTS = "complaints", _("Complaint handling")
        STRESS = "stress", _("Stress relief")
        PRODUCT = "product", _("Product knowledge")

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="onboarding_tasks",
                                 verbose_name=_("employee"))
    skill = models.CharField(_("skill"), max_length=20, choices=Skill.choices)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["employee", "due_date", "id"]
        verbose_name = _("onboarding task")
        verbose_name_plural = _("onboarding tasks")
        constraints = [models.UniqueConstraint(fields=["employee", "skill"], name="onboarding_skill_once")]

    def __str__(self):
        return f"{self.employee} · {self.get_skill_display()}"
