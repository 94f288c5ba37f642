"""KPI (DOMAIN.md C5): metric definitions, scorecards per position, daily values, corrections, ranks.

Storage of daily values: one row per employee and day (`KpiDay`) with one column per metric *slot*
(`v01` … `v40`); each Metric owns a slot. An employee/date/metric value is therefore unique by
construction, and an import upserts on (employee, date) and then metric by metric. Measured reason
(docs/kpi.md): on PostgreSQL, upserting 10M employee/date/metric rows took 113 s, the same values as
1M day rows with typed columns take a few seconds, within 2× of a bare COPY of the file.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import BilingualName

SLOT_COUNT = 40


def slot_column(slot: int) -> str:
    return f"v{slot:02d}"


class Metric(BilingualName):
    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        SECONDS = "seconds", _("seconds")
        PERCENT = "percent", _("%")
        SCORE = "score", _("score")
        POINTS = "points", _("points")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("mean of the days")
        WEIGHTED_MEAN = "weighted_mean", _("call-weighted mean")
        PER_DAY_WORKED = "per_day_worked", _("mean per day worked")
        SUM = "sum", _("sum")
        LAST = "last", _("last value")

    class Source(models.TextChoices):
        ACD = "acd", _("ACD / telephony")
        QA = "qa", _("quality assurance")
        SURVEY = "survey", _("customer survey")
        EXAM = "exam", _("monthly exam")
        HR = "hr", _("HR / workforce management")
        WFM = "wfm", _("workforce management (forecasts)")
        WORK = "work", _("work records (tickets, billing, reports)")
        TEAM = "team", _("the team's own records (derived)")
        PRODUCT = "product", _("AgentPath records (training, IDP)")

    class Kind(models.TextChoices):
        """Where the metric's values come from (issue 18): each metric says which."""
        IMPORTED = "imported", _("imported (KPI import: daily values, wide or long format)")
        DERIVED = "derived", _("derived (computed from the team's or center's own KPI and history)")
        PRODUCT = "product", _("product fact (computed from AgentPath records: training, IDP)")

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("the column name in import files, e.g. aht"))
    slot = models.PositiveSmallIntegerField(_("storage slot"), unique=True, editable=False,
                                            help_text=_("the column of the daily table holding this metric"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices,
                                   default=Aggregation.MEAN)
    min_value = models.FloatField(_("lowest valid value"), null=True, blank=True)
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    source = models.CharField(_("source system"), max_length=10, choices=Source.choices, default=Source.ACD)
    kind = models.CharField(_("kind of source"), max_length=10, choices=Kind.choices, default=Kind.IMPORTED,
                            help_text=_("imported daily values, or one value per period derived or read from "
                                        "AgentPath records"))
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("KPI metric")
        verbose_name_plural = _("KPI metrics")

    @property
    def column(self) -> str:
        return slot_column(self.slot)

    @property
    def per_period(self) -> bool:
        """Derived and product metrics have one value per person and period (KpiPeriodValue), not daily ones."""
        return self.kind != self.Kind.IMPORTED

    def clean(self):
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("The valid range %(min)s–%(max)s is reversed.")
                                   % {"min": self.min_value, "max": self.max_value}})

    def save(self, *args, **kwargs):
        if not self.slot:
            used = set(Metric.objects.values_list("slot", flat=True))
            free = [s for s in range(1, SLOT_COUNT + 1) if s not in used]
            if not free:
                raise ValidationError(_("All %(n)s metric slots are in use; retire a metric first.")
                                      % {"n": SLOT_COUNT})
            self.slot = free[0]
        super().save(*args, **kwargs)


class Scorecard(models.Model):
    """How a position's people are compared: composite groups of weighted metrics (seed 002)."""

    class Normalisation(models.TextChoices):
        PERCENTILE = "percentile", _("percentile within the peer group")
        ZSCORE = "zscore", _("z-score within the peer group")

    class Unit(models.TextChoices):
        """Whose KPI the derived team metrics of the holder read (performance.derived)."""
        OWN = "own", _("own values only")
        TEAM = "team", _("the team they lead (team leaders)")
        TEAMS = "teams", _("the teams whose leaders report to them (supervisors)")
        CENTER = "center", _("their center (managers)")

    position = models.OneToOneField("careers.Position", on_delete=models.CASCADE, related_name="scorecard",
                                    verbose_name=_("position"))
    normalisation = models.CharField(_("normalisation"), max_length=12, choices=Normalisation.choices,
                                     default=Normalisation.PERCENTILE)
    active = models.BooleanField(_("active"), default=True)
    unit = models.CharField(_("unit measured"), max_length=8, choices=Unit.choices, default=Unit.OWN,
                            help_text=_("whose KPI the derived team metrics read"))
    min_peer_size = models.PositiveSmallIntegerField(
        _("minimum peer group"), default=1,
        help_text=_("fewer people of the position in a center than this: they are compared with the same family "
                    "and level across centers"))
    composite_over_available = models.BooleanField(
        _("composite over the metrics with data"), default=True,
        help_text=_("on: a composite is the weighted mean of the metrics that have data; off: a person missing "
                    "any metric of a composite group gets no composite (and no rank) for it"))

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self):
        return str(self.position)


class CompositeGroup(BilingualName):
    """A composite of a scorecard, e.g. 业务能力 business capability or 价值提升与收保 value uplift."""

    BUSINESS = "business"
    VALUE = "value"

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="groups",
                                  verbose_name=_("scorecard"))
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["scorecard", "order", "code"]
        verbose_name = _("composite group")
        verbose_name_plural = _("composite groups")
        constraints = [models.UniqueConstraint(fields=["scorecard", "code"], name="composite_group_unique_code")]

    def __str__(self):
        return f"{self.scorecard} · {self.display_name}"


class ScorecardMetric(models.Model):
    group = models.ForeignKey(CompositeGroup, on_delete=models.CASCADE, related_name="weights",
                              verbose_name=_("composite group"))
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+", verbose_name=_("metric"))
    weight = models.FloatField(_("weight"), default=1.0)

    class Meta:
        verbose_name = _("weighted metric")
        verbose_name_plural = _("weighted metrics")
        constraints = [
            models.UniqueConstraint(fields=["group", "metric"], name="scorecard_metric_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="scorecard_metric_weight_positive"),
        ]

    def __str__(self):
        return f"{self.metric} × {self.weight:g}"


class KpiDay(models.Model):
    """One employee's values on one day; column vNN holds the metric with slot NN (NULL: no value)."""

    pk = models.CompositePrimaryKey("employee_id", "date")
    # No database-level FK check: imports validate employees set-based first, and a per-row RI trigger
    # would double the merge time of a million-row file. The ORM still cascades deletes.
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+", db_index=False,
                                 db_constraint=False, verbose_name=_("employee"))
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("daily KPI values")
        verbose_name_plural = _("daily KPI values")

    def __str__(self):
        return f"{self.employee_id} {self.date}"

    def value(self, metric: Metric):
        return getattr(self, metric.column)


for _slot in range(1, SLOT_COUNT + 1):
    KpiDay.add_to_class(slot_column(_slot), models.FloatField(null=True, blank=True))


class KpiPeriodValue(models.Model):
    """One person's value of a derived or product metric for a month or quarter (Metric.kind is not imported),
    recomputed wholesale with the period's ranks (performance.derived); `as_of` is the last day of the period on
    which the person held the position it was computed for (their peer group is the one in force that day)."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+", db_index=False,
                                 db_constraint=False, verbose_name=_("employee"))
    period = models.CharField(_("period"), max_length=8)
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="+", db_constraint=False,
                               verbose_name=_("metric"))
    value = models.FloatField(_("value"))
    as_of = models.DateField(_("as of"))

    class Meta:
        verbose_name = _("period KPI value")
        verbose_name_plural = _("period KPI values")
        constraints = [models.UniqueConstraint(fields=["period", "employee", "metric"],
                                               name="kpi_period_value_unique")]

    def __str__(self):
        return f"{self.employee_id} {self.period} {self.metric_id} {self.value:g}"


class KpiImport(models.Model):
    """One import run (file upload, CLI file or API batch): its progress, its report, its changes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("failed")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("upload")
        CLI = "cli", _("command line")
        API = "api", _("API")
        DEMO = "demo", _("demo data")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    stored_file = models.CharField(max_length=500, blank=True)  # path under MEDIA_ROOT while queued
    skip_bad_rows = models.BooleanField(_("skip bad rows"), default=False)
    language = models.CharField(_("language of the report"), max_length=10, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("imported by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("new employee-days"), default=0)
    updated = models.PositiveIntegerField(_("corrected employee-days"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged employee-days"), default=0)
    skipped = models.PositiveIntegerField(_("skipped rows"), default=0)
    values_changed = models.PositiveIntegerField(_("values corrected"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("KPI import")
        verbose_name_plural = _("KPI imports")

    def __str__(self):
        return f"{self.file_name or self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M}"


class KpiRecordChange(models.Model):
    """A value replaced by a later import (a correction); the old value is kept here."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("employee"))
    date = models.DateField(_("date"))
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="+", verbose_name=_("metric"))
    old_value = models.FloatField(_("old value"))
    new_value = models.FloatField(_("new value"))
    kpi_import = models.ForeignKey(KpiImport, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="changes", verbose_name=_("import"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "date"]
        verbose_name = _("KPI correction")
        verbose_name_plural = _("KPI corrections")
        indexes = [models.Index(fields=["employee", "date"])]

    def __str__(self):
        return f"{self.employee_id} {self.date} {self.old_value:g} → {self.new_value:g}"


class KpiResult(models.Model):
    """Per period (month or quarter) and composite group: a person's composite, rank and percentile within
    the peer group (same position and center, those in force on the person's last working day of the period,
    by the event history), the team in force then, and the period's deductions."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")

    # Derived rows, recomputed wholesale: no per-row RI triggers (the ORM still cascades deletes).
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="kpi_results",
                                 db_index=False, db_constraint=False, verbose_name=_("employee"))
    period_kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    period = models.CharField(_("period"), max_length=8, help_text=_("2026-07 or 2026Q3"))
    period_start = models.DateField(_("period start"))
    # No index on group, group code or team alone: each one is written with every rank (measured: a fifth of the
    # time to store a period's ranks; the group code's two, a quarter of it); reads go by period (the unique index,
    # or period, group code and center) or by person.
    group = models.ForeignKey(CompositeGroup, on_delete=models.CASCADE, related_name="+", db_constraint=False,
                              db_index=False, verbose_name=_("composite group"))
    group_code = models.SlugField(_("group code"), max_length=40, db_index=False)
    position = models.ForeignKey("careers.Position", on_delete=models.CASCADE, related_name="+", db_index=False,
                                 db_constraint=False, verbose_name=_("position"))
    center = models.ForeignKey("org.Center", on_delete=models.CASCADE, related_name="+", db_index=False,
                               db_constraint=False, verbose_name=_("center"))
    team = models.ForeignKey("org.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             db_index=False, db_constraint=False, verbose_name=_("team"),
                             help_text=_("the team in force on the person's last working day of the period"))
    composite = models.FloatField(_("composite"))
    rank = models.PositiveIntegerField(_("rank"))
    peer_size = models.PositiveIntegerField(_("peer group size"))
    percentile = models.FloatField(_("percentile"), help_text=_("share of peers ranked below, 0–100"))
    widened = models.BooleanField(_("peer group widened"), default=False,
                                  help_text=_("fewer peers in the center than the scorecard's minimum: compared "
                                              "with the same family and level across centers"))
    deductions = models.FloatField(_("deductions"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ["period_start", "group_code"]
        verbose_name = _("KPI rank")
        verbose_name_plural = _("KPI ranks")
        constraints = [models.UniqueConstraint(fields=["period", "group", "employee"], name="kpi_result_unique")]
        indexes = [models.Index(fields=["employee", "period_kind", "period_start"]),
                   models.Index(fields=["period", "group_code", "center"])]

    def __str__(self):
        return f"{self.period} {self.group_code} #{self.rank}/{self.peer_size}"


class RankLog(models.Model):
    """An action on a closed period's ranks (docs/kpi.md "Closed periods"): an explicit recomputation, with who,
    why and what changed, or late KPI that arrived after the period closed while its ranks were kept."""

    class Action(models.TextChoices):
        RECOMPUTED = "recomputed", _("ranks recomputed")
        KEPT = "kept", _("late KPI, ranks kept")

    period = models.CharField(_("period"), max_length=8)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    ranks_before = models.PositiveIntegerField(_("ranks before"), default=0)
    ranks_after = models.PositiveIntegerField(_("ranks after"), default=0)
    ranks_changed = models.PositiveIntegerField(_("ranks changed"), default=0)
    changes = models.JSONField(_("changed ranks"), default=list, blank=True,
                               help_text=_("employee, group, rank and percentile before and after (first 1,000)"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("closed-period rank log")
        verbose_name_plural = _("closed-period rank logs")
        indexes = [models.Index(fields=["period", "at"])]

    def __str__(self):
        return f"{self.period} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class RankedPeriod(models.Model):
    """When a month's or quarter's ranks were first computed, and the first decision that read them: the period
    closes KPI_RANKS_GRACE_DAYS after its first ranking or on that decision's day, whichever comes first
    (performance.closed_periods)."""

    period = models.CharField(_("period"), max_length=8, unique=True)
    first_ranked_on = models.DateField(_("first ranked on"))
    read_by_decision_on = models.DateField(_("first read by a decision on"), null=True, blank=True)
    read_by = models.CharField(_("read by"), max_length=200, blank=True,
                               help_text=_("the decision that read the ranks first, e.g. a 9-box review"))

    class Meta:
        verbose_name = _("ranked period")
        verbose_name_plural = _("ranked periods")

    def __str__(self):
        return f"{self.period} · {self.first_ranked_on}"


class StarThreshold(models.Model):
    """One condition of a star level of the monthly star-service rating (星级服务, seed 003): the month's value of
    a metric at or beyond `value` (at least it when higher is better, at most when lower is better). A person
    has k stars when every threshold of 2…k stars is met; anyone with KPI in the month has at least one."""

    stars = models.PositiveSmallIntegerField(_("stars"), choices=[(k, str(k)) for k in range(2, 6)])
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+", verbose_name=_("metric"))
    value = models.FloatField(_("threshold"))

    class Meta:
        ordering = ["stars", "metric__order"]
        verbose_name = _("star-rating threshold")
        verbose_name_plural = _("star-rating thresholds")
        constraints = [models.UniqueConstraint(fields=["stars", "metric"], name="star_threshold_unique")]

    def __str__(self):
        sign = "≥" if self.metric.higher_is_better else "≤"
        return f"{self.stars}★ {self.metric} {sign} {self.value:g}"


class StarRating(models.Model):
    """A person's star-service rating of one month (1–5), recomputed wholesale for the month; `facts` keeps the
    month's values it was read from ({metric code: value})."""

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="star_ratings",
                                 db_index=False, verbose_name=_("employee"))
    period = models.CharField(_("month"), max_length=8)
    period_start = models.DateField(_("month start"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    facts = models.JSONField(_("facts"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("star-service rating")
        verbose_name_plural = _("star-service ratings")
        constraints = [models.UniqueConstraint(fields=["employee", "period_start"], name="star_rating_unique")]
        indexes = [models.Index(fields=["period_start"])]

    def __str__(self):
        return f"{self.employee_id} {self.period} {self.stars}★"
