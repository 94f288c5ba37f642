"""The trainer scorecard over the four levels, from data; trainees outside the trainer's centers are not counted."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from agentpath.learning.models import Enrolment, Program, TrainingEvent, TrainingSession
from agentpath.learning.services import (
    add_attendee,
    enrol,
    mark_attendance,
    mark_session_held,
    rate_session,
    record_stage_result,
)

pytestmark = pytest.mark.django_db


def test_trainer_scorecard_shows_reaction_and_learning_of_own_centers_trainees(org, catalogue, client_for):
    trainer = org.users["trainer"]
    sz_team, gz_team = org.teams[0], org.teams[2]
    event = TrainingEvent.objects.create(kind="ad_hoc", team=sz_team, center=sz_team.center, owner=trainer,
                                         date=timezone.localdate(), name="投诉处理")
    start = timezone.now() - datetime.timedelta(hours=3)
    session = TrainingSession.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    here, far = org.agents["sz-a"][0], org.agents["gz-a"][0]
    for person in (here, far):
        add_attendee(session, person)
        mark_attendance(session, person, "present", org.users["hr_admin"])  # gz: not the sz trainer's to mark
    mark_session_held(session)
    rate_session(session, here, 4)
    rate_session(session, far, 1)  # a trainee of another center: not this trainer's to see
    program = Program.objects.get(code="pre-job")
    for person, score in ((here, 80), (far, 10)):
        e = enrol(person, program, kind=Enrolment.Kind.ASSIGNED, reason="入职")
        e.trainer = trainer
        e.save()
        record_stage_result(e, program.stages.get(order=1), Decimal(score))
    page = client_for(trainer).get("/training/trainers/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="reaction">4.0<' in page
    assert "100 %" in page  # the one visible first attempt passed
    assert "回归均值" in page
    del gz_team
