"""Centers, teams, employees and the event history of their moves (C2).

An employee's current team, position, level and grade are kept on the row for fast lists, but every
change is an EmploymentEvent with an effective date and a cause; tenure and months-in-level are
derived from the events (org.history, selectors.with_tenure).
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validators import validate_employee_no


class Center(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    city = models.CharField(_("city"), max_length=60, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("center")
        verbose_name_plural = _("centers")

    def __str__(self):
        return self.name


class Team(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="teams", verbose_name=_("center"))
    leader = models.ForeignKey("Employee", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="led_teams", verbose_name=_("team leader"))

    class Meta:
        ordering = ["center__code", "code"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class Employee(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEAVE = "leave", _("On leave")
        EXITED = "exited", _("Exited")

    class Education(models.TextChoices):
        HIGH_SCHOOL = "high_school", _("High school")
        VOCATIONAL = "vocational", _("Vocational college")
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master or above")

    employee_no = models.CharField(_("employee number"), max_length=20, unique=True,
                                   validators=[validate_employee_no])
    name = models.CharField(_("name"), max_length=60)
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="employees",
                               verbose_name=_("center"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members",
                             verbose_name=_("team"))
    position = models.ForeignKey("careers.Position", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="employees", verbose_name=_("position"))
    level = models.ForeignKey("careers.Level", on_delete=models.PROTECT, related_name="employees",
                              verbose_name=_("level"))
    grade = models.PositiveSmallIntegerField(_("grade"))
    hire_date = models.DateField(_("hire date"))
    manager = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
                                verbose_name=_("manager"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    history = HistoricalRecords(excluded_fields=["phone", "id_number"])

    class Meta:
        ordering = ["employee_no"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        indexes = [models.Index(fields=["center", "status"]), models.Index(fields=["team", "status"])]

    def __str__(self):
        return f"{self.name} ({self.employee_no})"

    def clean(self):
        if self.position_id and self.level_id:
            try:
                check_position_fits_level(self.position, self.level)
            except ValidationError as exc:
                raise ValidationError({"position": exc.messages}) from exc


def check_position_fits_level(position, level) -> None:
    """A position belongs to one level: the hire and move services, the roster import through them and the
    admin form (Employee.clean) refuse one of another level. No position at all is allowed."""
    if position is not None and position.level_id != level.id:
        raise ValidationError(_("Position %(p)s belongs to level %(pl)s, not to level %(l)s; give a position of that "
                                "level or none.") % {"p": position.name, "pl": position.level.name, "l": level.name})


# The moves a decision schedules (a promotion round, a bottom-rank review): at most one of each kind and target
# level waits to take effect for a person (EmploymentEvent's constraint).
SCHEDULED_ONCE_KINDS = ["promotion", "demotion", "lateral", "grade_step"]


class EmploymentEvent(models.Model):
    """One change of position, level, grade or team, effective on a date, with its cause."""

    class Kind(models.TextChoices):
        HIRE = "hire", _("Hire")
        PROMOTION = "promotion", _("Promotion")
        DEMOTION = "demotion", _("Demotion")
        LATERAL = "lateral", _("Lateral move")
        GRADE_STEP = "grade_step", _("Grade step")
        ROTATION = "rotation", _("Rotation")
        TEAM_CHANGE = "team_change", _("Team change")
        EXIT = "exit", _("Exit")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="events",
                                 verbose_name=_("employee"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    from_level = models.ForeignKey("careers.Level", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("from level"))
    to_level = models.ForeignKey("careers.Level", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("to level"))
    from_position = models.ForeignKey("careers.Position", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("from position"))
    to_position = models.ForeignKey("careers.Position", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("to position"))
    from_grade = models.PositiveSmallIntegerField(_("from grade"), null=True, blank=True)
    to_grade = models.PositiveSmallIntegerField(_("to grade"), null=True, blank=True)
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("from team"))
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("to team"))
    # The center is part of the assignment (peer groups are per position and center), so a reorg that moves
    # a person between centers is in the history too; only an exit has no `to_center`.
    from_center = models.ForeignKey(Center, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("from center"))
    to_center = models.ForeignKey(Center, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("to center"))
    cause = models.CharField(_("cause"), max_length=200, blank=True)
    decision_ref = models.CharField(_("decision"), max_length=80, blank=True,
                                    help_text=_("the decision that made this move, e.g. promotion-round/12"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Recorded ahead of its date: in the history already (org.history reads it on its date), applied to the
    # employee row by services.apply_scheduled_moves on the day it takes effect.
    scheduled = models.BooleanField(_("scheduled"), default=False,
                                    help_text=_("takes effect on its date; not yet applied to the employee"))

    class Meta:
        ordering = ["employee", "effective_date", "id"]
        verbose_name = _("employment event")
        verbose_name_plural = _("employment events")
        indexes = [models.Index(fields=["employee", "kind", "effective_date"]),
                   models.Index(fields=["effective_date"], condition=models.Q(scheduled=True),
                                name="scheduled_events_by_date")]
        constraints = [models.CheckConstraint(condition=models.Q(kind="exit") | models.Q(to_center__isnull=False),
                                              name="event_names_its_center"),
                       # one move waiting to take effect per person, kind and target level: two decisions (two
                       # rounds) approving the same move cannot schedule it twice
                       models.UniqueConstraint(fields=["employee", "kind", "to_level"],
                                               condition=models.Q(scheduled=True, kind__in=SCHEDULED_ONCE_KINDS),
                                               name="one_scheduled_move_per_person_kind_level")]

    def __str__(self):
        return f"{self.employee} {self.get_kind_display()} {self.effective_date}"


class DisciplinaryRecord(models.Model):
    """A warning or sanction (奖惩 — the discipline half); promotion rules look back over a window."""

    class Severity(models.TextChoices):
        WARNING = "warning", _("Warning")
        SERIOUS = "serious", _("Serious")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="disciplinary_records",
                                 verbose_name=_("employee"))
    date = models.DateField(_("date"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("disciplinary record")
        verbose_name_plural = _("disciplinary records")

    def __str__(self):
        return f"{self.employee} {self.get_severity_display()} {self.date}"


class LeavePeriod(models.Model):
    """A period of leave (start to end, both included; no end while it lasts). Whether it counts toward tenure
    and months in level is decided by org.leave from the settings UNCOUNTED_LEAVE_*."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual leave")
        SICK = "sick", _("Sick leave")
        MATERNITY = "maternity", _("Maternity leave")
        UNPAID = "unpaid", _("Unpaid long leave")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="leave_periods",
                                 verbose_name=_("employee"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("the last day of leave; empty while it lasts"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["employee", "-start"]
        verbose_name = _("leave period")
        verbose_name_plural = _("leave periods")
        indexes = [models.Index(fields=["employee", "kind", "start"])]
        constraints = [models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                              name="leave_ends_after_it_starts")]

    def __str__(self):
        return f"{self.employee} {self.get_kind_display()} {self.start}–{self.end or ''}"


class ExitReason(models.Model):
    """A reason an agent leaves (seed 004 §3 员工为什么要离职), a list HR edits; `word` is the roster's term."""

    class Kind(models.TextChoices):
        VOLUNTARY = "voluntary", _("Voluntary")
        INVOLUNTARY = "involuntary", _("Involuntary")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    word = models.CharField(_("Chinese term"), max_length=60, unique=True,
                            help_text=_("the term the roster's exit reason column accepts, e.g. 工作压力大"))
    label = models.CharField(_("label"), max_length=80)
    kind = models.CharField(_("exit type"), max_length=20, choices=Kind.choices, blank=True,
                            help_text=_("the exit type this reason belongs to; blank: either"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("exit reason")
        verbose_name_plural = _("exit reasons")

    def __str__(self):
        return self.word


class ExitRecord(models.Model):
    """The facts of one exit (C11): type, reason, last working day, regretted; the interview notes are HR's only
    (selectors.exit_records_for masks them for every other role)."""

    event = models.OneToOneField(EmploymentEvent, on_delete=models.CASCADE, related_name="exit_record",
                                 verbose_name=_("exit event"))
    exit_type = models.CharField(_("exit type"), max_length=20, choices=ExitReason.Kind.choices, blank=True)
    reason = models.ForeignKey(ExitReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("exit reason"))
    last_working_day = models.DateField(_("last working day"), null=True, blank=True)
    regretted = models.BooleanField(_("regretted"), null=True, blank=True,
                                    help_text=_("a loss the center would have wanted to keep; blank: not judged"))
    interview_notes = models.TextField(_("exit interview notes"), blank=True)

    class Meta:
        verbose_name = _("exit record")
        verbose_name_plural = _("exit records")

    def __str__(self):
        return str(self.event)
