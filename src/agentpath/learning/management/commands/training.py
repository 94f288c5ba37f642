from django.core.management.base import BaseCommand, CommandError

from agentpath.learning.differentiation import start_run
from agentpath.learning.tasks import differentiate


class Command(BaseCommand):
    help = "Training jobs. 'differentiate --quarter 2026Q3': the quarterly differentiated-training rule of seed " \
           "002 §3.5 (running a quarter twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("job", choices=["differentiate"])
        parser.add_argument("--quarter", required=True, help="e.g. 2026Q3")

    def handle(self, job, quarter, **options):
        try:
            run = start_run(quarter)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        differentiate.call(run.pk)
        run.refresh_from_db()
        self.stdout.write(f"differentiated training {run.quarter}: {run.mandatory} mandatory, "
                          f"{run.optional} optional ({run.get_status_display()})")
