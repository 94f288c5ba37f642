"""agentpath exams close-expired: submit every attempt past its deadline (plus grace) with what was saved."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from agentpath.exams.services import close_expired_attempts


class Command(BaseCommand):
    help = "Exam housekeeping: close-expired submits attempts whose time is up, as of their deadline."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["close-expired"])

    def handle(self, *args, action, **options):
        n = close_expired_attempts()
        self.stdout.write(_("%(n)s expired attempt(s) submitted.") % {"n": n})
