"""The demo's training: sessions of the last weeks with attendance, recent hires in the pre-job program."""
import datetime

import pytest
from django.utils import timezone

from agentpath.learning.demo_data import generate_demo_training
from agentpath.learning.models import Attendance, Enrolment, TrainingSession
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_demo_training_has_past_attendance_next_sessions_and_pre_job_progress(org, catalogue):
    today = timezone.localdate()
    newcomer = EmployeeFactory(team=org.teams[0], center=org.centers[0], hire_date=today - datetime.timedelta(days=60))
    figures = generate_demo_training(7, today, org.teams)
    assert figures["attendance"] > 0
    assert Attendance.objects.filter(status="present").count() > Attendance.objects.filter(status="absent").count()
    assert TrainingSession.objects.filter(state="scheduled", starts_at__gt=timezone.now()).exists()
    enrolment = Enrolment.objects.get(employee=newcomer)
    assert enrolment.stage_results.filter(passed=True).count() >= 3
    again = generate_demo_training(7, today, org.teams)  # a second run adds no sessions or enrolments
    assert Enrolment.objects.filter(employee=newcomer).count() == 1
    assert again["pre-job enrolments"] == figures["pre-job enrolments"]
