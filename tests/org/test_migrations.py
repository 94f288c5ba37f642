"""Data migrations of the org app, run forwards and backwards on the engine the suite runs on: on an empty
database of its own (tests/scratch_db.py), where only the migrations a target needs run."""
import datetime

import pytest

from tests.org.migrating import agent_level, migrate

pytestmark = pytest.mark.engine_dependent  # migrations on the suite's engine, in a database of their own


def test_events_get_their_center_from_their_team_or_the_person(scratch):
    # careers 0002 (tracks get their framework) comes before org 0002 and needs empty tables: applied first
    apps = migrate(("org", "0001_initial"), ("careers", "0002_initial"))
    Center, Team, Employee = (apps.get_model("org", n) for n in ("Center", "Team", "Employee"))
    Event = apps.get_model("org", "EmploymentEvent")
    level = agent_level(apps)
    sz, gz = Center.objects.create(code="msz", name="深圳"), Center.objects.create(code="mgz", name="广州")
    sz_a, gz_a = Team.objects.create(code="msz-a", name="A", center=sz), Team.objects.create(code="mgz-a", name="B",
                                                                                            center=gz)
    moved = Employee.objects.create(employee_no="M1", name="甲", center=gz, team=gz_a, level=level, grade=8,
                                    hire_date=datetime.date(2024, 1, 1))
    loner = Employee.objects.create(employee_no="M2", name="乙", center=sz, level=level, grade=8,
                                    hire_date=datetime.date(2024, 1, 1))
    hire = Event.objects.create(employee=moved, kind="hire", effective_date=datetime.date(2024, 1, 1),
                                to_level=level, to_team=sz_a)
    move = Event.objects.create(employee=moved, kind="team_change", effective_date=datetime.date(2025, 1, 1),
                                from_team=sz_a, to_team=gz_a)
    teamless = Event.objects.create(employee=loner, kind="hire", effective_date=datetime.date(2024, 1, 1))
    apps = migrate(("org", "0003_backfill_event_centers"))
    Event = apps.get_model("org", "EmploymentEvent")
    centers = {e.id: (e.from_center_id, e.to_center_id) for e in Event.objects.all()}
    assert centers == {hire.id: (None, sz.id), move.id: (sz.id, gz.id), teamless.id: (None, sz.id)}
    apps = migrate(("org", "0001_initial"), ("careers", "0002_initial"))  # reversible: the events are still there
    assert apps.get_model("org", "EmploymentEvent").objects.count() == 3
