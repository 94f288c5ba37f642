"""Exams (DOMAIN.md C7, seed 002 §3.4.4): question bank with immutable versions, exams with a blueprint,
papers drawn at scheduling, attempts with server-kept time, answers saved one by one, grading."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Question(models.Model):
    """A question of the bank. Its text, options and key live in versions: a paper points at a version, so
    editing a question (a new version) never changes a paper already drawn."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true/false")
        SHORT = "short", _("short answer")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        READY = "ready", _("ready")
        RETIRED = "retired", _("retired")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    topic = models.CharField(_("topic"), max_length=80, db_index=True)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=[(1, "1"), (2, "2"), (3, "3")])
    kind = models.CharField(_("question type"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["topic", "difficulty", "code"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.code

    @property
    def current(self) -> "QuestionVersion":
        return self.versions.order_by("-number").first()


class QuestionVersion(models.Model):
    """One immutable wording of a question. Only its answer key may be corrected (services.apply_regrade),
    which is what a regrade then applies."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions",
                                 verbose_name=_("question"))
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("question text"))
    options = models.JSONField(_("options"), default=list, blank=True)  # ["A text", "B text", ...]
    answer_key = models.JSONField(_("answer key"))  # letters ["A","C"], [True]/[False], or ["model answer"]
    explanation = models.TextField(_("explanation"), blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="question_version_unique")]

    def __str__(self):
        return f"{self.question.code} v{self.number}"


class Exam(models.Model):
    """An exam template and its sitting: blueprint, time limit, pass mark, audience, window, attempts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("papers drawn")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=120)
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"))
    pass_mark = models.FloatField(_("pass mark (%)"), default=60)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    audience_levels = models.ManyToManyField("careers.Level", blank=True, related_name="+",
                                             verbose_name=_("levels"))
    audience_teams = models.ManyToManyField("org.Team", blank=True, related_name="+", verbose_name=_("teams"))
    writes_kpi = models.BooleanField(_("monthly exam (counts into KPI)"), default=False)
    kpi_date = models.DateField(_("KPI date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    seed = models.BigIntegerField(_("draw seed"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self):
        return self.title


class BlueprintCell(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="cells", verbose_name=_("exam"))
    topic = models.CharField(_("topic"), max_length=80)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"))
    count = models.PositiveSmallIntegerField(_("questions"))

    class Meta:
        ordering = ["exam", "topic", "difficulty"]
        constraints = [models.UniqueConstraint(fields=["exam", "topic", "difficulty"], name="blueprint_cell_unique")]

    def __str__(self):
        return f"{self.topic} · {self.difficulty} × {self.count}"


class ExamOverride(models.Model):
    """Extra time or a make-up window for one person or a whole team (shift workers)."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("exam"))
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+", verbose_name=_("employee"))
    team = models.ForeignKey("org.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes"), default=0)
    opens_at = models.DateTimeField(_("make-up window opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("make-up window closes"), null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(employee__isnull=False, team__isnull=True)
            | models.Q(employee__isnull=True, team__isnull=False), name="exam_override_one_target")]

    def __str__(self):
        return f"{self.exam} · {self.employee or self.team}"


class Paper(models.Model):
    """One taker's questions, drawn when the exam is scheduled (seed recorded: reproducible)."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="papers", verbose_name=_("exam"))
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="exam_papers",
                                 verbose_name=_("employee"))
    seed = models.BigIntegerField(_("draw seed"))
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [models.UniqueConstraint(fields=["exam", "employee"], name="paper_one_per_taker")]

    def __str__(self):
        return f"{self.exam} · {self.employee}"


class PaperItem(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="paper_items")

    class Meta:
        ordering = ["paper", "position"]
        constraints = [models.UniqueConstraint(fields=["paper", "position"], name="paper_item_position_unique")]

    def __str__(self):
        return f"{self.paper_id} #{self.position}"


class Attempt(models.Model):
    """One sitting of a paper. States move only through services (start, submit, time out, grade)."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        AWAITING_GRADING = "awaiting_grading", _("awaiting grading")
        GRADED = "graded", _("graded")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("paper"))
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    timed_out = models.BooleanField(_("submitted at time-out"), default=False)
    points = models.FloatField(_("points"), null=True, blank=True)
    max_points = models.FloatField(_("maximum points"), null=True, blank=True)
    score = models.FloatField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="attempt_number_unique"),
            models.UniqueConstraint(fields=["paper"], condition=models.Q(state="in_progress"),
                                    name="attempt_one_active"),
        ]

    def __str__(self):
        return f"{self.paper} #{self.number}"


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(PaperItem, on_delete=models.CASCADE, related_name="answers")
    response = models.JSONField(default=list)  # letters, [True]/[False] or [text]
    saved_at = models.DateTimeField()
    points = models.FloatField(null=True, blank=True)  # None: a short answer not graded yet
    graded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "item"], name="answer_one_per_item")]

    def __str__(self):
        return f"{self.attempt_id} #{self.item_id}"
