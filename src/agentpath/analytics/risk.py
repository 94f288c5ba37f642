"""Flight risk (DOMAIN.md C11, issue 21): a Cox proportional-hazards model (lifelines) of leaving, trained on the
center's own history with a time-based hold-out, its accuracy kept with it (concordance on the hold-out, calibration
at 90 days), and each active person's predicted chance of leaving within 90 days. The score supports a
conversation; it decides nothing.

Design (landmarks): the covariates of everyone employed on a landmark day are read as of that day, and their
time to exit is counted from it. Training: landmark as_of − 2·H, followed to as_of − H; hold-out: landmark
as_of − H, followed to as_of (H = HOLDOUT_DAYS, longer than the 90-day horizon, so every hold-out person is
observed for 90 days). Scores: everyone employed on as_of, under the trained model. Each covariate family is one
query over everyone on the landmark (covariate_frame)."""
from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agentpath.careers.models import Level, Transition
from agentpath.common import covariates
from agentpath.common.errors import Invalid, NotFound
from agentpath.learning.models import CourseCompletion
from agentpath.org import scoping
from agentpath.org.history import assignments_on
from agentpath.org.models import DisciplinaryRecord, Employee, EmploymentEvent
from agentpath.performance.models import KpiDay, KpiResult, Metric
from agentpath.talent.selectors import unmet_on_nearest_move

from .models import RiskModel, RiskScore

if TYPE_CHECKING:
    from lifelines import CoxPHFitter

HOLDOUT_DAYS = 120
HORIZON = 90  # days: the score is the chance of leaving within this many days
MIN_EXITS = 10  # fewer exits in training than this and no model is fitted
# lifelines' ridge penalty on the (standardised) coefficients: keeps the fit stable where two covariates move
# together (tenure and months in level for people never promoted); small against the likelihood of hundreds of
# people, so the hazard ratios are those of the plain fit to the second decimal.
PENALIZER = 0.01

# The covariates, in the order of the hazard-ratio table, with their labels.
COVARIATES = {
    "tenure_months": gettext_lazy("Tenure (months)"),
    "level_order": gettext_lazy("Level (step in track)"),
    "months_in_level": gettext_lazy("Months in level"),
    "kpi_percentile": gettext_lazy("KPI percentile, last 3 months"),
    "kpi_trend": gettext_lazy("KPI percentile change against the 3 months before"),
    "exam_average": gettext_lazy("Exam average, last 90 days"),
    "attendance": gettext_lazy("Attendance (%), last 90 days"),
    "training_hours": gettext_lazy("Training hours, last 12 months"),
    "discipline": gettext_lazy("Disciplinary records, last 12 months"),
    "team_changes": gettext_lazy("Team changes, last 6 months"),
    "unmet_on_nearest_promotion": gettext_lazy("Unmet requirements on the nearest promotion"),
}


def covariate_labels() -> dict:
    """Every candidate covariate with its label: this module's, then those other apps register through
    common.covariates (badges from recognition, a sibling analytics may not import)."""
    return COVARIATES | {c.name: c.label for c in covariates.registered()}


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _by_employee(rows) -> dict:
    return {r[0]: r[1:] for r in rows}


def covariate_frame(landmark: datetime.date, end: datetime.date | None = None) -> pd.DataFrame:
    """One row per person employed on `landmark` (hired by then, not left before it): the covariates as of that
    day, and, when `end` is given, `days` from the landmark to their exit or to `end` and `left` (exit by `end`).
    Missing facts (no KPI yet, no exam) stay NaN. One query per family of covariates."""
    employed = (Employee.objects.filter(hire_date__lte=landmark)
                .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=landmark))
                .exclude(status=Employee.Status.EXITED, exit_date__isnull=True))
    frame = pd.DataFrame.from_records(list(employed.values_list("id", "hire_date", "exit_date")),
                                      columns=["employee_id", "hire_date", "exit_date"])
    if frame.empty:
        return frame
    held = assignments_on(landmark)  # the level in force and the stay in it, from the event history
    step = dict(Level.objects.values_list("id", "order"))
    frame = frame[frame["employee_id"].isin(held.keys())].reset_index(drop=True)
    ids = frame["employee_id"]
    frame["tenure_months"] = [(landmark - h).days / 30.4 for h in frame["hire_date"]]
    frame["level_order"] = [float(step[held[e].level_id]) for e in ids]
    frame["months_in_level"] = [(landmark - held[e].level_since).days / 30.4 for e in ids]

    recent, earlier = (landmark - _days(90), landmark - _days(1)), (landmark - _days(180), landmark - _days(91))
    ranks = _by_employee(KpiResult.objects.filter(period_kind=KpiResult.PeriodKind.MONTH,
                                                  period_start__range=(earlier[0], recent[1]))
                         .values("employee_id")
                         .annotate(now=Avg("percentile", filter=Q(period_start__gte=recent[0])),
                                   before=Avg("percentile", filter=Q(period_start__lte=earlier[1])))
                         .values_list("employee_id", "now", "before"))
    frame["kpi_percentile"] = [ranks.get(e, (None, None))[0] for e in ids]
    frame["kpi_trend"] = [(r[0] - r[1]) if r[0] is not None and r[1] is not None else None
                          for r in (ranks.get(e, (None, None)) for e in ids)]

    exam, attendance = Metric.objects.get(code="exam_score"), Metric.objects.get(code="attendance")
    daily = _by_employee(KpiDay.objects.filter(date__range=recent).values("employee_id")
                         .annotate(exam=Avg(exam.column), attendance=Avg(attendance.column))
                         .values_list("employee_id", "exam", "attendance"))
    frame["exam_average"] = [daily.get(e, (None, None))[0] for e in ids]
    frame["attendance"] = [daily.get(e, (None, None))[1] for e in ids]

    year = (landmark - _days(365), landmark - _days(1))
    hours = _by_employee(CourseCompletion.objects.filter(completed_on__range=year).values("employee_id")
                         .annotate(h=Sum("course__hours")).values_list("employee_id", "h"))
    frame["training_hours"] = [float(hours.get(e, (0,))[0]) for e in ids]
    discipline = _by_employee(DisciplinaryRecord.objects.filter(date__range=year).values("employee_id")
                              .annotate(n=Count("id")).values_list("employee_id", "n"))
    frame["discipline"] = [float(discipline.get(e, (0,))[0]) for e in ids]
    moves = _by_employee(EmploymentEvent.objects.filter(kind=EmploymentEvent.Kind.TEAM_CHANGE, scheduled=False,
                                                        effective_date__range=(landmark - _days(182), landmark))
                         .values("employee_id").annotate(n=Count("id")).values_list("employee_id", "n"))
    frame["team_changes"] = [float(moves.get(e, (0,))[0]) for e in ids]
    # the eligibility engine, set-based over everyone; promotions only: nearly everyone has a lateral move or grade
    # step with nothing missing, so the nearest of all moves would be 0 for all and say nothing
    unmet = unmet_on_nearest_move(employed, landmark, kinds=(Transition.Kind.PROMOTION,))
    frame["unmet_on_nearest_promotion"] = [unmet.get(e) for e in ids]  # none open: no fact (the training median)
    for extra in covariates.registered():
        values = extra.values(landmark)
        frame[extra.name] = [values.get(e, extra.absent) for e in ids]
    for column in covariate_labels():
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if end is not None:
        left = frame["exit_date"].notna() & (frame["exit_date"] <= end)
        stop = frame["exit_date"].where(left, end)
        frame["days"] = [max((s - landmark).days, 1) for s in stop]
        frame["left"] = left.astype(bool)
    return frame


def _finite(value) -> float | None:
    """A figure for JSON: None where lifelines gives no finite value (an interval that runs off to infinity)."""
    value = float(value)
    return value if math.isfinite(value) else None


def fill_values(frame: pd.DataFrame) -> dict:
    """The training median of each covariate (0 where nobody has the fact), used for missing facts everywhere."""
    medians = frame[list(covariate_labels())].median()
    return {c: (0.0 if math.isnan(v) else float(v)) for c, v in medians.items()}


def fit_cox(frame: pd.DataFrame, covariates: list[str]) -> CoxPHFitter:
    """lifelines' Cox model (Efron ties, PENALIZER) of `days`/`left` on the covariates: the whole fit is lifelines'.
    A fit that does not converge is refused (no_convergence) rather than stored."""
    # lifelines and scipy (about 1.5 s to import) when a model is trained, not when the site starts
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError

    try:
        return CoxPHFitter(penalizer=PENALIZER).fit(frame[[*covariates, "days", "left"]], duration_col="days",
                                                    event_col="left")
    except ConvergenceError as exc:
        raise Invalid(_("The flight-risk model did not converge on this history (%(why)s).") % {"why": exc},
                      code="no_convergence") from exc


def usable_covariates(frame: pd.DataFrame) -> list[str]:
    """Covariates that vary in the training frame and are not a copy of one kept before (a constant one has no
    hazard ratio to estimate; months in level equals tenure where nobody has moved level)."""
    kept: list[str] = []
    for column in covariate_labels():
        values = frame[column]
        if values.nunique() <= 1:
            continue
        if any(abs(values.corr(frame[k])) > 0.999 for k in kept):
            continue
        kept.append(column)
    return kept


def baseline_survival_at(fitter: CoxPHFitter, day: int) -> float:
    """S0(day): lifelines' baseline survival (at the training means), a step function read at `day`."""
    steps = fitter.baseline_survival_.iloc[:, 0]
    before = steps[steps.index <= day]
    return float(before.iloc[-1]) if len(before) else 1.0


def risk_within(coefficients: dict, means: dict, baseline: float, frame: pd.DataFrame) -> np.ndarray:
    """1 − S(90 | x) = 1 − S0(90)^exp((x − mean)·β), lifelines' own prediction written out so a stored model
    scores without the fitter."""
    names = list(coefficients)
    x = frame[names].to_numpy(dtype=float) - np.array([means[c] for c in names])
    return 1 - baseline ** np.exp(x @ np.array([coefficients[c] for c in names]))


def calibration(predicted: np.ndarray, days: np.ndarray, left: np.ndarray, bins: int = 10) -> list[dict]:
    """By decile of predicted 90-day risk: people, mean predicted risk and the share who left within 90 days
    (everyone in the hold-out is followed for more than 90 days)."""
    order = np.argsort(predicted, kind="stable")
    out = []
    for k, chunk in enumerate(np.array_split(order, bins), start=1):
        if len(chunk):
            out.append({"decile": k, "n": int(len(chunk)), "predicted": float(predicted[chunk].mean()),
                        "observed": float((left[chunk] & (days[chunk] <= HORIZON)).mean())})
    return out


@transaction.atomic
def train_risk_model(as_of: datetime.date | None = None, by=None) -> RiskModel:
    """Fit on the training landmark, measure on the hold-out, store the next version with its figures and score
    everyone employed on as_of (default today) under it."""
    as_of = as_of or timezone.localdate()
    train_at, holdout_at = as_of - _days(2 * HOLDOUT_DAYS), as_of - _days(HOLDOUT_DAYS)
    train = covariate_frame(train_at, holdout_at)
    if train.empty or int(train["left"].sum()) < MIN_EXITS:
        raise Invalid(_("Too few exits to learn from: %(n)s between %(a)s and %(b)s; at least %(min)s are needed.")
                      % {"n": 0 if train.empty else int(train["left"].sum()), "a": train_at, "b": holdout_at,
                         "min": MIN_EXITS}, code="too_few_exits")
    fills = fill_values(train)
    train = train.fillna(fills)
    covariates = usable_covariates(train)
    fitter = fit_cox(train, covariates)
    coefficients = {c: float(fitter.params_[c]) for c in covariates}
    means = {c: float(fitter._norm_mean[c]) for c in covariates}
    baseline = baseline_survival_at(fitter, HORIZON)

    holdout = covariate_frame(holdout_at, as_of).fillna(fills)
    predicted = risk_within(coefficients, means, baseline, holdout)
    days, left = holdout["days"].to_numpy(), holdout["left"].to_numpy(dtype=bool)
    if not left.any() or left.all():
        raise Invalid(_("The hold-out from %(a)s has %(n)s exits among %(p)s people: the model's accuracy cannot be "
                        "measured.") % {"a": holdout_at, "n": int(left.sum()), "p": len(left)}, code="too_few_exits")
    from lifelines.utils import concordance_index  # as in fit_cox

    c_index = float(concordance_index(days, -predicted, left))
    summary = fitter.summary
    ratios = [{"covariate": c, "hr": _finite(summary.loc[c, "exp(coef)"]),
               "lower": _finite(summary.loc[c, "exp(coef) lower 95%"]),
               "upper": _finite(summary.loc[c, "exp(coef) upper 95%"]), "p": _finite(summary.loc[c, "p"])}
              for c in covariates]
    last = RiskModel.objects.select_for_update().order_by("-version").first()
    model = RiskModel.objects.create(
        version=(last.version + 1) if last else 1, trained_by=by, as_of=as_of, train_landmark=train_at,
        holdout_landmark=holdout_at, n=len(train), events=int(train["left"].sum()), holdout_n=len(holdout),
        holdout_events=int(left.sum()), c_index=c_index, calibration=calibration(predicted, days, left),
        hazard_ratios=ratios, coefficients=coefficients, means=means, fill_values=fills,
        baseline_survival_90=baseline, covariates=list(covariate_labels()))
    score_active(model)
    return model


def score_active(model: RiskModel) -> int:
    """Score everyone employed on the model's as_of; the covariates each score was read from are kept with it."""
    frame = covariate_frame(model.as_of)
    if frame.empty:
        return 0
    filled = frame.fillna(model.fill_values)
    risks = risk_within(model.coefficients, model.means, model.baseline_survival_90, filled)
    names = [c for c in covariate_labels() if c in frame.columns]
    facts = frame[names].round(2).astype(object).where(frame[names].notna(), None)
    RiskScore.objects.bulk_create(
        [RiskScore(model=model, employee_id=int(e), risk_90=float(r), facts=f)
         for e, r, f in zip(frame["employee_id"], risks, facts.to_dict("records"), strict=True)], batch_size=5000)
    return len(frame)


# --------------------------------------------------------------------------------------------- who sees scores
def can_read_risk(user) -> bool:
    """Team leaders (their team's list), center managers (their centers) and HR; agents never, nor trainers or QA."""
    return scoping.supervises_people(user)


def can_train_risk(user) -> bool:
    return scoping.can_import_roster(user)  # HR


def current_model() -> RiskModel | None:
    return RiskModel.objects.first()


def risk_list(user, model: RiskModel):
    """The model's scores of the people the user sees (never their own), still employed, highest risk first."""
    if not can_read_risk(user):
        raise NotFound(_("Not found."))
    visible = scoping.employees_visible_to(user).exclude(pk=user.employee_id).exclude(status=Employee.Status.EXITED)
    return (model.scores.filter(employee__in=visible)
            .select_related("employee", "employee__team", "employee__level").order_by("-risk_90"))
