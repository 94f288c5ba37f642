"""`agentpath apply-scheduled-moves [--date YYYY-MM-DD] [--daily]`: moves recorded ahead of their date take
effect on the employee rows (org.services.apply_scheduled_moves). `make run` starts it with --daily, which
also queues the background worker's daily run (org.tasks)."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from agentpath.org.services import apply_scheduled_moves
from agentpath.org.tasks import apply_scheduled_moves_daily, next_midnight


class Command(BaseCommand):
    help = "Apply the moves and exits scheduled up to today (or --date) to the employee records."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="apply what is due by this day (YYYY-MM-DD) instead of today")
        parser.add_argument("--daily", action="store_true",
                            help="also queue the daily run for the background worker (once)")

    def handle(self, *args, date=None, daily=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date {date!r} is not a date like 2026-12-01") from exc
        changed = apply_scheduled_moves(day)
        self.stdout.write(f"{changed} employee record(s) brought up to date")
        if daily:
            task_path = apply_scheduled_moves_daily.module_path
            if not DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY).exists():
                apply_scheduled_moves_daily.using(run_after=next_midnight()).enqueue()
                self.stdout.write("daily run queued for the background worker")
