"""Training (DOMAIN.md C6, seed 002 ch. 3): courses and their completions (the facts the path reads),
programs of assessed stages, enrolments, recurring on-job sessions with attendance, and the quarterly
differentiated-training run."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agentpath.careers.models import BilingualName


class Category(models.TextChoices):
    """Seed 002 §3.3–3.5: pre-job 岗前, on-job 岗中, specialized 专项; plus management and trainer courses."""
    PRE_JOB = "pre_job", _("Pre-job")
    ON_JOB = "on_job", _("On-job")
    SPECIALIZED = "specialized", _("Specialized")
    MANAGEMENT = "management", _("Management")
    TRAINER = "trainer", _("Trainer")


class Delivery(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    ONLINE = "online", _("Online")
    SHADOWING = "shadowing", _("Shadowing")
    CASE_STUDY = "case_study", _("Case study")


class Course(BilingualName):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1, default=1)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=2)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.ON_JOB)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.CLASSROOM)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")


class CourseCompletion(models.Model):
    """A person passed a course on a date; credits are copied so later course edits never change the past."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="course_completions",
                                 verbose_name=_("employee"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions",
                               verbose_name=_("course"))
    completed_on = models.DateField(_("completed on"), default=timezone.localdate)
    credits = models.DecimalField(_("credits earned"), max_digits=5, decimal_places=1)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    source = models.CharField(_("source"), max_length=40, default="import")

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [models.UniqueConstraint(fields=["employee", "course", "completed_on"],
                                               name="completion_unique_per_day")]
        indexes = [models.Index(fields=["employee", "completed_on"])]

    def __str__(self):
        return f"{self.employee} · {self.course} · {self.completed_on}"


class Program(BilingualName):
    """Ordered stages, each assessed; finishing every stage completes `course` (a CourseCompletion the path reads)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="programs", verbose_name=_("course"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")


class Assessment(models.TextChoices):
    WRITTEN = "written", _("Written test")
    ORAL = "oral", _("Oral test")
    PRACTICAL = "practical", _("Practical test")
    OBSERVATION = "observation", _("Mentor's assessment")
    ORAL_WRITTEN = "oral_written", _("Oral and written exam")


class ProgramStage(BilingualName):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stages", verbose_name=_("program"))
    order = models.PositiveSmallIntegerField(_("order"))
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    assessment = models.CharField(_("assessment"), max_length=20, choices=Assessment.choices)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=1, default=60)

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("program stage")
        verbose_name_plural = _("program stages")
        constraints = [models.UniqueConstraint(fields=["program", "order"], name="stage_order_unique")]


class Enrolment(models.Model):
    """A person in a program: assigned by someone, self-chosen, or by a rule (the reason says which figure)."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        SELF = "self", _("Self-chosen")
        RULE = "rule", _("By rule")

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="enrolments",
                                 verbose_name=_("employee"))
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrolments",
                                verbose_name=_("program"))
    kind = models.CharField(_("how enrolled"), max_length=10, choices=Kind.choices)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    reason = models.CharField(_("reason"), max_length=300)
    period = models.CharField(_("period"), max_length=8, blank=True, help_text=_("the quarter of a rule, e.g. 2026Q3"))
    run = models.ForeignKey("DifferentiationRun", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="enrolments", verbose_name=_("differentiated-training run"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    credits_granted = models.DecimalField(_("credits granted"), max_digits=5, decimal_places=1, null=True,
                                          blank=True)
    trainer = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("trainer"))

    class Meta:
        ordering = ["-enrolled_on", "program"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["employee", "program", "period"],
                                               name="enrolment_unique_per_period")]

    def __str__(self):
        return f"{self.employee} · {self.program} · {self.get_status_display()}"


class StageResult(models.Model):
    """One attempt at a stage's assessment; a failed stage is retaken as a new attempt."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="stage_results",
                                  verbose_name=_("enrolment"))
    stage = models.ForeignKey(ProgramStage, on_delete=models.PROTECT, related_name="results", verbose_name=_("stage"))
    attempt = models.PositiveSmallIntegerField(_("attempt number"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("passed"))
    taken_on = models.DateField(_("taken on"), default=timezone.localdate)

    class Meta:
        ordering = ["stage__order", "attempt"]
        verbose_name = _("stage result")
        verbose_name_plural = _("stage results")
        constraints = [models.UniqueConstraint(fields=["enrolment", "stage", "attempt"], name="stage_attempt_unique")]

    def __str__(self):
        return f"{self.stage} #{self.attempt}: {self.score}"


class TrainingEvent(BilingualName):
    """One occurrence of an on-job training (a day's morning briefing, a Friday review, an ad-hoc class);
    it may run as several sessions, and each attendee belongs to exactly one of them."""

    class Kind(models.TextChoices):
        MORNING_BRIEFING = "morning_briefing", _("Morning briefing")
        WEEKLY_REVIEW = "weekly_review", _("Experience and complaint review")
        AD_HOC = "ad_hoc", _("Ad-hoc training")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    team = models.ForeignKey("org.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    center = models.ForeignKey("org.Center", on_delete=models.CASCADE, related_name="+", verbose_name=_("center"))
    date = models.DateField(_("date"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
                               verbose_name=_("course"))
    owner = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("trainer"))

    class Meta:
        ordering = ["-date", "kind"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        constraints = [models.UniqueConstraint(fields=["kind", "team", "date"],
                                               condition=~models.Q(kind="ad_hoc"), name="recurring_event_unique")]


class TrainingSession(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        FEEDBACK_CLOSED = "feedback_closed", _("Feedback closed")

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="sessions",
                              verbose_name=_("training event"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SCHEDULED)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        # The sessions of a month (recognition's full-attendance badge) or of the last days (a trainer's home).
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at")]

    def __str__(self):
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendances",
                              verbose_name=_("training event"))
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("training session"))
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="attendances",
                                 verbose_name=_("employee"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, blank=True)
    marked_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("marked by"))
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["employee__employee_no"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["event", "employee"], name="one_session_per_event")]

    def __str__(self):
        return f"{self.employee} · {self.session} · {self.get_status_display()}"


class DifferentiationRun(models.Model):
    """One quarterly run of the differentiated-training rule (seed 002 §3.5), with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    quarter = models.CharField(_("quarter"), max_length=8)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    mandatory = models.PositiveIntegerField(_("mandatory enrolments"), default=0)
    optional = models.PositiveIntegerField(_("optional offers"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("differentiated-training run")
        verbose_name_plural = _("differentiated-training runs")

    def __str__(self):
        return f"{self.quarter} · {self.get_status_display()}"



class TrainerProfile(models.Model):
    """A trainer on the trainer path (seed 002: 培训导师 after 高级VIP客户经理); the step is a fact recorded by HR."""

    class Step(models.TextChoices):
        ASSOCIATE = "associate", _("Associate trainer")
        TRAINER = "trainer", _("Certified trainer")
        SENIOR = "senior", _("Senior trainer")

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="trainer_profile",
                                verbose_name=_("user"))
    step = models.CharField(_("trainer path step"), max_length=12, choices=Step.choices, default=Step.ASSOCIATE)
    specialties = models.CharField(_("specialties"), max_length=200, blank=True)
    bio = models.TextField(_("about the trainer"), max_length=2000, blank=True)
    since = models.DateField(_("trainer since"), default=timezone.localdate)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("trainer profile")
        verbose_name_plural = _("trainer profiles")

    def __str__(self):
        return f"{self.user} · {self.get_step_display()}"


class TrainingImport(models.Model):
    """A completions or attendance file imported in the background (a large upload through the API or the
    page): its progress while it runs and its row report afterwards (learning.import_jobs)."""

    class Kind(models.TextChoices):
        COMPLETIONS = "completions", _("Course completions")
        ATTENDANCE = "attendance", _("Attendance")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    stored_file = models.CharField(max_length=500, blank=True)  # under MEDIA_ROOT until the import has run
    skip_bad_rows = models.BooleanField(_("skip bad rows"), default=False)
    language = models.CharField(_("language of the report"), max_length=10, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("imported by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    run = models.ForeignKey("common.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("training import")
        verbose_name_plural = _("training imports")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name} · {self.get_status_display()}"
