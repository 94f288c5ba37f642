"""The career framework (C1): tracks, levels with grade bands, positions, transitions, requirements.

Levels are ordered steps in a track; grades are comparable across tracks (grade 1 is the highest).
Requirements are data that HR edits, with effective dates; every change is kept in history and bumps
the framework version that later decisions record.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .requirements import competency_name, describe_requirement


class BilingualName(models.Model):
    """Chinese name first; English second, shown when the UI is in English."""

    name = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Framework(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("effective from"), default=timezone.localdate)
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("career framework")
        verbose_name_plural = _("career frameworks")


class Track(BilingualName):
    class Kind(models.TextChoices):
        MANAGEMENT = "management", _("Management track")
        PROFESSIONAL = "professional", _("Professional track")
        FUNCTIONAL = "functional", _("Functional family")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="tracks",
                                  verbose_name=_("framework"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")


class Level(BilingualName):
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="levels", verbose_name=_("track"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("step in track"), help_text=_("1 is the entry step"))
    corporate_title = models.CharField(_("corporate title"), max_length=60, blank=True)
    grade_min = models.PositiveSmallIntegerField(_("grade band, highest grade"),
                                                 help_text=_("grade 1 is the highest"))
    grade_max = models.PositiveSmallIntegerField(_("grade band, lowest grade"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["track__order", "order"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["track", "order"], name="level_unique_order_in_track"),
            models.CheckConstraint(condition=models.Q(grade_min__lte=models.F("grade_max")),
                                   name="level_grade_band_min_le_max"),
        ]

    def clean(self):
        if self.grade_min is not None and self.grade_max is not None and self.grade_min > self.grade_max:
            raise ValidationError({"grade_max": _(
                "The grade band %(min)s–%(max)s is reversed: the highest grade (smaller number) must come "
                "first, e.g. 6–8.") % {"min": self.grade_min, "max": self.grade_max}})
        if self.track_id and self.order is not None:
            clash = Level.objects.filter(track_id=self.track_id, order=self.order).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError({"order": _(
                    "Step %(order)s of this track is already taken by %(level)s; choose another step number."
                ) % {"order": self.order, "level": clash.name}})

    @property
    def grade_band(self) -> str:
        return f"{self.grade_min}–{self.grade_max}"

    def contains_grade(self, grade: int) -> bool:
        return self.grade_min <= grade <= self.grade_max


class Position(BilingualName):
    """A function title (职位) at a level, e.g. 客服组长 at 高级专员; carries responsibilities (seed 001)."""

    class Family(models.TextChoices):
        CUSTOMER_SERVICE = "customer_service", _("Customer service")
        VIP = "vip", _("VIP customer management")
        QA = "qa", _("Quality assurance")
        TRAINING = "training", _("Training")
        SCHEDULING = "scheduling", _("Scheduling")
        MIS = "mis", _("MIS and reporting")
        PAPERWORK = "paperwork", _("Paperwork and tickets")
        BILLING = "billing", _("Billing")
        COLLECTIONS = "collections", _("Collections")
        RISK = "risk", _("Risk management")
        CO_TECH = "co_tech", _("CO Tech")
        HELPDESK = "helpdesk", _("Help desk")
        SELF_USE = "self_use", _("Internal service")
        MANAGEMENT = "management", _("Operations management")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="positions", verbose_name=_("level"))
    family = models.CharField(_("family"), max_length=30, choices=Family.choices)
    is_key = models.BooleanField(_("key position"), default=False,
                                 help_text=_("key positions get succession planning"))
    responsibilities = models.TextField(_("responsibilities"), blank=True,
                                        help_text=_("one responsibility per line"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["level__track__order", "level__order", "code"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    @property
    def responsibility_list(self) -> list[str]:
        return [line.strip() for line in self.responsibilities.splitlines() if line.strip()]


class Transition(models.Model):
    """A path from a level (or a position) to another: promotion, demotion, lateral move or grade step."""

    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("Promotion")
        DEMOTION = "demotion", _("Demotion")
        LATERAL = "lateral", _("Lateral move")
        GRADE_STEP = "grade_step", _("Grade step")

    from_level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="transitions_out",
                                   verbose_name=_("from level"))
    to_level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="transitions_in",
                                 verbose_name=_("to level"))
    from_position = models.ForeignKey(Position, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="+", verbose_name=_("from position"))
    to_position = models.ForeignKey(Position, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="+", verbose_name=_("to position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_level__track__order", "from_level__order", "kind", "to_level__order"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        constraints = [
            models.UniqueConstraint(fields=["from_level", "to_level", "from_position", "to_position", "kind"],
                                    name="transition_unique_path", nulls_distinct=False),
        ]

    def __str__(self) -> str:
        src = self.from_position or self.from_level
        dst = self.to_position or self.to_level
        return f"{src} → {dst} ({self.get_kind_display()})"

    def clean(self):
        errors = {}
        if not (self.from_level_id and self.to_level_id):
            return
        same_place = self.from_level_id == self.to_level_id and self.from_position_id == self.to_position_id
        if same_place and self.kind != self.Kind.GRADE_STEP:
            errors["to_level"] = _("A transition cannot lead to where it starts; only a grade step stays "
                                   "in the same level.")
        if self.kind == self.Kind.GRADE_STEP and self.from_level_id != self.to_level_id:
            errors["kind"] = _("A grade step moves within one level's band; choose the same level on both sides.")
        if self.from_position_id and self.from_position.level_id != self.from_level_id:
            errors["from_position"] = _("Position %(p)s is not at level %(l)s.") % {
                "p": self.from_position.name, "l": self.from_level.name}
        if self.to_position_id and self.to_position.level_id != self.to_level_id:
            errors["to_position"] = _("Position %(p)s is not at level %(l)s.") % {
                "p": self.to_position.name, "l": self.to_level.name}
        if self.kind in (self.Kind.PROMOTION, self.Kind.DEMOTION) and \
                self.from_level.track_id == self.to_level.track_id:
            up = self.to_level.order > self.from_level.order
            if self.kind == self.Kind.PROMOTION and not up:
                errors["kind"] = _("A promotion must lead to a higher step of the track.")
            if self.kind == self.Kind.DEMOTION and up:
                errors["kind"] = _("A demotion must lead to a lower step of the track.")
        if errors:
            raise ValidationError(errors)


class Requirement(models.Model):
    """A promotion condition (晋升条件), attached to a transition or to a target level, with effective dates."""

    class Kind(models.TextChoices):
        MIN_MONTHS_IN_LEVEL = "min_months_in_level", _("Minimum months in current level")
        MIN_KPI_PERCENTILE = "min_kpi_percentile", _("Minimum KPI composite percentile")
        REQUIRED_COURSE = "required_course", _("Required course")
        MIN_CREDITS = "min_credits", _("Minimum credits in a window")
        MIN_EXAM_AVERAGE = "min_exam_average", _("Minimum exam average")
        MIN_COMPETENCY = "min_competency", _("Minimum competency level")
        NO_DISCIPLINE = "no_discipline", _("No disciplinary record in a window")
        SUPERVISOR_NOMINATION = "supervisor_nomination", _("Supervisor nomination required")
        MIN_STAR_RATING = "min_star_rating", _("Minimum star-service rating over recent months")

    NEEDS_VALUE = {Kind.MIN_MONTHS_IN_LEVEL, Kind.MIN_KPI_PERCENTILE, Kind.MIN_CREDITS, Kind.MIN_EXAM_AVERAGE,
                   Kind.MIN_COMPETENCY, Kind.MIN_STAR_RATING}
    NEEDS_WINDOW = {Kind.MIN_CREDITS, Kind.NO_DISCIPLINE, Kind.MIN_EXAM_AVERAGE, Kind.MIN_STAR_RATING}

    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="requirements", verbose_name=_("transition"))
    level = models.ForeignKey(Level, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="entry_requirements", verbose_name=_("target level"),
                              help_text=_("applies to every move into this level"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    value = models.DecimalField(_("required value"), max_digits=8, decimal_places=2, null=True, blank=True)
    course = models.ForeignKey("learning.Course", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="required_by", verbose_name=_("course"))
    competency = models.CharField(_("competency"), max_length=60, blank=True)
    window_months = models.PositiveSmallIntegerField(_("window (months)"), null=True, blank=True)
    quarters = models.PositiveSmallIntegerField(_("quarters"), null=True, blank=True,
                                                help_text=_("for KPI: how many recent quarters count"))
    effective_from = models.DateField(_("effective from"), default=timezone.localdate)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(transition__isnull=False, level__isnull=True)
                           | models.Q(transition__isnull=True, level__isnull=False)),
                name="requirement_on_transition_xor_level"),
        ]

    def __str__(self) -> str:
        return describe_requirement(self)

    def clean(self):
        errors = {}
        if bool(self.transition_id) == bool(self.level_id):
            errors["level"] = _("Attach the requirement either to a transition or to a target level, not both.")
        if self.kind in self.NEEDS_VALUE and self.value is None:
            errors["value"] = _("This kind of requirement needs a required value.")
        if self.kind == self.Kind.MIN_KPI_PERCENTILE and self.value is not None and not (0 <= self.value <= 100):
            errors["value"] = _("A percentile is between 0 and 100; %(v)s is not.") % {"v": self.value}
        if self.kind == self.Kind.MIN_COMPETENCY:
            if not self.competency:
                errors["competency"] = _("Name the competency.")
            elif competency_name(self.competency) is None:
                errors["competency"] = _("%(code)s is not a competency of the dictionary.") % {"code": self.competency}
            if self.value is not None and not (1 <= self.value <= 5):
                errors["value"] = _("Competency levels go from 1 to 5; %(v)s is not.") % {"v": self.value}
        if self.kind == self.Kind.REQUIRED_COURSE and not self.course_id:
            errors["course"] = _("Choose the required course.")
        if self.kind in self.NEEDS_WINDOW and not self.window_months:
            errors["window_months"] = _("Give the window in months, e.g. 12.")
        if self.kind == self.Kind.MIN_KPI_PERCENTILE and not self.quarters:
            errors["quarters"] = _("Give how many recent quarters count, e.g. 2.")
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            errors["effective_to"] = _("The end date %(to)s is before the start date %(fr)s.") % {
                "to": self.effective_to, "fr": self.effective_from}
        if errors:
            raise ValidationError(errors)

    def is_effective_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)
