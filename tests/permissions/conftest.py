"""The matrix data, built once for the whole folder inside a transaction that is rolled back at the end; each
test still runs in its own savepoint, so a POST that imports, changes or deletes leaves nothing behind."""
import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agentpath.accounts.models import ApiToken, Role
from agentpath.analytics.models import Alert, AlertRule
from agentpath.careers.models import Framework, Level, Position, Requirement, Track, Transition
from agentpath.careers.services import load_framework
from agentpath.common.models import ImportRun
from agentpath.common.reports import ImportReport, RowError, error_dir
from agentpath.development.models import (
    AnchorAnswer,
    AnchorTake,
    CareerPlan,
    Conversation,
    Idp,
    IdpAction,
    IdpReview,
    OnboardingTask,
)
from agentpath.exams import services as exam_services
from agentpath.exams.models import BlueprintCell, Exam, Paper, Question, QuestionVersion
from agentpath.inbox.models import InboxItem
from agentpath.learning.models import (
    Attendance,
    Course,
    CourseCompletion,
    Enrolment,
    Program,
    ProgramStage,
    TrainerProfile,
    TrainingEvent,
    TrainingImport,
    TrainingSession,
)
from agentpath.org.models import Center, DisciplinaryRecord, Employee, ExitReason, LeavePeriod, Team
from agentpath.org.services import record_exit
from agentpath.performance.models import (
    CompositeGroup,
    KpiImport,
    KpiRecordChange,
    Metric,
    RankLog,
    Scorecard,
    StarThreshold,
)
from agentpath.performance.services import load_default_scorecards
from agentpath.recognition.models import Award, Badge, CenterSetting, PointsRule, XpLevel
from agentpath.recognition.services import load_default_badges
from agentpath.talent.models import (
    BottomRankReview,
    Competency,
    CompetencyAssessment,
    Nomination,
    PositionCompetency,
    PotentialRating,
    PromotionRound,
    RoundCandidate,
    StaffingTarget,
    SuccessionCandidate,
)
from agentpath.talent.nine_box import open_review
from tests.factories import PASSWORD, EmployeeFactory, UserFactory, build_org

ROSTER_HEADER = "工号,姓名,中心,团队,职位,职级,职等,入职日期,直属上级工号,学历,状态,手机,身份证号,邮箱\n"
ROSTER_ROW = "N9001,新员工N9001,sz,sz-a,agent,mgmt-agent,8,2024-03-01,,本科,在职,13900001111,440301199202021236,n@example.com\n"


def build_people():
    """The `org` fixture's people (tests/factories.build_org: two centers, three teams with a leader and three
    agents each, one user per role, trainer, QA and manager serving sz), an exited member of team sz-a and a user
    who signs in with a password."""
    org = build_org()
    exited = EmployeeFactory(center=org.centers[0], team=org.teams[0], name="已离职员工")
    record_exit(exited, effective_date=timezone.localdate() - datetime.timedelta(days=90), cause="resigned")
    exited.refresh_from_db()
    agents = org.agents
    employees = {"own": agents["sz-a"][0], "team": agents["sz-a"][1], "center": agents["sz-b"][0],
                 "other": agents["gz-a"][0], "exited": exited}
    return SimpleNamespace(**vars(org), employees=employees,
                           login_user=UserFactory(username="signs-in", role=Role.AGENT))


def build_spare_rows(d):
    """One row of each admin model for the admin pages; rows nobody else refers to, so deleting them works."""
    load_default_scorecards()
    framework = Framework.objects.create(code="spare", name="备用框架")
    track = Track.objects.create(framework=framework, code="spare-track", name="备用通道", kind="professional")
    level = Level.objects.create(track=track, code="spare-1", name="备用一级", order=1, grade_min=7, grade_max=8)
    level_2 = Level.objects.create(track=track, code="spare-2", name="备用二级", order=2, grade_min=6, grade_max=7)
    transition = Transition.objects.create(from_level=level, to_level=level_2, kind="promotion")
    center = Center.objects.create(code="spare", name="备用中心")
    scorecard = Scorecard.objects.get(position__code="agent")
    metric = Metric.objects.create(code="spare-metric", name="备用指标", unit="count")
    agent = d.employees["own"]
    spare = {
        "group": Group.objects.create(name="spare"),
        "user": UserFactory(username="spare", role=Role.AGENT),
        "apitoken": ApiToken.issue(d.users[Role.HR_ADMIN], "spare")[0],
        "center": center, "team": Team.objects.create(code="spare", name="备用组", center=d.centers[1]),
        "exit_event": d.employees["exited"].events.get(kind="exit"),
        "exit_reason": ExitReason.objects.create(code="spare-reason", word="备用原因", label="Spare"),
        "alert_rule": AlertRule.objects.create(code="spare-rule", name="备用规则", kind="absences", threshold=0,
                                               count=5, metric=Metric.objects.get(code="attendance")),
        "disciplinary": DisciplinaryRecord.objects.create(employee=agent, date=datetime.date(2025, 3, 1),
                                                          description="迟到三次"),
        "framework": Framework.objects.create(code="spare-empty", name="空框架"),
        "track": Track.objects.create(framework=framework, code="spare-empty", name="空通道", kind="functional"),
        "level": level_2, "position": Position.objects.create(code="spare-pos", name="备用职位", level=level,
                                                             family="paperwork"),
        "transition": transition,
        "requirement": Requirement.objects.create(transition=transition, kind="min_months_in_level", value=6),
        "course": Course.objects.create(code="spare-course", name="备用课程"),
        "completion": CourseCompletion.objects.create(employee=agent, course=Course.objects.create(
            code="spare-done", name="已修课程"), credits=1),
        "metric": metric, "scorecard": scorecard, "group_of_scorecard": CompositeGroup.objects.filter(
            scorecard=scorecard).first(),
        "kpi_change": KpiRecordChange.objects.create(employee=agent, date=datetime.date(2026, 6, 1), metric=Metric.objects.get(code="aht"),
                                                     old_value=1, new_value=2, kpi_import=d.imports["by-hr"]),
        "nomination": Nomination.objects.create(employee=agent, transition=transition,
                                                nominated_by=d.users[Role.TEAM_LEADER]),
        "competency": Competency.objects.create(code="spare-competency", name="备用能力", levels=["1", "2", "3", "4", "5"]),
        "position_competency": PositionCompetency.objects.create(
            position=Position.objects.get(code="agent"), level=3,
            competency=Competency.objects.create(code="spare-profile", name="备用画像能力")),
        "competency_assessment": CompetencyAssessment.objects.create(
            employee=agent, period="2026H2", by="supervisor", level=3, assessed_by=d.users[Role.HR_ADMIN],
            competency=Competency.objects.create(code="spare-assessed", name="备用评估能力")),
        "potential_rating": PotentialRating.objects.create(employee=agent, period="2026Q3", rating=3,
                                                           rated_by=d.users[Role.HR_ADMIN]),
        "staffing_target": StaffingTarget.objects.create(
            center=center, agents_per_team_leader_min=8, agents_per_team_leader_max=12, agents_per_qa_min=25,
            agents_per_qa_max=30, agents_per_trainer_min=15, agents_per_trainer_max=25, agents_per_scheduler_min=50,
            agents_per_scheduler_max=100),
        "task_result": DBTaskResult.objects.create(
            task_path="agentpath.performance.tasks.run_uploaded_import", args_kwargs={"args": [], "kwargs": {}},
            backend_name="database", run_after=timezone.now(), exception_class_path="", traceback=""),
    }

    spare["import_run"] = ImportRun.objects.create(kind="roster", status="done", file_name="roster.csv")

    spare["rank_log"] = RankLog.objects.create(period="2026Q2", action=RankLog.Action.RECOMPUTED, reason="纠错")
    spare["leave"] = LeavePeriod.objects.create(employee=agent, kind=LeavePeriod.Kind.ANNUAL,
                                                start=datetime.date(2026, 3, 2), end=datetime.date(2026, 3, 6))
    spare.update(build_spare_development_rows(d))
    spare.update(build_spare_recognition_rows(d, agent, center))
    spare.update(build_spare_learning_and_exam_rows(d, agent))
    for row in spare.values():
        if hasattr(row, "history") and not row.history.exists():
            row.save()  # one historical version for simple-history's version page
    if not d.employees["exited"].history.exists():
        d.employees["exited"].save()
    return spare


def build_spare_recognition_rows(d, agent, center):
    badge = Badge.objects.create(code="spare-badge", name="备用徽章")
    return {"star_threshold": StarThreshold.objects.create(stars=5, metric=Metric.objects.get(code="nps"), value=50),
            "badge": badge, "xp_level": XpLevel.objects.create(code="spare", name="备用等级", min_points=99999),
            "center_setting": CenterSetting.objects.create(center=center),
            "points_rule": PointsRule.objects.create(code="spare-points", name="备用积分", source="exam", threshold=90,
                                                     points=1),
            "award": Award.objects.create(badge=Badge.objects.create(code="spare-awarded", name="已授徽章"),
                                          employee=agent, occasion="2026-01",
                                          earned_on=datetime.date(2026, 1, 5), reason="x")}


def build_awards(d):
    """A by-hand award of the sz-a team-mate and one of the person in gz (targets of the revoke page)."""
    load_default_badges()
    badge = Badge.objects.get(code="good-example")
    return {key: Award.objects.create(badge=badge, employee=d.employees[person], occasion="2026-09",
                                      earned_on=datetime.date(2026, 9, 3), reason="x").pk
            for key, person in (("team", "team"), ("other", "other"))}


def build_inbox_items(d):
    """An inbox item of the agent user (target of marking read: theirs alone)."""
    item = InboxItem.objects.create(recipient=d.users[Role.AGENT], kind="development.idp_agreed",
                                    params={"leader": "组长", "version": 1, "comment": ""}, url="/", key="matrix")
    return {"agent's": item.pk}


def build_spare_development_rows(d):
    """The development admin's rows, for an agent of gz-a who is no page's target (the targets have no plan)."""
    person = d.agents["gz-a"][2]
    hr = d.users[Role.HR_ADMIN]
    take = AnchorTake.objects.create(employee=person, scores={"technical": 4.0})
    AnchorAnswer.objects.create(take=take, item=1, rating=4)
    idp = Idp.objects.create(employee=person, target_date=datetime.date(2027, 6, 30))
    return {
        "anchor_take": take, "career_plan": CareerPlan.objects.create(employee=person, self_analysis="x"),
        "idp": Idp.objects.create(employee=person, version=2),
        "idp_action": IdpAction.objects.create(idp=idp, kind="mentor", title="带早会", owner="组长",
                                               due_date=datetime.date(2027, 1, 31)),
        "idp_review": IdpReview.objects.create(idp=idp, reviewed_on=datetime.date(2026, 9, 30), reviewed_by=hr,
                                               outcome="on_track"),
        "conversation": Conversation.objects.create(employee=person, kind="anchor", held_on=datetime.date(2026, 9, 1),
                                                    held_by=hr, conclusion="x"),
        "onboarding_task": OnboardingTask.objects.create(employee=person, skill="phone",
                                                         due_date=datetime.date(2026, 10, 1)),
    }


def build_gz_trainer(d):
    trainer = UserFactory(username="gz-trainer", role=Role.TRAINER)
    trainer.centers.add(d.centers[1])
    return trainer


def build_spare_learning_and_exam_rows(d, agent):
    """Admin rows of the learning and exams apps, each deletable on its own."""
    course = Course.objects.create(code="spare-program-course", name="备用项目课程")
    program = Program.objects.create(code="spare-program", name="备用项目", category="on_job", course=course)
    ProgramStage.objects.create(program=program, order=1, name="理论", delivery="classroom", assessment="written")
    enrolled = Program.objects.create(code="spare-enrolled", name="已报名项目", category="on_job", course=course)
    event = TrainingEvent.objects.create(kind="ad_hoc", name="备用培训", center=d.centers[0], date=datetime.date(2026, 3, 2))
    TrainingSession.objects.create(event=event, starts_at=timezone.now(),
                                   ends_at=timezone.now() + datetime.timedelta(hours=1))
    marked = TrainingEvent.objects.create(kind="ad_hoc", name="已考勤培训", center=d.centers[0],
                                          date=datetime.date(2026, 3, 3))
    marked_session = TrainingSession.objects.create(event=marked, starts_at=timezone.now(),
                                                    ends_at=timezone.now() + datetime.timedelta(hours=1))
    question = Question.objects.create(code="spare-question", topic="备用", difficulty=1, kind="true_false",
                                       status="draft")
    QuestionVersion.objects.create(question=question, number=1, text="备用题", answer_key=[True])
    return {
        "program": program, "training_event": event,
        "enrolment": Enrolment.objects.create(employee=agent, program=enrolled, kind="assigned", reason="补训"),
        "attendance": Attendance.objects.create(event=marked, session=marked_session, employee=agent,
                                                status="present"),
        "trainer_profile": TrainerProfile.objects.create(user=UserFactory(username="spare-trainer", role=Role.TRAINER)),
        "question": question,
    }


def build_trainees(d):
    """The trainer's trainees: the agent and the sz-a team-mate, enrolled in a program with the trainer as their
    trainer (the trainer's later posts in the matrix, an exam for team sz-a and a stage result, name them too)."""
    program = Program.objects.create(code="trainee-program", name="学员项目", category="pre_job",
                                     course=Course.objects.create(code="trainee-course", name="学员课程"))
    return [Enrolment.objects.create(employee=d.employees[who], program=program, kind="assigned", reason="带教",
                                     trainer=d.users[Role.TRAINER]) for who in ("own", "team")]


def build_rounds(d):
    """An open promotion round in each center; the sz round has the team-mate as a candidate."""
    hr = d.users[Role.HR_ADMIN]
    rounds = {c.code: PromotionRound.objects.create(center=c, period="2029Q1", effective_date=datetime.date(2029, 1, 1),
                                                    opened_by=hr) for c in d.centers}
    transition = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="mgmt-tl")
    candidate = RoundCandidate.objects.create(round=rounds["sz"], employee=d.employees["team"], transition=transition,
                                              source="eligible")
    return rounds, candidate


def build_reviews(d):
    """A bottom-rank review of a center-sz agent and of the gz agent, improvement step under way."""
    course = Course.objects.create(code="improvement-course", name="绩效改进培训")
    return {k: BottomRankReview.objects.create(
        employee=d.employees[who], center=d.employees[who].center, quarters="2026Q2,2026Q3", share="0.10",
        training=course, reassess_on=datetime.date(2030, 1, 1), opened_by=d.users[Role.HR_ADMIN],
        opened_on=datetime.date(2026, 10, 1)) for k, who in (("sz", "center"), ("gz", "other"))}


def build_benches(d):
    """A succession candidate of each center on the team-leader bench: the team-mate (sz), the gz agent."""
    position = Position.objects.get(code="team-leader")
    return {k: SuccessionCandidate.objects.create(center=d.employees[who].center, position=position,
                                                  employee=d.employees[who], readiness="6-12",
                                                  added_by=d.users[Role.HR_ADMIN])
            for k, who in (("sz", "team"), ("gz", "other"))}


def build_alerts(d):
    """An early-warning alert on the team-mate (sz-a) and one on the person in gz."""
    rule = AlertRule.objects.get(code="absences")
    return {k: Alert.objects.create(rule=rule, employee=d.employees[k], period="2026-11",
                                    raised_on=datetime.date(2026, 11, 20), facts={"absent_days": 3}).pk
            for k in ("team", "other")}


def build_nine_boxes(d):
    """An open 9-box review of each center (people placed from the facts: no KPI here, so not rated)."""
    return {c.code: open_review(center=c, period="2026Q3", by=d.users[Role.HR_ADMIN]) for c in d.centers}

def build_exams(d):
    """A scheduled monthly exam for both centers: the agent's attempt in progress, a team-mate's submitted with a
    short answer waiting, a graded one in gz."""
    now = timezone.now()
    for code, kind, key, options in (("perm-single", "single", ["A"], ["对", "错"]),
                                     ("perm-short", "short", ["先道歉"], [])):
        q = Question.objects.create(code=code, topic="权限", difficulty=1, kind=kind, status="ready")
        QuestionVersion.objects.create(question=q, number=1, text=code, options=options, answer_key=key)
    exam = Exam.objects.create(code="perm-monthly", title="月考", owner=d.users[Role.HR_ADMIN], time_limit_minutes=600,
                               opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1))
    exam.audience_teams.set(d.teams)
    BlueprintCell.objects.create(exam=exam, topic="权限", difficulty=1, count=2)
    exam_services.schedule_exam(exam, seed=1)
    attempts = {}
    for target in ("own", "team", "other"):
        paper = Paper.objects.get(exam=exam, employee=d.employees[target])
        attempts[target] = exam_services.start_attempt(paper)
        if target != "own":
            for item in paper.items.all():
                exam_services.save_answer(attempts[target], item.position, ["写了答案"])
            exam_services.submit_attempt(attempts[target])
    short = attempts["team"].answers.get(item__version__question__kind="short")
    version = QuestionVersion.objects.get(question__code="perm-single")
    drafts = {}
    for center, team in (("sz", d.teams[0]), ("gz", d.teams[2])):  # HR's drafts for a team of each center
        drafts[center] = Exam.objects.create(code=f"perm-draft-{center}", title="草稿考试", owner=d.users[Role.HR_ADMIN],
                                             time_limit_minutes=30, opens_at=now, closes_at=now + datetime.timedelta(days=1))
        drafts[center].audience_teams.set([team])
        BlueprintCell.objects.create(exam=drafts[center], topic="权限", difficulty=1, count=1)
    return {"exam": {"monthly": exam.pk}, "attempt": {k: a.pk for k, a in attempts.items()},
            "answer": {"team-short": short.pk}, "version": {"single": version.pk},
            "exam-draft": {k: e.pk for k, e in drafts.items()}, "question": {"single": version.question_id}}


def error_file(owner) -> str:
    """The full error list of an import made by `owner` (common.reports); its name (see _error_files)."""
    report = ImportReport()
    report.add_errors([RowError(2, "工号", "TS/001", "bad")])
    return report.save_error_file(owner)


@pytest.fixture(autouse=True)
def _error_files(d, _visible_csrf_refusals):
    """The error lists of the targets, in this test's MEDIA_ROOT."""
    for owner in ("by-hr", "by-qa"):
        name = d.targets["error-file"][owner]
        (error_dir() / name).write_bytes(d.error_file_bytes[name])


def training_import(owner):
    """A finished background import of completions (learning.import_jobs)."""
    return TrainingImport.objects.create(kind="completions", file_name="c.xlsx", status="done", created_by=owner,
                                         report={"rows_read": 1, "created": 1, "stored": True})


def upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def build():
    if not Framework.objects.filter(code="cola").exists():
        load_framework("cola")  # a transactional test elsewhere flushed the session's copy
    d = build_people()
    d.password = PASSWORD
    d.imports = {"by-hr": KpiImport.objects.create(source="api", created_by=d.users[Role.HR_ADMIN], status="done"),
                 "by-qa": KpiImport.objects.create(source="api", created_by=d.users[Role.QA], status="done")}
    d.spare = build_spare_rows(d)
    d.trainee_enrolments = build_trainees(d)
    d.rounds, d.round_candidate = build_rounds(d)
    d.reviews = build_reviews(d)
    d.nine_boxes = build_nine_boxes(d)
    d.benches = build_benches(d)
    d.targets = {
        "employee": {k: e.employee_no for k, e in d.employees.items()},
        "team": {code: code for code in ("sz-a", "sz-b", "gz-a")},
        "center": {"sz": "sz", "gz": "gz"},
        "import": {k: i.pk for k, i in d.imports.items()},
        "level": {"mgmt-agent": "mgmt-agent"},
        "round": {k: r.pk for k, r in d.rounds.items()},
        "review": {k: r.pk for k, r in d.reviews.items()},
        "nine-box": {k: r.pk for k, r in d.nine_boxes.items()},
        "bench": {k: e.pk for k, e in d.benches.items()},
        "alert": build_alerts(d),

        **build_exams(d),
        "error-file": {"by-hr": error_file(d.users[Role.HR_ADMIN]), "by-qa": error_file(d.users[Role.QA])},
        "training-import": {"by-hr": training_import(d.users[Role.HR_ADMIN]).pk},
        "award": build_awards(d),
        "inbox-item": build_inbox_items(d),
        "trainer": {"sz": d.users[Role.TRAINER].username, "gz": build_gz_trainer(d).username},
    }

    d.error_file_bytes = {name: (error_dir() / name).read_bytes() for name in d.targets["error-file"].values()}
    d.content_type_of_employee = ContentType.objects.get_for_model(Employee).pk
    d.upload = upload
    d.roster_upload = lambda: upload("roster.csv", ROSTER_HEADER + ROSTER_ROW)
    d.question_upload = lambda: upload("questions.csv", "编号,主题,难度,题型,题干,答案,状态\nP1,权限,1,判断,对吗,对,可用\n")
    d.kpi_upload = lambda: upload("kpi.csv", f"employee_no,date,aht\n{d.employees['own'].employee_no},2026-06-01,300\n")
    return d


@pytest.fixture(scope="package")
def d(django_db_setup, django_db_blocker):
    """The matrix data (see build); rolled back when the folder's tests are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            data = build()
        yield data
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _visible_csrf_refusals(settings, tmp_path):
    """A CSRF refusal answers 403 with a marker (support.outcome reads it as CSRF_REFUSED), so a 403 in the
    matrix always means "forbidden"; uploads are kept in a temporary folder."""
    settings.CSRF_FAILURE_VIEW = "tests.permissions.support.csrf_refused"
    settings.MEDIA_ROOT = tmp_path
