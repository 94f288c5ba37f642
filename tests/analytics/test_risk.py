"""Flight risk (issue 21): on a synthetic workforce whose disciplined half leaves at twice the rate, the product's
pipeline (covariates read from the database, lifelines' fit) equals lifelines called directly on the same frame
and the known hazard ratio lies in its 95 % interval; a trained model keeps its accuracy and version; team
leaders see their team's list only; agents, trainers and QA never see a score."""
import datetime
import math
import random

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse
from lifelines import CoxPHFitter

from agentpath.accounts.models import Role
from agentpath.analytics.models import RiskModel, RiskScore
from agentpath.analytics.risk import (
    HOLDOUT_DAYS,
    PENALIZER,
    baseline_survival_at,
    covariate_frame,
    fit_cox,
    risk_within,
    train_risk_model,
    usable_covariates,
)
from agentpath.careers.models import Level
from agentpath.org.models import DisciplinaryRecord, Employee, EmploymentEvent

AS_OF = datetime.date(2026, 12, 1)
TRUE_RATIO = 2.0
BASE_RATE = 1 / 500  # exits per day


def _synthetic_workforce(org, size=600, seed=21):
    """People hired 2023–2025 into the three teams; half have a disciplinary record on 2026-03-01; from the day
    after, time to exit is exponential with the rate doubled for the disciplined. Returns (employee_id,
    disciplined, exit date)."""
    rng = random.Random(seed)
    level = Level.objects.get(code="mgmt-agent")
    position = level.positions.first()
    people, truth = [], []
    for i in range(size):
        team = org.teams[i % 3]
        hired = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1000))
        disciplined = i % 2 == 0
        stay = rng.expovariate(BASE_RATE * (TRUE_RATIO if disciplined else 1))
        exit_date = datetime.date(2026, 3, 2) + datetime.timedelta(days=int(stay))
        left = exit_date <= AS_OF
        people.append(Employee(employee_no=f"S{i:05d}", name=f"合成{i}", center=team.center, team=team,
                               level=level, position=position, grade=level.grade_max, hire_date=hired,
                               status="exited" if left else "active", exit_date=exit_date if left else None))
        truth.append((disciplined, exit_date))
    people = Employee.objects.bulk_create(people)
    EmploymentEvent.objects.bulk_create([
        EmploymentEvent(employee=e, kind="hire", effective_date=e.hire_date, to_level=level, to_position=position,
                        to_grade=e.grade, to_team=e.team, to_center=e.center) for e in people])
    DisciplinaryRecord.objects.bulk_create([
        DisciplinaryRecord(employee=e, date=datetime.date(2026, 3, 1), description="迟到")
        for e, (disciplined, _x) in zip(people, truth, strict=True) if disciplined])
    return {e.pk: t for e, t in zip(people, truth, strict=True)}


@pytest.mark.django_db
def test_the_pipeline_recovers_the_known_hazard_ratio_as_lifelines_does(org):
    truth = _synthetic_workforce(org)
    landmark, end = AS_OF - datetime.timedelta(days=2 * HOLDOUT_DAYS), AS_OF - datetime.timedelta(days=HOLDOUT_DAYS)
    frame = covariate_frame(landmark, end).fillna(0.0)
    frame = frame[frame["employee_id"].isin(truth)].reset_index(drop=True)  # the synthetic people only
    # the same frame written by hand from the generated truth
    direct = pd.DataFrame({
        "tenure_months": [(landmark - e.hire_date).days / 30.4
                          for e in Employee.objects.filter(pk__in=frame["employee_id"]).order_by("pk")],
        "discipline": [float(truth[i][0]) for i in sorted(frame["employee_id"])],
        "days": [max((min(truth[i][1], end) - landmark).days, 1) for i in sorted(frame["employee_id"])],
        "left": [truth[i][1] <= end for i in sorted(frame["employee_id"])]})
    ours_frame = frame.sort_values("employee_id").reset_index(drop=True)
    # every synthetic agent misses the same on their nearest promotion and has no badge: both left out as constant
    assert usable_covariates(ours_frame) == ["tenure_months", "discipline"]
    ours = fit_cox(ours_frame, ["tenure_months", "discipline"])
    theirs = CoxPHFitter(penalizer=PENALIZER).fit(direct, duration_col="days", event_col="left")
    assert np.allclose(ours.params_.values, theirs.params_.values, atol=1e-9)
    summary = ours.summary.loc["discipline"]
    assert summary["exp(coef) lower 95%"] < TRUE_RATIO < summary["exp(coef) upper 95%"]
    # the stored-model prediction is lifelines' own
    means = {c: float(ours._norm_mean[c]) for c in ours.params_.index}
    baseline = baseline_survival_at(ours, 90)
    written = risk_within(dict(ours.params_), means, baseline, ours_frame)
    expected = 1 - ours.predict_survival_function(ours_frame[["tenure_months", "discipline"]], times=[90]).iloc[0]
    assert np.allclose(written, expected.values, atol=1e-9)


@pytest.fixture
def trained(org):
    _synthetic_workforce(org)
    return train_risk_model(AS_OF, by=org.users[Role.HR_ADMIN])


@pytest.mark.django_db
def test_a_trained_model_keeps_its_accuracy_and_scores_everyone_employed(org, trained):
    assert trained.version == 1 and trained.holdout_landmark == AS_OF - datetime.timedelta(days=HOLDOUT_DAYS)
    assert 0.5 < trained.c_index <= 1
    assert len(trained.calibration) == 10 and sum(c["n"] for c in trained.calibration) == trained.holdout_n
    ratios = {r["covariate"]: r for r in trained.hazard_ratios}
    assert {"tenure_months", "discipline"} <= set(ratios)  # the fixture's three leaders add their level
    discipline = ratios["discipline"]
    assert discipline["lower"] < TRUE_RATIO < discipline["upper"]
    employed = Employee.objects.exclude(status="exited").count()
    assert trained.scores.count() == employed
    # the disciplined leave at twice the rate: they are higher on the list
    disciplined = set(DisciplinaryRecord.objects.values_list("employee_id", flat=True))
    scores = list(trained.scores.values_list("employee_id", "risk_90"))
    mean = lambda rows: sum(r for _e, r in rows) / len(rows)  # noqa: E731
    assert mean([s for s in scores if s[0] in disciplined]) > mean([s for s in scores if s[0] not in disciplined])
    again = train_risk_model(AS_OF)
    assert again.version == 2 and RiskModel.objects.count() == 2


@pytest.mark.django_db
def test_the_team_leader_sees_their_teams_list_with_the_models_accuracy(org, trained, client_for):
    page = client_for(org.users[Role.TEAM_LEADER]).get(reverse("analytics:risk"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{trained.c_index:.3f}" in html
    assert 'data-testid="risk-banner"' in html
    own_team = set(Employee.objects.filter(team=org.teams[0]).exclude(status="exited")
                   .exclude(pk=org.leaders["sz-a"].pk).values_list("employee_no", flat=True))
    api = client_for(org.users[Role.TEAM_LEADER]).get("/api/v1/analytics/risk?limit=1000").json()
    assert {s["employee_no"] for s in api["scores"]} == own_team
    assert api["model"]["c_index"] == pytest.approx(trained.c_index)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AGENT, Role.TRAINER, Role.QA])
def test_agents_trainers_and_qa_never_reach_a_score(org, trained, client_for, role):
    client = client_for(org.users[role])
    assert client.get(reverse("analytics:risk")).status_code == 404
    assert client.get("/api/v1/analytics/risk").status_code == 404
    assert client.post(reverse("analytics:risk-train")).status_code == 404


@pytest.mark.django_db
def test_hr_retrains_from_the_button_and_the_new_version_is_shown(org, trained, client_for):
    client = client_for(org.users[Role.HR_ADMIN])
    client.post(reverse("analytics:risk-train"))  # the immediate task backend of the tests runs it now
    latest = RiskModel.objects.first()
    assert latest.version == 2 and latest.trained_by == org.users[Role.HR_ADMIN]
    assert RiskScore.objects.filter(model=latest).exists()
    assert not math.isnan(latest.c_index)
