"""Exams (DOMAIN.md C7, seed 002 §3.4.4): question bank with immutable versions, exams with a blueprint,
papers drawn at scheduling, attempts with server-kept time, answers saved one by one, grading."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition


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
        """The wording new papers are drawn with (a key corrected for one center only is not it)."""
        return self.versions.filter(center__isnull=True).order_by("-number").first()


class QuestionVersion(models.Model):
    """One immutable wording of a question. Only its answer key may be corrected (key_corrections.apply_regrade),
    which is what a regrade then applies."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions",
                                 verbose_name=_("question"))
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("question text"))
    options = models.JSONField(_("options"), default=list, blank=True)  # ["A text", "B text", ...]
    answer_key = models.JSONField(_("answer key"))  # letters ["A","C"], [True]/[False], or ["model answer"]
    explanation = models.TextField(_("explanation"), blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    # A key corrected for one center only (key_corrections.fork_for_center): that center's papers point at this version,
    # the others keep theirs; new papers are never drawn from a fork.
    center = models.ForeignKey("org.Center", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("corrected for center"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="question_version_unique")]

    def __str__(self):
        return f"{self.question.code} v{self.number}"


class Reveal(models.TextChoices):
    """When a part of a result (score, answers, key, explanations) is shown to an audience."""

    NEVER = "never", _("never")
    ON_SUBMIT = "on_submit", _("at once on submission")
    AFTER_CLOSE = "after_close", _("after the window closes")


def _reveal(label, default, choices=Reveal.choices):
    return models.CharField(label, max_length=12, choices=choices, default=default)


# Supervisors never see the key while takers may still sit the exam; QA sees at most the score (DOMAIN.md roles).
SUPERVISOR_KEY_CHOICES = [c for c in Reveal.choices if c[0] != Reveal.ON_SUBMIT]


class Exam(models.Model):
    """An exam template and its sitting: blueprint, time limit, pass mark, audience, window, attempts, and the
    review options: when takers, their supervisors (team leaders, center managers) and QA see what of a result.
    Trainers and HR see every result whole."""

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
    # Review options (DOMAIN.md C7; default of a monthly exam: score at once, the rest after the window closes).
    taker_score = _reveal(_("takers see their score"), Reveal.ON_SUBMIT)
    taker_answers = _reveal(_("takers see their answers"), Reveal.AFTER_CLOSE)
    taker_key = _reveal(_("takers see the answer key"), Reveal.AFTER_CLOSE)
    taker_explanations = _reveal(_("takers see the explanations"), Reveal.AFTER_CLOSE)
    supervisor_score = _reveal(_("team leaders and managers see scores"), Reveal.ON_SUBMIT)
    supervisor_answers = _reveal(_("team leaders and managers see answers"), Reveal.AFTER_CLOSE,
                                 SUPERVISOR_KEY_CHOICES)
    supervisor_key = _reveal(_("team leaders and managers see the answer key"), Reveal.AFTER_CLOSE,
                             SUPERVISOR_KEY_CHOICES)
    supervisor_explanations = _reveal(_("team leaders and managers see the explanations"), Reveal.AFTER_CLOSE,
                                      SUPERVISOR_KEY_CHOICES)
    qa_score = _reveal(_("QA sees scores"), Reveal.NEVER)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        constraints = [models.CheckConstraint(
            condition=~models.Q(supervisor_answers=Reveal.ON_SUBMIT) & ~models.Q(supervisor_key=Reveal.ON_SUBMIT)
            & ~models.Q(supervisor_explanations=Reveal.ON_SUBMIT), name="exam_no_key_to_supervisors_while_open")]

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
    """One taker's questions for one attempt: paper 1 drawn when the exam is scheduled, each retake's paper when
    the retake starts, avoiding the questions the taker has seen (seed recorded: reproducible)."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="papers", verbose_name=_("exam"))
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="exam_papers",
                                 verbose_name=_("employee"))
    number = models.PositiveSmallIntegerField(_("paper"), default=1)
    seed = models.BigIntegerField(_("draw seed"))
    # questions of this paper the taker had already seen on an earlier paper of this exam (the bank was too small)
    repeated = models.PositiveSmallIntegerField(_("questions seen before"), default=0)
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [models.UniqueConstraint(fields=["exam", "employee", "number"], name="paper_number_unique")]

    def __str__(self):
        return f"{self.exam} · {self.employee}"


class PaperItem(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="paper_items")
    # The options as this paper shows them: option_order[i] is the index in version.options of the option shown
    # as letter i (empty: as written). Answers are stored in the version's letters.
    option_order = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["paper", "position"]
        constraints = [models.UniqueConstraint(fields=["paper", "position"], name="paper_item_position_unique")]

    def __str__(self):
        return f"{self.paper_id} #{self.position}"


class Attempt(FSMModelMixin, models.Model):
    """One sitting of a paper. States move only by the transitions below, taken by services under a row lock
    (services.submit_attempt, time_out, grade_attempts), every move in common.TransitionLog."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        AWAITING_GRADING = "awaiting_grading", _("awaiting grading")
        GRADED = "graded", _("graded")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("paper"))
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    state = FSMField(_("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS, protected=True)
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

    @transition(field=state, source=State.IN_PROGRESS, target=State.AWAITING_GRADING)
    def submit(self, submitted_at):
        self.submitted_at, self.timed_out = submitted_at, False

    @transition(field=state, source=State.IN_PROGRESS, target=State.AWAITING_GRADING)
    def time_out(self):
        self.submitted_at, self.timed_out = self.deadline, True

    @transition(field=state, source=[State.AWAITING_GRADING, State.GRADED], target=State.GRADED)
    def finish_grading(self):
        """Every answer has its points (objective ones at once, short ones from a trainer); a regrade again."""

    @transition(field=state, source=[State.AWAITING_GRADING, State.GRADED], target=State.AWAITING_GRADING)
    def wait_for_trainer(self):
        """A short answer is still to be graded."""


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
