"""Promotion requirements that read KPI: composite percentile over recent quarters and the monthly exam."""
import datetime

import pytest
from django.utils import translation

from agentpath.careers.models import Requirement
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure
from agentpath.performance.importers import import_kpi_file
from agentpath.performance.services import load_default_scorecards, recompute_ranks
from agentpath.talent.eligibility import evaluate

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 10, 10)  # last two complete quarters: 2026Q3 and 2026Q2


def import_text(tmp_path, text):
    path = tmp_path / "kpi.csv"
    path.write_text(text, encoding="utf-8")
    with open(path, "rb") as f:
        report = import_kpi_file(f, "kpi.csv", today=AS_OF)
    assert report.stored, report.errors


def kpi_checks(employee):
    emp = with_tenure(Employee.objects.filter(pk=employee.pk), AS_OF).get()
    option = next(o for o in evaluate([emp], AS_OF)[emp.id] if o.transition.to_level.code == "pro-senior")
    by_kind = {c.kind: c for c in option.checks}
    return by_kind[Requirement.Kind.MIN_KPI_PERCENTILE], by_kind[Requirement.Kind.MIN_EXAM_AVERAGE]


def test_best_and_worst_agent_of_a_team_are_judged_by_their_quarterly_percentiles(org, tmp_path):
    load_default_scorecards()
    agents = org.agents["sz-a"]  # three agents of the same position and center: one peer group
    lines = ["employee_no,date,calls_handled,aht,fcr,csat,qa_score,exam_score"]
    for day in (datetime.date(2026, 5, 6), datetime.date(2026, 8, 5)):
        for rank, agent in enumerate(agents):  # agent 0 is best on every metric, agent 2 worst
            lines.append(f"{agent.employee_no},{day},{120 - 20 * rank},{280 + 40 * rank},{85 - 10 * rank},"
                         f"{92 - 8 * rank},{95 - 10 * rank},{90 - 15 * rank}")
    import_text(tmp_path, "\n".join(lines) + "\n")
    recompute_ranks(datetime.date(2026, 4, 1), datetime.date(2026, 9, 30))

    best_kpi, best_exam = kpi_checks(agents[0])
    worst_kpi, worst_exam = kpi_checks(agents[2])
    assert best_kpi.met and best_kpi.has_data
    assert not worst_kpi.met and worst_kpi.has_data
    assert best_exam.met and best_exam.actual == "90 / 80"
    assert not worst_exam.met and worst_exam.actual == "60 / 80"


def test_without_kpi_data_the_requirement_says_no_data_yet(org):
    kpi, exam = kpi_checks(org.agents["sz-b"][0])
    assert kpi.status == "unknown" and exam.status == "unknown"


def test_kpi_percentile_requirement_with_one_quarter_of_data_is_unmet(org, tmp_path):
    """The requirement reads the last 2 quarters; the best agent was ranked in 2026Q3 only."""
    load_default_scorecards()
    agents = org.agents["sz-a"]
    lines = ["employee_no,date,calls_handled,aht,fcr,csat,qa_score,exam_score"]
    for rank, agent in enumerate(agents):
        lines.append(f"{agent.employee_no},2026-08-05,{120 - 20 * rank},{280 + 40 * rank},{85 - 10 * rank},"
                     f"{92 - 8 * rank},{95 - 10 * rank},{90 - 15 * rank}")
    import_text(tmp_path, "\n".join(lines) + "\n")
    recompute_ranks(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    with translation.override("zh-hans"):
        kpi, _exam = kpi_checks(agents[0])
    assert (kpi.met, kpi.status, kpi.actual) == (False, "unknown", "数据不足 (1 / 2 个季度)")
