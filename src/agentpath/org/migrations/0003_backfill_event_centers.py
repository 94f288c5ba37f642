"""Events carry the center: backfilled from the event's team (or, without a team, the person's center).

Its own migration: PostgreSQL refuses schema changes to a table with the backfill's trigger events pending.
Reversible: going back leaves the columns to 0002's reversal (the backfill has nothing to undo).
"""
from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill_centers(apps, schema_editor):
    Event = apps.get_model("org", "EmploymentEvent")
    Team = apps.get_model("org", "Team")
    Employee = apps.get_model("org", "Employee")
    db = schema_editor.connection.alias  # the database being migrated (a test migrates one of its own)

    def center_of(team_field):
        team_center = Team.objects.filter(pk=OuterRef(team_field)).values("center_id")[:1]
        own_center = Employee.objects.filter(pk=OuterRef("employee_id")).values("center_id")[:1]
        return Coalesce(Subquery(team_center), Subquery(own_center))

    Event.objects.using(db).exclude(kind="exit").update(to_center=center_of("to_team_id"))
    Event.objects.using(db).exclude(kind="hire").update(from_center=center_of("from_team_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0002_event_center'),
    ]

    operations = [
        migrations.RunPython(backfill_centers, migrations.RunPython.noop),
    ]
