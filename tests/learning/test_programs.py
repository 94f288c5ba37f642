"""Courses, the pre-job program of seed 002 §3.3 and its stages: results, retakes and completion the path reads."""
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from agentpath.careers.models import Framework, Level, Position, Requirement, Track, Transition
from agentpath.learning.models import Category, Course, CourseCompletion, Delivery, Enrolment, Program
from agentpath.learning.services import enrol, record_stage_result
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure
from agentpath.talent.eligibility import evaluate
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 9, 1)


def test_load_framework_loads_the_pre_job_program_of_seed_002_once(framework):
    out = StringIO()
    call_command("load-framework", "cola", stdout=out)
    program = Program.objects.get(code="pre-job")
    with translation.override("zh-hans"):
        assert [s.display_name for s in program.stages.order_by("order")] == [
            "基础理论", "系统操作", "案例教学", "跟班实习", "结业考试(口试+笔试)"]
    assert program.course.code == "pre-job-program"  # the course the framework's levels require
    with translation.override("zh-hans"):
        assert Course.objects.get(code="pre-job-program").get_category_display() == "岗前"
    again = StringIO()
    call_command("load-framework", "cola", stdout=again)
    assert "framework cola: 0 created, 0 changed" in again.getvalue()


def _pass_all(enrolment, scores):
    for stage, score in zip(enrolment.program.stages.order_by("order"), scores, strict=True):
        record_stage_result(enrolment, stage, Decimal(score), on=DAY)


def test_failed_stage_is_retaken_and_program_completes_only_when_every_stage_passes(catalogue):
    agent = EmployeeFactory()
    enrolment = enrol(agent, Program.objects.get(code="pre-job"), kind=Enrolment.Kind.ASSIGNED, reason="新员工入职")
    stages = list(enrolment.program.stages.order_by("order"))
    first = record_stage_result(enrolment, stages[0], Decimal(55), on=DAY)
    assert not first.passed
    with translation.override("zh-hans"), pytest.raises(ValidationError, match="请先通过前面的阶段"):
        record_stage_result(enrolment, stages[1], Decimal(90), on=DAY)
    retake = record_stage_result(enrolment, stages[0], Decimal(75), on=DAY)
    assert (retake.attempt, retake.passed) == (2, True)
    for stage in stages[1:-1]:
        record_stage_result(enrolment, stage, Decimal(80), on=DAY)
    assert not CourseCompletion.objects.filter(employee=agent).exists()
    record_stage_result(enrolment, stages[-1], Decimal(69), on=DAY)  # final exam pass mark is 70
    assert not CourseCompletion.objects.filter(employee=agent).exists()
    record_stage_result(enrolment, stages[-1], Decimal(82), on=DAY)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.credits_granted == Decimal(6)
    completion = CourseCompletion.objects.get(employee=agent)
    assert (completion.course.code, completion.credits, completion.completed_on) == ("pre-job-program", 6, DAY)


def test_finished_program_credits_count_toward_the_path(catalogue):
    agent = EmployeeFactory(hire_date=datetime.date(2023, 1, 10))
    enrolment = enrol(agent, Program.objects.get(code="pre-job"), kind=Enrolment.Kind.ASSIGNED, reason="补训")
    _pass_all(enrolment, [80, 80, 80, 80, 80])
    emp = with_tenure(Employee.objects.filter(pk=agent.pk), datetime.date(2026, 11, 23)).get()
    option = next(o for o in evaluate([emp], datetime.date(2026, 11, 23))[emp.id]
                  if o.transition.to_level.code == "pro-senior" and not o.transition.from_position_id)
    with translation.override("en"):
        credits = next(c for c in option.checks if c.kind == Requirement.Kind.MIN_CREDITS)
    assert credits.actual.startswith("6 / ")


def test_enrolment_needs_a_reason_and_is_not_duplicated(catalogue):
    agent = EmployeeFactory()
    program = Program.objects.get(code="pre-job")
    with pytest.raises(ValidationError):
        enrol(agent, program, kind=Enrolment.Kind.SELF, reason=" ")
    enrol(agent, program, kind=Enrolment.Kind.SELF, reason="自选")
    enrol(agent, program, kind=Enrolment.Kind.SELF, reason="自选")
    assert Enrolment.objects.filter(employee=agent).count() == 1


def test_catalogue_page_lists_programs_with_stages_and_exports(catalogue, client):
    client.force_login(UserFactory(role="agent"))
    with translation.override("zh-hans"):
        page = client.get("/training/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "跟班实习" in page.content.decode()
    export = client.get("/training/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_trainer_records_a_failed_stage_and_the_retake_on_the_results_page(org, catalogue, client_for):
    agent = org.agents["sz-a"][0]
    enrolment = enrol(agent, Program.objects.get(code="pre-job"), kind=Enrolment.Kind.ASSIGNED, reason="入职")
    stage = enrolment.program.stages.get(order=1)
    client = client_for(org.users["trainer"])
    client.post("/training/results/", {"enrolment": enrolment.pk, "stage": stage.pk, "score": "52"})
    client.post("/training/results/", {"enrolment": enrolment.pk, "stage": stage.pk, "score": "77"})
    assert list(enrolment.stage_results.values_list("attempt", "passed")) == [(1, False), (2, True)]
    page = client.get("/training/results/?program=pre-job").content.decode()
    assert agent.name in page and "52.0" in page and "77.0" in page
    far = enrol(org.agents["gz-a"][0], enrolment.program, kind=Enrolment.Kind.ASSIGNED, reason="入职")
    assert client.post("/training/results/", {"enrolment": far.pk, "stage": stage.pk,
                                              "score": "90"}).status_code == 404  # another center's trainee


def test_agent_chooses_a_program_and_a_trainer_assigns_one_with_the_reason(org, catalogue, client_for):
    agent = org.agents["sz-a"][0]
    client_for(org.users["agent"]).post("/training/me/", {"action": "enrol", "program": "specialized-value"})
    chosen = Enrolment.objects.get(employee=agent)
    assert (chosen.kind, chosen.mandatory) == ("self", False)
    trainer = client_for(org.users["trainer"])
    trainer.post("/training/results/", {"action": "assign", "program": "pre-job", "employee_no": agent.employee_no,
                                        "reason": "补训岗前课程"})
    assigned = Enrolment.objects.get(employee=agent, program__code="pre-job")
    assert (assigned.kind, assigned.reason, assigned.trainer) == ("assigned", "补训岗前课程", org.users["trainer"])
    assert trainer.post("/training/results/", {"action": "assign", "program": "pre-job", "reason": "x",
                                               "employee_no": org.agents["gz-a"][0].employee_no}).status_code == 404


def test_first_load_on_an_empty_database_reports_nothing_changed_and_leaves_a_customers_courses_alone(db):
    Requirement.objects.all().delete()
    Transition.objects.all().delete()
    Employee.objects.all().delete()
    Position.objects.all().delete()
    Level.objects.all().delete()
    Track.objects.all().delete()
    Framework.objects.all().delete()
    Program.objects.all().delete()
    Course.objects.all().delete()
    own = Course.objects.create(code="our-crm", name="我们的CRM", name_en="Our CRM", credits=Decimal(2),
                                hours=Decimal(4), category=Category.SPECIALIZED, delivery=Delivery.ONLINE)
    first = StringIO()
    call_command("load-framework", "cola", stdout=first)
    assert ", 0 changed" in first.getvalue().splitlines()[0]  # created, not "changed", on an empty database
    call_command("load-framework", "cola", stdout=StringIO())
    own.refresh_from_db()
    assert (own.category, own.delivery) == (Category.SPECIALIZED, Delivery.ONLINE)
