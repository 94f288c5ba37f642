"""Shared test data for training (also used by the permission matrix)."""
import datetime

from django.utils import timezone

from agentpath.learning.catalogue import load_training_catalogue
from agentpath.learning.models import Attendance, Enrolment, Program, TrainingEvent, TrainingSession
from agentpath.learning.services import enrol


def held_session_of_team_sz_a(d):
    """An ad-hoc session of team sz-a, held yesterday, with the agent ("own") marked present; created once."""
    team = next(t for t in d.teams if t.code == "sz-a")
    event, _ = TrainingEvent.objects.get_or_create(kind=TrainingEvent.Kind.AD_HOC, team=team, center=team.center,
                                                   date=timezone.localdate() - datetime.timedelta(days=1),
                                                   defaults={"name": "矩阵培训", "name_en": "Matrix training"})
    session = event.sessions.first()
    if session is None:
        start = timezone.now() - datetime.timedelta(days=1)
        session = TrainingSession.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(
            minutes=30), state=TrainingSession.State.HELD)
        Attendance.objects.create(event=event, session=session, employee=d.employees["own"],
                                  status=Attendance.Status.PRESENT)
    return session


def rating_form(d):
    return {"session": held_session_of_team_sz_a(d).pk, "rating": "4", "comment": "好"}


def attendance_form(d):
    return {"session": held_session_of_team_sz_a(d).pk, "employee_no": d.employees["own"].employee_no,
            "status": "late"}


def differentiation_form(d):
    load_training_catalogue()
    return {"quarter": "2026Q3"}


def stage_result_form(d):
    """The agent ("own") enrolled in the pre-job program; the form records the first stage."""
    load_training_catalogue()
    program = Program.objects.get(code="pre-job")
    enrolment = enrol(d.employees["own"], program, kind=Enrolment.Kind.ASSIGNED, reason="矩阵")
    return {"enrolment": enrolment.pk, "stage": program.stages.get(order=1).pk, "score": "75"}
