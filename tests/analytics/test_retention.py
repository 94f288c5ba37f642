"""Retention curves (issue 21): Kaplan–Meier against the textbook and against lifelines called directly; the page
HR and center managers read, its grouping switch, the log-rank comparison and the XLSX export."""
import datetime
import io
import random

import pytest
from django.urls import reverse
from lifelines import KaplanMeierFitter
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from agentpath.analytics.retention import exit_reasons, km_by, km_curve, log_rank, tenure_spells
from agentpath.org.models import Employee, EmploymentEvent, ExitReason, ExitRecord
from tests.factories import EmployeeFactory

TODAY = datetime.date(2026, 12, 1)


def test_kaplan_meier_matches_the_hand_worked_table():
    """Ten tenures (months), + censored: 3, 5+, 6, 6, 8, 10+, 12, 15, 15+, 20.
    t  at risk  left  S(t)
    3    10      1    9/10                = 0.9
    6     8      2    0.9 × 6/8           = 0.675
    8     6      1    0.675 × 5/6         = 0.5625
    12    4      1    0.5625 × 3/4        = 0.421875
    15    3      1    0.421875 × 2/3      = 0.28125
    20    1      1    0
    The median tenure is the first time S(t) ≤ 0.5: 12."""
    days = [3, 5, 6, 6, 8, 10, 12, 15, 15, 20]
    left = [True, False, True, True, True, False, True, True, False, True]
    curve = km_curve("textbook", days, left)
    survival = {t: s for t, s, _lo, _hi in curve.points}
    for t, expected in {3: 0.9, 5: 0.9, 6: 0.675, 8: 0.5625, 10: 0.5625, 12: 0.421875, 15: 0.28125, 20: 0.0}.items():
        assert survival[t] == pytest.approx(expected, abs=1e-12)
    assert curve.median_days == 12
    assert (curve.people, curve.exits) == (10, 7)
    for _t, s, lower, upper in curve.points[1:-1]:
        assert lower <= s <= upper


def test_a_curve_from_counted_tenures_is_lifelines_on_one_row_per_person():
    """km_curve fits each distinct (tenure, left) pair once with its count as weight: the curve, its band, the
    median and the 90-day and 12-month attrition are those of lifelines on the raw rows, ties, day-0 exits and a
    group of one included."""
    rng = random.Random(21)
    for size in (1, 7, 400):
        days = [rng.choice([0, 30, 90, 91, 200, 365, 366, 700]) if rng.random() < 0.5 else rng.randrange(0, 900)
                for _ in range(size)]
        left = [rng.random() < 0.6 for _ in range(size)]
        curve = km_curve("g", days, left)
        direct = KaplanMeierFitter().fit(days, event_observed=left)
        expected = zip(direct.survival_function_.index, direct.survival_function_.iloc[:, 0],
                       direct.confidence_interval_survival_function_.iloc[:, 0],
                       direct.confidence_interval_survival_function_.iloc[:, 1], strict=True)
        assert len(curve.points) == len(direct.survival_function_)
        for ours, theirs in zip(curve.points, expected, strict=True):
            assert ours == pytest.approx(list(theirs), abs=1e-12)
        median = direct.median_survival_time_
        assert curve.median_days == (None if median == float("inf") else median)
        for h in (90, 365):
            assert curve.attrition[h] == pytest.approx(1 - float(direct.survival_function_at_times(h).iloc[0]),
                                                       abs=1e-12)
        assert (curve.people, curve.exits) == (size, sum(left))


def _workforce(org, seed=4, size=60):
    """People hired over two years; about half have left, more of them early and more in team sz-b."""
    rng = random.Random(seed)
    expected = []
    for i in range(size):
        team = org.teams[i % 3]
        hired = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 700))
        stay = int(rng.expovariate(1 / (200 if team.code == "sz-b" else 500)))
        exit_date = hired + datetime.timedelta(days=stay)
        left = exit_date <= TODAY
        EmployeeFactory(center=team.center, team=team, hire_date=hired,
                        status=Employee.Status.EXITED if left else Employee.Status.ACTIVE,
                        exit_date=exit_date if left else None)
        expected.append((team.name, ((exit_date if left else TODAY) - hired).days, left))
    return expected


@pytest.mark.django_db
def test_the_products_curves_match_lifelines_on_the_same_rows(org):
    fixture_people = list(Employee.objects.all())  # the org fixture's leaders and agents, all still here
    expected = _workforce(org)
    curves = {c.group: c for c in km_by(tenure_spells(org.users[Role.HR_ADMIN], TODAY), "team")}
    for team in org.teams:
        # the generated people of this team, and the team's leader and agents of the fixture (hired, still here)
        rows = [(d, left) for name, d, left in expected if name == team.name]
        rows += [((TODAY - e.hire_date).days, False) for e in fixture_people if e.team_id == team.id]
        direct = KaplanMeierFitter().fit([d for d, _l in rows], event_observed=[left for _d, left in rows])
        curve = curves[team.name]
        assert curve.people == len(rows)
        ours = [s for _t, s, _lo, _hi in curve.points]
        assert max(abs(a - b) for a, b in zip(ours, direct.survival_function_.iloc[:, 0], strict=True)) < 1e-9
        band = direct.confidence_interval_survival_function_
        assert max(abs(p[2] - lo) for p, lo in zip(curve.points, band.iloc[:, 0], strict=True)) < 1e-9
        assert curve.attrition_90 == pytest.approx(1 - float(direct.survival_function_at_times(90).iloc[0]),
                                                   abs=1e-9)


@pytest.mark.django_db
def test_the_log_rank_test_tells_the_short_staying_team_apart(org):
    _workforce(org, size=150)
    spells = tenure_spells(org.users[Role.HR_ADMIN], TODAY)
    assert log_rank(spells, "team", "深圳A组", "深圳B组").p_value < 0.05


@pytest.mark.django_db
def test_hr_switches_the_grouping_and_reads_the_figures(org, client_for):
    _workforce(org)
    client = client_for(org.users[Role.HR_ADMIN])
    page = client.get(reverse("analytics:retention") + "?by=team", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "深圳B组" in page and 'id="retention-data"' in page and "retention.js" in page
    assert "<script>" not in page.split("retention-data")[1]  # no inline chart code (Content-Security-Policy)
    page = client.get(reverse("analytics:retention") + "?by=center&a=深圳中心&b=广州中心",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "深圳中心 against 广州中心: χ² =" in page


@pytest.mark.django_db
def test_the_export_is_the_tables_figures_and_formula_safe(org, client_for):
    team = org.teams[0]
    team.name = "=HYPERLINK(\"http://x\")"
    team.save()
    response = client_for(org.users[Role.HR_ADMIN]).get(reverse("analytics:retention-export") + "?by=team")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("团队", "人员", "离职人数")  # in the default language
    names = [r[0] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://x\")" in names
    everyone = rows[1]
    assert everyone[1] == Employee.objects.count() and everyone[2] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.TRAINER, Role.QA])
def test_retention_is_not_for_agents_leaders_trainers_or_qa(org, client_for, role):
    client = client_for(org.users[role])
    assert client.get(reverse("analytics:retention")).status_code == 404
    assert client.get(reverse("analytics:retention-export")).status_code == 404


@pytest.mark.django_db
def test_the_api_answers_the_pages_curves(org, client_for):
    _workforce(org)
    client = client_for(org.users[Role.HR_ADMIN])
    body = client.get("/api/v1/analytics/retention?by=team").json()
    assert [c["group"] for c in body][0] in ("全体", "Everyone")
    curves = {c.group: c for c in km_by(tenure_spells(org.users[Role.HR_ADMIN], datetime.date.today()), "team")}
    for c in body[1:]:
        assert (c["people"], c["exits"]) == (curves[c["group"]].people, curves[c["group"]].exits)
    refused = client.get("/api/v1/analytics/retention?by=shoe-size")
    assert refused.status_code == 422 and refused.json()["code"] == "unknown_grouping"
    assert client_for(org.users[Role.TEAM_LEADER]).get("/api/v1/analytics/retention").status_code == 404


@pytest.mark.django_db
def test_groups_are_those_in_force_at_the_exit_not_todays_row(org):
    """Someone who left team sz-b for sz-a and then left counts in sz-a (in force on their last day); someone
    whose employee row says sz-b but whose history put them in gz-a at their exit counts in gz-a."""
    moved = EmployeeFactory(center=org.centers[0], team=org.teams[1], hire_date=datetime.date(2025, 1, 6))
    EmploymentEvent.objects.create(employee=moved, kind="team_change", effective_date=datetime.date(2025, 6, 2),
                                   to_level=moved.level, to_position=moved.position, to_grade=moved.grade,
                                   to_team=org.teams[0], to_center=org.centers[0])
    EmploymentEvent.objects.create(employee=moved, kind="exit", effective_date=datetime.date(2025, 9, 1))
    moved.status, moved.exit_date = Employee.Status.EXITED, datetime.date(2025, 9, 1)
    moved.save()  # the row still names sz-b: the exit does not change it here
    spells = tenure_spells(org.users[Role.HR_ADMIN], TODAY)
    row = spells[spells["days"] == (datetime.date(2025, 9, 1) - datetime.date(2025, 1, 6)).days].iloc[0]
    assert (row["team"], row["leader"], row["center"], row["cohort"]) == (
        org.teams[0].name, org.leaders["sz-a"].name, org.centers[0].name, "2025Q1")


@pytest.mark.django_db
def test_exit_reasons_are_counted_by_hire_cohort_and_tenure_band(org, client_for):
    shifts, pay = ExitReason.objects.get(code="shifts"), ExitReason.objects.get(code="pay")
    for hired, left, reason in ((datetime.date(2025, 1, 6), datetime.date(2025, 2, 20), shifts),
                                (datetime.date(2025, 2, 3), datetime.date(2025, 3, 10), shifts),
                                (datetime.date(2025, 2, 3), datetime.date(2026, 6, 1), pay)):
        person = EmployeeFactory(center=org.centers[0], team=org.teams[0], hire_date=hired, status="exited",
                                 exit_date=left)
        event = EmploymentEvent.objects.create(employee=person, kind="exit", effective_date=left)
        ExitRecord.objects.create(event=event, exit_type="voluntary", reason=reason)
    figures = exit_reasons(org.users[Role.HR_ADMIN], TODAY)
    assert figures["reasons"] == ["不适应倒班与夜班", "薪资待遇"]  # the site's language: the seed's terms
    assert figures["cohorts"] == {"2025Q1": {"不适应倒班与夜班": 2, "薪资待遇": 1}}
    assert figures["bands"]["0–3个月"] == {"不适应倒班与夜班": 2} and figures["bands"]["1–2年"] == {"薪资待遇": 1}
    page = client_for(org.users[Role.HR_ADMIN]).get(reverse("analytics:retention"))
    assert 'id="reasons-data"' in page.content.decode()
