import datetime

from django.core.management.base import BaseCommand, CommandError

from agentpath.learning.differentiation import start_run
from agentpath.learning.services import schedule_recurring_sessions
from agentpath.learning.tasks import differentiate
from agentpath.org.models import Team


class Command(BaseCommand):
    help = "Training jobs. 'differentiate --quarter 2026Q3': the quarterly differentiated-training rule of seed " \
           "002 §3.5 (running a quarter twice changes nothing). 'schedule --first 2026-12-01 --last 2026-12-31': " \
           "every team's morning briefings and Friday reviews (seed 002 §3.4.3) for those days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("job", choices=["differentiate", "schedule"])
        parser.add_argument("--quarter", help="differentiate: e.g. 2026Q3")
        parser.add_argument("--first", type=datetime.date.fromisoformat, help="schedule: first day, YYYY-MM-DD")
        parser.add_argument("--last", type=datetime.date.fromisoformat, help="schedule: last day, YYYY-MM-DD")

    def handle(self, job, quarter, first, last, **options):
        if job == "schedule":
            if not first or not last or last < first:
                raise CommandError("schedule needs --first and --last (YYYY-MM-DD), last not before first")
            created = schedule_recurring_sessions(Team.objects.all(), first, last)
            self.stdout.write(f"{created} training events scheduled")
            return
        if not quarter:
            raise CommandError("differentiate needs --quarter, e.g. 2026Q3")
        try:
            run = start_run(quarter)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        differentiate.call(run.pk)
        run.refresh_from_db()
        self.stdout.write(f"differentiated training {run.quarter}: {run.mandatory} mandatory, "
                          f"{run.optional} optional ({run.get_status_display()})")
