"""Data migrations of the org app, run forwards and backwards on the real database."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def test_events_get_their_center_from_their_team_or_the_person(framework):
    apps = _migrate(("org", "0001_initial"))
    Center, Team, Employee = (apps.get_model("org", n) for n in ("Center", "Team", "Employee"))
    Event, Level = apps.get_model("org", "EmploymentEvent"), apps.get_model("careers", "Level")
    level = Level.objects.get(code="mgmt-agent")
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
    apps = _migrate(("org", "0003_backfill_event_centers"))
    Event = apps.get_model("org", "EmploymentEvent")
    centers = {e.id: (e.from_center_id, e.to_center_id) for e in Event.objects.all()}
    assert centers == {hire.id: (None, sz.id), move.id: (sz.id, gz.id), teamless.id: (None, sz.id)}
    apps = _migrate(("org", "0001_initial"))  # reversible
    apps.get_model("org", "EmploymentEvent").objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
