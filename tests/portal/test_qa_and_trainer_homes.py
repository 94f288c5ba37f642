"""QA's and trainers' homes (issue 19) and what each may open (issue 16, DOMAIN.md roles table): QA read the QA data
of the centers they serve and no one's files; trainers their sessions, grading queue and trainees' records."""
import datetime
import re

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.exams import services as exam_services
from agentpath.exams.models import BlueprintCell, Exam, Paper, Question, QuestionVersion
from agentpath.learning.models import (
    Attendance,
    Course,
    CourseCompletion,
    Enrolment,
    Program,
    ProgramStage,
    TrainingEvent,
    TrainingSession,
)
from agentpath.performance.models import KpiDay, KpiImport, Metric
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def qa_scores(people_scores: dict, day: datetime.date):
    """One QA score per person on `day` (KPI daily values, as the QA import stores them)."""
    column = Metric.objects.get(code="qa_score").column
    KpiDay.objects.bulk_create([KpiDay(employee=p, date=day, **{column: v}) for p, v in people_scores.items()])


def page_body(response, number: str) -> bytes:
    """A 404's body with the number asked for, the CSP nonce and the CSRF token taken out (they differ per request)."""
    body = re.sub(rb'(nonce|value)="[^"]*"', rb'\1=""', response.content)
    body = re.sub(rb'"X-CSRFToken": "[^"]*"', b'"X-CSRFToken": ""', body)
    return body.replace(number.encode(), b"NUMBER")


def section(html: str, card_id: str) -> str:
    start = html.index(f'id="{card_id}"')
    return html[start:start + 4000]


# ------------------------------------------------------------------------------------------------ QA: scope

def test_qa_opening_an_agents_three_files_gets_the_same_404_as_for_nobody(client, org):
    client.force_login(org.users[Role.QA])
    agent = org.agents["sz-a"][0]  # of the center the QA user serves
    for url in (f"/people/{agent.employee_no}/", f"/people/{agent.employee_no}/?tab=performance",
                f"/api/v1/employees/{agent.employee_no}", f"/kpi/employees/{agent.employee_no}/",
                f"/talent/competencies/{agent.employee_no}/",
                f"/api/v1/talent/employees/{agent.employee_no}/assessments"):
        nobody = url.replace(agent.employee_no, "NOBODY")
        got, none = client.get(url), client.get(nobody)
        assert got.status_code == 404 == none.status_code, url
        assert page_body(got, agent.employee_no) == page_body(none, "NOBODY"), url


def test_qa_has_no_people_list_and_their_employee_list_api_is_empty(client, org):
    client.force_login(org.users[Role.QA])
    assert client.get("/people/").status_code == 404
    assert client.get("/api/v1/employees").json()["count"] == 0
    assert "/people/" not in client.get("/", **ZH).content.decode().split("<main", 1)[0]  # no 人员 in the menu


def test_qa_reads_the_kpi_of_the_center_they_serve_and_not_of_another(client, org):
    client.force_login(org.users[Role.QA])
    assert client.get("/kpi/centers/sz/", **ZH).status_code == 200
    assert client.get("/kpi/teams/sz-a/", **ZH).status_code == 200
    assert client.get("/kpi/centers/gz/").status_code == 404
    assert page_body(client.get("/kpi/centers/gz/"), "gz") == page_body(client.get("/kpi/centers/nowhere/"), "nowhere")


def test_qa_of_center_a_reads_none_of_center_b_on_their_home(client, org):
    qa_scores({org.agents["sz-a"][0]: 91, org.agents["gz-a"][0]: 42}, timezone.localdate())
    client.force_login(org.users[Role.QA])
    html = client.get("/", **ZH).content.decode()
    assert org.agents["sz-a"][0].name in html or 'data-testid="qa-scored">1 /' in html
    assert org.agents["gz-a"][0].name not in html and "广州" not in html


# ------------------------------------------------------------------------------------------------- QA: home

def test_qa_home_shows_evaluations_distribution_outliers_and_teams(client, org):
    today = timezone.localdate()
    sz = org.agents["sz-a"] + org.agents["sz-b"]
    qa_scores(dict(zip(sz, [85, 86, 84, 87, 85, 20], strict=True)), today)  # the last one far below the others
    qa_scores({sz[0]: 87}, today - datetime.timedelta(days=1) if today.day > 1 else today + datetime.timedelta(0))
    client.force_login(org.users[Role.QA])
    html = client.get("/", **ZH).content.decode()
    assert "质检" in html and "截至" in html
    assert 'data-testid="qa-scored">6 / ' in html
    outliers = section(html, "qa-outliers")
    assert sz[5].name in outliers and sz[0].name not in outliers.split("</ul>")[0]
    assert f'href="/people/{sz[5].employee_no}/"' not in html  # named, never linked: QA open no files
    assert 'data-band="&lt;60"' in html or 'data-band="<60"' in html
    assert "深圳A组" in section(html, "qa-teams") and "深圳B组" in section(html, "qa-teams")


def test_qa_home_lists_their_own_imports_with_status_rows_errors_and_link(client, org):
    mine = KpiImport.objects.create(source="upload", file_name="质检11月.xlsx", created_by=org.users[Role.QA],
                                    status="rejected", rows_read=120, error_count=3)
    KpiImport.objects.create(source="upload", file_name="hr-acd.csv", created_by=org.users[Role.HR_ADMIN],
                             status="done", rows_read=9)
    client.force_login(org.users[Role.QA])
    imports = section(client.get("/", **ZH).content.decode(), "qa-imports")
    assert "质检11月.xlsx" in imports and f"/kpi/import/{mine.pk}/" in imports
    assert "120 行" in imports and "3 个错误" in imports and "已拒收" in imports
    assert "hr-acd.csv" not in imports


def test_qa_home_says_dash_where_there_is_no_data(client, org):
    client.force_login(org.users[Role.QA])
    html = client.get("/", **ZH).content.decode()
    assert 'data-testid="qa-evaluations">—<' in html and 'data-testid="qa-mean">—<' in html
    assert 'data-testid="qa-scored">—<' in html


def test_qa_home_queries_do_not_grow_with_the_center(client, org, queries):
    qa_scores({a: 80 + n for n, a in enumerate(org.agents["sz-a"])}, timezone.localdate())
    KpiImport.objects.create(source="upload", file_name="a.xlsx", created_by=org.users[Role.QA], status="done")
    client.force_login(org.users[Role.QA])

    def grow():
        people = EmployeeFactory.create_batch(30, center=org.centers[0], team=org.teams[1])
        qa_scores({p: 50 + n for n, p in enumerate(people)}, timezone.localdate())
        for n in range(5):
            KpiImport.objects.create(source="upload", file_name=f"{n}.xlsx", created_by=org.users[Role.QA])

    queries.do_not_grow(queries.page(client, "/"), grow=grow)


# ------------------------------------------------------------------------------------------ trainers: scope

def trainee_of(trainer, employee, program_code="pre-job-t"):
    """`employee` enrolled with `trainer` in a two-stage pre-job program."""
    program = Program.objects.filter(code=program_code).first()
    if program is None:
        program = Program.objects.create(code=program_code, name="岗前培训T", category="pre_job",
                                         course=Course.objects.create(code=f"{program_code}-c", name="岗前课程"))
        ProgramStage.objects.create(program=program, order=1, name="理论", delivery="classroom", assessment="written")
        ProgramStage.objects.create(program=program, order=2, name="跟班实习", delivery="shadowing",
                                    assessment="written")
    return Enrolment.objects.create(employee=employee, program=program, kind="assigned", reason="x", trainer=trainer)


def test_trainer_opens_a_trainees_file_and_a_non_trainees_is_404_like_nobody(client, org):
    trainer = org.users[Role.TRAINER]
    trainee, other = org.agents["sz-a"][0], org.agents["sz-a"][1]  # both of the center the trainer serves
    trainee_of(trainer, trainee)
    client.force_login(trainer)
    assert client.get(f"/people/{trainee.employee_no}/").status_code == 200
    got, none = client.get(f"/people/{other.employee_no}/"), client.get("/people/NOBODY/")
    assert got.status_code == 404 == none.status_code
    assert page_body(got, other.employee_no) == page_body(none, "NOBODY")
    assert client.get(f"/api/v1/training/employees/{other.employee_no}").status_code == 404
    assert client.get(f"/api/v1/training/employees/{trainee.employee_no}").status_code == 200


def test_a_trainees_are_those_on_their_sessions_and_the_takers_of_their_exams(client, org):
    trainer = org.users[Role.TRAINER]
    listed, taker, stranger = org.agents["sz-b"][0], org.agents["sz-b"][1], org.agents["sz-b"][2]
    session = own_session(trainer, org.teams[1], days=-1)
    Attendance.objects.create(event=session.event, session=session, employee=listed)
    exam_for(trainer, org.teams[1])
    client.force_login(trainer)
    assert client.get(f"/people/{listed.employee_no}/").status_code == 200
    assert client.get(f"/people/{taker.employee_no}/").status_code == 200  # the exam is for all of team sz-b
    gz_agent = org.agents["gz-a"][0]
    trainee_of(trainer, gz_agent)  # enrolled with them, but in a center they do not serve
    assert client.get(f"/people/{gz_agent.employee_no}/").status_code == 404
    assert stranger.employee_no  # (the exam made every sz-b member a taker; the gz enrolment is the stranger)


# ------------------------------------------------------------------------------------------- trainers: home

def own_session(trainer, team, days=1, listed=()):
    start = timezone.now() + datetime.timedelta(days=days)
    event = TrainingEvent.objects.create(kind="ad_hoc", name="投诉处理复盘" if days < 0 else "新业务早会", team=team, center=team.center,
                                         date=timezone.localtime(start).date(), owner=trainer)
    session = TrainingSession.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    for person in listed:
        Attendance.objects.create(event=event, session=session, employee=person)
    return session


def exam_for(trainer, team, title="月度考试"):
    """A scheduled exam of `trainer` for `team` with one short question: every member holds a paper."""
    q = Question.objects.filter(code="home-short").first() or Question.objects.create(
        code="home-short", topic="服务", difficulty=1, kind="short", status="ready")
    if not q.versions.exists():
        QuestionVersion.objects.create(question=q, number=1, text="如何安抚客户?", answer_key=["先道歉"])
    now = timezone.now()
    exam = Exam.objects.create(code=f"home-{team.code}-{Exam.objects.count()}", title=title, owner=trainer,
                               time_limit_minutes=60, opens_at=now - datetime.timedelta(hours=1),
                               closes_at=now + datetime.timedelta(days=1))
    exam.audience_teams.set([team])
    BlueprintCell.objects.create(exam=exam, topic="服务", difficulty=1, count=1)
    exam_services.schedule_exam(exam, seed=1)
    return exam


def submitted_short_answers(exam, people):
    for person in people:
        attempt = exam_services.start_attempt(Paper.objects.get(exam=exam, employee=person))
        exam_services.save_answer(attempt, 1, ["先道歉再解释"])
        exam_services.submit_attempt(attempt)


def test_trainer_home_shows_sessions_grading_queue_and_trainees(client, org):
    trainer = org.users[Role.TRAINER]
    team = org.teams[0]
    own_session(trainer, team, days=2, listed=org.agents["sz-a"])
    own_session(trainer, team, days=-1, listed=org.agents["sz-a"][:2])  # held, nobody marked
    exam = exam_for(trainer, team)
    submitted_short_answers(exam, org.agents["sz-a"][:2])
    first = org.agents["sz-a"][0]
    trainee_of(trainer, first)
    CourseCompletion.objects.create(employee=first, course=Course.objects.create(code="c-home", name="课"),
                                    credits=3, completed_on=timezone.localdate())
    client.force_login(trainer)
    html = client.get("/", **ZH).content.decode()
    assert 'data-testid="grading-total">2<' in html
    queue = section(html, "grading-queue")
    assert "月度考试" in queue and 'href="/exams/grading/"' in queue
    assert 'data-testid="upcoming-count">1<' in html and 'data-testid="to-take-count">1<' in html
    assert "0 / 2" in section(html, "attendance-to-take") or "已点 0 / 2" in section(html, "attendance-to-take")
    row = html[html.index(f'data-trainee="{first.employee_no}"'):]
    row = row[:row.index("</tr>")]
    assert "理论" in row and ">3<" in row.replace(".00", "").replace(".0", "")
    assert "月度考试" in row and "待阅卷" in row  # the last exam they sat, its short answer still to grade


def test_trainer_home_says_dash_where_there_is_no_data(client, org):
    client.force_login(org.users[Role.TRAINER])
    html = client.get("/", **ZH).content.decode()
    assert 'data-testid="grading-total">0<' in html and 'data-testid="trainees-total">0<' in html
    assert section(html, "upcoming-sessions").count("—") >= 1 and section(html, "trainees").count("—") >= 1


def test_trainer_home_queries_do_not_grow_with_trainees_sessions_or_answers(client, org, queries):
    trainer = org.users[Role.TRAINER]
    own_session(trainer, org.teams[0], days=-1, listed=org.agents["sz-a"])
    submitted_short_answers(exam_for(trainer, org.teams[0]), org.agents["sz-a"][:1])
    trainee_of(trainer, org.agents["sz-a"][0])
    client.force_login(trainer)

    def grow():
        people = EmployeeFactory.create_batch(8, center=org.centers[0], team=org.teams[1])
        for p in people:
            trainee_of(trainer, p)
            CourseCompletion.objects.create(employee=p, course=Course.objects.get_or_create(
                code="c-grow", defaults={"name": "课"})[0], credits=1, completed_on=timezone.localdate())
        own_session(trainer, org.teams[1], days=-2, listed=people)
        own_session(trainer, org.teams[1], days=3, listed=people)
        submitted_short_answers(exam_for(trainer, org.teams[1], title="第二次考试"), people)

    queries.do_not_grow(queries.page(client, "/"), grow=grow)


def test_a_trainer_without_trainees_home_does_not_show_the_center_dashboard(client, org):
    client.force_login(UserFactory(role=Role.TRAINER))
    html = client.get("/", **ZH).content.decode()
    assert 'id="trainer-home"' in html and 'id="pyramid"' not in html
