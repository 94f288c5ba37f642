from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agentpath.common.errors import DomainError
from agentpath.recognition.services import award_period


class Command(BaseCommand):
    help = "Recognition: 'award --period 2026-10' gives the month's badges by their rules over the whole workforce " \
           "(running it again awards nothing twice)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        award = sub.add_parser("award", help="award the month's badges")
        award.add_argument("--period", required=True, help="the month, e.g. 2026-10")

    def handle(self, action, period, **options):
        try:
            run = award_period(period)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        for code, n in run.counts.items():
            self.stdout.write(f"{code}: {n}")
        self.stdout.write(self.style.SUCCESS(_("%(period)s: %(n)s new award(s).")
                                             % {"period": period, "n": run.total}))
